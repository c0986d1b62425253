package bitacora_test

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/iatiread"
	"github.com/elac/bitacora/programmedoc"
	"github.com/elac/bitacora/seed"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.RemoveTemplates()
	os.Exit(code)
}

// nextCycle is eLAC2020's document as a new cycle, eLAC2024, to import.
func nextCycle(t *testing.T) *bitacora.Document {
	t.Helper()
	text := seedtest.NextCycle(seed.ELAC2020)
	doc, err := programmedoc.Parse([]byte(text), programmedoc.Options{SourceName: "LC/TS.2022/12"})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// services returns every domain service over db: a service type added to
// the domain is added here, and then each of its operations needs a row
// in the matrix below.
func services(db *store.DB) []any {
	return []any{bitacora.NewReports(db), bitacora.NewRevisions(db), bitacora.NewPeriods(db), bitacora.NewWeights(db),
		bitacora.NewTranslations(db), bitacora.NewUsers(db), bitacora.NewMemberships(db), bitacora.NewSettings(db),
		bitacora.NewProgrammes(db), bitacora.NewReminders(db), bitacora.NewParties(db), bitacora.NewOperations(db), bitacora.NewIndicators(db)}
}

// TestServiceAuthorizationMatrix calls every exported operation of every
// service (found by reflection, so that an operation without a row fails)
// as the public, as a read-scope token of a user who holds every role and
// speaks for the activity's responsible party, as a focal point of a party
// that has nothing to do with the activity, as any other principal the
// row names as wrong, and as the right principal. A refusal must carry the
// right code, come from a policy decision of that operation, and write
// nothing (the change record's head stays); the right principal's call
// must succeed and write. Every call must take a policy decision.
func TestServiceAuthorizationMatrix(t *testing.T) {
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db, err := store.Open(ctx, b.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		doc, err := db.Document(ctx, "elac2020")
		if err != nil {
			t.Fatal(err)
		}
		// An activity with a responsible and a co-responsible party, and
		// a party that has no part in it.
		var a *bitacora.Activity
		objective := 0
		for _, ar := range doc.Areas {
			for _, o := range ar.Objectives {
				for i := range o.Activities {
					if x := &o.Activities[i]; a == nil && len(x.Responsible) > 0 && len(x.CoResponsible) > 0 {
						a, objective = x, o.Number
					}
				}
			}
		}
		if a == nil {
			t.Fatal("eLAC2020 has no activity with co-responsible parties")
		}
		resp, co := a.Responsible[0], a.CoResponsible[0]
		other := ""
		for _, p := range doc.Parties {
			if other == "" && !slices.Contains(a.Responsible, p.ID) && !slices.Contains(a.CoResponsible, p.ID) {
				other = p.ID
			}
		}
		periods, err := db.Periods(ctx, "elac2020")
		if err != nil || len(periods) == 0 {
			t.Fatalf("periods: %v %v", periods, err)
		}
		k := bitacora.ReportKey{Programme: "elac2020", Activity: a.Code, Period: periods[0].Key}

		user := func(id int64, scope bitacora.TokenScope, parties []string, roles ...bitacora.UserRole) bitacora.Principal {
			p := bitacora.Public()
			p.User, p.Scope = &bitacora.User{ID: id, Email: "u@example.org", Roles: roles}, scope
			for _, party := range parties {
				p.User.Memberships = append(p.User.Memberships, bitacora.Membership{UserID: id, PartyID: party, StartsOn: "2000-01-01"})
			}
			return p
		}
		var (
			anonymous   = bitacora.Public()
			readToken   = user(1, bitacora.ScopeRead, []string{resp}, bitacora.UserRoles...)
			otherFocal  = user(2, "", []string{other})
			responsible = user(3, "", []string{resp})
			coResp      = user(4, "", []string{co})
			bureau      = user(5, "", nil, bitacora.RoleBureau)
			ownBureau   = user(6, "", []string{resp}, bitacora.RoleBureau)
			secretariat = user(7, "", nil, bitacora.RoleSecretariat)
			admin       = user(8, "", nil, bitacora.RoleAdmin)
		)

		// What the operations work on, made directly in the store.
		target, _, err := db.CreateUser(ctx, "target@example.org", "Target", "es", nil)
		if err != nil {
			t.Fatal(err)
		}
		membership, err := db.AddMembership(ctx, target.ID, other, "2019-01-01", "")
		if err != nil {
			t.Fatal(err)
		}
		// A focal point of the responsible party in 2019, for reminders.
		remindee, _, err := db.CreateUser(ctx, "remindee@example.org", "Remindee", "es", nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddMembership(ctx, remindee.ID, resp, "2019-01-01", ""); err != nil {
			t.Fatal(err)
		}
		var revision int64
		// A second revision, sent to the Bureau, for the Bureau to send back.
		edit := []bitacora.Change{{Op: bitacora.OpEditActivity, Activity: a.Code, Text: new("Texto revisado."), Reason: "Ajuste."}}
		returned, err := db.CreateRevision(ctx, "elac2020", "Para devolver", edit)
		if err != nil {
			t.Fatal(err)
		}
		if returned, err = db.ProposeRevision(ctx, "elac2020", returned.ID, returned.Version); err != nil {
			t.Fatal(err)
		}
		// A new edition of the programme: one activity's text differs.
		edition, err := db.Document(ctx, "elac2020")
		if err != nil {
			t.Fatal(err)
		}
		for ai := range edition.Areas {
			for oi := range edition.Areas[ai].Objectives {
				for ti := range edition.Areas[ai].Objectives[oi].Activities {
					if x := &edition.Areas[ai].Objectives[oi].Activities[ti]; x.Code == a.Code {
						x.Text = "Texto de la nueva edición."
					}
				}
			}
		}
		version := func() int {
			r, err := db.Report(ctx, k)
			if err != nil {
				return 0
			}
			return r.Version
		}
		fileID := func(i int) int64 {
			r, err := db.Report(ctx, k)
			if err != nil || len(r.Files) <= i {
				return 0
			}
			return r.Files[i].ID
		}
		revisionVersion := func() int {
			r, err := db.Revision(ctx, "elac2020", revision)
			if err != nil {
				t.Fatal(err)
			}
			return r.Version
		}
		content := bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited, Narrative: "Avance."}
		pdf := []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")

		type svc struct {
			reports      *bitacora.Reports
			revisions    *bitacora.Revisions
			periods      *bitacora.Periods
			weights      *bitacora.Weights
			translations *bitacora.Translations
			users        *bitacora.Users
			memberships  *bitacora.Memberships
			settings     *bitacora.Settings
			programmes   *bitacora.Programmes
			reminders    *bitacora.Reminders
			parties      *bitacora.Parties
			operations   *bitacora.Operations
			indicators   *bitacora.Indicators
		}
		s := svc{bitacora.NewReports(db), bitacora.NewRevisions(db), bitacora.NewPeriods(db), bitacora.NewWeights(db),
			bitacora.NewTranslations(db), bitacora.NewUsers(db), bitacora.NewMemberships(db), bitacora.NewSettings(db),
			bitacora.NewProgrammes(db), bitacora.NewReminders(db), bitacora.NewParties(db), bitacora.NewOperations(db), bitacora.NewIndicators(db)}
		// An indicator of objective 29's activity.
		ind := bitacora.Indicator{Code: "BB.FIXED", Name: map[string]string{"es": "Banda ancha fija"}, Unit: "por 100 habitantes",
			Source: "UIT", Measures: []bitacora.IndicatorLink{{Programme: "elac2020", Objective: objective, Activity: a.Code}}}
		// A party of the register for the added one to be merged into.
		survivor, err := db.AddParty(ctx, bitacora.PartyEdit{Name: "Organización Superviviente", Kind: bitacora.KindOrganisation})
		if err != nil {
			t.Fatal(err)
		}

		// The rows run in order: each leaves the report or the revision in
		// the state the next one needs.
		rows := []struct {
			op    string
			right bitacora.Principal
			wrong []bitacora.Principal // refused besides the three every row refuses
			call  func(ctx context.Context) error
		}{
			{"Reports.Save", responsible, []bitacora.Principal{coResp, bureau, secretariat}, func(ctx context.Context) error {
				_, err := s.reports.Save(ctx, k, version(), content)
				return err
			}},
			{"Reports.SaveWithFile", responsible, []bitacora.Principal{coResp, bureau, secretariat}, func(ctx context.Context) error {
				_, err := s.reports.SaveWithFile(ctx, k, version(), content, bitacora.Evidence{Name: "informe.pdf", ContentType: "application/pdf", Data: append(pdf, '\n', '\n')})
				return err
			}},
			{"Reports.AddFile", responsible, []bitacora.Principal{coResp, bureau}, func(ctx context.Context) error {
				_, err := s.reports.AddFile(ctx, k, version(), "evidence.pdf", "application/pdf", pdf)
				if err == nil {
					// A second file, for RemoveFile below.
					_, err = s.reports.AddFile(ctx, k, version(), "acta.pdf", "application/pdf", append(pdf, '\n'))
				}
				return err
			}},
			{"Reports.ReplaceFile", responsible, []bitacora.Principal{coResp, bureau, secretariat}, func(ctx context.Context) error {
				_, err := s.reports.ReplaceFile(ctx, k, version(), fileID(0), "evidence-v2.pdf", "application/pdf", append(pdf, ' '))
				return err
			}},
			{"Reports.RemoveFile", responsible, []bitacora.Principal{coResp, bureau, secretariat}, func(ctx context.Context) error {
				_, err := s.reports.RemoveFile(ctx, k, version(), fileID(0))
				return err
			}},
			{"Reports.Contribute", coResp, []bitacora.Principal{bureau, secretariat}, func(ctx context.Context) error {
				_, err := s.reports.Contribute(ctx, k, version(), "", "Aporte.")
				return err
			}},
			{"Reports.Submit", responsible, []bitacora.Principal{coResp, bureau}, func(ctx context.Context) error {
				_, err := s.reports.Submit(ctx, k, version())
				return err
			}},
			{"Reports.Review", bureau, []bitacora.Principal{ownBureau, responsible, secretariat}, func(ctx context.Context) error {
				_, err := s.reports.Review(ctx, k, version(), true, "")
				return err
			}},
			{"Reports.WithdrawFile", secretariat, []bitacora.Principal{responsible, bureau, admin}, func(ctx context.Context) error {
				return s.reports.WithdrawFile(ctx, k, fileID(0), "Publicado por error.")
			}},
			{"Reports.Import", secretariat, []bitacora.Principal{responsible, bureau, admin}, func(ctx context.Context) error {
				_, err := s.reports.Import(ctx, "elac2020", []bitacora.ReportImport{{Line: 2, Activity: k.Activity, Period: k.Period,
					State: bitacora.StateDraft, Content: content, HasNarrative: true}})
				return err
			}},
			{"Revisions.Create", secretariat, []bitacora.Principal{responsible, admin}, func(ctx context.Context) error {
				rev, err := s.revisions.Create(ctx, "elac2020", "Ajuste", nil)
				if err == nil {
					revision = rev.ID
				}
				return err
			}},
			{"Revisions.Update", secretariat, []bitacora.Principal{responsible, admin}, func(ctx context.Context) error {
				_, err := s.revisions.Update(ctx, "elac2020", revision, revisionVersion(), "Ajuste menor", edit)
				return err
			}},
			{"Revisions.Propose", secretariat, []bitacora.Principal{responsible, admin}, func(ctx context.Context) error {
				_, err := s.revisions.Propose(ctx, "elac2020", revision, revisionVersion())
				return err
			}},
			{"Revisions.Approve", bureau, []bitacora.Principal{secretariat, responsible}, func(ctx context.Context) error {
				_, err := s.revisions.Approve(ctx, "elac2020", revision, revisionVersion(), "2019-11-20")
				return err
			}},
			{"Revisions.Return", bureau, []bitacora.Principal{secretariat, responsible}, func(ctx context.Context) error {
				_, err := s.revisions.Return(ctx, "elac2020", returned.ID, returned.Version, "Falta el motivo.")
				return err
			}},
			{"Revisions.FromEdition", secretariat, []bitacora.Principal{responsible, admin}, func(ctx context.Context) error {
				rev, err := s.revisions.FromEdition(ctx, "elac2020", "edicion.txt", edition)
				if err == nil && (rev == nil || len(rev.Changes) != 1 || rev.Changes[0].Op != bitacora.OpEditActivity) {
					return fmt.Errorf("the edition's draft: %+v", rev)
				}
				return err
			}},
			{"Periods.Set", secretariat, []bitacora.Principal{responsible, bureau, admin}, func(ctx context.Context) error {
				return s.periods.Set(ctx, "elac2020", periods)
			}},
			{"Weights.Set", secretariat, []bitacora.Principal{responsible, bureau, admin}, func(ctx context.Context) error {
				return s.weights.Set(ctx, "elac2020", map[string]float64{a.Code: 2})
			}},
			{"Translations.Set", secretariat, []bitacora.Principal{responsible, bureau, admin}, func(ctx context.Context) error {
				return s.translations.Set(ctx, "elac2020", "activity:"+a.Code, "text", "en", "Translated.")
			}},
			{"Translations.SetMany", secretariat, []bitacora.Principal{responsible, bureau, admin}, func(ctx context.Context) error {
				_, err := s.translations.SetMany(ctx, "elac2020", "en", []bitacora.TranslationEdit{
					{Subject: "activity:" + a.Code, Field: "text", Text: "Translated again."}, {Subject: "programme", Field: "title", Text: "Programme"}})
				return err
			}},
			{"Users.Create", admin, []bitacora.Principal{secretariat, bureau, responsible}, func(ctx context.Context) error {
				_, _, err := s.users.Create(ctx, "new@example.org", "New", "es", nil)
				return err
			}},
			{"Users.Update", admin, []bitacora.Principal{secretariat, bureau, responsible}, func(ctx context.Context) error {
				return s.users.Update(ctx, target.ID, "Changed", "en", []bitacora.UserRole{bitacora.RoleBureau}, false)
			}},
			{"Users.ResetLink", admin, []bitacora.Principal{secretariat, bureau, responsible}, func(ctx context.Context) error {
				_, _, err := s.users.ResetLink(ctx, "target@example.org")
				return err
			}},
			{"Users.SendLink", admin, []bitacora.Principal{secretariat, bureau, responsible}, func(ctx context.Context) error {
				return s.users.SendLink(ctx, target.ID)
			}},
			{"Memberships.Add", admin, []bitacora.Principal{secretariat, bureau, responsible}, func(ctx context.Context) error {
				_, err := s.memberships.Add(ctx, target.ID, resp, "2020-01-01", "")
				return err
			}},
			{"Memberships.End", admin, []bitacora.Principal{secretariat, bureau, responsible}, func(ctx context.Context) error {
				return s.memberships.End(ctx, membership, "2020-06-30")
			}},
			{"Settings.Set", admin, []bitacora.Principal{secretariat, bureau, responsible}, func(ctx context.Context) error {
				return s.settings.Set(ctx, "elac2020", bitacora.ProgrammeSettings{SingleMemberBureau: true})
			}},
			{"Programmes.Import", admin, []bitacora.Principal{secretariat, bureau, responsible}, func(ctx context.Context) error {
				return s.programmes.Import(ctx, nextCycle(t), "")
			}},
			{"Reminders.ExtendDeadline", secretariat, []bitacora.Principal{responsible, bureau, admin}, func(ctx context.Context) error {
				return s.reminders.ExtendDeadline(ctx, k, "2099-12-31")
			}},
			{"Reminders.Send", secretariat, []bitacora.Principal{responsible, bureau, admin}, func(ctx context.Context) error {
				_, _, err := s.reminders.Send(ctx, "elac2020", time.Date(2019, 8, 1, 12, 0, 0, 0, time.UTC))
				return err
			}},
			{"Reminders.Due", secretariat, []bitacora.Principal{responsible, bureau, admin}, func(ctx context.Context) error {
				_, err := s.reminders.Due(ctx, "elac2020", time.Date(2019, 8, 1, 12, 0, 0, 0, time.UTC))
				return err
			}},
			{"Parties.Add", secretariat, []bitacora.Principal{responsible, bureau, admin}, func(ctx context.Context) error {
				_, err := s.parties.Add(ctx, bitacora.PartyEdit{Name: "Organización Nueva", Acronym: "ORGN", Kind: bitacora.KindOrganisation})
				return err
			}},
			{"Parties.Update", secretariat, []bitacora.Principal{responsible, bureau, admin}, func(ctx context.Context) error {
				return s.parties.Update(ctx, "orgn", bitacora.PartyEdit{Name: "Organización Renovada", Acronym: "ORGN", Kind: bitacora.KindNetwork})
			}},
			{"Parties.SetAliases", secretariat, []bitacora.Principal{responsible, bureau, admin}, func(ctx context.Context) error {
				return s.parties.SetAliases(ctx, "orgn", []bitacora.PartyName{{Name: "New Organisation", Lang: "en"}})
			}},
			{"Parties.SetChairs", secretariat, []bitacora.Principal{responsible, bureau, admin}, func(ctx context.Context) error {
				return s.parties.SetChairs(ctx, "orgn", []bitacora.Chair{{Country: "Chile", Code: "CL", StartsOn: "2019-01-01"}})
			}},
			{"Parties.Merge", secretariat, []bitacora.Principal{responsible, bureau, admin}, func(ctx context.Context) error {
				return s.parties.Merge(ctx, survivor.ID, "orgn")
			}},
			{"Operations.Link", secretariat, []bitacora.Principal{responsible, bureau, admin}, func(ctx context.Context) error {
				return s.operations.Link(ctx, "elac2020", "caf.xml", []bitacora.OperationLink{{Activity: a.Code,
					IATI: iatiread.Activity{Identifier: "XM-EXAMPLE-1", Titles: []iatiread.Narrative{{Lang: "es", Text: "Cable"}}}}})
			}},
			{"Operations.Unlink", secretariat, []bitacora.Principal{responsible, bureau, admin}, func(ctx context.Context) error {
				return s.operations.Unlink(ctx, "elac2020", a.Code, "XM-EXAMPLE-1")
			}},
			{"Operations.SetCover", secretariat, []bitacora.Principal{responsible, bureau, admin}, func(ctx context.Context) error {
				return s.operations.SetCover(ctx, "elac2020", bitacora.FollowUpCover{Titles: map[string]string{"es": "Informe de seguimiento"}, Date: "2020-04-22"})
			}},
			{"Indicators.Add", secretariat, []bitacora.Principal{responsible, bureau, admin}, func(ctx context.Context) error {
				return s.indicators.Add(ctx, ind)
			}},
			{"Indicators.Update", secretariat, []bitacora.Principal{responsible, bureau, admin}, func(ctx context.Context) error {
				ind.Unit = "porcentaje"
				return s.indicators.Update(ctx, ind.Code, ind)
			}},
			{"Indicators.Import", secretariat, []bitacora.Principal{responsible, bureau, admin}, func(ctx context.Context) error {
				return s.indicators.Import(ctx, bitacora.ObservationImport{Indicator: ind.Code, Programme: "elac2020",
					Observations: []bitacora.Observation{{Country: "CHL", Year: 2019, Value: "0"}, {Aggregate: "LCN", Year: 2019, Value: "12.5"}}})
			}},
		}

		// The operations that read: the right principal writes nothing.
		reads := map[string]bool{"Reminders.Due": true}

		// Every operation has a row, and every row an operation.
		have := map[string]bool{}
		for _, r := range rows {
			have[r.op] = true
		}
		ops := map[string]bool{}
		for _, v := range services(db) {
			tp := reflect.TypeOf(v)
			for i := 0; i < tp.NumMethod(); i++ {
				op := tp.Elem().Name() + "." + tp.Method(i).Name
				ops[op] = true
				if !have[op] {
					t.Errorf("%s has no row in the authorization matrix", op)
				}
			}
		}
		for op := range have {
			if !ops[op] {
				t.Errorf("the matrix has a row for %s, which no service has", op)
			}
		}

		head := func() int64 {
			seq, _, err := db.AuditHead(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return seq
		}
		for _, r := range rows {
			refused := append([]bitacora.Principal{anonymous, readToken, otherFocal}, r.wrong...)
			for i, p := range refused {
				want := bitacora.EFORBIDDEN
				if i == 0 {
					want = bitacora.EUNAUTHORIZED
				}
				before := head()
				dctx, decisions := bitacora.WithDecisions(bitacora.WithPrincipal(ctx, p))
				err := r.call(dctx)
				if code := bitacora.ErrorCode(err); code != want {
					t.Errorf("%s as principal %d of the refused: %s (%v); want %s", r.op, i, code, err, want)
				}
				if after := head(); after != before {
					t.Errorf("%s as principal %d of the refused wrote %d entries", r.op, i, after-before)
				}
				ds := decisions()
				if len(ds) == 0 || ds[len(ds)-1].Op != r.op || ds[len(ds)-1].Allowed {
					t.Errorf("%s as principal %d of the refused: decisions %v; want the last a refusal of %s", r.op, i, ds, r.op)
				}
			}
			before := head()
			dctx, decisions := bitacora.WithDecisions(bitacora.WithPrincipal(ctx, r.right))
			if err := r.call(dctx); err != nil {
				t.Errorf("%s as the right principal: %v", r.op, err)
				continue
			}
			if wrote := head() != before; wrote == reads[r.op] {
				t.Errorf("%s as the right principal: wrote in the change record = %v; want %v", r.op, wrote, !reads[r.op])
			}
			ds := decisions()
			if len(ds) == 0 {
				t.Errorf("%s took no policy decision", r.op)
			}
			for _, d := range ds {
				if d.Op != r.op || !d.Allowed {
					t.Errorf("%s as the right principal: decision %+v", r.op, d)
				}
			}
		}
	})
}

// TestOperatorPrincipal: the command line's principal may do what the
// staff roles may, never speak for a party, and is recorded as "cli".
func TestOperatorPrincipal(t *testing.T) {
	op := bitacora.Operator()
	a := &bitacora.Activity{Code: "1.1", Responsible: []string{"x"}, CoResponsible: []string{"y"}}
	if !op.CanManageUsers() || !op.CanEditContent() || !op.CanReview() || !op.CanDraftRevision() {
		t.Error("the operator may not do what the staff roles may")
	}
	if op.CanReportOn(a) || op.CanContributeTo(a) || op.IsFocalPoint() {
		t.Error("the operator speaks for a party")
	}
	if got := op.Actor().String(); got != "cli" {
		t.Errorf("the operator is recorded as %q; want cli", got)
	}
	if got := bitacora.ActorFrom(bitacora.WithPrincipal(context.Background(), op)).String(); got != "cli" {
		t.Errorf("WithPrincipal(Operator) records %q; want cli", got)
	}
	if bitacora.PrincipalFrom(context.Background()).SignedIn() || bitacora.PrincipalFrom(context.Background()).CanReview() {
		t.Error("a context without a principal is not the public's")
	}
}
