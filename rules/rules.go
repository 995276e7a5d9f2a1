// Package rules embeds the LPU rule files, their test suites and their
// JSON Schema, so that the binary carries the law it applies.
package rules

import "embed"

// FS holds *.yaml (the rules), test/*.yaml (their suites) and
// schema/*.json.
//
//go:embed *.yaml test/*.yaml schema/*.json
var FS embed.FS
