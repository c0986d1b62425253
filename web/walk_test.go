package web_test

import (
	"context"
	"github.com/elac/bitacora/iatiread"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/internal/browsertest"
	"github.com/elac/bitacora/internal/synthetic"
	"github.com/elac/bitacora/programmedoc"
	"github.com/elac/bitacora/seed"
	"github.com/elac/bitacora/seed/seedtest"
)

// TestWalkthroughScreenshots writes screenshots of the pages each role
// meets, in two languages, on a phone and a desktop, for a person to look
// at before a change is called done: BITACORA_WALK=/tmp/walk go test ./web
// -run Walkthrough. It is skipped otherwise; the checks that can be
// automated (reflow, axe, the Nu checker, no raw keys) are other tests.
func TestWalkthroughScreenshots(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("BITACORA_WALK")
	if dir == "" {
		t.Skip("set BITACORA_WALK to a folder to write the walkthrough's screenshots")
	}
	b := shared.Browser(t)
	ts, db := newServer(t, seedtest.SQLite(t))
	followUp(t, db)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	shoot := func(name, path string, opts ...browsertest.Option) {
		t.Helper()
		file := strings.NewReplacer("/", "_", "?", "_", "=", "_", "&", "_").Replace(name)
		b.Screenshot(t, ts.URL+path, browsertest.PhoneWidth, browsertest.PhoneHeight, true,
			filepath.Join(dir, file+"-phone.png"), append(opts, browsertest.Phone())...)
		b.Screenshot(t, ts.URL+path, 1280, 900, false, filepath.Join(dir, file+"-desktop.png"), opts...)
	}
	// The API page (issue 15): prose, curl examples, the operations' table.
	for _, lang := range []string{"es", "en"} {
		shoot(lang+"-api", "/"+lang+"/api")
	}
	// A programme of 159 activities: its pages come in pages.
	text := seedtest.NextCycle(synthetic.Repeat(seed.ELAC2020, 3, 7, 30))
	big, err := programmedoc.Parse([]byte(text), programmedoc.Options{SourceName: "big"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ImportProgramme(context.Background(), big, text); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"es", "fr"} {
		shoot(lang+"-big-dashboard-2", "/"+lang+"/elac2024/dashboard?page=2")
		shoot(lang+"-big-full", "/"+lang+"/elac2024/full")
	}
	// The public.
	for _, lang := range []string{"es", "fr"} {
		shoot(lang+"-working-group", "/"+lang+"/parties/grupo-de-trabajo-sobre-cultura-inclusion-y-habilidades-digitales")
		shoot(lang+"-dashboard", "/"+lang+"/elac2020/dashboard")
		shoot(lang+"-activity", "/"+lang+"/elac2020/activities/1.1")
		shoot(lang+"-search", "/"+lang+"/search?q=g%C3%A9nero")
		shoot(lang+"-used-link", "/"+lang+"/password/set?token=used", browsertest.WantStatus(410))
	}
	// The open data page (issue 15), in Spanish and English.
	for _, lang := range []string{"es", "en"} {
		shoot(lang+"-open-data", "/"+lang+"/elac2020/data")
	}
	// A Bureau member who is also a focal point of ISOC: the admin is
	// warned; the report form and the workspace.
	admin := makeUser(t, db, "admin@example.org", bitacora.RoleAdmin, bitacora.RoleSecretariat, bitacora.RoleBureau)
	if _, err := db.AddMembership(context.Background(), admin.ID, "isoc", "2018-01-01", ""); err != nil {
		t.Fatal(err)
	}
	// The header (issue 13): "Sign in" for the public; once signed in,
	// the person's name and a sign-out button, on a public page too.
	for _, lang := range []string{"es", "en"} {
		shoot(lang+"-header-public", "/"+lang+"/elac2020")
	}
	signIn(t, b, ts, "admin@example.org")
	for _, lang := range []string{"es", "en"} {
		shoot(lang+"-header-signed-in", "/"+lang+"/elac2020")
	}
	for _, lang := range []string{"es", "fr"} {
		shoot(lang+"-my-activities", "/"+lang+"/my/activities")
		shoot(lang+"-admin-user", "/"+lang+"/admin/users/"+itoa(admin.ID))
		shoot(lang+"-admin-users", "/"+lang+"/admin/users")
		shoot(lang+"-report-form", "/"+lang+"/elac2020/activities/1.1/reports/2019-H1")
		shoot(lang+"-periods", "/"+lang+"/elac2020/periods")
		shoot(lang+"-reviews", "/"+lang+"/elac2020/reviews")
		shoot(lang+"-cycle", "/"+lang+"/elac2020/cycle")
		shoot(lang+"-mail-preferences", "/"+lang+"/account/mail")
		shoot(lang+"-outbox", "/"+lang+"/admin/outbox")
		shoot(lang+"-report-not-started", "/"+lang+"/elac2020/activities/4.5/reports/2019-H1")
	}
	// The secretariat's and the Bureau's revision forms: one per kind of
	// change, parties by name.
	draft, err := db.CreateRevision(context.Background(), "elac2020", "Edición 2019", []bitacora.Change{
		{Op: bitacora.OpSetParties, Activity: "1.4", Responsible: []string{"cepal"}, CoResponsible: bitacora.PartyList("isoc"), Reason: "CEPAL conduce el estudio."}})
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"es", "en"} {
		rev := "/" + lang + "/elac2020/revisions/" + itoa(draft.ID)
		shoot(lang+"-revision-set-parties", rev+"?op=set_parties&activity=1.4")
		shoot(lang+"-revision-add-activity", rev+"?op=add_activity")
		shoot(lang+"-revision-pick", rev+"?op=edit_activity")
		shoot(lang+"-revisions", "/"+lang+"/elac2020/revisions")
		shoot(lang+"-programme-new", "/"+lang+"/admin/programmes/new")
	}
	// The register (issue 13): the list, a party's forms, its public page
	// with names in languages, chairs and a merge.
	rctx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "walk"})
	if err := db.SetPartyNames(rctx, "red-gealc", []bitacora.PartyName{{Name: "eGovernment Network of Latin America and the Caribbean", Lang: "en"}, {Name: "Réseau GEALC", Lang: "fr"}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetChairs(rctx, "red-gealc", []bitacora.Chair{{Country: "Panamá", Code: "PA", StartsOn: "2018-04-01", EndsOn: "2019-10-31"}, {Country: "Uruguay", Code: "UY", StartsOn: "2019-11-01"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddParty(rctx, bitacora.PartyEdit{Name: "Red de Gobierno Digital", Kind: bitacora.KindNetwork}); err != nil {
		t.Fatal(err)
	}
	if err := db.MergeParties(rctx, "red-gealc", "red-de-gobierno-digital"); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"es", "en"} {
		shoot(lang+"-register", "/"+lang+"/admin/parties?q=red")
		shoot(lang+"-register-party", "/"+lang+"/admin/parties/red-gealc")
		shoot(lang+"-register-public", "/"+lang+"/parties/red-gealc")
	}
	// The secretariat's desk (issue 13): a language partly translated, one
	// translation out of date after a revision, the weights form.
	actx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "walk"})
	for subject, text := range map[string]string{"area:1": "Digital infrastructure", "activity:1.2": "Promote the deployment of broadband networks",
		"activity:1.3": "Yearly broadband report"} {
		field := "text"
		if strings.HasPrefix(subject, "area:") {
			field = "title"
		}
		if err := db.SetTranslation(actx, "elac2020", subject, field, "en", text); err != nil {
			t.Fatal(err)
		}
	}
	reword := "Elaborar un informe anual sobre la adopción de la banda ancha"
	rev, err := db.CreateRevision(actx, "elac2020", "Redacción", []bitacora.Change{{Op: bitacora.OpEditActivity, Activity: "1.3", Text: &reword, Reason: "Precisión."}})
	if err == nil {
		// A draft goes to the Bureau before it can be approved.
		rev, err = db.ProposeRevision(actx, "elac2020", rev.ID, rev.Version)
	}
	if err == nil {
		_, err = db.ApproveRevision(actx, "elac2020", rev.ID, rev.Version, "2019-11-20", nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"es", "en"} {
		shoot(lang+"-translations", "/"+lang+"/elac2020/translations")
		shoot(lang+"-translation-editor-stale", "/"+lang+"/elac2020/translations/en?show=stale")
		shoot(lang+"-translation-editor", "/"+lang+"/elac2020/translations/en")
		shoot(lang+"-weights", "/"+lang+"/elac2020/weights")
	}
	// Evidence (issue 13): the report of an activity the admin's party
	// leads, accepted with a file and then returned to a draft with two
	// files, sent back once by the Bureau (the trail); and a withdrawn file.
	doc, err := db.Document(context.Background(), "elac2020")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddMembership(context.Background(), admin.ID, doc.Activity("1.3").Responsible[0], "2018-01-01", ""); err != nil {
		t.Fatal(err)
	}
	k := bitacora.ReportKey{Programme: "elac2020", Activity: "1.3", Period: "2019-H2"}
	r, err := db.SaveReport(actx, k, 0, bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited, Narrative: "Avance."}, nil)
	if err == nil {
		r, err = db.AddFile(actx, k, r.Version, "acta-del-taller-regional.pdf", "application/pdf", []byte("%PDF-1.4\n% acta\n"), nil)
	}
	if err == nil {
		r, err = db.Submit(actx, k, r.Version, nil)
	}
	if err == nil {
		r, err = db.Review(actx, k, r.Version, false, "Falta la lista de asistentes.", nil)
	}
	if err == nil {
		r, err = db.Submit(actx, k, r.Version, nil)
	}
	if err == nil {
		r, err = db.Review(actx, k, r.Version, true, "", nil)
	}
	if err == nil {
		r, err = db.AddFile(actx, k, r.Version, "lista-de-asistentes-al-taller.pdf", "application/pdf", []byte("%PDF-1.4\n% lista\n"), nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	gone := r.Files[0].ID
	k.Period = "2019-H1"
	if err := db.WithdrawFile(actx, k, gone, "x"); err == nil || bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
		t.Fatalf("a file withdrawn from another report: %v", err)
	}
	k.Period = "2019-H2"
	for _, lang := range []string{"es", "en"} {
		shoot(lang+"-report-files", "/"+lang+"/elac2020/activities/1.3/reports/2019-H2")
	}
	if err := db.WithdrawFile(actx, k, gone, "Publicado por error."); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"es", "en"} {
		shoot(lang+"-report-withdrawn", "/"+lang+"/elac2020/activities/1.3/reports/2019-H2")
		shoot(lang+"-file-withdrawn", "/"+lang+"/files/"+itoa(gone), browsertest.WantStatus(410))
	}
	for _, lang := range []string{"es", "fr"} {
		shoot(lang+"-forgot", "/"+lang+"/password/forgot")
	}
	// Indicators (issue 14): the indicator page with its chart and
	// tables, a country's profile, the workspace.
	seedIndicator(t, db)
	for _, lang := range []string{"es", "en"} {
		shoot(lang+"-indicator", "/"+lang+"/indicators/IT.NET.BBND.P2")
		shoot(lang+"-country", "/"+lang+"/countries/CHL")
		shoot(lang+"-admin-indicator", "/"+lang+"/admin/indicators/IT.NET.BBND.P2")
		shoot(lang+"-dashboard-indicators", "/"+lang+"/elac2020/dashboard#indicators")
	}
	// Partners' operations and the follow-up report (issue 14): the
	// secretariat's page, an activity with its operation, the report.
	raw, err := os.ReadFile("../iatiread/testdata/caf-2.03-extension.xml")
	if err != nil {
		t.Fatal(err)
	}
	ops, err := iatiread.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	octx := bitacora.WithActor(context.Background(), bitacora.Actor{Name: "test"})
	if err := db.LinkOperations(octx, "elac2020", "caf.xml", []bitacora.OperationLink{{Activity: "1.1", IATI: ops[0]}}); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"es", "en"} {
		shoot(lang+"-operations", "/"+lang+"/elac2020/operations")
		shoot(lang+"-activity-operation", "/"+lang+"/elac2020/activities/1.1#operations")
		shoot(lang+"-followup", "/"+lang+"/elac2020/followup?period=2019-H1")
	}
}
