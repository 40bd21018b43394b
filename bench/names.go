package main

import (
	"fmt"
	"slices"
	"strings"
)

// parseNamed reads a flag that picks table rows by name: "all", "none", or comma-separated names.
func parseNamed[T any](flag, spec string, rows []T, name func(T) string) ([]T, error) {
	switch strings.TrimSpace(spec) {
	case "all":
		return rows, nil
	case "none":
		return nil, nil
	}
	var picked []T
	seen := map[string]bool{}
	for _, word := range strings.Split(spec, ",") {
		word = strings.TrimSpace(word)
		if word == "" || seen[word] {
			continue
		}
		i := slices.IndexFunc(rows, func(r T) bool { return name(r) == word })
		if i < 0 {
			return nil, fmt.Errorf("%s: unknown row %q (have all, none, %s)", flag, word, joinNames(rows, name))
		}
		seen[word] = true
		picked = append(picked, rows[i])
	}
	if len(picked) == 0 {
		return nil, fmt.Errorf("%s %q selects no row", flag, spec)
	}
	return picked, nil
}

// joinNames lists the rows' names for a flag's help and errors.
func joinNames[T any](rows []T, name func(T) string) string {
	var names []string
	for _, r := range rows {
		names = append(names, name(r))
	}
	return strings.Join(names, ", ")
}
