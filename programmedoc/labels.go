package programmedoc

// labelSet holds the words a programme document uses in one language. It is
// data, not code: another language is another entry in labelSets, and
// labels_test.go checks that every entry fills every field. Matching against
// these words ignores case, accents and extra spaces (see fold); where a
// field has several spellings, the first is the one the writers print.
type labelSet struct {
	// Code is the BCP 47 code of the language.
	Code string
	// AreaHeadings are the words before an area's number: "ÁREA DE ACCIÓN" 1.
	AreaHeadings []string
	// The table's header cells, one list of spellings per column.
	Objective     []string
	Activities    []string
	Responsible   []string
	CoResponsible []string
	// Nobody are the words that say a cell names no party ("No se aplica").
	Nobody []string
	// Conjunctions join the last item of a list of parties or countries.
	// Separators inside names are told apart by rule (see splitParties).
	// The first is the one written back.
	Conjunctions []string
	// ConjunctionBeforeI, when set, is written instead of the first
	// conjunction before a word that starts with the sound "i": Spanish
	// "(APC) e ISOC", not "y ISOC". Optional.
	ConjunctionBeforeI string
	// Months are the month names, January first, with their variants.
	Months [12][]string
	// DateLayout writes a date back; {day}, {month} and {year} are replaced.
	DateLayout string
	// DateFillers are the other words a written date may have ("de").
	DateFillers []string
	// LanguageNames are the names, in this language, that an "ORIGINAL:"
	// line gives each language, by code.
	LanguageNames map[string][]string
	// AgendaWords mark the agenda line of the header ("Agenda Digital …").
	AgendaWords []string
	// ChairPrefixes name the presidency of another party: "Presidencia de"
	// la Red GEALC. CountryGroupPrefixes name its member countries.
	ChairPrefixes        []string
	CountryGroupPrefixes []string
	// Articles may stand between such a prefix and the party it refers to.
	Articles []string
	// Contractions are a preposition fused with an article ("del" = "de el"),
	// so that "Presidencia del Grupo" matches the prefix "Presidencia de".
	Contractions map[string]string
	// The name prefixes that tell a party's kind; anything else is an
	// organisation.
	WorkingGroupPrefixes []string
	SubGroupPrefixes     []string
	NetworkPrefixes      []string
	// Deliverables are the nouns that, capitalised in the middle of an
	// activity's text, start a deliverable the extraction glued onto it.
	Deliverables []string
	// Particles are the articles, prepositions and determiners that may
	// stand before a capitalised noun in running text: after one of them,
	// a deliverable noun is part of the sentence, not a glued deliverable.
	Particles []string
}

// labelSets are the languages a programme document may be written in. The
// first is the default when nothing in a document tells its language.
var labelSets = []labelSet{
	{
		Code:               "es",
		AreaHeadings:       []string{"ÁREA DE ACCIÓN"},
		Objective:          []string{"Objetivo", "Objetivos"},
		Activities:         []string{"Actividades", "Actividad"},
		Responsible:        []string{"Responsable", "Responsables"},
		CoResponsible:      []string{"Corresponsable", "Corresponsables", "Co-responsable", "Co-responsables"},
		Nobody:             []string{"No se aplica", "No aplica", "N/A", "Ninguno"},
		Conjunctions:       []string{"y", "e"},
		ConjunctionBeforeI: "e",
		Months: [12][]string{
			{"enero"}, {"febrero"}, {"marzo"}, {"abril"}, {"mayo"}, {"junio"},
			{"julio"}, {"agosto"}, {"septiembre", "setiembre"}, {"octubre"}, {"noviembre"}, {"diciembre"},
		},
		DateLayout:  "{day} de {month} de {year}",
		DateFillers: []string{"de", "del"},
		LanguageNames: map[string][]string{
			"es": {"ESPAÑOL", "CASTELLANO"}, "en": {"INGLÉS"}, "pt": {"PORTUGUÉS"}, "fr": {"FRANCÉS"},
		},
		AgendaWords:          []string{"agenda", "plan"},
		ChairPrefixes:        []string{"Presidencia de", "Presidencia pro tempore de"},
		CountryGroupPrefixes: []string{"Países integrantes de", "Países que componen", "Países que integran", "Países miembros de", "Estados miembros de"},
		Articles:             []string{"la", "el", "los", "las"},
		Contractions:         map[string]string{"del": "de el", "al": "a el"},
		WorkingGroupPrefixes: []string{"Grupo de Trabajo"},
		SubGroupPrefixes:     []string{"Subgrupo", "Sub-grupo", "Sub grupo"},
		NetworkPrefixes:      []string{"Red"},
		Deliverables: []string{
			"Informe", "Estudio", "Guía", "Documento", "Publicación", "Taller", "Seminario",
			"Panel", "Curso", "Encuesta", "Repositorio", "Plataforma", "Base de datos",
			"Manual", "Diagnóstico", "Inventario", "Boletín", "Lista", "Hoja de ruta",
		},
		Particles: []string{
			"el", "la", "los", "las", "lo", "un", "una", "unos", "unas", "del", "al",
			"a", "de", "en", "con", "por", "para", "sin", "sobre", "entre", "hacia", "desde", "hasta", "según",
			"y", "e", "o", "u", "ni", "que", "su", "sus", "este", "esta", "estos", "estas", "ese", "esa",
			"cada", "como", "nuevo", "nueva", "primer", "primera", "segundo", "segunda", "tercer", "tercera",
			"dos", "tres", "otro", "otra", "anual",
		},
	},
	{
		Code:          "en",
		AreaHeadings:  []string{"ACTION AREA", "AREA OF ACTION"},
		Objective:     []string{"Objective", "Objectives"},
		Activities:    []string{"Activities", "Activity"},
		Responsible:   []string{"Responsible", "Responsible party", "Lead"},
		CoResponsible: []string{"Co-responsible", "Coresponsible", "Co responsible", "Co-responsible parties", "Co-lead"},
		Nobody:        []string{"Not applicable", "N/A", "None"},
		Conjunctions:  []string{"and"},
		Months: [12][]string{
			{"January"}, {"February"}, {"March"}, {"April"}, {"May"}, {"June"},
			{"July"}, {"August"}, {"September", "Sept"}, {"October"}, {"November"}, {"December"},
		},
		DateLayout:  "{day} {month} {year}",
		DateFillers: []string{"of", "the"},
		LanguageNames: map[string][]string{
			"es": {"SPANISH"}, "en": {"ENGLISH"}, "pt": {"PORTUGUESE"}, "fr": {"FRENCH"},
		},
		AgendaWords:          []string{"agenda", "plan"},
		ChairPrefixes:        []string{"Presidency of", "Presidency pro tempore of", "Chair of", "Chairmanship of"},
		CountryGroupPrefixes: []string{"Member countries of", "Countries of", "Member States of", "Countries members of", "Countries that make up"},
		Articles:             []string{"the"},
		Contractions:         map[string]string{},
		WorkingGroupPrefixes: []string{"Working Group"},
		SubGroupPrefixes:     []string{"Sub-group", "Subgroup", "Sub group"},
		NetworkPrefixes:      []string{"Network"},
		Deliverables: []string{
			"Report", "Study", "Guide", "Guidelines", "Document", "Publication", "Workshop", "Seminar",
			"Webinar", "Panel", "Course", "Survey", "Repository", "Platform", "Database", "Handbook",
			"Manual", "Toolkit", "Inventory", "Bulletin", "List", "Roadmap",
		},
		Particles: []string{
			"the", "a", "an", "of", "in", "on", "at", "for", "with", "by", "from", "to", "into", "about",
			"and", "or", "nor", "that", "its", "their", "this", "these", "those", "each", "as",
			"new", "first", "second", "third", "two", "three", "annual", "other",
		},
	},
	{
		Code:          "pt",
		AreaHeadings:  []string{"ÁREA DE AÇÃO", "ÁREA DE ATUAÇÃO"},
		Objective:     []string{"Objetivo", "Objetivos"},
		Activities:    []string{"Atividades", "Atividade"},
		Responsible:   []string{"Responsável", "Responsáveis"},
		CoResponsible: []string{"Corresponsável", "Corresponsáveis", "Co-responsável", "Co-responsáveis"},
		Nobody:        []string{"Não se aplica", "Não aplicável", "N/A", "Nenhum"},
		Conjunctions:  []string{"e"},
		Months: [12][]string{
			{"janeiro"}, {"fevereiro"}, {"março"}, {"abril"}, {"maio"}, {"junho"},
			{"julho"}, {"agosto"}, {"setembro"}, {"outubro"}, {"novembro"}, {"dezembro"},
		},
		DateLayout:  "{day} de {month} de {year}",
		DateFillers: []string{"de"},
		LanguageNames: map[string][]string{
			"es": {"ESPANHOL"}, "en": {"INGLÊS"}, "pt": {"PORTUGUÊS"}, "fr": {"FRANCÊS"},
		},
		AgendaWords:          []string{"agenda", "plano"},
		ChairPrefixes:        []string{"Presidência de", "Presidência pro tempore de"},
		CountryGroupPrefixes: []string{"Países integrantes de", "Países membros de", "Países que compõem", "Países que integram", "Estados membros de"},
		Articles:             []string{"a", "o", "as", "os"},
		Contractions:         map[string]string{"da": "de a", "do": "de o", "das": "de as", "dos": "de os", "na": "em a", "no": "em o"},
		WorkingGroupPrefixes: []string{"Grupo de Trabalho"},
		SubGroupPrefixes:     []string{"Subgrupo", "Sub-grupo", "Sub grupo"},
		NetworkPrefixes:      []string{"Rede"},
		Deliverables: []string{
			"Relatório", "Estudo", "Guia", "Documento", "Publicação", "Oficina", "Seminário",
			"Painel", "Curso", "Pesquisa", "Repositório", "Plataforma", "Base de dados",
			"Manual", "Diagnóstico", "Inventário", "Boletim", "Lista", "Roteiro",
		},
		Particles: []string{
			"o", "a", "os", "as", "um", "uma", "uns", "umas", "de", "do", "da", "dos", "das",
			"em", "no", "na", "nos", "nas", "com", "por", "pelo", "pela", "para", "sobre", "entre", "sem",
			"e", "ou", "nem", "que", "seu", "sua", "seus", "suas", "este", "esta", "estes", "estas",
			"cada", "como", "novo", "nova", "primeiro", "primeira", "segundo", "segunda", "dois", "duas", "anual",
		},
	},
	{
		Code:          "fr",
		AreaHeadings:  []string{"DOMAINE D'ACTION", "AXE D'ACTION"},
		Objective:     []string{"Objectif", "Objectifs"},
		Activities:    []string{"Activités", "Activité"},
		Responsible:   []string{"Responsable", "Responsables"},
		CoResponsible: []string{"Coresponsable", "Co-responsable", "Coresponsables", "Co-responsables"},
		Nobody:        []string{"Sans objet", "Non applicable", "N/A", "S.O."},
		Conjunctions:  []string{"et"},
		Months: [12][]string{
			{"janvier"}, {"février"}, {"mars"}, {"avril"}, {"mai"}, {"juin"},
			{"juillet"}, {"août"}, {"septembre"}, {"octobre"}, {"novembre"}, {"décembre"},
		},
		DateLayout:  "{day} {month} {year}",
		DateFillers: []string{"le"},
		LanguageNames: map[string][]string{
			"es": {"ESPAGNOL"}, "en": {"ANGLAIS"}, "pt": {"PORTUGAIS"}, "fr": {"FRANÇAIS"},
		},
		AgendaWords:          []string{"agenda", "programme", "plan"},
		ChairPrefixes:        []string{"Présidence de", "Présidence pro tempore de"},
		CountryGroupPrefixes: []string{"Pays membres de", "Pays qui composent", "Pays participants de", "États membres de"},
		Articles:             []string{"la", "le", "les", "l'"},
		Contractions:         map[string]string{"du": "de le", "des": "de les", "au": "à le", "aux": "à les"},
		WorkingGroupPrefixes: []string{"Groupe de travail"},
		SubGroupPrefixes:     []string{"Sous-groupe", "Sous groupe"},
		NetworkPrefixes:      []string{"Réseau"},
		Deliverables: []string{
			"Rapport", "Étude", "Guide", "Document", "Publication", "Atelier", "Séminaire",
			"Panel", "Cours", "Enquête", "Répertoire", "Plateforme", "Base de données",
			"Manuel", "Diagnostic", "Inventaire", "Bulletin", "Liste", "Feuille de route",
		},
		Particles: []string{
			"le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "à", "au", "aux",
			"en", "dans", "avec", "par", "pour", "sur", "entre", "sans", "vers",
			"et", "ou", "ni", "que", "son", "sa", "ses", "leur", "leurs", "ce", "cet", "cette", "ces",
			"chaque", "comme", "nouveau", "nouvelle", "premier", "première", "deux", "trois", "annuel", "annuelle",
		},
	},
}
