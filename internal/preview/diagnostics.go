package preview

import (
	"regexp"
	"strings"
)

// ansi matches the colour and style codes Terraform writes without -no-color.
var ansi = regexp.MustCompile("\x1b\\[[0-9;]*[A-Za-z]")

// diagnosticStart is the first line of one of Terraform's diagnostics.
var diagnosticStart = regexp.MustCompile(`^(Error|Warning): `)

// tailLines is how much of an output without any diagnostic is shown (terraform killed by the
// timeout, a crash): its end says what happened.
const tailLines = 20

// Diagnostics keeps only Terraform's diagnostics from what a failed command printed: the blocks
// that begin with "Error: " or "Warning: ", errors (stderr) first, without colour codes and
// without the box Terraform draws around each block in colour. What comes before them ("Planning
// failed.", init's progress) is left to the full log. An output with no diagnostic gives its last
// lines.
func Diagnostics(stdout, stderr string) string {
	errs, outs := clean(stderr), clean(stdout)
	blocks := append(diagnosticBlocks(errs), diagnosticBlocks(outs)...)
	if len(blocks) == 0 {
		var kept []string
		for _, line := range append(outs, errs...) {
			if strings.TrimSpace(line) != "" {
				kept = append(kept, line)
			}
		}
		if len(kept) > tailLines {
			kept = kept[len(kept)-tailLines:]
		}
		return strings.Join(kept, "\n")
	}
	return strings.Join(blocks, "\n\n")
}

// The box Terraform draws around a diagnostic in colour: its top, its bottom, its left side.
const boxOpen, boxClose, boxSide = "╷", "╵", "│"

// clean splits an output into lines without colour codes, carriage returns or the box's left side.
// The box's top and bottom are kept as themselves, for diagnosticBlocks to end a block on.
func clean(out string) []string {
	out = strings.ReplaceAll(ansi.ReplaceAllString(out, ""), "\r\n", "\n")
	lines := strings.Split(out, "\n")
	for i, line := range lines {
		line = strings.TrimRight(line, " \r")
		if rest, ok := strings.CutPrefix(line, boxSide); ok {
			line = strings.TrimPrefix(rest, " ")
		}
		lines[i] = line
	}
	return lines
}

// diagnosticBlocks cuts the lines into diagnostics: each from its "Error: " or "Warning: " line to
// the next one, the box's bottom, or the end; blank lines at either end are dropped and runs of
// blank lines inside become one.
func diagnosticBlocks(lines []string) []string {
	var blocks []string
	var cur []string
	in := false
	flush := func() {
		for len(cur) > 0 && cur[len(cur)-1] == "" {
			cur = cur[:len(cur)-1]
		}
		if len(cur) > 0 {
			blocks = append(blocks, strings.Join(cur, "\n"))
		}
		cur, in = nil, false
	}
	for _, line := range lines {
		switch {
		case diagnosticStart.MatchString(line):
			flush()
			in = true
			cur = append(cur, line)
		case line == boxOpen || line == boxClose:
			flush()
		case in && line == "" && len(cur) > 0 && cur[len(cur)-1] == "":
			// one blank line between paragraphs is enough
		case in:
			cur = append(cur, line)
		}
	}
	flush()
	return blocks
}
