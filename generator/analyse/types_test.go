package analyse

import (
	"reflect"
	"testing"

	"github.com/primed/primed/generator/report"
)

// TestNothingLeadsToItems walks every exported field reachable from an
// Analysis, which is all that render can see, and fails if one leads to
// an item of the work extract or back to the whole report: that no work
// item is ever published is a property of the types, not only of a test
// over one site.
func TestNothingLeadsToItems(t *testing.T) {
	forbidden := map[reflect.Type]bool{
		reflect.TypeFor[report.WorkItem](): true,
		reflect.TypeFor[report.Report]():   true,
	}
	seen := map[reflect.Type]bool{}
	var walk func(typ reflect.Type, path string)
	walk = func(typ reflect.Type, path string) {
		if forbidden[typ] {
			t.Errorf("%s leads to %s", path, typ)
			return
		}
		if seen[typ] {
			return
		}
		seen[typ] = true
		switch typ.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(typ.Elem(), path)
		case reflect.Map:
			walk(typ.Key(), path)
			walk(typ.Elem(), path)
		case reflect.Struct:
			for f := range typ.Fields() {
				if f.IsExported() {
					walk(f.Type, path+"."+f.Name)
				}
			}
		}
		for m := range typ.Methods() {
			if m.IsExported() {
				for out := range m.Type.Outs() {
					walk(out, path+"."+m.Name+"()")
				}
			}
		}
	}
	walk(reflect.TypeFor[*Analysis](), "Analysis")
	if !seen[reflect.TypeFor[report.Unit]()] || !seen[reflect.TypeFor[Figure]()] {
		t.Fatal("the walk missed types an Analysis holds")
	}
}
