package main

import (
	"maps"
	"runtime"
	"runtime/debug"
)

// contenderVersions are the versions of the libraries that contenders built in with a tag run,
// by contender; their files add them from their init, as the libraries report themselves.
var contenderVersions = map[string]string{}

// versions names what produced the figures: Go, fastgru itself and gonum as this binary was
// built with them, and every contender library that reported its version.
func versions() map[string]string {
	v := map[string]string{"go": runtime.Version()}
	if info, ok := debug.ReadBuildInfo(); ok {
		if fastgru := moduleVersion(&info.Main, info.Settings); fastgru != "" {
			v["fastgru"] = fastgru
		}
		for _, dep := range info.Deps {
			if dep.Path == "gonum.org/v1/gonum" {
				v["gonum"] = moduleVersion(dep, nil)
			}
		}
	}
	maps.Copy(v, contenderVersions)
	return v
}

// moduleVersion is a module's version, or its replacement's (a directory's path); for a module built from its
// working tree ("(devel)"), the commit it was built at, from the build's settings, where known.
func moduleVersion(m *debug.Module, settings []debug.BuildSetting) string {
	if r := m.Replace; r != nil {
		if r.Version == "" {
			return r.Path // a directory
		}
		return r.Version
	}
	if m.Version != "(devel)" {
		return m.Version
	}
	commit, modified := "", false
	for _, s := range settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	switch {
	case commit == "":
		return m.Version
	case modified:
		return commit + " with uncommitted changes"
	}
	return commit
}
