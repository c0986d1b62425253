package chart

import (
	"encoding/xml"
	"strings"
	"testing"
)

// A chart is well-formed SVG labelled for screen readers by its title and
// description, draws one point per year given and each mark, and escapes
// the text it is given.
func TestLine(t *testing.T) {
	svg := Line([]Point{{2015, 10.6}, {2016, 11.4}, {2019, 13.9}}, Options{ID: "c1", Title: "Banda ancha <fija>", Desc: "De 10,6 a 13,9",
		Unit: "por 100", Marks: []Mark{{Label: "Meta 2020: 20", Point: Point{2020, 20}}}})
	var doc struct {
		XMLName xml.Name
		Role    string `xml:"role,attr"`
		Labels  string `xml:"aria-labelledby,attr"`
		Title   struct {
			ID   string `xml:"id,attr"`
			Text string `xml:",chardata"`
		} `xml:"title"`
		Circles []struct{} `xml:"circle"`
		Marks   []struct{} `xml:"g"`
	}
	if err := xml.Unmarshal(svg, &doc); err != nil {
		t.Fatalf("not XML: %v\n%s", err, svg)
	}
	if doc.XMLName.Local != "svg" || doc.Role != "img" || doc.Labels != "c1-title c1-desc" || doc.Title.ID != "c1-title" || doc.Title.Text != "Banda ancha <fija>" {
		t.Errorf("labels: %+v", doc)
	}
	if len(doc.Circles) != 3 || len(doc.Marks) != 1 {
		t.Errorf("%d points and %d marks; want 3 and 1", len(doc.Circles), len(doc.Marks))
	}
	if !strings.Contains(string(svg), `<desc id="c1-desc">De 10,6 a 13,9</desc>`) {
		t.Errorf("no description: %s", svg)
	}
	// No points at all, or one: still a drawing, never a division by zero.
	for _, pts := range [][]Point{nil, {{2019, 0}}} {
		if err := xml.Unmarshal(Line(pts, Options{ID: "e"}), new(struct{})); err != nil {
			t.Errorf("%v: %v", pts, err)
		}
		if s := string(Line(pts, Options{ID: "e"})); strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
			t.Errorf("%v: %s", pts, s)
		}
	}
}
