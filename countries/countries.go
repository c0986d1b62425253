// Package countries is the ISO 3166-1 list of countries as statistical
// sources write them (alpha-2, alpha-3, numeric code, English short name),
// kept in the repository as iso3166.csv (taken from Debian's iso-codes),
// with the 33 Latin American and Caribbean member States of ECLAC marked
// and named in the programme's four languages. Statistical data is keyed
// by alpha-3; the programme documents and the register name the chair
// countries, whose alpha-2 codes map onto the list.
package countries

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"sort"
	"strings"
)

// Country is a country (or territory) of ISO 3166-1.
type Country struct {
	Alpha2  string `json:"alpha2"`
	Alpha3  string `json:"alpha3"`
	Numeric string `json:"numeric"`
	Name    string `json:"name"` // the English short name
	// Member is true for the 33 ECLAC member States of Latin America and
	// the Caribbean.
	Member bool `json:"eclac_member"`
	// Names are a member's names by language, the first the usual one
	// (nil for any other country).
	Names map[string][]string `json:"-"`
}

// NameIn is the country's usual name in the language, else its English
// short name.
func (c Country) NameIn(lang string) string {
	if ns := c.Names[lang]; len(ns) > 0 {
		return ns[0]
	}
	return c.Name
}

// Member is an ECLAC member State of Latin America and the Caribbean, by
// its alpha-2 code, with the names the documents use for it, by language.
type Member struct {
	Code  string
	Names map[string][]string
}

//go:embed iso3166.csv
var iso3166 []byte

var (
	all      []Country
	byAlpha2 = map[string]int{}
	byAlpha3 = map[string]int{}
)

func init() {
	rows, err := csv.NewReader(bytes.NewReader(iso3166)).ReadAll()
	if err != nil || len(rows) < 2 {
		panic(fmt.Sprintf("countries: iso3166.csv: %v", err)) // the embedded file is ours: a test reads it
	}
	names := map[string]map[string][]string{}
	for _, m := range members {
		names[m.Code] = m.Names
	}
	for _, r := range rows[1:] {
		c := Country{Alpha2: r[0], Alpha3: r[1], Numeric: r[2], Name: r[3], Member: r[4] == "member"}
		if c.Member {
			c.Names = names[c.Alpha2]
		}
		byAlpha2[c.Alpha2] = len(all)
		byAlpha3[c.Alpha3] = len(all)
		all = append(all, c)
	}
}

// All returns every country of ISO 3166-1, by alpha-3 code.
func All() []Country { return append([]Country(nil), all...) }

// Members returns the 33 member States, by alpha-3 code.
func Members() []Country {
	var list []Country
	for _, c := range all {
		if c.Member {
			list = append(list, c)
		}
	}
	return list
}

// MemberNames returns the member States with their names by language, in
// the order the documents list them (for the document reader).
func MemberNames() []Member { return append([]Member(nil), members...) }

// ByAlpha3 finds a country by its alpha-3 code (any case).
func ByAlpha3(code string) (Country, bool) {
	i, ok := byAlpha3[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return Country{}, false
	}
	return all[i], true
}

// ByAlpha2 finds a country by its alpha-2 code (any case).
func ByAlpha2(code string) (Country, bool) {
	i, ok := byAlpha2[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return Country{}, false
	}
	return all[i], true
}

// SortByName sorts countries by their name in the language.
func SortByName(list []Country, lang string) {
	sort.SliceStable(list, func(i, j int) bool { return fold(list[i].NameIn(lang)) < fold(list[j].NameIn(lang)) })
}

// fold drops the accents that matter for sorting the 33 names.
func fold(s string) string {
	return strings.NewReplacer("Á", "A", "á", "a", "É", "E", "é", "e", "Í", "I", "í", "i", "Ó", "O", "ó", "o", "Ú", "U", "ú", "u", "Ñ", "N", "ñ", "n", "ô", "o", "ã", "a", "ï", "i", "ç", "c").Replace(strings.ToLower(s))
}

// members are the 33 Latin American and Caribbean member States of ECLAC.
// Names are matched ignoring case and accents, so "Mexico" finds "México".
var members = []Member{
	{"AG", map[string][]string{"es": {"Antigua y Barbuda"}, "en": {"Antigua and Barbuda"}, "pt": {"Antígua e Barbuda"}, "fr": {"Antigua-et-Barbuda"}}},
	{"AR", map[string][]string{"es": {"Argentina"}, "en": {"Argentina"}, "pt": {"Argentina"}, "fr": {"Argentine"}}},
	{"BS", map[string][]string{"es": {"Bahamas"}, "en": {"Bahamas", "the Bahamas"}, "pt": {"Bahamas"}, "fr": {"Bahamas"}}},
	{"BB", map[string][]string{"es": {"Barbados"}, "en": {"Barbados"}, "pt": {"Barbados"}, "fr": {"Barbade"}}},
	{"BZ", map[string][]string{"es": {"Belice"}, "en": {"Belize"}, "pt": {"Belize"}, "fr": {"Belize"}}},
	{"BO", map[string][]string{
		"es": {"Bolivia", "Bolivia (Estado Plurinacional de)", "Estado Plurinacional de Bolivia"},
		"en": {"Bolivia", "Bolivia (Plurinational State of)", "Plurinational State of Bolivia"},
		"pt": {"Bolívia", "Bolívia (Estado Plurinacional da)", "Estado Plurinacional da Bolívia"},
		"fr": {"Bolivie", "Bolivie (État plurinational de)", "État plurinational de Bolivie"},
	}},
	{"BR", map[string][]string{"es": {"Brasil"}, "en": {"Brazil"}, "pt": {"Brasil"}, "fr": {"Brésil"}}},
	{"CL", map[string][]string{"es": {"Chile"}, "en": {"Chile"}, "pt": {"Chile"}, "fr": {"Chili"}}},
	{"CO", map[string][]string{"es": {"Colombia"}, "en": {"Colombia"}, "pt": {"Colômbia"}, "fr": {"Colombie"}}},
	{"CR", map[string][]string{"es": {"Costa Rica"}, "en": {"Costa Rica"}, "pt": {"Costa Rica"}, "fr": {"Costa Rica"}}},
	{"CU", map[string][]string{"es": {"Cuba"}, "en": {"Cuba"}, "pt": {"Cuba"}, "fr": {"Cuba"}}},
	{"DM", map[string][]string{"es": {"Dominica"}, "en": {"Dominica"}, "pt": {"Dominica"}, "fr": {"Dominique"}}},
	{"DO", map[string][]string{"es": {"República Dominicana"}, "en": {"Dominican Republic"}, "pt": {"República Dominicana"}, "fr": {"République dominicaine"}}},
	{"EC", map[string][]string{"es": {"Ecuador"}, "en": {"Ecuador"}, "pt": {"Equador"}, "fr": {"Équateur"}}},
	{"SV", map[string][]string{"es": {"El Salvador"}, "en": {"El Salvador"}, "pt": {"El Salvador"}, "fr": {"El Salvador"}}},
	{"GD", map[string][]string{"es": {"Granada"}, "en": {"Grenada"}, "pt": {"Granada"}, "fr": {"Grenade"}}},
	{"GT", map[string][]string{"es": {"Guatemala"}, "en": {"Guatemala"}, "pt": {"Guatemala"}, "fr": {"Guatemala"}}},
	{"GY", map[string][]string{"es": {"Guyana"}, "en": {"Guyana"}, "pt": {"Guiana"}, "fr": {"Guyana"}}},
	{"HT", map[string][]string{"es": {"Haití"}, "en": {"Haiti"}, "pt": {"Haiti"}, "fr": {"Haïti"}}},
	{"HN", map[string][]string{"es": {"Honduras"}, "en": {"Honduras"}, "pt": {"Honduras"}, "fr": {"Honduras"}}},
	{"JM", map[string][]string{"es": {"Jamaica"}, "en": {"Jamaica"}, "pt": {"Jamaica"}, "fr": {"Jamaïque"}}},
	{"MX", map[string][]string{"es": {"México"}, "en": {"Mexico"}, "pt": {"México"}, "fr": {"Mexique"}}},
	{"NI", map[string][]string{"es": {"Nicaragua"}, "en": {"Nicaragua"}, "pt": {"Nicarágua"}, "fr": {"Nicaragua"}}},
	{"PA", map[string][]string{"es": {"Panamá"}, "en": {"Panama"}, "pt": {"Panamá"}, "fr": {"Panama"}}},
	{"PY", map[string][]string{"es": {"Paraguay"}, "en": {"Paraguay"}, "pt": {"Paraguai"}, "fr": {"Paraguay"}}},
	{"PE", map[string][]string{"es": {"Perú"}, "en": {"Peru"}, "pt": {"Peru"}, "fr": {"Pérou"}}},
	{"KN", map[string][]string{"es": {"Saint Kitts y Nevis", "San Cristóbal y Nieves"}, "en": {"Saint Kitts and Nevis"}, "pt": {"São Cristóvão e Névis"}, "fr": {"Saint-Kitts-et-Nevis"}}},
	{"LC", map[string][]string{"es": {"Santa Lucía"}, "en": {"Saint Lucia"}, "pt": {"Santa Lúcia"}, "fr": {"Sainte-Lucie"}}},
	{"VC", map[string][]string{"es": {"San Vicente y las Granadinas"}, "en": {"Saint Vincent and the Grenadines"}, "pt": {"São Vicente e Granadinas"}, "fr": {"Saint-Vincent-et-les-Grenadines"}}},
	{"SR", map[string][]string{"es": {"Suriname", "Surinam"}, "en": {"Suriname"}, "pt": {"Suriname"}, "fr": {"Suriname"}}},
	{"TT", map[string][]string{"es": {"Trinidad y Tabago", "Trinidad y Tobago"}, "en": {"Trinidad and Tobago"}, "pt": {"Trinidad e Tobago"}, "fr": {"Trinité-et-Tobago"}}},
	{"UY", map[string][]string{"es": {"Uruguay"}, "en": {"Uruguay"}, "pt": {"Uruguai"}, "fr": {"Uruguay"}}},
	{"VE", map[string][]string{
		"es": {"Venezuela", "Venezuela (República Bolivariana de)", "República Bolivariana de Venezuela"},
		"en": {"Venezuela", "Venezuela (Bolivarian Republic of)", "Bolivarian Republic of Venezuela"},
		"pt": {"Venezuela", "Venezuela (República Bolivariana da)", "República Bolivariana da Venezuela"},
		"fr": {"Venezuela", "Venezuela (République bolivarienne du)", "République bolivarienne du Venezuela"},
	}},
}
