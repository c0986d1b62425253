// Package gate names the coarse rule each route of the route table asks
// of its caller, for both faces (web and api): the first gate, before the
// domain service asks the policy itself. The authorization matrix test
// checks every route against every role.
package gate

import "github.com/elac/bitacora"

// Rule is what a route asks of its caller. Every route has one.
type Rule string

const (
	Public      Rule = "public"      // anyone
	SignedIn    Rule = "signed_in"   // any user
	Session     Rule = "session"     // a user in a browser session (not a token)
	Admin       Rule = "admin"       // admins
	Secretariat Rule = "secretariat" // the secretariat
	Bureau      Rule = "bureau"      // the Bureau
	FocalPoint  Rule = "focal_point" // focal points of a party, today
	Reviser     Rule = "reviser"     // the Bureau or the secretariat: drafts of revisions
	Reviewers   Rule = "reviewers"   // who may review reports: their queue
	Cycle       Rule = "cycle"       // who runs the reporting cycle: its view
	Staff       Rule = "staff"       // admins or the secretariat: the outbox
	// The metrics scraper: not a user but the holder of the configured
	// metrics token, or anyone when the metrics are configured public.
	Metrics Rule = "metrics"
)

// Allows is the policy each rule stands for. Metrics is not a user's
// rule: the server checks its token.
func (r Rule) Allows(p bitacora.Principal) bool {
	switch r {
	case Public:
		return true
	case SignedIn:
		return p.SignedIn()
	case Session:
		return p.CanManageTokens()
	case Admin:
		return p.CanManageUsers()
	case Secretariat:
		return p.CanEditContent()
	case Bureau:
		return p.CanReview()
	case Reviewers:
		return p.CanSeeReviewQueue()
	case Cycle:
		return p.CanFollowCycle()
	case FocalPoint:
		return p.IsFocalPoint() && p.SignedIn()
	case Reviser:
		return p.CanDraftRevision()
	case Staff:
		return p.CanSeeOutbox()
	}
	return false
}
