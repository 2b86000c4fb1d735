package testfiles

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Outputs reads the output blocks of a Terraform file: each output's name and the value
// expression's references, written as in the source (module.bridge.bridgectl; an index or splat
// is left out, so one(module.datastore[*].bridgectl) gives module.datastore.bridgectl).
func Outputs(path string) (map[string][]string, error) {
	blocks, err := outputBlocks(path)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for name, b := range blocks {
		value, ok := b.Body.Attributes["value"]
		if !ok {
			return nil, fmt.Errorf("%s: output %q has no value", path, name)
		}
		var refs []string
		for _, v := range value.Expr.Variables() {
			refs = append(refs, strings.Join(attributes(v), "."))
		}
		// A splat's attribute (module.datastore[*].bridgectl) is outside the traversal Variables gives.
		_ = hclsyntax.VisitAll(value.Expr, func(n hclsyntax.Node) hcl.Diagnostics {
			s, ok := n.(*hclsyntax.SplatExpr)
			if !ok {
				return nil
			}
			src, srcOK := s.Source.(*hclsyntax.ScopeTraversalExpr)
			each, eachOK := s.Each.(*hclsyntax.RelativeTraversalExpr)
			if srcOK && eachOK {
				refs = append(refs, strings.Join(append(attributes(src.Traversal), attributes(each.Traversal)...), "."))
			}
			return nil
		})
		sort.Strings(refs)
		out[name] = refs
	}
	return out, nil
}

// attributes are the names a traversal steps through (module, bridge, bridgectl), without its
// indexes and splats.
func attributes(t hcl.Traversal) []string {
	var out []string
	for _, step := range t {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			out = append(out, s.Name)
		case hcl.TraverseAttr:
			out = append(out, s.Name)
		}
	}
	return out
}

// OutputObjectKeys reads the keys of the object an output of a Terraform file builds
// (value = { key = ... }), sorted.
func OutputObjectKeys(path, output string) ([]string, error) {
	blocks, err := outputBlocks(path)
	if err != nil {
		return nil, err
	}
	b, ok := blocks[output]
	if !ok {
		return nil, fmt.Errorf("%s has no output %q", path, output)
	}
	value, ok := b.Body.Attributes["value"]
	if !ok {
		return nil, fmt.Errorf("%s: output %q has no value", path, output)
	}
	obj, ok := value.Expr.(*hclsyntax.ObjectConsExpr)
	if !ok {
		return nil, fmt.Errorf("%s: output %q is not an object constructor ({ key = value })", path, output)
	}
	var keys []string
	for _, item := range obj.Items {
		key, diags := item.KeyExpr.Value(nil)
		if diags.HasErrors() {
			return nil, fmt.Errorf("%s: output %q has a key that is not a name: %s", path, output, diags.Error())
		}
		keys = append(keys, key.AsString())
	}
	sort.Strings(keys)
	return keys, nil
}

func outputBlocks(path string) (map[string]*hclsyntax.Block, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, diags
	}
	out := map[string]*hclsyntax.Block{}
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		if b.Type == "output" && len(b.Labels) == 1 {
			out[b.Labels[0]] = b
		}
	}
	return out, nil
}
