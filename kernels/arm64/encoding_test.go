package arm64

import (
	"bufio"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// wordLine is an instruction that Go's assembler lacks, written as a WORD with the instruction it
// stands for in its comment.
var wordLine = regexp.MustCompile(`WORD \$0x([0-9a-f]{8}) // (.+)$`)

// TestWordEncodings disassembles every WORD of the package's assembly with GNU objdump for
// AArch64 (Debian: binutils-aarch64-linux-gnu) and checks that it is the instruction its comment
// names.
func TestWordEncodings(t *testing.T) {
	objdump, err := exec.LookPath("aarch64-linux-gnu-objdump")
	if err != nil && runtime.GOARCH == "arm64" {
		objdump, err = exec.LookPath("objdump")
	}
	if err != nil {
		t.Skip("no objdump for AArch64 (Debian: apt-get install binutils-aarch64-linux-gnu)")
	}
	files, err := filepath.Glob("*.[sh]")
	if err != nil {
		t.Fatal(err)
	}
	var words []uint32
	var want []string
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for line := 1; sc.Scan(); line++ {
			m := wordLine.FindStringSubmatch(sc.Text())
			if m == nil {
				if strings.Contains(sc.Text(), "WORD") {
					t.Errorf("%s:%d: a WORD without the instruction it stands for: %s", name, line, sc.Text())
				}
				continue
			}
			w, _ := strconv.ParseUint(m[1], 16, 32)
			words = append(words, uint32(w))
			want = append(want, name+":"+strconv.Itoa(line)+": "+m[2])
		}
		f.Close()
	}
	if len(words) == 0 {
		t.Fatal("no WORD instructions found")
	}
	bin := filepath.Join(t.TempDir(), "words.bin")
	raw := make([]byte, 4*len(words))
	for i, w := range words {
		binary.LittleEndian.PutUint32(raw[4*i:], w)
	}
	if err := os.WriteFile(bin, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(objdump, "-D", "-b", "binary", "-m", "aarch64", bin).Output()
	if err != nil {
		t.Fatalf("%s: %v", objdump, err)
	}
	// Lines such as "   4:	4e3cd400 	fadd	v0.4s, v0.4s, v28.4s".
	insn := regexp.MustCompile(`^\s*([0-9a-f]+):\s+[0-9a-f]{8}\s+(.+)$`)
	got := make(map[int]string)
	for _, line := range strings.Split(string(out), "\n") {
		if m := insn.FindStringSubmatch(line); m != nil {
			off, _ := strconv.ParseUint(m[1], 16, 64)
			got[int(off)/4] = strings.Join(strings.Fields(m[2]), " ")
		}
	}
	for i, w := range want {
		place, text, _ := strings.Cut(w, ": ")
		if g := got[i]; g != strings.Join(strings.Fields(text), " ") {
			t.Errorf("%s: WORD $0x%08x is %q, its comment says %q", place, words[i], g, text)
		}
	}
	t.Logf("%d WORD instructions checked", len(words))
}
