package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"terraform-basemachina-modules/internal/tfplan"
)

// Source is what the copies are made of: the working tree's versions of the tracked files
// (worktree, the default) or the files of HEAD (head), which leaves out edits not yet committed.
type Source string

const (
	FromWorktree Source = "worktree"
	FromHead     Source = "head"
)

// Describe says which tree the copies hold: the commit, and whether tracked files differ from it.
func Describe(repo string, src Source) string {
	commit := strings.TrimSpace(gitOut(repo, "rev-parse", "--short", "HEAD"))
	if src == FromHead {
		return commit
	}
	if strings.TrimSpace(gitOut(repo, "status", "--porcelain", "--untracked-files=no")) != "" {
		return commit + " with uncommitted changes"
	}
	return commit
}

func gitOut(dir string, args ...string) string {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, _ := cmd.Output()
	return string(out)
}

// MakePristine copies the repository's tracked files into dst, makes dst a git work tree whose
// index holds them (the checks list files with git ls-files), and links the project's built tools
// (.tools) so scripts/env.sh finds them there. The provider cache is the run's own (cache), the
// trivy cache each copy's own.
func MakePristine(repo, dst, cache string, src Source) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	switch src {
	case FromHead:
		archive := exec.Command("bash", "-c", `git archive --format=tar HEAD | tar -x -C "$1"`, "_", dst)
		archive.Dir = repo
		if out, err := archive.CombinedOutput(); err != nil {
			return fmt.Errorf("git archive HEAD: %w: %s", err, out)
		}
	case FromWorktree:
		list := exec.Command("git", "ls-files", "-z")
		list.Dir = repo
		out, err := list.Output()
		if err != nil {
			return fmt.Errorf("git ls-files: %w", err)
		}
		for _, rel := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
			if rel == "" {
				continue
			}
			from := filepath.Join(repo, rel)
			info, err := os.Lstat(from)
			if err != nil {
				// A tracked file the work tree deleted: the copy follows the work tree.
				continue
			}
			to := filepath.Join(dst, rel)
			if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
				return err
			}
			if info.Mode()&os.ModeSymlink != 0 {
				target, err := os.Readlink(from)
				if err != nil {
					return err
				}
				if err := os.Symlink(target, to); err != nil {
					return err
				}
				continue
			}
			data, err := os.ReadFile(from)
			if err != nil {
				return err
			}
			if err := os.WriteFile(to, data, info.Mode().Perm()); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("unknown source %q (worktree or head)", src)
	}
	tools := filepath.Join(repo, ".tools")
	entries, err := os.ReadDir(tools)
	if err != nil {
		return fmt.Errorf("%s: %w (run make tools first)", tools, err)
	}
	if err := os.MkdirAll(filepath.Join(dst, ".tools"), 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		target := filepath.Join(tools, e.Name())
		switch e.Name() {
		case "trivy-cache":
			continue
		case "plugin-cache":
			// The run's own provider cache, seeded with hard links of the project's: a `terraform
			// init` elsewhere on the machine replaces the cache's entries as it installs, and a
			// stage that meets the gap would fail for no fault of the mutant.
			target = cache
			if err := os.MkdirAll(cache, 0o755); err != nil {
				return err
			}
			seed := exec.Command("cp", "-a", "-l", filepath.Join(tools, "plugin-cache")+"/.", cache)
			if out, err := seed.CombinedOutput(); err != nil {
				return fmt.Errorf("seed the run's provider cache: %w: %s", err, out)
			}
		}
		if err := os.Symlink(target, filepath.Join(dst, ".tools", e.Name())); err != nil {
			return err
		}
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dst
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("git %s in the copy: %w: %s", strings.Join(args, " "), err, out)
		}
	}
	return nil
}

// CopyTree copies the pristine copy for one mutant (cp -a keeps modes, links and the git index).
func CopyTree(pristine, dst string) error {
	cmd := exec.Command("cp", "-a", pristine+"/.", dst)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("cp -a: %w: %s", err, out)
	}
	return nil
}

// ApplyMutant makes the mutant's edits in the tree at root.
func ApplyMutant(root string, m Mutant) error {
	for _, e := range m.Edits {
		path := filepath.Join(root, filepath.FromSlash(e.File))
		data, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("mutant %s: %w", m.Name, err)
		}
		out, err := ApplyEdit(string(data), e)
		if err != nil {
			return fmt.Errorf("mutant %s: %w", m.Name, err)
		}
		info, err := os.Stat(path)
		if err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(out), info.Mode().Perm()); err != nil {
			return err
		}
	}
	return nil
}

// CheckMutants applies every mutant in memory to the files of the source tree (worktree or HEAD)
// and returns the stale ones' errors: the harness refuses to start with any.
func CheckMutants(repo string, src Source, mutants []Mutant) []error {
	var errs []error
	for _, m := range mutants {
		files := map[string]string{}
		for _, e := range m.Edits {
			content, ok := files[e.File]
			if !ok {
				var data []byte
				var err error
				if src == FromHead {
					cmd := exec.Command("git", "show", "HEAD:"+e.File)
					cmd.Dir = repo
					var stderr bytes.Buffer
					cmd.Stderr = &stderr
					data, err = cmd.Output()
					if err != nil {
						err = fmt.Errorf("%s", strings.TrimSpace(stderr.String()))
					}
				} else {
					data, err = os.ReadFile(filepath.Join(repo, filepath.FromSlash(e.File)))
				}
				if err != nil {
					errs = append(errs, fmt.Errorf("mutant %s: %s: %w", m.Name, e.File, err))
					break
				}
				content = string(data)
			}
			out, err := ApplyEdit(content, e)
			if err != nil {
				errs = append(errs, fmt.Errorf("mutant %s: %w", m.Name, err))
				break
			}
			files[e.File] = out
		}
		// A mutant that `terraform fmt` would change is caught by formatting, not by a check of
		// what it breaks: the list keeps every mutated Terraform file formatted.
		for file, content := range files {
			if !strings.HasSuffix(file, ".tf") && !strings.HasSuffix(file, ".tfvars") {
				continue
			}
			if formatted, err := terraformFmt(repo, content); err != nil {
				errs = append(errs, fmt.Errorf("mutant %s: %s: terraform fmt: %w", m.Name, file, err))
			} else if formatted != content {
				errs = append(errs, fmt.Errorf("mutant %s: %s is not terraform fmt clean after the edit; format the replacement", m.Name, file))
			}
		}
	}
	return errs
}

// terraformFmt formats Terraform source read from stdin, with the project's terraform.
func terraformFmt(repo, content string) (string, error) {
	cmd := exec.Command("bash", "-c", `source scripts/env.sh && terraform fmt -no-color -`)
	cmd.Dir = repo
	cmd.Stdin = strings.NewReader(content)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// combine copies the repository's files into dst and applies every mutant there at once: the
// emulator's audit test (test/emulator/audit_test.go) builds its broken stack this way, from the
// same edits the harness applies one at a time.
func combine(repo, dst string, mutants []Mutant) error {
	if err := tfplan.CopyRepositoryFiles(repo, dst); err != nil {
		return err
	}
	for _, m := range mutants {
		if err := ApplyMutant(dst, m); err != nil {
			return err
		}
	}
	return nil
}
