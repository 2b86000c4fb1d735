package main

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Mutant is one defect of the list: edits to files of the tree, and the stages that should catch
// it, cheapest first.
type Mutant struct {
	Name string
	// What the defect is, in a sentence: what a user would suffer from it.
	What string
	// Model names the emulator's runtime rule (test/moto) the mutant exercises, if any.
	Model string
	// Survivor explains why a stage list may let the mutant through; the report shows it for a
	// mutant that was not caught.
	Survivor string
	Stages   []Stage
	Edits    []Edit
	// Line is where the mutant starts in the list, for messages.
	Line int
}

// Edit replaces the lines Search, which must occur exactly once in File, with the lines Replace.
type Edit struct {
	File    string
	Search  string
	Replace string
}

var mutantName = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// ParseList reads the mutant list. Its format, line by line:
//
//	# a comment (outside search and replace blocks)
//	mutant <name>
//	what: <the defect, one line>
//	model: <the emulator rule it exercises>          (optional)
//	stages: <stage> <stage> ...                      (cheapest first; see ParseStage)
//	survivor: <why it may not be caught>             (optional)
//	edit <path relative to the repository root>
//	--- search
//	<lines, verbatim>
//	--- replace
//	<lines, verbatim; none deletes the searched lines>
//	--- end
//
// A mutant may have several edit blocks; blank lines between fields are ignored.
func ParseList(r io.Reader) ([]Mutant, error) {
	var (
		out  []Mutant
		cur  *Mutant
		edit *Edit
		// mode: "" (fields), "search" or "replace" (collecting lines of the current edit)
		mode    string
		search  []string
		replace []string
		lineNo  int
		seen    = map[string]int{}
		scanner = bufio.NewScanner(r)
		errorf  = func(format string, a ...any) error {
			return fmt.Errorf("line %d: %s", lineNo, fmt.Sprintf(format, a...))
		}
		finished = func() error {
			if cur == nil {
				return nil
			}
			if mode != "" {
				return fmt.Errorf("mutant %s (line %d): an edit block is not closed with --- end", cur.Name, cur.Line)
			}
			if cur.What == "" {
				return fmt.Errorf("mutant %s (line %d): no what: line", cur.Name, cur.Line)
			}
			if len(cur.Stages) == 0 {
				return fmt.Errorf("mutant %s (line %d): no stages: line", cur.Name, cur.Line)
			}
			if len(cur.Edits) == 0 {
				return fmt.Errorf("mutant %s (line %d): no edit", cur.Name, cur.Line)
			}
			out = append(out, *cur)
			return nil
		}
	)
	scanner.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for scanner.Scan() {
		lineNo++
		line := scanner.Text()
		switch mode {
		case "search", "replace":
			switch line {
			case "--- replace":
				if mode != "search" {
					return nil, errorf("--- replace twice in one edit")
				}
				mode = "replace"
				continue
			case "--- end":
				if mode != "replace" {
					return nil, errorf("--- end before --- replace")
				}
				if len(search) == 0 || strings.TrimSpace(strings.Join(search, "")) == "" {
					return nil, errorf("mutant %s: an empty search block", cur.Name)
				}
				edit.Search = joinLines(search)
				edit.Replace = joinLines(replace)
				if edit.Search == edit.Replace {
					return nil, errorf("mutant %s: the replacement equals the search text (no defect)", cur.Name)
				}
				cur.Edits = append(cur.Edits, *edit)
				edit, mode, search, replace = nil, "", nil, nil
				continue
			case "--- search":
				return nil, errorf("--- search inside an edit block")
			}
			if mode == "search" {
				search = append(search, line)
			} else {
				replace = append(replace, line)
			}
			continue
		}
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if name, ok := strings.CutPrefix(trimmed, "mutant "); ok {
			if err := finished(); err != nil {
				return nil, err
			}
			name = strings.TrimSpace(name)
			if !mutantName.MatchString(name) {
				return nil, errorf("mutant name %q: use lower-case letters, digits and hyphens", name)
			}
			if first, dup := seen[name]; dup {
				return nil, errorf("mutant %s is already defined on line %d", name, first)
			}
			seen[name] = lineNo
			cur = &Mutant{Name: name, Line: lineNo}
			continue
		}
		if cur == nil {
			return nil, errorf("%q before the first `mutant <name>` line", trimmed)
		}
		if path, ok := strings.CutPrefix(trimmed, "edit "); ok {
			path = strings.TrimSpace(path)
			if path == "" || strings.HasPrefix(path, "/") || strings.Contains(path, "..") {
				return nil, errorf("edit %q: give a path relative to the repository root", path)
			}
			edit = &Edit{File: path}
			continue
		}
		if trimmed == "--- search" {
			if edit == nil {
				return nil, errorf("--- search without an `edit <path>` line before it")
			}
			mode = "search"
			continue
		}
		key, value, ok := strings.Cut(trimmed, ":")
		if !ok {
			return nil, errorf("unexpected %q (want a field, `edit <path>` or `mutant <name>`)", trimmed)
		}
		value = strings.TrimSpace(value)
		switch key {
		case "what":
			cur.What = value
		case "model":
			cur.Model = value
		case "survivor":
			cur.Survivor = value
		case "stages":
			for _, s := range strings.FieldsFunc(value, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' }) {
				st, err := ParseStage(s)
				if err != nil {
					return nil, errorf("mutant %s: %v", cur.Name, err)
				}
				cur.Stages = append(cur.Stages, st)
			}
		default:
			return nil, errorf("unknown field %q (what, model, stages, survivor)", key)
		}
	}
	if err := scanner.Err(); err != nil {
		return nil, err
	}
	if edit != nil && mode == "" {
		return nil, fmt.Errorf("mutant %s: `edit %s` has no --- search block", cur.Name, edit.File)
	}
	if err := finished(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the list holds no mutant")
	}
	return out, nil
}

// joinLines makes whole lines of a block: each ends with a newline.
func joinLines(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

// ApplyEdit returns content with the edit made. The search text must occur exactly once, as whole
// lines: a mutant whose text is gone or ambiguous is stale, an error of the list, never a defect
// that survived.
func ApplyEdit(content string, e Edit) (string, error) {
	// Whole lines: a match starts the file or follows a newline; the last line may lack its newline.
	trailing := strings.HasSuffix(content, "\n")
	text := "\n" + content
	if !trailing {
		text += "\n"
	}
	n := strings.Count(text, "\n"+e.Search)
	switch {
	case n == 0:
		return "", fmt.Errorf("%s: the search text is not in the file (a stale mutant: update the list):\n%s", e.File, indent(e.Search))
	case n > 1:
		return "", fmt.Errorf("%s: the search text occurs %d times (make it unique):\n%s", e.File, n, indent(e.Search))
	}
	i := strings.Index(text, "\n"+e.Search) + 1
	out := text[1:i] + e.Replace + text[i+len(e.Search):]
	if !trailing {
		out = strings.TrimSuffix(out, "\n")
	}
	return out, nil
}

func indent(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		b.WriteString("    | " + l + "\n")
	}
	return b.String()
}
