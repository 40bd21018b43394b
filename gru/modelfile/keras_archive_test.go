package modelfile_test

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/fastgru/fastgru/gru/modelfile"
)

// TestKerasArchiveInflation loads a .keras archive of under 1 MB whose model.weights.h5 inflates
// to 300 MiB of zeros: an error, before any of it is written out or read in. Keras stores the
// entries of its archives uncompressed.
func TestKerasArchiveInflation(t *testing.T) {
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
	f, _ := w.CreateHeader(&zip.FileHeader{Name: "model.weights.h5", Method: zip.Deflate})
	zeros := make([]byte, 1<<20)
	for range 300 {
		f.Write(zeros)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "bomb.keras")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	var lerr error
	n := allocated(func() { _, lerr = modelfile.LoadKeras(path) })
	t.Logf("archive of %d bytes: %v", buf.Len(), lerr)
	if n > maxLoadAlloc {
		t.Fatalf("an archive of %d KB made LoadKeras allocate %d MB (and write as much to a temporary file)", buf.Len()>>10, n>>20)
	}
}
