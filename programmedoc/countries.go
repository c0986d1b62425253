package programmedoc

// country is a member State of ECLAC in Latin America and the Caribbean, with
// its ISO 3166-1 alpha-2 code and the names the documents use for it, by
// language. A working group's or chair's parenthesised suffix is a list of
// these names ("(Brasil y México)").
type country struct {
	Code  string
	Names map[string][]string
}

// countries are the 33 Latin American and Caribbean member States of ECLAC.
// Names are matched ignoring case and accents, so "Mexico" finds "México".
var countries = []country{
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
