package kernels

import (
	"errors"
	"os"
	"os/exec"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestImplementations(t *testing.T) {
	names := Implementations()
	require.NotEmpty(t, names)
	require.Equal(t, "generic", names[len(names)-1], "Implementations() must end in generic")
	t.Logf("implementations %v, selected %s", names, Selected())
	for _, name := range names {
		restore := use(t, name)
		assert.Equal(t, name, Selected())
		restore()
	}
	assert.Error(t, Use("no-such-isa"))
}

// TestEnvSelects runs this test binary again with FASTGRU_KERNELS=generic.
func TestEnvSelects(t *testing.T) {
	if os.Getenv("FASTGRU_TEST_CHILD") == "1" {
		if Selected() != "generic" {
			t.Fatalf("FASTGRU_KERNELS=generic: Selected() = %q", Selected())
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestEnvSelects$")
	cmd.Env = append(os.Environ(), "FASTGRU_TEST_CHILD=1", "FASTGRU_KERNELS=generic")
	out, err := cmd.CombinedOutput()
	if errors.Is(err, syscall.ENOEXEC) {
		t.Skip("this test binary cannot start itself here (emulated):", err)
	}
	require.NoError(t, err, "child:\n%s", out)
}
