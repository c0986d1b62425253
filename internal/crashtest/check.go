package crashtest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"slices"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
)

// ack is a write answered with a 2xx, and what must be found of it.
type ack struct {
	what string
	// A report's change: the version it made (0: some version, for the
	// form, whose answer is a redirect) and what that version holds.
	key          bitacora.ReportKey
	version      int
	narrative    string
	state        bitacora.ReviewState
	file         string // SHA-256 of a file the version lists
	contribution string // a contribution's text the version holds
	// A revision: drafted (title), proposed, or approved as number.
	revision int64
	title    string
	proposed bool
	number   int
	// Indicator observations imported with this value.
	observation int
}

func (a ack) String() string {
	switch {
	case a.key.Activity != "":
		return fmt.Sprintf("%s of %s %s version %d", a.what, a.key.Activity, a.key.Period, a.version)
	case a.revision != 0:
		return fmt.Sprintf("%s of revision %d (%s)", a.what, a.revision, a.title)
	}
	return fmt.Sprintf("%s %d", a.what, a.observation)
}

// ledger is every acknowledged write of a run.
type ledger struct{ acks []ack }

func (lg *ledger) add(a ...ack) { lg.acks = append(lg.acks, a...) }

// check reads the database after a restart: every acknowledged write is
// there, nothing is half-written, and the change record verifies.
func (d *driver) check(ctx context.Context) error {
	db, err := d.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	lost, err := d.lost(ctx, db)
	if err != nil {
		return err
	}
	half, err := halfWritten(ctx, db)
	if err != nil {
		return err
	}
	d.res.Lost += len(lost)
	d.res.HalfWritten += len(half)
	for _, f := range append(lost, half...) {
		if len(d.res.Faults) < 50 {
			d.res.Faults = append(d.res.Faults, f)
		}
	}
	if err := d.auditVerify(ctx); err != nil {
		d.res.AuditFailures++
		d.res.Faults = append(d.res.Faults, err.Error())
	}
	return nil
}

// lost lists the acknowledged writes the database does not hold.
func (d *driver) lost(ctx context.Context, db *store.DB) ([]string, error) {
	var out []string
	versions := map[bitacora.ReportKey][]bitacora.Report{}
	for _, a := range d.acks.acks {
		if a.key.Activity == "" {
			continue
		}
		if _, ok := versions[a.key]; !ok {
			vs, err := db.ReportVersions(ctx, a.key)
			if err != nil {
				return nil, err
			}
			versions[a.key] = vs
		}
		if !slices.ContainsFunc(versions[a.key], a.heldBy) {
			out = append(out, "lost: "+a.String())
		}
	}
	q := db.SQL()
	for _, a := range d.acks.acks {
		switch {
		case a.revision != 0:
			var state, title string
			var approved, proposed int
			err := q.QueryRowContext(ctx, rebind(db, `SELECT state, title, approved_version,
				CASE WHEN proposed_at <> '' THEN 1 ELSE 0 END FROM revisions WHERE id = ?`), a.revision).Scan(&state, &title, &approved, &proposed)
			switch {
			case err == sql.ErrNoRows:
				out = append(out, "lost: "+a.String())
				continue
			case err != nil:
				return nil, err
			case title != a.title,
				a.number != 0 && (state != "approved" || approved != a.number),
				a.proposed && proposed == 0 && state != "approved":
				out = append(out, fmt.Sprintf("lost: %s (found %s, %q, approved as %d, proposed %d)", a, state, title, approved, proposed))
			}
		case a.observation != 0:
			var value string
			err := q.QueryRowContext(ctx, rebind(db, `SELECT value FROM indicator_observations WHERE code = ? AND area = 'CHL' AND year = 2019`),
				indicatorCode).Scan(&value)
			if err == sql.ErrNoRows {
				out = append(out, "lost: "+a.String())
				continue
			}
			if err != nil {
				return nil, err
			}
			if v, _ := strconv.Atoi(value); v < a.observation {
				out = append(out, fmt.Sprintf("lost: %s (the value stored is %s)", a, value))
			}
		}
	}
	return out, nil
}

// heldBy reports whether a kept version of the report holds the write.
func (a ack) heldBy(v bitacora.Report) bool {
	switch {
	case a.version != 0 && v.Version != a.version,
		a.narrative != "" && v.Narrative != a.narrative,
		a.state != "" && v.State != a.state:
		return false
	case a.file != "" && !slices.ContainsFunc(v.Files, func(f bitacora.File) bool { return f.SHA256 == a.file }):
		return false
	case a.contribution != "" && !slices.ContainsFunc(v.Contributions, func(c bitacora.Contribution) bool { return c.Text == a.contribution }):
		return false
	}
	return true
}

func rebind(db *store.DB, q string) string {
	if db.Dialect() != "postgres" {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// halfWritten looks for what must never be seen: the parts of one change
// that the store writes in one transaction, found apart.
//
//   - a report whose row and kept versions disagree: the row's version is
//     not the latest kept one, a version is missing, or the latest kept
//     version says another state or other content than the row;
//   - a report whose latest version lists other files than the report
//     holds, or a file whose bytes are not its recorded size and hash;
//   - a form save's text without the file sent with it (the form's text
//     names the file's content: "Informe guardado con archivo …");
//   - a report version without its entry in the change record, or an
//     entry naming a version that is not kept;
//   - an approved revision without its programme version, or a programme
//     version naming a revision that is not approved as it;
//   - the change record's head not at its last entry.
func halfWritten(ctx context.Context, db *store.DB) ([]string, error) {
	q := db.SQL()
	var out []string
	add := func(format string, args ...any) { out = append(out, "half-written: "+fmt.Sprintf(format, args...)) }

	type report struct {
		id           int64
		code, period string
		version      int
		state        string
		content      string
	}
	var reports []report
	rows, err := q.QueryContext(ctx, `SELECT r.id, a.code, r.period_key, r.version, r.state, r.content_json
		FROM reports r JOIN activities a ON a.id = r.activity_id ORDER BY r.id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var r report
		if err := rows.Scan(&r.id, &r.code, &r.period, &r.version, &r.state, &r.content); err != nil {
			rows.Close()
			return nil, err
		}
		reports = append(reports, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	kept := map[string]bool{} // "code period version" of every kept version
	for _, r := range reports {
		vrows, err := q.QueryContext(ctx, rebind(db, `SELECT version, state, snapshot_json FROM report_versions WHERE report_id = ? ORDER BY version`), r.id)
		if err != nil {
			return nil, err
		}
		var latest bitacora.Report
		var latestState string
		n, last := 0, 0
		withFile := map[string][]bitacora.Report{} // a form's text, by the versions that hold it
		for vrows.Next() {
			var v int
			var state, snap string
			if err := vrows.Scan(&v, &state, &snap); err != nil {
				vrows.Close()
				return nil, err
			}
			var rep bitacora.Report
			if err := json.Unmarshal([]byte(snap), &rep); err != nil {
				vrows.Close()
				return nil, fmt.Errorf("report %s %s version %d: %w", r.code, r.period, v, err)
			}
			n, last, latest, latestState = n+1, v, rep, state
			kept[fmt.Sprint(r.code, " ", r.period, " ", v)] = true
			if strings.HasPrefix(rep.Narrative, "Informe guardado con archivo") {
				withFile[rep.Narrative] = append(withFile[rep.Narrative], rep)
			}
		}
		vrows.Close()
		if err := vrows.Err(); err != nil {
			return nil, err
		}
		if n != r.version || last != r.version {
			add("report %s %s is at version %d, and keeps %d versions up to %d", r.code, r.period, r.version, n, last)
			continue
		}
		var content bitacora.ReportContent
		json.Unmarshal([]byte(r.content), &content)
		if latestState != r.state || string(latest.State) != r.state || latest.Narrative != content.Narrative || latest.Status != content.Status {
			add("report %s %s version %d: the row says %s %q, the kept version %s %q", r.code, r.period, r.version, r.state, content.Narrative, latest.State, latest.Narrative)
		}
		files, err := liveFiles(ctx, db, r.id)
		if err != nil {
			return nil, err
		}
		var want []string
		for _, f := range latest.Files {
			want = append(want, fmt.Sprint(f.ID, " ", f.SHA256))
		}
		if !slices.Equal(files, want) {
			add("report %s %s version %d lists files %v; the report holds %v", r.code, r.period, r.version, want, files)
		}
		for text, vs := range withFile {
			// The form's file is sent with its text; the version that
			// holds both may come after one with the text alone (the
			// file is attached as a version of its own), but one must.
			sum := formFileSum(text)
			if !slices.ContainsFunc(vs, func(v bitacora.Report) bool {
				return slices.ContainsFunc(v.Files, func(f bitacora.File) bool { return f.SHA256 == sum })
			}) {
				add("report %s %s: the form's text %q is kept without its file", r.code, r.period, text)
			}
		}
	}
	// Every file's bytes, its chunks in order, are what its row says.
	frows, err := q.QueryContext(ctx, `SELECT f.id, f.size, f.sha256, c.data FROM report_files f
		LEFT JOIN report_file_chunks c ON c.file_id = f.id WHERE f.withdrawn_at = '' ORDER BY f.id, c.seq`)
	if err != nil {
		return nil, err
	}
	type held struct {
		id, size, n int64
		sum         string
		h           hash.Hash
	}
	var files []*held
	for frows.Next() {
		var id, size int64
		var sum string
		var chunk []byte
		if err := frows.Scan(&id, &size, &sum, &chunk); err != nil {
			frows.Close()
			return nil, err
		}
		if len(files) == 0 || files[len(files)-1].id != id {
			files = append(files, &held{id: id, size: size, sum: sum, h: sha256.New()})
		}
		f := files[len(files)-1]
		f.h.Write(chunk)
		f.n += int64(len(chunk))
	}
	frows.Close()
	if err := frows.Err(); err != nil {
		return nil, err
	}
	for _, f := range files {
		if got := hex.EncodeToString(f.h.Sum(nil)); f.n != f.size || got != f.sum {
			add("file %d holds %d bytes hashing %s, its row says %d bytes, %s", f.id, f.n, got[:16], f.size, f.sum)
		}
	}

	// The change record and the versions, both ways.
	entries := map[string]bool{}
	arows, err := q.QueryContext(ctx, rebind(db, `SELECT subject, after_json FROM audit_log WHERE action IN (?, ?, ?, ?, ?, ?, ?)`),
		bitacora.ActionReportSave, bitacora.ActionReportSubmit, bitacora.ActionReportReview, bitacora.ActionReportFile,
		bitacora.ActionReportFileRemove, bitacora.ActionReportContribute, bitacora.ActionReportImport)
	if err != nil {
		return nil, err
	}
	for arows.Next() {
		var subject, after string
		if err := arows.Scan(&subject, &after); err != nil {
			arows.Close()
			return nil, err
		}
		var v struct {
			Period  string `json:"period"`
			Version int    `json:"version"`
		}
		json.Unmarshal([]byte(after), &v)
		_, code, _ := strings.Cut(subject, "/")
		key := fmt.Sprint(code, " ", v.Period, " ", v.Version)
		entries[key] = true
		if !kept[key] {
			add("the change record names report %s, which is not kept", key)
		}
	}
	arows.Close()
	for key := range kept {
		if !entries[key] {
			add("report %s has no entry in the change record", key)
		}
	}

	// Revisions and programme versions.
	rrows, err := q.QueryContext(ctx, `SELECT r.id, r.approved_version, COALESCE(v.number, 0) FROM revisions r
		LEFT JOIN programme_versions v ON v.programme_id = r.programme_id AND v.revision_id = r.id WHERE r.state = 'approved'`)
	if err != nil {
		return nil, err
	}
	for rrows.Next() {
		var id int64
		var approved, number int
		if err := rrows.Scan(&id, &approved, &number); err != nil {
			rrows.Close()
			return nil, err
		}
		if approved != number {
			add("revision %d is approved as version %d; the programme's version of it is %d", id, approved, number)
		}
	}
	rrows.Close()
	var orphans int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM programme_versions v WHERE v.revision_id IS NOT NULL AND NOT EXISTS
		(SELECT 1 FROM revisions r WHERE r.id = v.revision_id AND r.state = 'approved' AND r.approved_version = v.number)`).Scan(&orphans); err != nil {
		return nil, err
	}
	if orphans > 0 {
		add("%d programme versions name a revision not approved as them", orphans)
	}
	var head, top int64
	if err := q.QueryRowContext(ctx, `SELECT h.seq, COALESCE((SELECT MAX(seq) FROM audit_log), 0) FROM audit_head h`).Scan(&head, &top); err != nil {
		return nil, err
	}
	if head != top {
		add("the change record's head is at %d, its last entry at %d", head, top)
	}
	return out, nil
}

// formFile is the evidence the load sends with a form's text: its
// content names the text, so that the check knows which file goes with
// which text.
func formFile(narrative string) []byte {
	return []byte("%PDF-1.4\n% " + narrative + "\n%%EOF\n")
}

func formFileSum(narrative string) string {
	h := sha256.Sum256(formFile(narrative))
	return hex.EncodeToString(h[:])
}

// liveFiles are the files a report holds now ("id sha256", by id).
func liveFiles(ctx context.Context, db *store.DB, reportID int64) ([]string, error) {
	rows, err := db.SQL().QueryContext(ctx, rebind(db, `SELECT id, sha256 FROM report_files
		WHERE report_id = ? AND removed_at = '' AND withdrawn_at = '' ORDER BY id`), reportID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id int64
		var sum string
		if err := rows.Scan(&id, &sum); err != nil {
			return nil, err
		}
		out = append(out, fmt.Sprint(id, " ", sum))
	}
	return out, rows.Err()
}
