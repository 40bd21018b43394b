package modelfile_test

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/fastgru/fastgru/gru/modelfile"
)

// TestKerasArchiveInflation loads a .keras archive of under 1 MB whose model.weights.h5 inflates
// to 300 MiB of zeros: an error, before any of it is read in. Keras stores the
// entries of its archives uncompressed.
func TestKerasArchiveInflation(t *testing.T) {
	b := rebuiltArchive(t, func(w *zip.Writer, _ map[string][]byte) {
		f, _ := w.CreateHeader(&zip.FileHeader{Name: "model.weights.h5", Method: zip.Deflate})
		zeros := make([]byte, 1<<20)
		for range 300 {
			f.Write(zeros)
		}
	})
	path := filepath.Join(t.TempDir(), "bomb.keras")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	var lerr error
	n := allocated(func() { _, lerr = modelfile.LoadKeras(path) })
	t.Logf("archive of %d bytes: %v", len(b), lerr)
	if n > maxLoadAlloc {
		t.Fatalf("an archive of %d KB made LoadKeras allocate %d MB", len(b)>>10, n>>20)
	}
}

// TestKerasArchiveLyingSize loads a .keras archive whose stored model.weights.h5 claims 1 GiB in
// the archive's directory: an error, before the claimed size is allocated.
func TestKerasArchiveLyingSize(t *testing.T) {
	b := rebuiltArchive(t, func(w *zip.Writer, base map[string][]byte) {
		f, _ := w.CreateHeader(&zip.FileHeader{Name: "model.weights.h5", Method: zip.Store})
		f.Write(base["model.weights.h5"])
	})
	// The central directory's entry of the weights: its compressed and uncompressed sizes.
	dir := bytes.LastIndex(b, []byte("PK\x01\x02"))
	binary.LittleEndian.PutUint32(b[dir+20:], 1<<30)
	binary.LittleEndian.PutUint32(b[dir+24:], 1<<30)
	path := filepath.Join(t.TempDir(), "lying.keras")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	var lerr error
	n := allocated(func() { _, lerr = modelfile.LoadKeras(path) })
	if lerr == nil || n > maxLoadAlloc {
		t.Fatalf("error %v, %d MB allocated", lerr, n>>20)
	}
	t.Log(lerr)
}

// rebuiltArchive is a .keras archive of k3_seq_softmax.keras's metadata and config, stored as
// Keras stores them, then the weights entry that weights writes from the fixture's entries.
func rebuiltArchive(t *testing.T, weights func(w *zip.Writer, base map[string][]byte)) []byte {
	src, err := os.ReadFile(filepath.Join(fixtureDir, "k3_seq_softmax.keras"))
	if err != nil {
		t.Fatal(err)
	}
	base := zipEntries(t, src)
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, name := range []string{"metadata.json", "config.json"} {
		f, _ := w.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		f.Write(base[name])
	}
	weights(w, base)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
