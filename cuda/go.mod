module github.com/fastgru/fastgru/cuda

go 1.24.0

require (
	github.com/fastgru/fastgru v0.0.0
	gonum.org/v1/gonum v0.17.0
	gorgonia.org/cu v0.9.6
)

require (
	github.com/google/uuid v1.1.1 // indirect
	github.com/klauspost/cpuid/v2 v2.4.2 // indirect
	github.com/pkg/errors v0.9.1 // indirect
	golang.org/x/sys v0.41.0 // indirect
)

replace github.com/fastgru/fastgru => ../
