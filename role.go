package bitacora

// Role is what a party does for an activity.
type Role string

const (
	RoleResponsible   Role = "responsible"    // leads the activity
	RoleCoResponsible Role = "co_responsible" // works with the lead
)

// ProgrammeSummary is a programme as a list shows it.
type ProgrammeSummary struct {
	Slug       string `json:"slug"`
	Symbol     string `json:"symbol"`
	Title      string `json:"title"`
	Agenda     string `json:"agenda,omitempty"`
	Language   string `json:"language"`
	StartYear  int    `json:"start_year"`
	EndYear    int    `json:"end_year"`
	Adopted    string `json:"adopted"`
	Areas      int    `json:"areas"`
	Objectives int    `json:"objectives"`
	Activities int    `json:"activities"`
}

// ActivityDetail is one activity with where it stands in its programme and
// the parties it names.
type ActivityDetail struct {
	Programme ProgrammeSummary `json:"programme"`
	Area      AreaRef          `json:"area"`
	Objective ObjectiveRef     `json:"objective"`
	Activity  Activity         `json:"activity"`
	Parties   []Party          `json:"parties"`
}

// AreaRef names an area without its contents.
type AreaRef struct {
	Number int    `json:"number"`
	Title  string `json:"title"`
}

// ObjectiveRef names an objective without its activities.
type ObjectiveRef struct {
	Number int    `json:"number"`
	Text   string `json:"text"`
}

// PartyRole is one activity a party leads or supports.
type PartyRole struct {
	Programme    string       `json:"programme"`
	Area         AreaRef      `json:"area"`
	Objective    ObjectiveRef `json:"objective"`
	ActivityCode string       `json:"activity_code"`
	ActivityText string       `json:"activity_text"`
	Role         Role         `json:"role"`
}

// PartyDetail is a party from the register with everything it does.
type PartyDetail struct {
	Party    Party       `json:"party"`
	Roles    []PartyRole `json:"roles"`
	Children []Party     `json:"children"`
}
