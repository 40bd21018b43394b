package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/fastgru/fastgru/internal/shapes"
)

// fusedKind marks the row where fastgru runs kernels.Dense with bias and softmax fused, while
// the BLAS contenders run the bare product of the same shape.
const fusedKind = "dense+softmax"

// customKind names a product given on the command line as a bare MxKxN.
const customKind = "sgemm"

// defaultRows are shapes.All and the fused Dense of the seed question.
var defaultRows = append(append([]shapes.Shape{}, shapes.All...),
	shapes.Shape{Kind: fusedKind, M: shapes.Seed.M, N: shapes.Seed.N, K: shapes.Seed.K})

// parseShapes reads the -shapes flag: comma-separated names as printed
// ("square-1024x1024x1024"), bare "MxKxN" (M×K by K×N), or the words all, square, dense and
// gru-step, which pick from defaultRows ("dense" includes the fused row); or none, for no GEMM
// table. Repeats are dropped.
func parseShapes(spec string) ([]shapes.Shape, error) {
	if strings.TrimSpace(spec) == "none" {
		return nil, nil
	}
	var rows []shapes.Shape
	seen := map[string]bool{}
	add := func(s shapes.Shape) {
		if !seen[s.String()] {
			seen[s.String()] = true
			rows = append(rows, s)
		}
	}
	for _, word := range strings.Split(spec, ",") {
		switch word = strings.TrimSpace(word); word {
		case "":
		case "all", "square", "dense", "gru-step":
			for _, s := range defaultRows {
				if word == "all" || s.Kind == word || word == "dense" && s.Kind == fusedKind {
					add(s)
				}
			}
		default:
			s, err := parseShape(word)
			if err != nil {
				return nil, err
			}
			add(s)
		}
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("-shapes %q selects no shape", spec)
	}
	return rows, nil
}

// parseShape reads one "kind-MxKxN" or "MxKxN".
func parseShape(word string) (shapes.Shape, error) {
	kind, dims := customKind, word
	if i := strings.LastIndexByte(word, '-'); i >= 0 {
		kind, dims = word[:i], word[i+1:]
		switch kind {
		case "square", "dense", "gru-step", fusedKind, customKind:
		default:
			return shapes.Shape{}, fmt.Errorf("shape %q: unknown kind %q", word, kind)
		}
	}
	parts := strings.Split(dims, "x")
	if len(parts) != 3 {
		return shapes.Shape{}, fmt.Errorf("shape %q: want MxKxN", word)
	}
	var mkn [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 1 {
			return shapes.Shape{}, fmt.Errorf("shape %q: %q is not a positive size", word, p)
		}
		mkn[i] = v
	}
	return shapes.Shape{Kind: kind, M: mkn[0], K: mkn[1], N: mkn[2]}, nil
}
