package bitacora

import (
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// UserRole is a staff role. Focal points are not a role but memberships of
// parties; the public needs no account at all.
type UserRole string

const (
	RoleAdmin       UserRole = "admin"       // users, parties, memberships
	RoleBureau      UserRole = "bureau"      // reviews reports, approves revisions
	RoleSecretariat UserRole = "secretariat" // edits programme content and translations
)

// UserRoles lists the staff roles.
var UserRoles = []UserRole{RoleAdmin, RoleBureau, RoleSecretariat}

// User is someone with an account.
type User struct {
	ID          int64        `json:"id"`
	Email       string       `json:"email"`
	Name        string       `json:"name"`
	Lang        string       `json:"lang"`
	Roles       []UserRole   `json:"roles"`
	Disabled    bool         `json:"disabled"`
	HasPassword bool         `json:"has_password"`
	Memberships []Membership `json:"memberships"`
	CreatedAt   time.Time    `json:"created_at"`
}

// Membership makes a user a focal point of a party, from StartsOn to
// EndsOn inclusive (YYYY-MM-DD; no end means still current).
type Membership struct {
	ID        int64  `json:"id"`
	UserID    int64  `json:"user_id"`
	PartyID   string `json:"party_id"`
	PartyName string `json:"party_name"`
	StartsOn  string `json:"starts_on"`
	EndsOn    string `json:"ends_on,omitempty"`
}

// ActiveOn reports whether the membership holds on the day (YYYY-MM-DD).
func (m Membership) ActiveOn(day string) bool {
	return m.StartsOn <= day && (m.EndsOn == "" || day <= m.EndsOn)
}

// FieldErrors maps a field to the message id of what is wrong with it.
type FieldErrors map[string]string

// InvalidFields is an EINVALID error listing what is wrong, field by field,
// with message ids the interface translates.
type InvalidFields struct {
	Fields FieldErrors
}

func (e *InvalidFields) Error() string {
	var parts []string
	for f, m := range e.Fields {
		parts = append(parts, f+": "+m)
	}
	return "invalid input: " + strings.Join(parts, ", ")
}

// Check returns nil when there are no errors, else an *InvalidFields.
func (fe FieldErrors) Check() error {
	if len(fe) == 0 {
		return nil
	}
	return &InvalidFields{Fields: fe}
}

// NormaliseEmail lower-cases and trims an address, and says whether it is
// one.
func NormaliseEmail(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) > 254 || !utf8.ValidString(s) {
		return s, false
	}
	a, err := mail.ParseAddress(s)
	return s, err == nil && a.Address == s && strings.Contains(s[strings.LastIndex(s, "@"):], ".")
}

// ValidateUser checks what an admin enters for a user.
func ValidateUser(email, name, lang string, roles []UserRole) FieldErrors {
	fe := FieldErrors{}
	if _, ok := NormaliseEmail(email); !ok {
		fe["email"] = "field_email_invalid"
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(name)); n == 0 || n > 120 {
		fe["name"] = "field_name_invalid"
	}
	switch lang {
	case "es", "en", "pt", "fr":
	default:
		fe["lang"] = "field_lang_invalid"
	}
	for _, r := range roles {
		if !r.Valid() {
			fe["roles"] = "field_role_invalid"
		}
	}
	return fe.CheckText("email", email, "name", name)
}

// Valid reports whether r is a known role.
func (r UserRole) Valid() bool {
	for _, k := range UserRoles {
		if r == k {
			return true
		}
	}
	return false
}

// ValidDate reports whether s is a YYYY-MM-DD date.
func ValidDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}
