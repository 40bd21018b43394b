package main

// The GRU table's ORT column runs each row's model in ONNX Runtime (ort.go, -tags ort), as gru's
// SaveONNX writes it. This file holds what a build without that column sees too.

const ortName = "ORT" // the column

// ortNotes are the lines the GRU table's footer prints about the ORT column; ort.go replaces
// this one when it is built in.
var ortNotes = []string{"ORT: no ONNX Runtime column in this build: bench/ort/install.sh, then go run -tags ort ./bench."}
