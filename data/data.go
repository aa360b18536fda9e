// Package data embeds the sample report: a fictional county council's
// adult social care department, the worked example of a report folder.
// `primed build` with no folder builds it, and `primed new` copies it.
package data

import (
	"embed"
	"io/fs"
)

//go:embed sample
var sample embed.FS

// Sample returns the sample report folder.
func Sample() fs.FS {
	sub, err := fs.Sub(sample, "sample")
	if err != nil {
		panic(err) // the embedded folder is always there
	}
	return sub
}
