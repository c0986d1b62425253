package bitacora

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// The register of parties as the secretariat keeps it: a party added by
// hand (an edition that names a new organisation can then be imported), a
// party renamed (it keeps its id, and so its URL), its names in other
// languages, the countries that chair it in turn, and two parties found to
// be one merged into the survivor.

// PartyName is another way of writing a party, in a language ("" for
// any): CEPAL in Spanish, ECLAC in English, CEPALC in French. The import
// matcher knows a party by these names too.
type PartyName struct {
	Name string `json:"name"`
	Lang string `json:"lang,omitempty"`
}

// Chair is a country that chairs a party (the rotating chair of the Red
// GEALC) from StartsOn to EndsOn ("" while it still does).
type Chair struct {
	Country  string `json:"country"`
	Code     string `json:"code,omitempty"` // ISO 3166-1 alpha-2, when known
	StartsOn string `json:"starts_on"`
	EndsOn   string `json:"ends_on,omitempty"`
}

// PartyMerge is a party merged into another: its id (which now redirects
// to the survivor), its name then, and the day of the merge.
type PartyMerge struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	On   string `json:"on"`
}

// PartyEdit is what the register sets of a party itself.
type PartyEdit struct {
	Name    string    `json:"name"`
	Acronym string    `json:"acronym,omitempty"`
	Kind    PartyKind `json:"kind"`
	Parent  string    `json:"parent,omitempty"`
}

// Normalise trims the edit's fields.
func (e *PartyEdit) Normalise() {
	e.Name = strings.Join(strings.Fields(e.Name), " ")
	e.Acronym = strings.Join(strings.Fields(e.Acronym), " ")
	e.Parent = strings.TrimSpace(e.Parent)
}

// Validate checks what needs no stored data: a name, a known kind.
func (e PartyEdit) Validate() FieldErrors {
	fe := FieldErrors{}
	if e.Name == "" {
		fe["name"] = "register_error_required"
	}
	if len(e.Name) > 300 {
		fe["name"] = "register_error_too_long"
	}
	if len(e.Acronym) > 40 {
		fe["acronym"] = "register_error_too_long"
	}
	if !slices.Contains(PartyKinds, e.Kind) {
		fe["kind"] = "register_error_kind"
	}
	return fe
}

// ValidatePartyNames checks the names of a party as the form sends them:
// each a name in one of the languages (or none).
func ValidatePartyNames(names []PartyName) FieldErrors {
	fe := FieldErrors{}
	for i, n := range names {
		switch {
		case strings.TrimSpace(n.Name) == "":
			fe[fmt.Sprintf("alias_%d", i)] = "register_error_required"
		case len(n.Name) > 300:
			fe[fmt.Sprintf("alias_%d", i)] = "register_error_too_long"
		}
		if n.Lang != "" && !slices.Contains(TranslationLanguages, n.Lang) {
			fe[fmt.Sprintf("alias_lang_%d", i)] = "register_error_lang"
		}
	}
	return fe
}

// ValidateChairs checks a party's chairs: a country, an optional two-letter
// code, a first day and an optional last day after it.
func ValidateChairs(chairs []Chair) FieldErrors {
	fe := FieldErrors{}
	for i, c := range chairs {
		if strings.TrimSpace(c.Country) == "" {
			fe[fmt.Sprintf("chair_country_%d", i)] = "register_error_required"
		}
		if c.Code != "" && !isCountryCode(c.Code) {
			fe[fmt.Sprintf("chair_code_%d", i)] = "register_error_country_code"
		}
		if !ValidDate(c.StartsOn) {
			fe[fmt.Sprintf("chair_starts_%d", i)] = "field_date_invalid"
		}
		if c.EndsOn != "" && (!ValidDate(c.EndsOn) || c.EndsOn < c.StartsOn) {
			fe[fmt.Sprintf("chair_ends_%d", i)] = "field_end_date_invalid"
		}
	}
	return fe
}

func isCountryCode(s string) bool {
	return len(s) == 2 && 'A' <= s[0] && s[0] <= 'Z' && 'A' <= s[1] && s[1] <= 'Z'
}

// NormaliseChairs trims the chairs' fields and upper-cases their codes.
func NormaliseChairs(chairs []Chair) []Chair {
	out := make([]Chair, 0, len(chairs))
	for _, c := range chairs {
		c.Country = strings.Join(strings.Fields(c.Country), " ")
		c.Code = strings.ToUpper(strings.TrimSpace(c.Code))
		c.StartsOn, c.EndsOn = strings.TrimSpace(c.StartsOn), strings.TrimSpace(c.EndsOn)
		out = append(out, c)
	}
	return out
}

// NormalisePartyNames trims the names.
func NormalisePartyNames(names []PartyName) []PartyName {
	out := make([]PartyName, 0, len(names))
	for _, n := range names {
		n.Name = strings.Join(strings.Fields(n.Name), " ")
		out = append(out, n)
	}
	return out
}

// The refusals of a merge that makes no sense, returned by the service and
// the store.
var (
	ErrMergeSelf   = Errorf(EINVALID, "a party cannot be merged into itself").WithKey("register_error_merge_self")
	ErrMergeMerged = Errorf(ECONFLICT, "that party was merged into another already").WithKey("register_error_merge_merged")
)

// PartyStore keeps the register of parties.
type PartyStore interface {
	AddParty(ctx context.Context, e PartyEdit) (*Party, error)
	UpdateParty(ctx context.Context, id string, e PartyEdit) error
	SetPartyNames(ctx context.Context, id string, names []PartyName) error
	SetChairs(ctx context.Context, id string, chairs []Chair) error
	MergeParties(ctx context.Context, survivor, merged string) error
}

// Parties is the register of parties, kept by the secretariat
// (Principal.CanEditContent).
type Parties struct{ store PartyStore }

// NewParties returns the register's service over s.
func NewParties(s PartyStore) *Parties { return &Parties{store: s} }

// Add registers a new party; its id is made from its acronym, else its
// name, and never changes.
func (s *Parties) Add(ctx context.Context, e PartyEdit) (*Party, error) {
	if err := decide(ctx, "Parties.Add", PrincipalFrom(ctx).CanEditContent(), errMayNot); err != nil {
		return nil, err
	}
	e.Normalise()
	if err := e.Validate().Check(); err != nil {
		return nil, err
	}
	return s.store.AddParty(ctx, e)
}

// Update renames a party, or changes its acronym, kind or parent: it keeps
// its id and URL, and the approved versions of programmes keep the names
// they had.
func (s *Parties) Update(ctx context.Context, id string, e PartyEdit) error {
	if err := decide(ctx, "Parties.Update", PrincipalFrom(ctx).CanEditContent(), errMayNot); err != nil {
		return err
	}
	e.Normalise()
	if err := e.Validate().Check(); err != nil {
		return err
	}
	return s.store.UpdateParty(ctx, id, e)
}

// SetAliases replaces the party's other names, each in a language.
func (s *Parties) SetAliases(ctx context.Context, id string, names []PartyName) error {
	if err := decide(ctx, "Parties.SetAliases", PrincipalFrom(ctx).CanEditContent(), errMayNot); err != nil {
		return err
	}
	names = NormalisePartyNames(names)
	if err := ValidatePartyNames(names).Check(); err != nil {
		return err
	}
	return s.store.SetPartyNames(ctx, id, names)
}

// SetChairs replaces the countries that chair the party, with their dates.
func (s *Parties) SetChairs(ctx context.Context, id string, chairs []Chair) error {
	if err := decide(ctx, "Parties.SetChairs", PrincipalFrom(ctx).CanEditContent(), errMayNot); err != nil {
		return err
	}
	chairs = NormaliseChairs(chairs)
	if err := ValidateChairs(chairs).Check(); err != nil {
		return err
	}
	return s.store.SetChairs(ctx, id, chairs)
}

// Merge makes merged one with survivor: its roles in activities, its
// focal points, its contributions to reports, its names and its children
// go to the survivor, and its id redirects there.
func (s *Parties) Merge(ctx context.Context, survivor, merged string) error {
	if err := decide(ctx, "Parties.Merge", PrincipalFrom(ctx).CanEditContent(), errMayNot); err != nil {
		return err
	}
	if survivor == merged {
		return ErrMergeSelf
	}
	return s.store.MergeParties(ctx, survivor, merged)
}
