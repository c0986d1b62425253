package programmedoc

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/elac/bitacora"
)

// The same rules, read from the labels of other languages: an English, a
// Portuguese and a French programme, each exercising the header, repeated
// header rows, merged cells, nobody words, conjunctions, glued
// deliverables, "–" components, split activity codes, footnotes, chairs
// and country groups.

var englishProgramme = lines(
	"Distr.",
	"LIMITED",
	"LC/TS.2018/60",
	"24 August 2018",
	"ORIGINAL: ENGLISH",
	"18-00720",
	"",
	"Digital Agenda for Latin America and the Caribbean (eLAC2020)",
	"",
	"Santiago, 13 July 2018",
	"",
	"**PROGRAMME OF REGIONAL COOPERATION ACTIVITIES",
	"OF THE DIGITAL AGENDA, 2018-2020**",
	"",
	"The programme of activities was drawn up by the Bureau and the coordinators of the working groups.",
	"",
	"ACTION AREA 1. DIGITAL INFRASTRUCTURE", // 17
	"",
	"Objective\tActivities\tResponsible\tCo-responsible",
	"1. Promote broadband plans\t1.1. Identify and discuss policies\tWorking Group on Access and Digital Infrastructure (Paraguay)\tInternet Society (ISOC) and Alliance for Affordable Internet (A4AI)",
	"\t1.2. Foster regional dialogue on broadband Report on the state of broadband in Latin America and the Caribbean\t\tECLAC and ISOC", // 21
	"",
	"Objective\tActivities\tResponsible\tCo-responsible",
	"\t1.3 Study local access networks – Workshop on community networks – Study of spectrum\t\tAssociation for Progressive Communications (APC) and ISOC",
	"",
	"ACTION AREA 2. DIGITAL GOVERNMENT", // 26
	"",
	"Objective\tActivities\tResponsible\tCo-responsible",
	"2. Establish digital service standards\t2.1 Identify priority sectors 2.2 Review a regional standard\tNetwork of e-Government Leaders of Latin America and the Caribbean (Red GEALC) (Panama) ^a\tMember countries of the Red GEALC",
	"3. Promote open government\t3.1 Publish open data sets\t\tNot applicable",
	"",
	"^aWill rotate with the presidency of the Red GEALC",
	"",
	"ACTION AREA 3. EMERGING TECHNOLOGIES",
	"",
	"Objective\tActivities\tResponsible\tCo-responsible",
	"4. Promote data-driven policies\t4.1 Develop the big data project\tPresidency of the Red GEALC (Panama)\tCountries of the Red GEALC",
	"5. Promote digital financial services\t5.1 Identify barriers to e-payments\tWorking Group on Digital Market (Brazil and Mexico)\tN/A",
)

func TestEnglishProgramme(t *testing.T) {
	d := mustParse(t, englishProgramme)
	if len(d.Warnings) != 1 {
		t.Errorf("warnings:\n%s", formatWarnings(d.Warnings))
	}
	warningAt(t, d, 21, "activity 1.2", `"Report on the state of broadband…" read as a deliverable glued`)
	p := d.Programme
	if p.Language != "en" || p.Issued != "2018-08-24" || p.Adopted != "2018-07-13" || p.Place != "Santiago" || p.Distribution != "LIMITED" ||
		p.Title != "PROGRAMME OF REGIONAL COOPERATION ACTIVITIES OF THE DIGITAL AGENDA, 2018-2020" || p.StartYear != 2018 || p.Slug != "elac2020" ||
		len(p.Preamble) != 1 {
		t.Errorf("programme %+v", p)
	}
	checkActivities(t, d, []activityCheck{
		{"1.1", "Identify and discuss policies", nil, []string{"working-group-on-access-and-digital-infrastructure"}, []string{"isoc", "a4ai"}, 0},
		{"1.2", "Foster regional dialogue on broadband", []string{"Report on the state of broadband in Latin America and the Caribbean"},
			[]string{"working-group-on-access-and-digital-infrastructure"}, []string{"eclac", "isoc"}, 0},
		{"1.3", "Study local access networks", []string{"Workshop on community networks", "Study of spectrum"},
			[]string{"working-group-on-access-and-digital-infrastructure"}, []string{"apc", "isoc"}, 0},
		{"2.1", "Identify priority sectors", nil, []string{"red-gealc"}, []string{"member-countries-of-the-red-gealc"}, 1},
		{"2.2", "Review a regional standard", nil, []string{"red-gealc"}, []string{"member-countries-of-the-red-gealc"}, 1},
		{"3.1", "Publish open data sets", nil, []string{"red-gealc"}, []string{}, 1},
		{"4.1", "Develop the big data project", nil, []string{"presidency-of-the-red-gealc"}, []string{"member-countries-of-the-red-gealc"}, 0},
		{"5.1", "Identify barriers to e-payments", nil, []string{"working-group-on-digital-market"}, []string{}, 0},
	})
	checkParty(t, d, bitacora.Party{ID: "red-gealc", Name: "Network of e-Government Leaders of Latin America and the Caribbean",
		Acronym: "Red GEALC", Kind: bitacora.KindNetwork, Countries: []string{"Panama"}, CountryCodes: []string{"PA"}, Aliases: []string{},
		Source: bitacora.Lines(29, 29)})
	checkParty(t, d, bitacora.Party{ID: "member-countries-of-the-red-gealc", Name: "Member countries of the Red GEALC",
		Kind: bitacora.KindCountryGroup, Parent: "red-gealc", Countries: []string{}, CountryCodes: []string{},
		Aliases: []string{"Countries of the Red GEALC"}, Source: bitacora.Lines(29, 29)})
	checkParty(t, d, bitacora.Party{ID: "presidency-of-the-red-gealc", Name: "Presidency of the Red GEALC", Kind: bitacora.KindChair,
		Parent: "red-gealc", Countries: []string{"Panama"}, CountryCodes: []string{"PA"}, Aliases: []string{}, Source: bitacora.Lines(37, 37)})
	checkParty(t, d, bitacora.Party{ID: "working-group-on-digital-market", Name: "Working Group on Digital Market",
		Kind: bitacora.KindWorkingGroup, Countries: []string{"Brazil", "Mexico"}, CountryCodes: []string{"BR", "MX"}, Aliases: []string{},
		Source: bitacora.Lines(38, 38)})

	var md bytes.Buffer
	if err := WriteMarkdown(&md, d); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"ORIGINAL: ENGLISH", "24 August 2018", "Santiago, 13 July 2018", "## ACTION AREA 2. DIGITAL GOVERNMENT",
		"| Objective | Activities | Responsible | Co-responsible |", "| Not applicable |",
		"Association for Progressive Communications (APC) and Internet Society (ISOC)",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
}

var portugueseProgramme = lines(
	"Distr.",
	"LIMITADA",
	"LC/TS.2018/60",
	"24 de agosto de 2018",
	"ORIGINAL: PORTUGUÊS",
	"18-00720",
	"",
	"Agenda Digital para a América Latina e o Caribe (eLAC2020)",
	"",
	"Santiago, 13 de julho de 2018",
	"",
	"**PROGRAMA DE ATIVIDADES DE COOPERAÇÃO REGIONAL, 2018-2020**",
	"",
	"ÁREA DE AÇÃO 1. INFRAESTRUTURA DIGITAL", // 14
	"",
	"Objetivo\tAtividades\tResponsável\tCorresponsável",
	"1. Fomentar planos de banda larga\t1.1. Identificar e analisar políticas\tGrupo de Trabalho sobre Acesso e Infraestrutura Digital (Paraguai)\tInternet Society (ISOC) e Aliança para a Internet Acessível (A4AI)",
	"\t1.2. Favorecer o diálogo regional sobre banda larga Relatório anual sobre a banda larga\t\tCEPAL e ISOC", // 18
	"2. Impulsionar o teletrabalho\t<p>2.1 Promover o teletrabalho</p> <ul><li>Oficina regional</li><li>Estudo de caso</li></ul>\t\tSubgrupo de Teletrabalho",
	"",
	"Objetivo\tAtividades\tResponsável\tCorresponsável",
	"\t2.2 Desenvolver capacidades 2.3 Medir o teletrabalho\t\tNão se aplica",
	"",
	"ÁREA DE AÇÃO 2. GOVERNO DIGITAL",
	"",
	"Objetivo\tAtividades\tResponsável\tCorresponsável",
	"3. Fortalecer a cooperação\t3.1 Apoiar a rede\tRede de Governo Eletrônico da América Latina e do Caribe (Rede GEALC) (Panamá) ^a\tPaíses integrantes da Rede GEALC",
	"4. Promover dados abertos\t4.1 Publicar dados\tPresidência da Rede GEALC (Panamá)\tPaíses membros da Rede GEALC",
	"",
	"^aRodará de acordo com a presidência da Rede GEALC",
)

func TestPortugueseProgramme(t *testing.T) {
	d := mustParse(t, portugueseProgramme)
	if len(d.Warnings) != 1 {
		t.Errorf("warnings:\n%s", formatWarnings(d.Warnings))
	}
	warningAt(t, d, 18, "activity 1.2", `"Relatório anual sobre a banda larga" read as a deliverable glued`)
	p := d.Programme
	if p.Language != "pt" || p.Adopted != "2018-07-13" || p.Issued != "2018-08-24" || p.EndYear != 2020 {
		t.Errorf("programme %+v", p)
	}
	gt := "grupo-de-trabalho-sobre-acesso-e-infraestrutura-digital"
	checkActivities(t, d, []activityCheck{
		{"1.1", "Identificar e analisar políticas", nil, []string{gt}, []string{"isoc", "a4ai"}, 0},
		{"1.2", "Favorecer o diálogo regional sobre banda larga", []string{"Relatório anual sobre a banda larga"}, []string{gt}, []string{"cepal", "isoc"}, 0},
		{"2.1", "Promover o teletrabalho", []string{"Oficina regional", "Estudo de caso"}, []string{gt}, []string{"subgrupo-de-teletrabalho"}, 0},
		{"2.2", "Desenvolver capacidades", nil, []string{gt}, []string{}, 0},
		{"2.3", "Medir o teletrabalho", nil, []string{gt}, []string{}, 0},
		{"3.1", "Apoiar a rede", nil, []string{"rede-gealc"}, []string{"paises-integrantes-da-rede-gealc"}, 1},
		{"4.1", "Publicar dados", nil, []string{"presidencia-da-rede-gealc"}, []string{"paises-integrantes-da-rede-gealc"}, 0},
	})
	checkParty(t, d, bitacora.Party{ID: "paises-integrantes-da-rede-gealc", Name: "Países integrantes da Rede GEALC",
		Kind: bitacora.KindCountryGroup, Parent: "rede-gealc", Countries: []string{}, CountryCodes: []string{},
		Aliases: []string{"Países membros da Rede GEALC"}, Source: bitacora.Lines(27, 27)})
	checkParty(t, d, bitacora.Party{ID: "grupo-de-trabalho-sobre-acesso-e-infraestrutura-digital",
		Name: "Grupo de Trabalho sobre Acesso e Infraestrutura Digital", Kind: bitacora.KindWorkingGroup,
		Countries: []string{"Paraguai"}, CountryCodes: []string{"PY"}, Aliases: []string{}, Source: bitacora.Lines(17, 17)})
	if r := party(t, d, "rede-gealc"); r.Kind != bitacora.KindNetwork {
		t.Errorf("rede-gealc kind %s", r.Kind)
	}
	if c := party(t, d, "presidencia-da-rede-gealc"); c.Kind != bitacora.KindChair || c.Parent != "rede-gealc" {
		t.Errorf("chair %+v", c)
	}
}

var frenchProgramme = lines(
	"ORIGINAL : FRANÇAIS",
	"",
	"Agenda numérique pour l'Amérique latine et les Caraïbes (eLAC2020)",
	"",
	"Santiago, 13 juillet 2018",
	"",
	"**PROGRAMME D’ACTIVITÉS DE COOPÉRATION RÉGIONALE, 2018-2020**",
	"",
	"DOMAINE D’ACTION 1. INFRASTRUCTURE NUMÉRIQUE", // 9
	"Objectif\tActivités\tResponsable\tCoresponsable",
	"1. Promouvoir le haut débit\t1.1 Identifier les politiques\tGroupe de travail sur l'accès (Haïti)\tCEPALC et Internet Society (ISOC)",
	"\t1.2 Favoriser le dialogue régional Rapport annuel sur le haut débit\t\tSans objet", // 12
	"2. Gouvernement numérique\t2.1 Adapter des solutions\tRéseau de gouvernement électronique (Réseau GEALC) (Panama)\tPays membres du Réseau GEALC",
	"\t2.2 Appuyer la présidence\tPrésidence du Réseau GEALC (Panama)\t",
)

func TestFrenchProgramme(t *testing.T) {
	d := mustParse(t, frenchProgramme)
	warningAt(t, d, 12, "activity 1.2", `"Rapport annuel sur le haut débit" read as a deliverable glued`)
	warningAt(t, d, 1, "no document symbol")
	if d.Programme.Language != "fr" || d.Programme.Adopted != "2018-07-13" {
		t.Errorf("programme %+v", d.Programme)
	}
	gt := "groupe-de-travail-sur-l-acces"
	checkActivities(t, d, []activityCheck{
		{"1.1", "Identifier les politiques", nil, []string{gt}, []string{"cepalc", "isoc"}, 0},
		{"1.2", "Favoriser le dialogue régional", []string{"Rapport annuel sur le haut débit"}, []string{gt}, []string{}, 0},
		{"2.1", "Adapter des solutions", nil, []string{"reseau-gealc"}, []string{"pays-membres-du-reseau-gealc"}, 0},
		{"2.2", "Appuyer la présidence", nil, []string{"presidence-du-reseau-gealc"}, []string{"pays-membres-du-reseau-gealc"}, 0},
	})
	if c := party(t, d, "presidence-du-reseau-gealc"); c.Kind != bitacora.KindChair || c.Parent != "reseau-gealc" {
		t.Errorf("chair %+v", c)
	}
	if c := party(t, d, "pays-membres-du-reseau-gealc"); c.Kind != bitacora.KindCountryGroup || c.Parent != "reseau-gealc" {
		t.Errorf("country group %+v", c)
	}
	if g := party(t, d, gt); !reflect.DeepEqual(g.CountryCodes, []string{"HT"}) || g.Kind != bitacora.KindWorkingGroup {
		t.Errorf("working group %+v", g)
	}
}

type activityCheck struct {
	code, text string
	components []string
	resp, co   []string
	notes      int
}

func checkActivities(t *testing.T, d *bitacora.Document, want []activityCheck) {
	t.Helper()
	if n := d.CountActivities(); n != len(want) {
		t.Errorf("%d activities, want %d", n, len(want))
	}
	for _, w := range want {
		a := activity(t, d, w.code)
		if a.Text != w.text || !reflect.DeepEqual(a.Components, nonNil(w.components)) || !reflect.DeepEqual(a.Responsible, w.resp) ||
			!reflect.DeepEqual(a.CoResponsible, w.co) || len(a.Notes) != w.notes {
			t.Errorf("activity %s:\n got %q %q %v %v notes %q\nwant %q %q %v %v %d notes",
				w.code, a.Text, a.Components, a.Responsible, a.CoResponsible, a.Notes, w.text, w.components, w.resp, w.co, w.notes)
		}
	}
}

func checkParty(t *testing.T, d *bitacora.Document, want bitacora.Party) {
	t.Helper()
	if got := party(t, d, want.ID); !reflect.DeepEqual(*got, want) {
		t.Errorf("party %s:\n got %+v\nwant %+v", want.ID, *got, want)
	}
}
