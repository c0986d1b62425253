package crashtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/elac/bitacora"
)

// load is one cycle's write load: a client per report of the focal point,
// one that imports CSV files, one that drafts and approves revisions, one
// that imports indicator observations. Each records what it sent and what
// was acknowledged.
type load struct {
	ctx  context.Context
	d    *driver
	base string
	seed uint64

	first  chan struct{} // closed at the first acknowledgement
	killed atomic.Bool   // the server was killed: the clients' errors are expected

	mu        sync.Mutex
	attempted int
	acked     map[string]int // acknowledged writes, by kind
	acks      []ack          // what they must have left
	errs      []string       // why the clients stopped, for the progress log
}

func (d *driver) newLoad(ctx context.Context, cycle uint64) *load {
	return &load{ctx: ctx, d: d, base: "http://" + d.addr, seed: d.c.Seed ^ (cycle+1)*0x9e3779b97f4a7c15, first: make(chan struct{})}
}

// start launches the clients.
func (l *load) start(wg *sync.WaitGroup) {
	run := func(i int, f func(r *rand.Rand) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(l.seed, uint64(i)))
			if err := f(r); err != nil && l.ctx.Err() == nil && !l.killed.Load() {
				l.mu.Lock()
				l.errs = append(l.errs, err.Error())
				l.mu.Unlock()
			}
		}()
	}
	for i, k := range l.d.fx.reports {
		run(i, func(r *rand.Rand) error { return l.reporter(r, k) })
	}
	run(10, l.importer)
	run(11, l.reviser)
	run(12, l.observer)
}

// finish adds the cycle's counts and acknowledgements to the run.
func (l *load) finish(res *Result, lg *ledger) {
	l.mu.Lock()
	defer l.mu.Unlock()
	res.Attempted += l.attempted
	if res.Kinds == nil {
		res.Kinds = map[string]int{}
	}
	for k, n := range l.acked {
		res.Acknowledged += n
		res.Kinds[k] += n
	}
	lg.add(l.acks...)
}

// acknowledge counts one write answered with a success, and keeps what
// it must have left (a CSV import leaves a version of each report).
func (l *load) acknowledge(a ...ack) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.acked == nil {
		l.acked = map[string]int{}
		close(l.first)
	}
	l.acked[a[0].what]++
	l.acks = append(l.acks, a...)
}

// unique is a text no other write of the run uses.
var uniqueN struct {
	sync.Mutex
	n int
}

func unique(what string) string {
	uniqueN.Lock()
	defer uniqueN.Unlock()
	uniqueN.n++
	return fmt.Sprintf("%s %d-%d", what, time.Now().UnixNano(), uniqueN.n)
}

// response is an answer: the status and the body.
type response struct {
	status int
	body   []byte
}

func (r response) ok() bool { return r.status >= 200 && r.status < 300 }

// send makes one write request and counts it as attempted. An error is
// a request that got no answer: the server went (or the load ended).
func (l *load) send(req *http.Request, hc *http.Client) (response, error) {
	l.mu.Lock()
	l.attempted++
	l.mu.Unlock()
	return do(req, hc)
}

func do(req *http.Request, hc *http.Client) (response, error) {
	resp, err := hc.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return response{resp.StatusCode, b}, err
}

var apiClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}

// api sends a JSON request with a token.
func (l *load) api(write bool, token, method, path string, body any) (response, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return response{}, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(l.ctx, method, l.base+path, rd)
	if err != nil {
		return response{}, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if !write {
		return do(req, apiClient)
	}
	return l.send(req, apiClient)
}

// refused waits a moment after an answer that was not a success (a 503
// while PostgreSQL restarts), so that a client does not spin.
func (l *load) refused() { pause(l.ctx, 50*time.Millisecond) }

// reportPath is a report's path under /api/v1 or a language's site.
func reportPath(k bitacora.ReportKey) string {
	return "/" + k.Programme + "/activities/" + k.Activity + "/reports/" + k.Period
}

// current reads a report's working version through the API (a read).
func (l *load) current(k bitacora.ReportKey) (*bitacora.Report, error) {
	resp, err := l.api(false, l.d.fx.focal.token, "GET", "/api/v1/programmes"+reportPath(k), nil)
	if err != nil {
		return nil, err
	}
	if resp.status != http.StatusOK {
		return nil, fmt.Errorf("GET report %v: %d", k, resp.status)
	}
	var out struct{ Current *bitacora.Report }
	if err := json.Unmarshal(resp.body, &out); err != nil {
		return nil, err
	}
	if out.Current == nil {
		return &bitacora.Report{}, nil
	}
	return out.Current, nil
}

// reporter works on one report until the server goes: saves through the
// API, saves with a file through the page's form, contributions,
// submissions, and the Bureau's reviews.
func (l *load) reporter(r *rand.Rand, k bitacora.ReportKey) error {
	fx := l.d.fx
	api := "/api/v1/programmes" + reportPath(k)
	var cur *bitacora.Report
	for l.ctx.Err() == nil {
		if cur == nil {
			var err error
			if cur, err = l.current(k); err != nil {
				// A read refused while the database restarts: try again.
				if l.ctx.Err() != nil || strings.Contains(err.Error(), "connect") {
					return err
				}
				l.refused()
				continue
			}
		}
		var resp response
		var err error
		var want ack
		switch op := r.IntN(10); {
		case cur.State == bitacora.StateSubmitted:
			decision, state := "accept", bitacora.StateAccepted
			if r.IntN(3) == 0 {
				decision, state = "return", bitacora.StateReturned
			}
			comment := unique("Comentario de la Mesa")
			resp, err = l.api(true, fx.bureau.token, "POST", api+"/review", map[string]any{"version": cur.Version, "decision": decision, "comment": comment})
			want = ack{what: "review " + decision, key: k, state: state}
		case op < 4 || cur.Version == 0:
			n := unique("Informe guardado por la API")
			resp, err = l.api(true, fx.focal.token, "PUT", api, map[string]any{"version": cur.Version, "status": "under_way", "completion": "limited", "narrative": n})
			want = ack{what: "save", key: k, narrative: n, state: bitacora.StateDraft}
		case op < 6:
			n := unique("Informe guardado con archivo")
			if err := l.formSave(k, cur.Version, n); err != nil {
				return err
			}
			cur = nil // the form answers a redirect: read the report again
			continue
		case op < 7:
			text := unique("Contribución")
			resp, err = l.api(true, fx.focal.token, "POST", api+"/contribution", map[string]any{"version": cur.Version, "party": fx.party, "text": text})
			want = ack{what: "contribution", key: k, contribution: text}
		default:
			resp, err = l.api(true, fx.focal.token, "POST", api+"/submit", map[string]any{"version": cur.Version})
			want = ack{what: "submit", key: k, state: bitacora.StateSubmitted}
		}
		if err != nil {
			return err
		}
		if !resp.ok() {
			cur = nil
			if resp.status != http.StatusConflict {
				l.refused()
			}
			continue
		}
		var rep bitacora.Report
		if err := json.Unmarshal(resp.body, &rep); err != nil || rep.Version == 0 {
			return fmt.Errorf("%s of %v answered %d without the report: %v", want.what, k, resp.status, err)
		}
		want.version = rep.Version
		l.acknowledge(want)
		cur = &rep
	}
	return l.ctx.Err()
}

// formSave saves the report with an evidence file through the page's
// form, as a signed-in focal point does. The form answers 303; the
// version it made is not in the answer, so the acknowledgement is that
// some version holds the text and the file together.
func (l *load) formSave(k bitacora.ReportKey, version int, narrative string) error {
	file := formFile(narrative)
	s, err := l.d.session(l, l.d.fx.focal.email)
	if err != nil {
		return err
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range [][2]string{{"csrf", s.csrf}, {"version", strconv.Itoa(version)}, {"status", "under_way"},
		{"completion", "substantial"}, {"narrative", narrative}} {
		mw.WriteField(f[0], f[1])
	}
	fw, _ := mw.CreateFormFile("file", "evidencia.pdf")
	fw.Write(file)
	mw.Close()
	req, err := http.NewRequestWithContext(l.ctx, "POST", l.base+"/es"+reportPath(k), &body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := l.send(req, s.hc)
	if err != nil {
		return err
	}
	if resp.status == http.StatusSeeOther {
		l.acknowledge(ack{what: "form save with a file", key: k, narrative: narrative, file: formFileSum(narrative)})
	} else if resp.status != http.StatusConflict {
		l.refused()
	}
	return nil
}

// importer imports small CSV files of reports through the site's import,
// as a signed-in secretariat user: each file's reports are accepted
// versions with texts of their own.
func (l *load) importer(r *rand.Rand) error {
	for l.ctx.Err() == nil {
		s, err := l.d.session(l, l.d.fx.secretary.email)
		if err != nil {
			return err
		}
		var csv strings.Builder
		csv.WriteString("\uFEFFactividad;periodo;estado;avance;narrativa;estado_revision\r\n")
		var rows []ack
		for _, k := range l.d.fx.imports {
			if r.IntN(3) == 0 && len(rows) > 0 {
				continue
			}
			n := unique("Informe importado")
			fmt.Fprintf(&csv, "%s;%s;en curso;limitado;%s;aceptado\r\n", k.Activity, k.Period, n)
			rows = append(rows, ack{what: "CSV import", key: k, narrative: n, state: bitacora.StateAccepted})
		}
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("csrf", s.csrf)
		fw, _ := mw.CreateFormFile("file", "informes.csv")
		fw.Write([]byte(csv.String()))
		mw.Close()
		req, err := http.NewRequestWithContext(l.ctx, "POST", l.base+"/es/"+l.d.fx.slug+"/reports/import", &body)
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, err := l.send(req, s.hc)
		if err != nil {
			return err
		}
		if resp.status == http.StatusOK && bytes.Contains(resp.body, []byte("Se import")) {
			l.acknowledge(rows...)
		} else {
			l.refused()
		}
	}
	return l.ctx.Err()
}

// reviser drafts a revision as the secretariat, proposes it, and has the
// Bureau approve it: each approval makes a new version of the programme.
func (l *load) reviser(r *rand.Rand) error {
	fx := l.d.fx
	revs := "/api/v1/programmes/" + fx.slug + "/revisions"
	for l.ctx.Err() == nil {
		title := unique("Revisión")
		change := map[string]any{"op": "edit_objective", "objective": 1 + r.IntN(3), "text": unique("Objetivo revisado"), "reason": "Prueba de caídas."}
		resp, err := l.api(true, fx.secretary.token, "POST", revs, map[string]any{"title": title, "changes": []any{change}})
		if err != nil {
			return err
		}
		if !resp.ok() {
			l.refused()
			continue
		}
		var rev struct {
			ID      int64 `json:"id"`
			Version int   `json:"version"`
		}
		if err := json.Unmarshal(resp.body, &rev); err != nil || rev.ID == 0 {
			return fmt.Errorf("revision created without an id: %s", resp.body)
		}
		l.acknowledge(ack{what: "revision draft", revision: rev.ID, title: title})
		path := revs + "/" + strconv.FormatInt(rev.ID, 10)
		if resp, err = l.api(true, fx.secretary.token, "POST", path+"/propose", map[string]any{"version": rev.Version}); err != nil {
			return err
		}
		if !resp.ok() {
			l.refused()
			continue
		}
		if err := json.Unmarshal(resp.body, &rev); err != nil {
			return err
		}
		l.acknowledge(ack{what: "revision proposal", revision: rev.ID, title: title, proposed: true})
		if resp, err = l.api(true, fx.bureau.token, "POST", path+"/approve", map[string]any{"version": rev.Version, "approved_on": time.Now().Format("2006-01-02")}); err != nil {
			return err
		}
		if !resp.ok() {
			l.refused()
			continue
		}
		var approved struct{ Version int }
		if err := json.Unmarshal(resp.body, &approved); err != nil || approved.Version == 0 {
			return fmt.Errorf("approval answered %s", resp.body)
		}
		l.acknowledge(ack{what: "revision approval", revision: rev.ID, title: title, number: approved.Version})
	}
	return l.ctx.Err()
}

// observer imports the indicator's observations again and again, each
// file with a larger value: the value stored is never below the last one
// acknowledged.
func (l *load) observer(r *rand.Rand) error {
	for l.ctx.Err() == nil {
		seq := l.d.nextObservation()
		csv := fmt.Sprintf("iso3,year,value\nCHL,2019,%d\nARG,2019,%d\nBRA,2020,%d\n", seq, seq, seq)
		req, err := http.NewRequestWithContext(l.ctx, "POST", l.base+"/api/v1/indicators/"+indicatorCode+"/observations", strings.NewReader(csv))
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+l.d.fx.secretary.token)
		req.Header.Set("Content-Type", "text/csv")
		resp, err := l.send(req, apiClient)
		if err != nil {
			return err
		}
		if resp.ok() {
			l.acknowledge(ack{what: "indicator observations", observation: seq})
		} else {
			l.refused()
		}
		pause(l.ctx, time.Duration(r.IntN(100))*time.Millisecond)
	}
	return l.ctx.Err()
}

// session is a signed-in visitor: cookies and the anti-forgery token of
// its forms. Sessions live in the database, so one sign-in serves every
// cycle (cookies do not depend on the port).
type session struct {
	hc   *http.Client
	csrf string
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// session signs the user in through the login form once per run.
func (d *driver) session(l *load, email string) (*session, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if s := d.sessions[email]; s != nil {
		return s, nil
	}
	jar, _ := cookiejar.New(nil)
	s := &session{hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	req, _ := http.NewRequestWithContext(l.ctx, "GET", l.base+"/es/login", nil)
	resp, err := do(req, s.hc)
	if err != nil {
		return nil, err
	}
	m := csrfField.FindSubmatch(resp.body)
	if resp.status != http.StatusOK || m == nil {
		return nil, fmt.Errorf("login page: %d, no csrf field", resp.status)
	}
	s.csrf = string(m[1])
	form := url.Values{"csrf": {s.csrf}, "email": {email}, "password": {userPassword}}
	req, _ = http.NewRequestWithContext(l.ctx, "POST", l.base+"/es/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if resp, err = do(req, s.hc); err != nil {
		return nil, err
	}
	if resp.status != http.StatusSeeOther {
		return nil, fmt.Errorf("login %s: %d", email, resp.status)
	}
	if d.sessions == nil {
		d.sessions = map[string]*session{}
	}
	d.sessions[email] = s
	return s, nil
}
