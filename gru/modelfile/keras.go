package modelfile

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/fastgru/fastgru/gru"
)

// The first bytes of the files LoadKeras tells apart.
var (
	zipMagic  = []byte("PK\x03\x04")
	hdf5Magic = []byte("\x89HDF\r\n\x1a\n")
)

// LoadKeras reads a Keras model with its weights:
//   - a .keras archive (Keras 3's model.save("m.keras")): config.json, metadata.json and
//     model.weights.h5, or the folder they were unzipped into;
//   - a legacy .h5 file (model.save("m.h5") in Keras 2.x, tf.keras 2.x or Keras 3), whose
//     model_config attribute holds the model and whose model_weights group the weights.
//
// The model is a Sequential one, or a Functional one whose graph is a chain from its input to
// its output, of GRU, Dense, TimeDistributed(Dense), Activation and Dropout layers (see
// gru.NewFromKerasConfig); an input shape with a None time takes inputs of any time. Dropout
// layers and the dropout of GRUs are left out, as inference does; a model trained further in Go
// trains without them. Anything else is an error that names the layer or the feature.
func LoadKeras(path string) (*gru.Sequential, error) {
	m, err := loadKeras(path)
	if err != nil {
		return nil, fmt.Errorf("modelfile: %s: %w", path, err)
	}
	return m, nil
}

// LoadKerasWeights reads the weights of a model.save_weights(…) file into m, a model built in Go
// with the same layers: a Keras 3 .weights.h5 file, a Keras 2 weights-only .h5 file, or the
// weights of a full model file (.keras, or legacy .h5). Keras 3 files name each layer's weights
// by its class and its rank among the layers of that class; legacy files list them by layer, in
// the order of the model's layers that have weights, as Keras assigns them. m keeps its weights
// unless all of them load.
func LoadKerasWeights(m *gru.Sequential, path string) error {
	if err := loadKerasWeights(m, path); err != nil {
		return fmt.Errorf("modelfile: %s: %w", path, err)
	}
	return nil
}

func loadKeras(path string) (*gru.Sequential, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return loadKerasDir(path)
	}
	switch magic, err := fileMagic(path); {
	case err != nil:
		return nil, err
	case bytes.HasPrefix(magic, zipMagic):
		return loadKerasArchive(path)
	case bytes.HasPrefix(magic, hdf5Magic):
		return loadLegacyH5(path)
	}
	return nil, errors.New("neither a .keras archive (zip) nor an HDF5 file")
}

func fileMagic(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b := make([]byte, len(hdf5Magic))
	n, err := io.ReadFull(f, b)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	return b[:n], nil
}

// kerasMetadata is a .keras archive's metadata.json.
type kerasMetadata struct {
	KerasVersion string `json:"keras_version"`
}

// newFromArchiveConfig builds the model of a .keras archive's config.json and metadata.json.
func newFromArchiveConfig(config, metadata []byte) (*gru.Sequential, error) {
	var meta kerasMetadata
	if metadata != nil {
		if err := json.Unmarshal(metadata, &meta); err != nil {
			return nil, fmt.Errorf("metadata.json: %w", err)
		}
	}
	if meta.KerasVersion == "" {
		meta.KerasVersion = "3" // .keras archives are Keras 3's
	}
	return gru.NewFromKerasConfig(config, meta.KerasVersion)
}

// loadKerasDir reads an unzipped .keras archive.
func loadKerasDir(dir string) (*gru.Sequential, error) {
	config, err := readSmall(filepath.Join(dir, "config.json"))
	if err != nil {
		return nil, err
	}
	metadata, err := readSmall(filepath.Join(dir, "metadata.json"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	m, err := newFromArchiveConfig(config, metadata)
	if err != nil {
		return nil, err
	}
	weights := filepath.Join(dir, "model.weights.h5")
	if _, err := os.Stat(weights); err != nil {
		return nil, archiveWeightsMissing(fileExists(filepath.Join(dir, "model.weights.npz")))
	}
	return m, setWeightsFromH5(m, weights)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func archiveWeightsMissing(npz bool) error {
	if npz {
		return errors.New("weights in model.weights.npz: only HDF5 weights (model.weights.h5) are supported")
	}
	return errors.New("no model.weights.h5")
}

// maxInflation bounds how many times a compressed archive entry may grow.
const maxInflation = 16

// maxConfigSize bounds config.json and metadata.json: a model of a few layers has a few kB.
const maxConfigSize = 64 << 20

func readSmall(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readBounded(f, filepath.Base(path))
}

func readBounded(r io.Reader, name string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxConfigSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(b) > maxConfigSize {
		return nil, fmt.Errorf("%s is larger than %d bytes", name, maxConfigSize)
	}
	return b, nil
}

// loadKerasArchive reads a .keras archive: its config, then its weights, which the HDF5 reader
// parses where they are read into memory.
func loadKerasArchive(path string) (*gru.Sequential, error) {
	z, size, err := openArchive(path)
	if err != nil {
		return nil, err
	}
	defer z.Close()
	var config, metadata []byte
	var weights *zip.File
	npz := false
	for _, f := range z.File {
		switch f.Name {
		case "config.json", "metadata.json":
			r, err := f.Open()
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f.Name, err)
			}
			b, err := readBounded(r, f.Name)
			r.Close()
			if err != nil {
				return nil, err
			}
			if f.Name == "config.json" {
				config = b
			} else {
				metadata = b
			}
		case "model.weights.h5":
			weights = f
		case "model.weights.npz":
			npz = true
		}
	}
	if config == nil {
		return nil, errors.New("no config.json: not a .keras archive")
	}
	m, err := newFromArchiveConfig(config, metadata)
	if err != nil {
		return nil, err
	}
	if weights == nil {
		return nil, archiveWeightsMissing(npz)
	}
	return m, setWeightsFromEntry(m, weights, size)
}

// openArchive opens a zip archive, and returns its size too.
func openArchive(path string) (*zip.ReadCloser, int64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, 0, err
	}
	z, err := zip.OpenReader(path)
	if err != nil {
		return nil, 0, fmt.Errorf("zip: %w", err)
	}
	return z, fi.Size(), nil
}

// setWeightsFromEntry gives m the weights of an archive's HDF5 file, read into memory, of an
// archive of archiveSize bytes.
func setWeightsFromEntry(m *gru.Sequential, f *zip.File, archiveSize int64) error {
	switch {
	case f.CompressedSize64 > uint64(archiveSize):
		return fmt.Errorf("%s: its header claims more bytes than the archive holds", f.Name)
	case f.UncompressedSize64 > maxFileSize:
		return fmt.Errorf("%s: %d bytes: larger than any model this loader reads", f.Name, f.UncompressedSize64)
	case f.Method != zip.Store && f.UncompressedSize64 > maxInflation*f.CompressedSize64+1<<20:
		// Keras stores the weights uncompressed, and floats compress by a few times at most.
		return fmt.Errorf("%s inflates %d bytes into %d: not model weights", f.Name, f.CompressedSize64, f.UncompressedSize64)
	}
	r, err := f.Open()
	if err != nil {
		return fmt.Errorf("%s: %w", f.Name, err)
	}
	defer r.Close()
	// The header's size bounds the read: an entry that inflates beyond it is not read on.
	b := make([]byte, f.UncompressedSize64)
	if _, err := io.ReadFull(r, b); err != nil {
		return fmt.Errorf("%s: %w", f.Name, err)
	}
	if n, _ := r.Read(make([]byte, 1)); n > 0 {
		return fmt.Errorf("%s: more bytes than its header says", f.Name)
	}
	h, err := newH5File(b, true)
	if err != nil {
		return err
	}
	return setWeights(m, h)
}

// loadLegacyH5 reads a full model in Keras' legacy HDF5 format.
func loadLegacyH5(path string) (*gru.Sequential, error) {
	h, err := openH5(path)
	if err != nil {
		return nil, err
	}
	defer h.close()
	config, ok, err := h.stringsAttr("/", "model_config")
	switch {
	case err != nil:
		return nil, err
	case !ok:
		if _, weightsOnly, _ := h.stringsAttr("/", "layer_names"); weightsOnly || h.isGroup("/layers/") {
			return nil, errors.New("a weights-only file: build the model in Go and use LoadKerasWeights")
		}
		return nil, errors.New("no model_config attribute: not a Keras model file")
	case len(config) != 1:
		return nil, errors.New("malformed model_config attribute")
	}
	version, _, err := h.stringsAttr("/", "keras_version")
	if err != nil {
		return nil, err
	}
	if len(version) != 1 {
		version = []string{""}
	}
	m, err := gru.NewFromKerasConfig([]byte(config[0]), version[0])
	if err != nil {
		return nil, err
	}
	return m, setWeights(m, h)
}

func loadKerasWeights(m *gru.Sequential, path string) error {
	if m == nil {
		return errors.New("nil model")
	}
	magic, err := fileMagic(path)
	if err != nil {
		return err
	}
	if !bytes.HasPrefix(magic, zipMagic) {
		return setWeightsFromH5(m, path)
	}
	z, size, err := openArchive(path)
	if err != nil {
		return err
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name == "model.weights.h5" {
			return setWeightsFromEntry(m, f, size)
		}
	}
	return errors.New("no model.weights.h5 in the archive")
}

func setWeightsFromH5(m *gru.Sequential, path string) error {
	h, err := openH5(path)
	if err != nil {
		return err
	}
	defer h.close()
	return setWeights(m, h)
}
