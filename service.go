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
	SaveReportWithFile(ctx context.Context, k ReportKey, base int, c ReportContent, e Evidence, guard ReportGuard) (*Report, error)
	RemoveFile(ctx context.Context, k ReportKey, base int, fileID int64, replacement *Evidence, guard ReportGuard) (*Report, error)
	WithdrawFile(ctx context.Context, k ReportKey, fileID int64, reason string) error
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

// SaveWithFile writes the content of a report and attaches evidence to it
// in one change, kept whole or not at all, under the rule of Save: a form
// that sends both never leaves the text without its file.
func (s *Reports) SaveWithFile(ctx context.Context, k ReportKey, base int, c ReportContent, e Evidence) (*Report, error) {
	if err := writer(ctx, "Reports.SaveWithFile"); err != nil {
		return nil, err
	}
	return s.store.SaveReportWithFile(ctx, k, base, c, e, reporter(ctx, "Reports.SaveWithFile", errNotReporter))
}

// AddFile attaches evidence to the report, under the rule of Save.
func (s *Reports) AddFile(ctx context.Context, k ReportKey, base int, name, contentType string, data []byte) (*Report, error) {
	if err := writer(ctx, "Reports.AddFile"); err != nil {
		return nil, err
	}
	return s.store.AddFile(ctx, k, base, name, contentType, data, reporter(ctx, "Reports.AddFile", errNotReporter))
}

// RemoveFile takes a file off a report its authors may still edit, under
// the rule of Save.
func (s *Reports) RemoveFile(ctx context.Context, k ReportKey, base int, fileID int64) (*Report, error) {
	if err := writer(ctx, "Reports.RemoveFile"); err != nil {
		return nil, err
	}
	return s.store.RemoveFile(ctx, k, base, fileID, nil, reporter(ctx, "Reports.RemoveFile", errNotReporter))
}

// ReplaceFile puts an upload in the place of a file of the report, in one
// change, under the rule of Save.
func (s *Reports) ReplaceFile(ctx context.Context, k ReportKey, base int, fileID int64, name, contentType string, data []byte) (*Report, error) {
	if err := writer(ctx, "Reports.ReplaceFile"); err != nil {
		return nil, err
	}
	e := &Evidence{Name: name, ContentType: contentType, Data: data}
	return s.store.RemoveFile(ctx, k, base, fileID, e, reporter(ctx, "Reports.ReplaceFile", errNotReporter))
}

// WithdrawFile takes down a file an accepted version of the report
// published by mistake, for the reason given: the secretariat
// (Principal.CanEditContent).
func (s *Reports) WithdrawFile(ctx context.Context, k ReportKey, fileID int64, reason string) error {
	if err := decide(ctx, "Reports.WithdrawFile", PrincipalFrom(ctx).CanEditContent(), errMayNot); err != nil {
		return err
	}
	return s.store.WithdrawFile(ctx, k, fileID, reason)
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

// RevisionGuard is asked by the store inside an approval's transaction, on
// the revision as locked and the programme's settings as read there.
type RevisionGuard func(rev *Revision, settings ProgrammeSettings) error

// RevisionStore keeps revisions of programmes.
type RevisionStore interface {
	CreateRevision(ctx context.Context, slug, title string, changes []Change) (*Revision, error)
	UpdateRevision(ctx context.Context, slug string, id int64, base int, title string, changes []Change) (*Revision, error)
	ApproveRevision(ctx context.Context, slug string, id int64, base int, approvedOn string, guard RevisionGuard) (int, error)
	ProposeRevision(ctx context.Context, slug string, id int64, base int) (*Revision, error)
	ReturnRevision(ctx context.Context, slug string, id int64, base int, comment string) (*Revision, error)
	// A new edition is matched against the programme as it stands, its
	// parties against the register (edition.go).
	Document(ctx context.Context, slug string) (*Document, error)
	ResolveParties(ctx context.Context, parties []Party) (map[string]string, []Party, error)
}

// Revisions are the change sets of a programme: drafted by the Bureau or
// the secretariat, approved by the Bureau as a new version.
type Revisions struct{ store RevisionStore }

// NewRevisions returns the revisions service over s.
func NewRevisions(s RevisionStore) *Revisions { return &Revisions{store: s} }

// Create drafts a revision of the programme's current version
// (Principal.CanDraftRevision).
func (s *Revisions) Create(ctx context.Context, slug, title string, changes []Change) (*Revision, error) {
	if err := decide(ctx, "Revisions.Create", PrincipalFrom(ctx).CanDraftRevision(), errMayNot); err != nil {
		return nil, err
	}
	return s.store.CreateRevision(ctx, slug, title, changes)
}

// Update replaces a draft's title and changes, under the rule of Create;
// the store records the editor, who may then not approve it.
func (s *Revisions) Update(ctx context.Context, slug string, id int64, base int, title string, changes []Change) (*Revision, error) {
	if err := decide(ctx, "Revisions.Update", PrincipalFrom(ctx).CanDraftRevision(), errMayNot); err != nil {
		return nil, err
	}
	return s.store.UpdateRevision(ctx, slug, id, base, title, changes)
}

// Propose sends a draft to the Bureau, under the rule of Create: from then
// on it waits for the Bureau's approval and does not change, unless the
// Bureau sends it back.
func (s *Revisions) Propose(ctx context.Context, slug string, id int64, base int) (*Revision, error) {
	if err := decide(ctx, "Revisions.Propose", PrincipalFrom(ctx).CanDraftRevision(), errMayNot); err != nil {
		return nil, err
	}
	return s.store.ProposeRevision(ctx, slug, id, base)
}

// Return sends a proposed revision back to its drafters with the Bureau's
// comment (Principal.CanReview): it is a draft again.
func (s *Revisions) Return(ctx context.Context, slug string, id int64, base int, comment string) (*Revision, error) {
	if err := decide(ctx, "Revisions.Return", PrincipalFrom(ctx).CanReview(), errMayNot); err != nil {
		return nil, err
	}
	return s.store.ReturnRevision(ctx, slug, id, base, comment)
}

// Approve makes the proposed revision the programme's next version: the Bureau, but
// nobody who drafted or edited it unless the programme allows a
// single-member Bureau (Principal.CanApproveRevision), judged on the
// revision and the settings as the approval's transaction reads them.
func (s *Revisions) Approve(ctx context.Context, slug string, id int64, base int, approvedOn string) (int, error) {
	p := PrincipalFrom(ctx)
	if err := decide(ctx, "Revisions.Approve", p.CanReview(), errMayNot); err != nil {
		return 0, err
	}
	return s.store.ApproveRevision(ctx, slug, id, base, approvedOn, func(rev *Revision, settings ProgrammeSettings) error {
		return decide(ctx, "Revisions.Approve", p.CanApproveRevision(rev.Authors(), settings), errOwnRevision)
	})
}

// ContentStore keeps what the secretariat sets on a programme besides its
// text: reporting periods, activity weights, translations.
type ContentStore interface {
	SetPeriods(ctx context.Context, slug string, ps []Period) error
	SetWeights(ctx context.Context, slug string, weights map[string]float64) error
	SetTranslation(ctx context.Context, slug, subject, field, lang, text string) error
	SetTranslations(ctx context.Context, slug, lang string, edits []TranslationEdit) (int, error)
}

// Periods are a programme's reporting periods, set by the secretariat
// (Principal.CanEditContent).
type Periods struct{ store ContentStore }

// NewPeriods returns the periods service over s.
func NewPeriods(s ContentStore) *Periods { return &Periods{store: s} }

// Set replaces the programme's periods.
func (s *Periods) Set(ctx context.Context, slug string, ps []Period) error {
	if err := decide(ctx, "Periods.Set", PrincipalFrom(ctx).CanEditContent(), errMayNot); err != nil {
		return err
	}
	return s.store.SetPeriods(ctx, slug, ps)
}

// Weights are the weights of a programme's activities in its progress,
// set by the secretariat (Principal.CanEditContent).
type Weights struct{ store ContentStore }

// NewWeights returns the weights service over s.
func NewWeights(s ContentStore) *Weights { return &Weights{store: s} }

// Set replaces the programme's weights.
func (s *Weights) Set(ctx context.Context, slug string, weights map[string]float64) error {
	if err := decide(ctx, "Weights.Set", PrincipalFrom(ctx).CanEditContent(), errMayNot); err != nil {
		return err
	}
	return s.store.SetWeights(ctx, slug, weights)
}

// Translations are the secretariat's translations of a programme's text
// (Principal.CanEditContent).
type Translations struct{ store ContentStore }

// NewTranslations returns the translations service over s.
func NewTranslations(s ContentStore) *Translations { return &Translations{store: s} }

// Set writes (text "" removes) the translation of a field into lang.
func (s *Translations) Set(ctx context.Context, slug, subject, field, lang, text string) error {
	if err := decide(ctx, "Translations.Set", PrincipalFrom(ctx).CanEditContent(), errMayNot); err != nil {
		return err
	}
	return s.store.SetTranslation(ctx, slug, subject, field, lang, text)
}

// SetMany writes many fields of one language at once, all or none (the
// editor's page, an imported file), and returns how many it changed: an
// edit that changes nothing is skipped (TranslationEdit.Confirm). Every
// field's problem is reported at once, keyed by its id
// (TranslationFieldID).
func (s *Translations) SetMany(ctx context.Context, slug, lang string, edits []TranslationEdit) (int, error) {
	if err := decide(ctx, "Translations.SetMany", PrincipalFrom(ctx).CanEditContent(), errMayNot); err != nil {
		return 0, err
	}
	return s.store.SetTranslations(ctx, slug, lang, edits)
}

// UserStore keeps accounts, their memberships of parties, and the
// programme settings the admins choose.
type UserStore interface {
	CreateUser(ctx context.Context, email, name, lang string, roles []UserRole) (*User, string, error)
	UpdateUser(ctx context.Context, id int64, name, lang string, roles []UserRole, disabled bool) error
	ResetLink(ctx context.Context, email string) (*User, string, error)
	SendPasswordLink(ctx context.Context, userID int64) error
	AddMembership(ctx context.Context, userID int64, partyID, startsOn, endsOn string) (int64, error)
	EndMembership(ctx context.Context, id int64, endsOn string) error
	SetProgrammeSettings(ctx context.Context, slug string, ps ProgrammeSettings) error
}

// Users are the accounts, managed by the admins (Principal.CanManageUsers).
type Users struct{ store UserStore }

// NewUsers returns the users service over s.
func NewUsers(s UserStore) *Users { return &Users{store: s} }

// Create makes an account and returns it with the link token to set its
// password.
func (s *Users) Create(ctx context.Context, email, name, lang string, roles []UserRole) (*User, string, error) {
	if err := decide(ctx, "Users.Create", PrincipalFrom(ctx).CanManageUsers(), errMayNot); err != nil {
		return nil, "", err
	}
	return s.store.CreateUser(ctx, email, name, lang, roles)
}

// Update changes an account's name, language, roles and whether it is
// disabled.
func (s *Users) Update(ctx context.Context, id int64, name, lang string, roles []UserRole, disabled bool) error {
	if err := decide(ctx, "Users.Update", PrincipalFrom(ctx).CanManageUsers(), errMayNot); err != nil {
		return err
	}
	return s.store.UpdateUser(ctx, id, name, lang, roles, disabled)
}

// ResetLink makes a new link to set the account's password.
func (s *Users) ResetLink(ctx context.Context, email string) (*User, string, error) {
	if err := decide(ctx, "Users.ResetLink", PrincipalFrom(ctx).CanManageUsers(), errMayNot); err != nil {
		return nil, "", err
	}
	return s.store.ResetLink(ctx, email)
}

// SendLink mails the user a fresh link to set their password (an
// invitation if they never set one): the link is made when the message is
// sent, so that no admin ever sees it.
func (s *Users) SendLink(ctx context.Context, id int64) error {
	if err := decide(ctx, "Users.SendLink", PrincipalFrom(ctx).CanManageUsers(), errMayNot); err != nil {
		return err
	}
	return s.store.SendPasswordLink(ctx, id)
}

// Memberships make a user a focal point of a party for a time, managed by
// the admins (Principal.CanManageUsers).
type Memberships struct{ store UserStore }

// NewMemberships returns the memberships service over s.
func NewMemberships(s UserStore) *Memberships { return &Memberships{store: s} }

// Add makes the user a focal point of the party from startsOn to endsOn
// ("" open-ended).
func (s *Memberships) Add(ctx context.Context, userID int64, partyID, startsOn, endsOn string) (int64, error) {
	if err := decide(ctx, "Memberships.Add", PrincipalFrom(ctx).CanManageUsers(), errMayNot); err != nil {
		return 0, err
	}
	return s.store.AddMembership(ctx, userID, partyID, startsOn, endsOn)
}

// End ends a membership on endsOn.
func (s *Memberships) End(ctx context.Context, id int64, endsOn string) error {
	if err := decide(ctx, "Memberships.End", PrincipalFrom(ctx).CanManageUsers(), errMayNot); err != nil {
		return err
	}
	return s.store.EndMembership(ctx, id, endsOn)
}

// Settings are the rules a programme's admins choose (ProgrammeSettings,
// Principal.CanManageUsers).
type Settings struct{ store UserStore }

// NewSettings returns the programme settings service over s.
func NewSettings(s UserStore) *Settings { return &Settings{store: s} }

// Set changes the programme's settings.
func (s *Settings) Set(ctx context.Context, slug string, ps ProgrammeSettings) error {
	if err := decide(ctx, "Settings.Set", PrincipalFrom(ctx).CanManageUsers(), errMayNot); err != nil {
		return err
	}
	return s.store.SetProgrammeSettings(ctx, slug, ps)
}

// ProgrammeStore is the persistence the programmes service needs.
type ProgrammeStore interface {
	ImportProgramme(ctx context.Context, doc *Document, sourceText string) error
}

// Programmes are the programmes themselves: a new one imported from its
// document (Principal.CanImportProgramme). A new edition of one already
// imported is a revision (Revisions.Create).
type Programmes struct{ store ProgrammeStore }

// NewProgrammes returns the programmes service over s.
func NewProgrammes(s ProgrammeStore) *Programmes { return &Programmes{store: s} }

// Import stores a programme read from its document, its parties joining
// the register.
func (s *Programmes) Import(ctx context.Context, doc *Document, sourceText string) error {
	if err := decide(ctx, "Programmes.Import", PrincipalFrom(ctx).CanImportProgramme(), errMayNot); err != nil {
		return err
	}
	return s.store.ImportProgramme(ctx, doc, sourceText)
}
