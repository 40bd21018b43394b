package gru

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLightImports checks that a program that imports only the kernels, or gru to run, train and
// load TF.js models, builds without the model-file readers' modules: only the packages it
// imports are downloaded, so those of gru/modelfile stay off such a program's machine.
func TestLightImports(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	for _, pkg := range []string{"github.com/fastgru/fastgru/kernels", "github.com/fastgru/fastgru/gru"} {
		out, err := exec.Command("go", "list", "-deps", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		for _, heavy := range []string{"github.com/scigolib/hdf5", "google.golang.org/protobuf"} {
			if strings.Contains(string(out), heavy) {
				t.Errorf("%s depends on %s", pkg, heavy)
			}
		}
	}
}
