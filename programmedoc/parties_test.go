package programmedoc

import (
	"reflect"
	"testing"

	"github.com/elac/bitacora"
)

// newTestParser returns a parser in the given language, with an empty
// register, for testing the party rules on their own.
func newTestParser(code string) *parser {
	p := &parser{lang: languageByCode(code), codes: map[string]int{}}
	p.orderLanguages()
	p.parties = newRegister(p)
	return p
}

func TestSplitParties(t *testing.T) {
	tests := []struct {
		lang string
		in   string
		want []string
	}{
		{"es", "Internet Society (ISOC) y Alianza para el Internet Asequible (A4AI)",
			[]string{"Internet Society (ISOC)", "Alianza para el Internet Asequible (A4AI)"}},
		{"es", "Asociación Interamericana de Empresas de Telecomunicaciones (ASIET), GSM Association (GSMA)",
			[]string{"Asociación Interamericana de Empresas de Telecomunicaciones (ASIET)", "GSM Association (GSMA)"}},
		{"es", "CEPAL y ASIET", []string{"CEPAL", "ASIET"}},
		{"es", "Asociación para el Progreso de las Comunicaciones (APC) e ISOC",
			[]string{"Asociación para el Progreso de las Comunicaciones (APC)", "ISOC"}},
		{"es", "ISOC y Registro de Direcciones de Internet para América Latina y el Caribe (LACNIC)",
			[]string{"ISOC", "Registro de Direcciones de Internet para América Latina y el Caribe (LACNIC)"}},
		{"es", "Banco de Desarrollo de América Latina (CAF), CEPAL y GSMA",
			[]string{"Banco de Desarrollo de América Latina (CAF)", "CEPAL", "GSMA"}},
		{"es", "Grupo de Trabajo sobre Acceso e Infraestructura Digital (Paraguay)",
			[]string{"Grupo de Trabajo sobre Acceso e Infraestructura Digital (Paraguay)"}},
		{"es", "Grupo de Trabajo sobre Cultura, Inclusión y Habilidades Digitales (México)",
			[]string{"Grupo de Trabajo sobre Cultura, Inclusión y Habilidades Digitales (México)"}},
		{"es", "Grupo de Trabajo sobre Transformación Digital y Economía Digital (Colombia)",
			[]string{"Grupo de Trabajo sobre Transformación Digital y Economía Digital (Colombia)"}},
		{"es", "Grupo de Trabajo sobre Mercado Digital Regional (Brasil y México)",
			[]string{"Grupo de Trabajo sobre Mercado Digital Regional (Brasil y México)"}},
		{"es", "Red de Gobierno Electrónico de América Latina y el Caribe (Red GEALC) (Panamá)",
			[]string{"Red de Gobierno Electrónico de América Latina y el Caribe (Red GEALC) (Panamá)"}},
		{"es", "Grupo de Trabajo sobre Gobernanza de Internet y de la Sociedad de la Información (Argentina y Brasil)",
			[]string{"Grupo de Trabajo sobre Gobernanza de Internet y de la Sociedad de la Información (Argentina y Brasil)"}},
		// A working group is complete only with its chair countries.
		{"es", "Grupo de Trabajo sobre TIC y Educación (Chile)", []string{"Grupo de Trabajo sobre TIC y Educación (Chile)"}},
		// A party-kind prefix starts a new party.
		{"es", "Subgrupo de Teletrabajo y Subgrupo de Marco Normativo", []string{"Subgrupo de Teletrabajo", "Subgrupo de Marco Normativo"}},
		{"es", "Países integrantes de la Red GEALC y CEPAL", []string{"Países integrantes de la Red GEALC", "CEPAL"}},
		{"es", "CEPAL; Oficina de algo y otra cosa", []string{"CEPAL", "Oficina de algo y otra cosa"}},
		{"en", "Internet Society (ISOC) and Alliance for Affordable Internet (A4AI)",
			[]string{"Internet Society (ISOC)", "Alliance for Affordable Internet (A4AI)"}},
		{"en", "Working Group on Access and Digital Infrastructure (Paraguay)", []string{"Working Group on Access and Digital Infrastructure (Paraguay)"}},
		{"en", "ECLAC and GSMA", []string{"ECLAC", "GSMA"}},
		{"pt", "Internet Society (ISOC) e Aliança para a Internet Acessível (A4AI)",
			[]string{"Internet Society (ISOC)", "Aliança para a Internet Acessível (A4AI)"}},
		{"pt", "Grupo de Trabalho sobre Acesso e Infraestrutura Digital (Paraguai)", []string{"Grupo de Trabalho sobre Acesso e Infraestrutura Digital (Paraguai)"}},
		{"fr", "CEPALC et Internet Society (ISOC)", []string{"CEPALC", "Internet Society (ISOC)"}},
	}
	for _, tt := range tests {
		p := newTestParser(tt.lang)
		if got := p.splitParties(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: splitParties(%q):\n got %q\nwant %q", tt.lang, tt.in, got, tt.want)
		}
	}
}

// TestSplitPartiesKnownName: a name this document has named is complete,
// so a separator after it splits.
func TestSplitPartiesKnownName(t *testing.T) {
	p := newTestParser("es")
	in := "Oficina de Algo y Banco Otro"
	if got := p.splitParties(in); len(got) != 1 {
		t.Fatalf("before the name is known: %q", got)
	}
	p.parties.add("Oficina de Algo", 1)
	if got := p.splitParties(in); !reflect.DeepEqual(got, []string{"Oficina de Algo", "Banco Otro"}) {
		t.Errorf("once the name is known: %q", got)
	}
}

func TestReadPartyRef(t *testing.T) {
	tests := []struct {
		lang, in string
		want     partyRef
	}{
		{"es", "Red de Gobierno Electrónico de América Latina y el Caribe (Red GEALC) (Panamá)", partyRef{
			name: "Red de Gobierno Electrónico de América Latina y el Caribe", acronym: "Red GEALC",
			countries: []string{"Panamá"}, codes: []string{"PA"}, kind: bitacora.KindNetwork}},
		{"es", "Grupo de Trabajo sobre Mercado Digital Regional (Brasil y México)", partyRef{
			name: "Grupo de Trabajo sobre Mercado Digital Regional", countries: []string{"Brasil", "México"},
			codes: []string{"BR", "MX"}, kind: bitacora.KindWorkingGroup}},
		{"es", "Grupo de Trabajo X (Antigua y Barbuda, Trinidad y Tabago y Bolivia (Estado Plurinacional de))", partyRef{
			name: "Grupo de Trabajo X", countries: []string{"Antigua y Barbuda", "Trinidad y Tabago", "Bolivia (Estado Plurinacional de)"},
			codes: []string{"AG", "TT", "BO"}, kind: bitacora.KindWorkingGroup}},
		{"es", "Programa de Capacitación en Ecosistema Digital (CE-Digital)", partyRef{
			name: "Programa de Capacitación en Ecosistema Digital", acronym: "CE-Digital", kind: bitacora.KindOrganisation}},
		{"es", "CEPAL", partyRef{name: "CEPAL", acronym: "CEPAL", bare: true, kind: bitacora.KindOrganisation}},
		{"es", "Red GEALC", partyRef{name: "Red GEALC", acronym: "Red GEALC", bare: true, kind: bitacora.KindNetwork}},
		{"es", "Subgrupo de Teletrabajo", partyRef{name: "Subgrupo de Teletrabajo", kind: bitacora.KindSubGroup}},
		{"es", "Presidencia de la Red GEALC (Panamá)", partyRef{name: "Presidencia de la Red GEALC", countries: []string{"Panamá"},
			codes: []string{"PA"}, kind: bitacora.KindChair, target: "Red GEALC"}},
		{"es", "Presidencia del Grupo de Trabajo sobre Algo", partyRef{name: "Presidencia del Grupo de Trabajo sobre Algo",
			kind: bitacora.KindChair, target: "Grupo de Trabajo sobre Algo"}},
		{"es", "Países que componen la Red GEALC", partyRef{name: "Países que componen la Red GEALC",
			kind: bitacora.KindCountryGroup, target: "Red GEALC"}},
		{"es", "Países miembros de la Red de Gobierno Electrónico (Red GEALC)", partyRef{
			name: "Países miembros de la Red de Gobierno Electrónico (Red GEALC)", kind: bitacora.KindCountryGroup,
			target: "Red de Gobierno Electrónico", targetAcronym: "Red GEALC"}},
		{"es", "Oficina (sede de Santiago)", partyRef{name: "Oficina (sede de Santiago)", kind: bitacora.KindOrganisation}},
		{"en", "Member countries of the Red GEALC", partyRef{name: "Member countries of the Red GEALC",
			kind: bitacora.KindCountryGroup, target: "Red GEALC"}},
		{"en", "Working Group on Digital Market (Brazil and Mexico)", partyRef{name: "Working Group on Digital Market",
			countries: []string{"Brazil", "Mexico"}, codes: []string{"BR", "MX"}, kind: bitacora.KindWorkingGroup}},
		{"pt", "Presidência da Rede GEALC (Panamá)", partyRef{name: "Presidência da Rede GEALC", countries: []string{"Panamá"},
			codes: []string{"PA"}, kind: bitacora.KindChair, target: "Rede GEALC"}},
		{"pt", "Países membros da Rede GEALC", partyRef{name: "Países membros da Rede GEALC", kind: bitacora.KindCountryGroup, target: "Rede GEALC"}},
		{"pt", "Subgrupo de Teletrabalho", partyRef{name: "Subgrupo de Teletrabalho", kind: bitacora.KindSubGroup}},
		{"fr", "Présidence du Réseau GEALC (Panama)", partyRef{name: "Présidence du Réseau GEALC", countries: []string{"Panama"},
			codes: []string{"PA"}, kind: bitacora.KindChair, target: "Réseau GEALC"}},
		{"fr", "Pays membres de l'Alliance du Pacifique", partyRef{name: "Pays membres de l'Alliance du Pacifique",
			kind: bitacora.KindCountryGroup, target: "Alliance du Pacifique"}},
		{"fr", "Groupe de travail sur l'accès (Haïti et Jamaïque)", partyRef{name: "Groupe de travail sur l'accès",
			countries: []string{"Haïti", "Jamaïque"}, codes: []string{"HT", "JM"}, kind: bitacora.KindWorkingGroup}},
	}
	for _, tt := range tests {
		p := newTestParser(tt.lang)
		if got := p.readPartyRef(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: readPartyRef(%q):\n got %+v\nwant %+v", tt.lang, tt.in, got, tt.want)
		}
	}
}

func TestMatchCountries(t *testing.T) {
	tests := []struct {
		in    string
		names []string
		codes []string
	}{
		{"Paraguay", []string{"Paraguay"}, []string{"PY"}},
		{"Argentina y Brasil", []string{"Argentina", "Brasil"}, []string{"AR", "BR"}},
		{"Argentina, Brasil, y Chile", []string{"Argentina", "Brasil", "Chile"}, []string{"AR", "BR", "CL"}},
		{"mexico/PANAMA", []string{"mexico", "PANAMA"}, []string{"MX", "PA"}},
		{"Saint Vincent and the Grenadines", []string{"Saint Vincent and the Grenadines"}, []string{"VC"}},
		{"ISOC", nil, nil},
		{"Brasil y ISOC", nil, nil},
		{"Brasil y", nil, nil},
		{"sede de Santiago", nil, nil},
	}
	for _, tt := range tests {
		names, codes, ok := matchCountries(tt.in)
		if !reflect.DeepEqual(names, tt.names) || !reflect.DeepEqual(codes, tt.codes) || ok != (tt.names != nil) {
			t.Errorf("matchCountries(%q) = %q %q %v", tt.in, names, codes, ok)
		}
	}
}

func TestRegister(t *testing.T) {
	src := lines(
		"ÁREA DE ACCIÓN 1. UNO",
		"Objetivo\tActividades\tResponsable\tCorresponsable",
		"1. Uno\t1.1 A\tCEPAL\tISOC", // 3: acronyms before their definition
		"\t1.2 B\tComisión Económica para América Latina y el Caribe (CEPAL)\tInternet Society (ISOC)", // 4
		"\t1.3 C\tcomision economica  para America Latina y el Caribe\tPaíses que componen la Red GX",  // 5: country group before its network
		"\t1.4 D\tRed de Algo (Red GX) (Chile)\tPaíses integrantes de la Red GX",                       // 6
		"\t1.5 E\tPresidencia de la Red GX (Chile)\tRed GX",                                            // 7
		"\t1.6 F\tGrupo de Trabajo sobre Algo (Chile)\tGrupo de Trabajo sobre Algo (Perú)",             // 8
		"\t1.7 G\tForo A-B (Chile)\tForo A B",                                                          // 9
	)
	d := mustParse(t, src)
	cepal := party(t, d, "cepal")
	if cepal.Name != "Comisión Económica para América Latina y el Caribe" || cepal.Acronym != "CEPAL" ||
		!reflect.DeepEqual(cepal.Aliases, []string{"CEPAL", "comision economica para America Latina y el Caribe"}) || cepal.Source.Line != 3 {
		t.Errorf("cepal %+v", cepal)
	}
	isoc := party(t, d, "isoc")
	if isoc.Name != "Internet Society" || !reflect.DeepEqual(isoc.Aliases, []string{"ISOC"}) {
		t.Errorf("isoc %+v", isoc)
	}
	group := party(t, d, "paises-que-componen-la-red-gx")
	if group.Kind != bitacora.KindCountryGroup || group.Parent != "red-gx" || !reflect.DeepEqual(group.Aliases, []string{"Países integrantes de la Red GX"}) {
		t.Errorf("country group %+v", group)
	}
	chair := party(t, d, "presidencia-de-la-red-gx")
	if chair.Kind != bitacora.KindChair || chair.Parent != "red-gx" || !reflect.DeepEqual(chair.CountryCodes, []string{"CL"}) {
		t.Errorf("chair %+v", chair)
	}
	if a := activity(t, d, "1.5"); !reflect.DeepEqual(a.CoResponsible, []string{"red-gx"}) {
		t.Errorf("1.5 co %v: the bare acronym is the network", a.CoResponsible)
	}
	warningAt(t, d, 8, `"Grupo de Trabajo sobre Algo" is written with the countries Perú here and Chile at line 8`)
	// Two parties whose slugs collide keep distinct ids.
	foro := party(t, d, "foro-a-b")
	foro2 := party(t, d, "foro-a-b-2")
	if foro.Name != "Foro A-B" || foro2.Name != "Foro A B" {
		t.Errorf("foro-a-b %+v foro-a-b-2 %+v", foro, foro2)
	}
	warningAt(t, d, 9, `party id "foro-a-b" is taken by "Foro A-B": "Foro A B" gets "foro-a-b-2"`)
	for i, p := range d.Parties {
		if i > 0 && d.Parties[i-1].Source.Line > p.Source.Line {
			t.Errorf("parties out of order of first appearance: %s after %s", p.ID, d.Parties[i-1].ID)
		}
	}
}

// TestRegisterMerge: a name and an acronym first written apart, then
// together, are one party.
func TestRegisterMerge(t *testing.T) {
	src := lines(
		"ÁREA DE ACCIÓN 1. UNO",
		"Objetivo\tActividades\tResponsable\tCorresponsable",
		"1. Uno\t1.1 A\tInternet Society\tISOC",
		"\t1.2 B\tInternet Society (ISOC)\t",
		"\t1.3 C\tPaíses miembros de la Alianza del Pacífico\tNo se aplica",
	)
	d := mustParse(t, src)
	warningAt(t, d, 4, `"Internet Society" and "ISOC" read as one party`)
	warningAt(t, d, 5, `refers to "Alianza del Pacífico", which this document does not name as a party`)
	if a := activity(t, d, "1.1"); !reflect.DeepEqual(a.Responsible, []string{"isoc"}) || !reflect.DeepEqual(a.CoResponsible, []string{"isoc"}) {
		t.Errorf("1.1 %v %v", a.Responsible, a.CoResponsible)
	}
	if len(d.Parties) != 2 {
		t.Errorf("parties %+v", d.Parties)
	}
}

func TestRegisterAcronymConflict(t *testing.T) {
	src := lines(
		"ÁREA DE ACCIÓN 1. UNO",
		"Objetivo\tActividades\tResponsable\tCorresponsable",
		"1. Uno\t1.1 A\tInternet Society (ISOC)\tNo se aplica",
		"\t1.2 B\tInternet Society (ISC)\t", // 4
	)
	d := mustParse(t, src)
	warningAt(t, d, 4, `"Internet Society" is written with the acronym "ISC" here and "ISOC" at line 3: read as one party`)
	if len(d.Parties) != 1 || d.Parties[0].ID != "isoc" {
		t.Errorf("parties %+v", d.Parties)
	}
}
