package bitacora

import "context"

// The domain services: every change to a programme's follow-up is one of
// their operations, whoever asks for it (a page, the JSON API, the site's
// CSV import, the command line). Each operation takes the acting principal
// from the context (WithPrincipal) and asks the policy (policy.go) itself,
// so that no way in can forget a rule. A rule that depends on stored data
// (who leads the activity, who contributed to the report, who drafted the
// revision) is asked inside the store's transaction, on the data as the
// transaction read and locked it, through a guard the store calls: the
// decision is never taken on a stale copy.
//
// The store implements the small persistence interface each service is
// built over (ReportStore, RevisionStore…); the services know no adapter.

type principalKey struct{}

// WithPrincipal returns a context whose operations are made by p: the
// services decide on p, and the change record names p's actor.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return WithActor(context.WithValue(ctx, principalKey{}, p), p.Actor())
}

// PrincipalFrom returns the context's principal, or the public: an
// operation nobody vouched for is the public's.
func PrincipalFrom(ctx context.Context) Principal {
	if p, ok := ctx.Value(principalKey{}).(Principal); ok {
		return p
	}
	return Public()
}

// Decision is one policy decision taken by a service operation.
type Decision struct {
	Op      string // "Reports.Save": the service type and its method
	Allowed bool
}

type decisionsKey struct{}

// decisions is where a context's decisions are recorded (tests only: see
// export_test.go), so that an operation that never asks the policy fails
// the authorization matrix.
type decisions struct{ list []Decision }

// decide is the one door of every service operation to the policy: it
// records the decision and turns a refusal into the principal's error
// (refusal for a signed-in principal who may not).
func decide(ctx context.Context, op string, allowed bool, refusal *Error) error {
	if d, ok := ctx.Value(decisionsKey{}).(*decisions); ok {
		d.list = append(d.list, Decision{Op: op, Allowed: allowed})
	}
	if allowed {
		return nil
	}
	p := PrincipalFrom(ctx)
	switch {
	case !p.SignedIn() && !p.operator:
		return errNotSignedIn
	case p.Scope == ScopeRead:
		return errReadOnly
	}
	return refusal
}

var (
	errNotSignedIn = Errorf(EUNAUTHORIZED, "you are not signed in").WithKey("error_not_signed_in")
	errReadOnly    = Errorf(EFORBIDDEN, "this token may only read: writing needs a token with write scope").WithKey("error_read_scope")
	errMayNot      = Errorf(EFORBIDDEN, "you may not do this").WithKey("error_may_not")

	errNotReporter    = Errorf(EFORBIDDEN, "only focal points of the responsible party report on this activity").WithKey("error_not_reporter")
	errNotSubmitter   = Errorf(EFORBIDDEN, "only focal points of the responsible party submit this report").WithKey("error_not_submitter")
	errNotReviewer    = Errorf(EFORBIDDEN, "you may not do this to this report").WithKey("error_report_forbidden")
	errOwnReport      = Errorf(EFORBIDDEN, "you are a focal point of a party of this report: another Bureau member reviews it").WithKey("error_own_report")
	errNotContributor = Errorf(EFORBIDDEN, "contributions come from focal points of the activity's co-responsible or responsible parties, for their own party").WithKey("error_not_contributor")
	errOwnRevision    = Errorf(EFORBIDDEN, "you drafted or edited this revision: another Bureau member approves it").WithKey("error_own_revision")
)

// ReportGuard is asked by the store inside a report's transaction, after
// it read and locked the activity and the report (current, nil when there
// is none yet): a non-nil error refuses the change and writes nothing.
type ReportGuard func(a *Activity, current *Report) error

// ContributionGuard is the ReportGuard of a contribution: it also chooses
// the party the contribution is made for, from the one asked for ("" lets
// the policy choose).
type ContributionGuard func(a *Activity, current *Report, party string) (string, error)

// ReportStore keeps reports. A nil guard asks nothing: only the services
// (and tests that set up data) call the store.
type ReportStore interface {
	SaveReport(ctx context.Context, k ReportKey, base int, c ReportContent, guard ReportGuard) (*Report, error)
	AddFile(ctx context.Context, k ReportKey, base int, name, contentType string, data []byte, guard ReportGuard) (*Report, error)
	Submit(ctx context.Context, k ReportKey, base int, guard ReportGuard) (*Report, error)
	Review(ctx context.Context, k ReportKey, base int, accept bool, comment string, guard ReportGuard) (*Report, error)
	Contribute(ctx context.Context, k ReportKey, base int, party, text string, guard ContributionGuard) (*Report, error)
	ImportReports(ctx context.Context, slug string, rows []ReportImport) (int, error)
}

// Reports are the progress reports on activities: written and submitted
// by the responsible parties, contributed to by the co-responsible ones,
// reviewed by the Bureau, imported in bulk by the secretariat.
type Reports struct{ store ReportStore }

// NewReports returns the reports service over s.
func NewReports(s ReportStore) *Reports { return &Reports{store: s} }

// reporter is the guard of the responsible parties' own changes.
func reporter(ctx context.Context, op string, refusal *Error) ReportGuard {
	p := PrincipalFrom(ctx)
	return func(a *Activity, _ *Report) error { return decide(ctx, op, p.CanReportOn(a), refusal) }
}

// writer is the first gate of an operation whose rule needs stored data:
// nobody who may not write at all reaches the store.
func writer(ctx context.Context, op string) error {
	return decide(ctx, op, PrincipalFrom(ctx).mayWrite(), errMayNot)
}

// Save writes the content of a report (base 0 creates it): a focal point
// of a party that leads the activity (Principal.CanReportOn).
func (s *Reports) Save(ctx context.Context, k ReportKey, base int, c ReportContent) (*Report, error) {
	if err := writer(ctx, "Reports.Save"); err != nil {
		return nil, err
	}
	return s.store.SaveReport(ctx, k, base, c, reporter(ctx, "Reports.Save", errNotReporter))
}

// AddFile attaches evidence to the report, under the rule of Save.
func (s *Reports) AddFile(ctx context.Context, k ReportKey, base int, name, contentType string, data []byte) (*Report, error) {
	if err := writer(ctx, "Reports.AddFile"); err != nil {
		return nil, err
	}
	return s.store.AddFile(ctx, k, base, name, contentType, data, reporter(ctx, "Reports.AddFile", errNotReporter))
}

// Submit sends the report to the Bureau, under the rule of Save.
func (s *Reports) Submit(ctx context.Context, k ReportKey, base int) (*Report, error) {
	if err := writer(ctx, "Reports.Submit"); err != nil {
		return nil, err
	}
	return s.store.Submit(ctx, k, base, reporter(ctx, "Reports.Submit", errNotSubmitter))
}

// Review accepts or returns a submitted report: the Bureau, but nobody on
// a report of a party they speak for (Principal.CanReviewReport), judged
// on the report as the review's transaction reads it, contributions
// included.
func (s *Reports) Review(ctx context.Context, k ReportKey, base int, accept bool, comment string) (*Report, error) {
	p := PrincipalFrom(ctx)
	if err := decide(ctx, "Reports.Review", p.CanReview(), errNotReviewer); err != nil {
		return nil, err
	}
	return s.store.Review(ctx, k, base, accept, comment, func(a *Activity, cur *Report) error {
		return decide(ctx, "Reports.Review", p.CanReviewReport(a, cur), errOwnReport)
	})
}

// Contribute records a contribution to the report for party, a party the
// principal is a focal point of and that shares the activity; "" lets the
// policy choose it (Principal.ContributionParty). Pages pass "", the API
// passes its input: one rule for both.
func (s *Reports) Contribute(ctx context.Context, k ReportKey, base int, party, text string) (*Report, error) {
	if err := writer(ctx, "Reports.Contribute"); err != nil {
		return nil, err
	}
	p := PrincipalFrom(ctx)
	return s.store.Contribute(ctx, k, base, party, text, func(a *Activity, _ *Report, asked string) (string, error) {
		id, ok := p.ContributionParty(a, asked)
		return id, decide(ctx, "Reports.Contribute", ok, errNotContributor)
	})
}

// Import stores the reports of a spreadsheet, all or none: the
// secretariat's word on the reports it names (Principal.CanEditContent).
func (s *Reports) Import(ctx context.Context, slug string, rows []ReportImport) (int, error) {
	if err := decide(ctx, "Reports.Import", PrincipalFrom(ctx).CanEditContent(), errMayNot); err != nil {
		return 0, err
	}
	return s.store.ImportReports(ctx, slug, rows)
}
