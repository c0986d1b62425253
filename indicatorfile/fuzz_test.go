package indicatorfile

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzRead: whatever the bytes, Read never panics, returns a Result, and
// either refuses the file with problems and no observations, or gives
// observations that are each a country or an aggregate, in range, with a
// value that is a JSON number, and no country-year twice. The corpus in
// testdata/fuzz/FuzzRead keeps the inputs that found bugs; the published
// shapes in testdata seed it.
func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.*"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, byte(0))
	}
	f.Add([]byte("iso3;year;value\nCHL;2019;1,234\n"), byte(','))
	f.Add([]byte(`[{"page":1,"total":1},null]`), byte(0))
	f.Fuzz(func(t *testing.T, data []byte, mark byte) {
		if mark != '.' && mark != ',' {
			mark = 0
		}
		r, err := Read(data, Options{Decimal: mark})
		if r == nil {
			t.Fatal("nil result")
		}
		if (err == nil) != (len(r.Problems) == 0) {
			t.Fatalf("err %v with %d problems", err, len(r.Problems))
		}
		if err != nil {
			if len(r.Observations) != 0 {
				t.Fatalf("a refused file gave %d observations", len(r.Observations))
			}
			return
		}
		seen := map[string]bool{}
		for _, o := range r.Observations {
			if (o.Country == "") == (o.Aggregate == "") || o.Year < 1950 || o.Year > 2100 {
				t.Fatalf("observation %+v", o)
			}
			if !json.Valid([]byte(o.Value)) {
				t.Fatalf("value %q is not a JSON number", o.Value)
			}
			k := o.Country + "|" + o.Aggregate + "|" + string(rune(o.Year))
			if seen[k] {
				t.Fatalf("%s %s %d twice", o.Country, o.Aggregate, o.Year)
			}
			seen[k] = true
		}
	})
}
