package web

import (
	"testing"

	"github.com/elac/bitacora"
)

func TestDisplayTitle(t *testing.T) {
	t.Parallel()
	doc := &bitacora.Document{Areas: []bitacora.Area{{Objectives: []bitacora.Objective{{
		Text: "Promover la infraestructura digital en América Latina y el Caribe, con la sociedad de la información y la Agenda Digital",
	}}}}}
	for in, want := range map[string]string{
		"INFRAESTRUCTURA DIGITAL":                             "Infraestructura digital",
		"GOBERNANZA PARA LA SOCIEDAD DE LA INFORMACIÓN":       "Gobernanza para la sociedad de la información",
		"PROGRAMA PARA AMÉRICA LATINA Y EL CARIBE, 2018-2020": "Programa para América Latina y el Caribe, 2018-2020",
		"Already in sentence case":                            "Already in sentence case",
		"2018-2020":                                           "2018-2020",
		"":                                                    "",
	} {
		if got := displayTitle(doc, in); got != want {
			t.Errorf("displayTitle(%q) = %q; want %q", in, got, want)
		}
	}
}
