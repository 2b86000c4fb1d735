// Command pin points every pin of this repository's modules and reusable workflows at the newest
// release of RELEASES: the template's module sources, uses:, modules_ref and workflow_refs, and the
// docs' examples, each to the release's commit with its version in a comment. The maintainer runs
// it (`make pin`) after recording a release; test/workflows fails until it has run.
//
//	go run ./tools/release/cmd/pin [-root DIR]
package main

import (
	"flag"
	"fmt"
	"os"

	"terraform-basemachina-modules/tools/release"
)

func main() {
	root := flag.String("root", ".", "the repository's root")
	flag.Parse()
	if err := run(*root); err != nil {
		fmt.Fprintln(os.Stderr, "pin:", err)
		os.Exit(1)
	}
}

func run(root string) error {
	r, err := release.Newest(root)
	if err != nil {
		return err
	}
	// A commit this history does not hold would pin the customers to nothing they can fetch.
	if err := release.InHistory(root, r.Commit); err != nil {
		return fmt.Errorf("the newest release %s: %w", r.Version, err)
	}
	changed, err := release.Repin(root, r)
	if err != nil {
		return err
	}
	for _, f := range changed {
		fmt.Println(f)
	}
	pins, err := release.Find(root)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "pin: %d pins name %s (%s); %d files changed\n", len(pins), r.Commit, r.Tag(), len(changed))
	return nil
}
