package bitacora

import (
	"slices"
	"time"
)

// The permission rules, in one place. The domain services (service.go)
// ask them inside each operation, whoever calls it (pages, API, CSV
// import, command line); the route table asks them again as a coarse first
// gate, and pages ask them to decide what to show. The authorization
// matrix tests check every route and every service operation against them.

// TokenScope limits what an API token may do.
type TokenScope string

const (
	ScopeRead  TokenScope = "read"
	ScopeWrite TokenScope = "write"
)

// Principal is who makes a request: a user (through a session or a token)
// or the public (User nil).
type Principal struct {
	User *User
	// Scope is the token's scope for API requests made with a token, and
	// "" for a browser session, which may do all its user may.
	Scope TokenScope
	// Today is the day memberships are judged on (YYYY-MM-DD).
	Today string
	// operator is the command line's principal (see Operator).
	operator bool
}

// Public is the anonymous principal.
func Public() Principal { return Principal{Today: time.Now().UTC().Format("2006-01-02")} }

// Operator is the principal of the command line: whoever runs bitacora on
// the server's host already holds its database, so the policy lets them do
// what the staff roles may (Has is true for every role) but never speak
// for a party (they are nobody's focal point). Their changes are recorded
// as made by "cli".
func Operator() Principal { p := Public(); p.operator = true; return p }

// Actor is how the change record names the principal.
func (p Principal) Actor() Actor {
	switch {
	case p.operator:
		return Actor{Name: "cli"}
	case p.User == nil:
		return Actor{Name: "public"}
	}
	return Actor{UserID: p.User.ID, Name: p.User.Email}
}

// SignedIn reports whether there is a user.
func (p Principal) SignedIn() bool { return p.User != nil && !p.User.Disabled }

// Has reports whether the principal has a staff role.
func (p Principal) Has(role UserRole) bool {
	if p.operator {
		return true
	}
	if !p.SignedIn() {
		return false
	}
	for _, r := range p.User.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// mayWrite is false for read-only tokens.
func (p Principal) mayWrite() bool { return p.operator || (p.SignedIn() && p.Scope != ScopeRead) }

// FocalPointOf reports whether the principal is, today, a focal point of the
// party.
func (p Principal) FocalPointOf(partyID string) bool {
	if !p.SignedIn() {
		return false
	}
	for _, m := range p.User.Memberships {
		if m.PartyID == partyID && m.ActiveOn(p.Today) {
			return true
		}
	}
	return false
}

// Parties returns the parties the principal is a focal point of today.
func (p Principal) Parties() []string {
	var ids []string
	if !p.SignedIn() {
		return nil
	}
	for _, m := range p.User.Memberships {
		if m.ActiveOn(p.Today) {
			ids = append(ids, m.PartyID)
		}
	}
	return ids
}

// IsFocalPoint reports whether the principal is a focal point of any party
// today.
func (p Principal) IsFocalPoint() bool { return len(p.Parties()) > 0 }

// CanManageUsers: admins manage users, roles, parties and memberships.
func (p Principal) CanManageUsers() bool { return p.Has(RoleAdmin) && p.mayWrite() }

// CanImportProgramme: admins (and the operator at the command line) add a
// new programme; its parties join the register.
func (p Principal) CanImportProgramme() bool { return p.Has(RoleAdmin) && p.mayWrite() }

// CanEditContent: the secretariat edits programme content and translations.
func (p Principal) CanEditContent() bool { return p.Has(RoleSecretariat) && p.mayWrite() }

// CanRemind: the secretariat (and the operator at the command line, and
// the schedule inside serve, which acts as the operator) see and send the
// reminders of deadlines.
func (p Principal) CanRemind() bool { return p.Has(RoleSecretariat) && p.mayWrite() }

// CanSeeOutbox: admins and the secretariat see who was sent what (never
// a message's text or links).
func (p Principal) CanSeeOutbox() bool { return p.Has(RoleAdmin) || p.Has(RoleSecretariat) }

// CanDraftRevision: the Bureau and the secretariat draft and edit
// revisions of a programme.
func (p Principal) CanDraftRevision() bool { return p.CanReview() || p.CanEditContent() }

// CanReview: the Bureau reviews reports and approves revisions.
func (p Principal) CanReview() bool { return p.Has(RoleBureau) && p.mayWrite() }

// CanSeeReviewQueue: those who may review reports (the Bureau) see the
// reports waiting for review.
func (p Principal) CanSeeReviewQueue() bool { return p.CanReview() }

// CanFollowCycle: the secretariat, which runs the reporting cycle, sees
// where every report of every party stands.
func (p Principal) CanFollowCycle() bool { return p.CanEditContent() }

// Each permission on a report is either a read rule or a write rule. A
// read rule asks only who the principal is: a read-scope token reads all
// its user may read. A write rule also asks mayWrite, so that a read-scope
// token never changes anything.

// CanReadReport (read rule): the working version of an activity's report is
// read by the focal points of its responsible and co-responsible parties,
// the Bureau and the secretariat; the public reads accepted versions only.
func (p Principal) CanReadReport(a *Activity) bool {
	if !p.SignedIn() || a == nil {
		return false
	}
	if p.Has(RoleBureau) || p.Has(RoleSecretariat) {
		return true
	}
	for _, ids := range [][]string{a.Responsible, a.CoResponsible} {
		for _, id := range ids {
			if p.FocalPointOf(id) {
				return true
			}
		}
	}
	return false
}

// CanReportOn (write rule): a focal point of a party that leads the
// activity writes and submits its report.
func (p Principal) CanReportOn(a *Activity) bool {
	if !p.mayWrite() || a == nil {
		return false
	}
	for _, id := range a.Responsible {
		if p.FocalPointOf(id) {
			return true
		}
	}
	return false
}

// ContributionParty (write rule) is the party a contribution to the
// activity's report is made for. The party must be one the principal is a
// focal point of today, and a co-responsible or responsible party of the
// activity. party is the one asked for (the API's input); "" lets the rule
// choose (the page): the first co-responsible party the principal speaks
// for, else the first responsible one. ok is false when there is none.
func (p Principal) ContributionParty(a *Activity, party string) (id string, ok bool) {
	if !p.mayWrite() || a == nil {
		return "", false
	}
	for _, ids := range [][]string{a.CoResponsible, a.Responsible} {
		for _, id := range ids {
			if (party == "" || party == id) && p.FocalPointOf(id) {
				return id, true
			}
		}
	}
	return "", false
}

// CanContributeTo (write rule): focal points of the activity's
// co-responsible (and responsible) parties add contributions to its report.
func (p Principal) CanContributeTo(a *Activity) bool {
	_, ok := p.ContributionParty(a, "")
	return ok
}

// MayWriteThroughAPI is the rule every API request that is not a read
// (any method but GET and HEAD) must pass before its route's own rule: a
// read-scope token never writes, whatever its user may do.
func (p Principal) MayWriteThroughAPI() bool { return p.Scope != ScopeRead }

// CanManageTokens: any signed-in user manages their own API tokens, from a
// browser session only (a token cannot mint tokens).
func (p Principal) CanManageTokens() bool { return p.SignedIn() && p.Scope == "" }

// ProgrammeSettings are the rules a programme's admins may change.
type ProgrammeSettings struct {
	// SingleMemberBureau lets the drafter of a revision approve it, for a
	// Bureau of one member. Off by default.
	SingleMemberBureau bool `json:"single_member_bureau"`
	// TimeZone is where the programme's deadlines fall: a report is due
	// by the end of its deadline day there (an IANA name; default
	// DefaultTimeZone).
	TimeZone string `json:"time_zone"`
	// ReminderDays are the days before a deadline on which focal points
	// are reminded (default DefaultReminderDays), farthest first.
	ReminderDays []int `json:"reminder_days"`
}

// Equal reports whether two settings say the same.
func (s ProgrammeSettings) Equal(o ProgrammeSettings) bool {
	return s.SingleMemberBureau == o.SingleMemberBureau && s.TimeZone == o.TimeZone && slices.Equal(s.ReminderDays, o.ReminderDays)
}

// actorName is how the change record names the principal (Actor.String).
func (p Principal) actorName() string {
	if !p.SignedIn() {
		return ""
	}
	return Actor{UserID: p.User.ID}.String()
}

// CanReviewReport (write rule): the Bureau accepts or returns a report,
// but nobody reviews a report of a party they are a focal point of today:
// the activity's responsible parties, and the parties that contributed to
// that report. r is the report as it is reviewed (nil: none yet).
func (p Principal) CanReviewReport(a *Activity, r *Report) bool {
	if !p.CanReview() || a == nil {
		return false
	}
	return !p.ReviewsOwnParty(a, r)
}

// ReviewsOwnParty reports whether the principal is a focal point of a
// party of the report: separation of duties forbids their review.
func (p Principal) ReviewsOwnParty(a *Activity, r *Report) bool {
	for _, id := range a.Responsible {
		if p.FocalPointOf(id) {
			return true
		}
	}
	if r != nil {
		for _, c := range r.Contributions {
			if p.FocalPointOf(c.PartyID) {
				return true
			}
		}
	}
	return false
}

// CanApproveRevision (write rule): the Bureau approves revisions, but
// nobody approves a revision they drafted or edited (authors: the actors
// who did, see Revision.Authors), unless the programme allows a
// single-member Bureau.
func (p Principal) CanApproveRevision(authors []string, s ProgrammeSettings) bool {
	if !p.CanReview() {
		return false
	}
	return s.SingleMemberBureau || !p.Authored(authors)
}

// Authored reports whether the principal is one of the authors.
func (p Principal) Authored(authors []string) bool {
	me := p.actorName()
	for _, a := range authors {
		if me != "" && a == me {
			return true
		}
	}
	return false
}
