package bitacora_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/programmedoc"
)

func parseSeed(t *testing.T, edit func(string) string) *bitacora.Document {
	t.Helper()
	src, err := os.ReadFile("seed/elac2020.txt")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := programmedoc.Parse([]byte(edit(string(src))), programmedoc.Options{Slug: "elac2020"})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func identities(doc *bitacora.Document) map[string]string {
	ids := map[string]string{}
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				ids[act.Code] = "id-" + act.Code
			}
		}
	}
	return ids
}

func TestMatchEditionOfTheSameDocumentChangesNothing(t *testing.T) {
	doc := parseSeed(t, func(s string) string { return s })
	if changes := bitacora.MatchEdition(doc, doc, "LC/TS.2018/60"); len(changes) != 0 {
		t.Fatalf("%d changes between a document and itself: %+v", len(changes), changes[0])
	}
}

// A new edition that reassigns 1.4, adds 1.6, rewords 2.1 and swaps the
// numbers of 4.4 and 4.5: the changes it yields apply cleanly, keep each
// activity's identity, and give the edition.
func TestMatchEdition(t *testing.T) {
	current := parseSeed(t, func(s string) string { return s })
	edition := parseSeed(t, func(s string) string {
		s = strings.Replace(s, "\t1.4. Realizar un estudio en que se examinen los servicios 5G, especialmente en relación con los desafíos en la asignación del espectro radioeléctrico y las políticas de banda ancha móvil y se formulen recomendaciones al respecto\t\tASIET",
			"\t1.4. Realizar un estudio en que se examinen los servicios 5G, especialmente en relación con los desafíos en la asignación del espectro radioeléctrico y las políticas de banda ancha móvil y se formulen recomendaciones al respecto\tCEPAL\tASIET", 1)
		s = strings.Replace(s, "\t1.5. Investigar alternativas viables de redes de acceso local y comunitario\t\tAsociación para el Progreso de las Comunicaciones (APC) e ISOC",
			"\t1.5. Investigar alternativas viables de redes de acceso local y comunitario\tGrupo de Trabajo sobre Acceso e Infraestructura Digital (Paraguay)\tAsociación para el Progreso de las Comunicaciones (APC) e ISOC\n\t1.6. Crear un observatorio regional de la banda ancha\t\tCEPAL", 1)
		s = strings.Replace(s, "2.1. Identificar y difundir buenas prácticas y recomendaciones de proyectos locales, regionales e internacionales",
			"2.1. Identificar, documentar y difundir buenas prácticas y recomendaciones de proyectos locales, regionales e internacionales", 1)
		s = strings.Replace(s, "4.4 Identificar barreras", "4.X Identificar barreras", 1)
		s = strings.Replace(s, "4.5 Identificar metodologías", "4.4 Identificar metodologías", 1)
		return strings.Replace(s, "4.X Identificar barreras", "4.5 Identificar barreras", 1)
	})
	changes := bitacora.MatchEdition(current, edition, "edición 2019")
	for _, c := range changes {
		if !strings.HasPrefix(c.Reason, "edición 2019: ") {
			t.Errorf("a change without the edition in its reason: %+v", c)
		}
	}
	party := func(id string) *bitacora.Party {
		if p := current.Party(id); p != nil {
			return p
		}
		return edition.Party(id)
	}
	ids := identities(current)
	got, gotIDs, err := bitacora.ApplyChanges(current, ids, changes, party)
	if err != nil {
		t.Fatalf("the matched changes do not apply: %v\n%+v", err, changes)
	}
	for _, code := range []string{"1.4", "1.6", "2.1", "4.4", "4.5"} {
		g, e := got.Activity(code), edition.Activity(code)
		if g == nil || e == nil || g.Text != e.Text || !slices.Equal(g.Responsible, e.Responsible) || !slices.Equal(g.CoResponsible, e.CoResponsible) {
			t.Errorf("%s after the changes: %+v; the edition has %+v", code, g, e)
		}
	}
	if gotIDs["4.4"] != ids["4.5"] || gotIDs["4.5"] != ids["4.4"] {
		t.Errorf("the swapped activities lost their identity: 4.4 is %s, 4.5 is %s", gotIDs["4.4"], gotIDs["4.5"])
	}
	if gotIDs["2.1"] != ids["2.1"] || !strings.HasPrefix(gotIDs["1.6"], "new:") {
		t.Errorf("identities: 2.1 %s, 1.6 %s", gotIDs["2.1"], gotIDs["1.6"])
	}
	if got.CountActivities() != 54 {
		t.Errorf("%d activities; want 54", got.CountActivities())
	}
}

func TestSimilarity(t *testing.T) {
	for _, tc := range []struct {
		a, b     string
		min, max float64
	}{
		{"Identificar y difundir buenas prácticas", "identificar y difundir buenas practicas", 1, 1},
		{"Identificar y difundir buenas prácticas", "Publicar dos conjuntos regionales de datos abiertos", 0, 0.1},
		{"Desarrollar un estudio sobre identidad electrónica", "Desarrollar un estudio sobre compras", 0.5, 0.8},
		{"", "", 1, 1},
	} {
		if s := bitacora.Similarity(tc.a, tc.b); s < tc.min || s > tc.max {
			t.Errorf("Similarity(%q, %q) = %.2f; want %.2f–%.2f", tc.a, tc.b, s, tc.min, tc.max)
		}
	}
}
