package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/password"
	"github.com/elac/bitacora/programmedoc"
	"github.com/elac/bitacora/reportcsv"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/web"
)

type config struct {
	Programmes, Activities, Periods int
	DB                              string
	Requests, Writes, Chunk         int
	Timeout                         time.Duration
	// CPUProfile, when set, is where a CPU profile of the acceptance
	// rounds (submit, accept, first reads) is written.
	CPUProfile string
}

// row is one line of the table: what was measured, and the figure.
type row struct{ What, Figure string }

// refresh is how long a read waits after a write so that it is the first
// read to see it: the server checks the database for changes at most once
// per web.Options.Refresh, 1 s by default.
const refresh = time.Second + 100*time.Millisecond

const userPassword = "scale benchmark password"

// run builds the data, serves it, measures and prints the table to out.
// Progress goes to progress as it happens.
func run(ctx context.Context, c config, out, progress io.Writer) error {
	if c.Programmes < 1 || c.Activities < 1 || c.Periods < 1 || c.Requests < 1 || c.Writes < 1 {
		return errors.New("-programmes, -activities, -periods, -requests and -writes must be at least 1")
	}
	if c.Chunk < 1 || c.Chunk > bitacora.MaxReportImport {
		return fmt.Errorf("-chunk must be between 1 and %d", bitacora.MaxReportImport)
	}
	tmp, err := os.MkdirTemp("", "bitacora-scale-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	dsn := c.DB
	if dsn == "" {
		dsn = filepath.Join(tmp, "bitacora.db")
	}
	started := time.Now()
	loadBefore := loadAvg()
	step := func(format string, args ...any) {
		fmt.Fprintf(progress, "scale: %5.1fs "+format+"\n", append([]any{time.Since(started).Seconds()}, args...)...)
	}
	var rows []row
	add := func(what, format string, args ...any) { rows = append(rows, row{what, fmt.Sprintf(format, args...)}) }

	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()

	// The programmes, as `bitacora import FILE --slug S` stores them.
	text := programmeText(c.Activities)
	periods, err := halfYears(c.Periods)
	if err != nil {
		return err
	}
	cli := bitacora.WithActor(ctx, bitacora.Actor{Name: "cli"})
	var docs []*bitacora.Document
	var importTimes []time.Duration
	for i := range c.Programmes {
		slug := fmt.Sprintf("scale-%d", i+1)
		step("importing programme %s", slug)
		t0 := time.Now()
		doc, err := programmedoc.Parse(text, programmedoc.Options{Slug: slug, SourceName: "scale.txt"})
		if err != nil {
			return err
		}
		if err := db.ImportProgramme(cli, doc, string(text)); err != nil {
			return fmt.Errorf("import %s: %w", slug, err)
		}
		importTimes = append(importTimes, time.Since(t0))
		if err := db.SetPeriods(cli, slug, periods); err != nil {
			return fmt.Errorf("periods of %s: %w", slug, err)
		}
		docs = append(docs, doc)
	}
	codes := activityCodes(docs[0])
	nm := len(codes)
	add("programme import (CLI path: parse + store), per programme", "%s s median, %s s max (%d activities each)",
		secs(median(importTimes)), secs(maxOf(importTimes)), nm)

	// A secretariat user to import, a focal point to write a report, a
	// Bureau member to accept it.
	if err := makeUser(ctx, db, "secretariat@scale.invalid", bitacora.RoleSecretariat); err != nil {
		return err
	}
	if err := makeUser(ctx, db, "bureau@scale.invalid", bitacora.RoleBureau); err != nil {
		return err
	}
	target, party := "", ""
	for _, code := range codes {
		if a := docs[0].Activity(code); len(a.Responsible) > 0 {
			target, party = code, a.Responsible[0]
			break
		}
	}
	if target == "" {
		return errors.New("no activity has a responsible party")
	}
	focal, err := createUser(ctx, db, "focal@scale.invalid")
	if err != nil {
		return err
	}
	if _, err := db.AddMembership(ctx, focal.ID, party, "2018-01-01", ""); err != nil {
		return err
	}

	// The real server, default configuration, logging at info level as
	// `bitacora serve` does (to a file here, to keep the table readable).
	logFile, err := os.Create(filepath.Join(tmp, "server.log"))
	if err != nil {
		return err
	}
	defer logFile.Close()
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(web.DefaultMemoryLimit) // serve's default --memory-limit
	}
	log := slog.New(slog.NewTextHandler(logFile, &slog.HandlerOptions{Level: slog.LevelInfo}))
	// No API rate limit (the zero Rate, as serve with BITACORA_API_RATE=0):
	// the load is the measurement.
	srv, err := web.New(db, log, web.Options{Version: "scale", APIRate: web.Rate{}, APITokenRate: web.Rate{}})
	if err != nil {
		return err
	}
	db.Watch(ctx, log)
	go srv.Follow(ctx) // as serve does
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	go hs.Serve(ln)
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
	}()
	base := "http://" + ln.Addr().String()

	// The accepted reports, through the site's CSV import.
	sec, err := signIn(ctx, base, "secretariat@scale.invalid")
	if err != nil {
		return err
	}
	var total int
	var totalTime time.Duration
	chunk := 0
	for _, doc := range docs {
		slug := doc.Programme.Slug
		var b strings.Builder
		n, i := 0, 0
		send := func() error {
			chunk++
			step("CSV file %d: %d rows into %s", chunk, n, slug)
			file := []byte(csvHeader + b.String())
			t0 := time.Now()
			status, body, err := sec.upload(ctx, "/es/"+slug+"/reports/import", file)
			d := time.Since(t0)
			if err != nil {
				return err
			}
			if status != http.StatusOK || !strings.Contains(body, "Se importaron") {
				return fmt.Errorf("import into %s: %d %s", slug, status, mainText(body))
			}
			total += n
			totalTime += d
			add(fmt.Sprintf("CSV import over HTTP, file %d (%s, %d rows, %.1f MB)", chunk, slug, n, float64(len(file))/(1<<20)),
				"%.0f rows/s (%s s)", float64(n)/d.Seconds(), secs(d))
			b.Reset()
			n = 0
			return nil
		}
		for _, p := range periods {
			for _, code := range codes {
				before := b.Len()
				csvRow(&b, i, code, p.Key)
				i++
				if n == c.Chunk || len(csvHeader)+b.Len() > reportcsv.MaxBytes-(64<<10) {
					// This row goes into the next file.
					last := b.String()[before:]
					b2 := b.String()[:before]
					b.Reset()
					b.WriteString(b2)
					if err := send(); err != nil {
						return err
					}
					b.WriteString(last)
				}
				n++
			}
		}
		if n > 0 {
			if err := send(); err != nil {
				return err
			}
		}
	}
	add("CSV import over HTTP, overall", "%.0f rows/s (%d rows in %s s)", float64(total)/totalTime.Seconds(), total, secs(totalTime))
	for _, doc := range docs {
		acc, err := db.AcceptedReports(ctx, doc.Programme.Slug)
		if err != nil {
			return err
		}
		if len(acc) != nm*len(periods) {
			return fmt.Errorf("%s holds %d accepted reports after the import; want %d", doc.Programme.Slug, len(acc), nm*len(periods))
		}
	}
	build := time.Since(started)

	step("measuring reads")
	// Public reads, as an anonymous visitor.
	anon := newClient(base)
	slug1 := docs[0].Programme.Slug
	time.Sleep(refresh)
	d, err := anon.timedGet(ctx, "/es/"+slug1+"/dashboard")
	if err != nil {
		return err
	}
	add("first dashboard read after the import (/es/"+slug1+"/dashboard)", "%s ms", ms(d))

	mid := codes[len(codes)/2]
	for _, r := range []struct{ what, path string }{
		{"programme page", "/es/" + slug1},
		{"activity page", "/es/" + slug1 + "/activities/" + mid},
		{"dashboard", "/es/" + slug1 + "/dashboard"},
		{"API programme", "/api/v1/programmes/" + slug1},
		{"API activity", "/api/v1/programmes/" + slug1 + "/activities/" + mid},
		{"API progress", "/api/v1/programmes/" + slug1 + "/progress"},
	} {
		for range 3 { // warm up
			if _, err := anon.timedGet(ctx, r.path); err != nil {
				return err
			}
		}
		ds := make([]time.Duration, 0, c.Requests)
		for range c.Requests {
			d, err := anon.timedGet(ctx, r.path)
			if err != nil {
				return err
			}
			ds = append(ds, d)
		}
		add(fmt.Sprintf("warm %s (%s), K=%d", r.what, r.path, c.Requests), "p50 %s ms, p95 %s ms", ms(median(ds)), ms(percentile(ds, 95)))
	}

	// Writes, and the first public read after each: a focal point saves a
	// new draft of an accepted report through the form.
	step("measuring writes")
	fp, err := signIn(ctx, base, "focal@scale.invalid")
	if err != nil {
		return err
	}
	key := bitacora.ReportKey{Programme: slug1, Activity: target, Period: periods[len(periods)-1].Key}
	rep, err := db.Report(ctx, key)
	if err != nil {
		return err
	}
	version := rep.Version
	var writes, same, other []time.Duration
	write := func(i int) error {
		t0 := time.Now()
		status, body, err := fp.postMultipart(ctx, "/es/"+slug1+"/activities/"+target+"/reports/"+key.Period, url.Values{
			"version": {strconv.Itoa(version)}, "status": {"under_way"}, "completion": {"substantial"},
			"narrative": {fmt.Sprintf("Borrador %d del benchmark de escala.", i)}}, nil)
		d := time.Since(t0)
		if err != nil {
			return err
		}
		if status != http.StatusSeeOther {
			return fmt.Errorf("report save: %d %s", status, mainText(body))
		}
		version++
		writes = append(writes, d)
		time.Sleep(refresh)
		return nil
	}
	for i := range c.Writes {
		if err := write(2 * i); err != nil {
			return err
		}
		d, err := anon.timedGet(ctx, "/es/"+slug1)
		if err != nil {
			return err
		}
		same = append(same, d)
		if len(docs) > 1 {
			if err := write(2*i + 1); err != nil {
				return err
			}
			d, err := anon.timedGet(ctx, "/es/"+docs[1].Programme.Slug)
			if err != nil {
				return err
			}
			other = append(other, d)
		}
	}
	// Writes the public sees: the focal point submits a new version, the
	// Bureau accepts it, and the first public read after the acceptance
	// is timed, of the programme and of the activity.
	bureau, err := signIn(ctx, base, "bureau@scale.invalid")
	if err != nil {
		return err
	}
	reportPath := "/es/" + slug1 + "/activities/" + target + "/reports/" + key.Period
	var accepts, afterProgramme, afterActivity []time.Duration
	if c.CPUProfile != "" {
		f, err := os.Create(c.CPUProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	for i := range c.Writes {
		if err := write(100 + i); err != nil {
			return err
		}
		if status, body, err := fp.postForm(ctx, reportPath+"/submit", url.Values{"version": {strconv.Itoa(version)}}); err != nil || status != http.StatusSeeOther {
			return fmt.Errorf("submit: %d %v %s", status, err, mainText(body))
		}
		version++
		t0 := time.Now()
		status, body, err := bureau.postForm(ctx, reportPath+"/review", url.Values{"version": {strconv.Itoa(version)}, "decision": {"accept"}})
		d := time.Since(t0)
		if err != nil || status != http.StatusSeeOther {
			return fmt.Errorf("accept: %d %v %s", status, err, mainText(body))
		}
		version++
		accepts = append(accepts, d)
		time.Sleep(refresh)
		if d, err = anon.timedGet(ctx, "/es/"+slug1); err != nil {
			return err
		}
		afterProgramme = append(afterProgramme, d)
		if d, err = anon.timedGet(ctx, "/es/"+slug1+"/activities/"+target); err != nil {
			return err
		}
		afterActivity = append(afterActivity, d)
	}

	add(fmt.Sprintf("write: report save (form POST, %s %s), n=%d", target, key.Period, len(writes)), "median %s ms, max %s ms", ms(median(writes)), ms(maxOf(writes)))
	add(fmt.Sprintf("write: acceptance by the Bureau (form POST), n=%d", len(accepts)), "median %s ms, max %s ms", ms(median(accepts)), ms(maxOf(accepts)))
	add(fmt.Sprintf("first read after an acceptance (/es/%s), n=%d", slug1, len(afterProgramme)), "median %s ms, max %s ms", ms(median(afterProgramme)), ms(maxOf(afterProgramme)))
	add(fmt.Sprintf("first read after an acceptance (/es/%s/activities/%s), n=%d", slug1, target, len(afterActivity)), "median %s ms, max %s ms", ms(median(afterActivity)), ms(maxOf(afterActivity)))
	add(fmt.Sprintf("first read after a write, same programme (/es/%s), n=%d", slug1, len(same)), "median %s ms, max %s ms", ms(median(same)), ms(maxOf(same)))
	if len(other) > 0 {
		add(fmt.Sprintf("first read after a write, other programme (/es/%s), n=%d", docs[1].Programme.Slug, len(other)), "median %s ms, max %s ms", ms(median(other)), ms(maxOf(other)))
	} else {
		add("first read after a write, other programme", "n/a: one programme")
	}

	rss, hwm, err := memory()
	if err != nil {
		return err
	}
	add("memory of this process (server and benchmark client): VmRSS, VmHWM", "%d MB, %d MB", rss>>20, hwm>>20)
	// What the process holds live, without the garbage the collector
	// lets pile up to GOGC (or GOMEMLIMIT): the read model and the rest.
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	add("Go heap in use after a collection (server and benchmark client)", "%d MB", ms.HeapAlloc>>20)
	size, err := dbSize(ctx, dsn, db.Dialect())
	if err != nil {
		return err
	}
	add("database size ("+db.Dialect()+")", "%.1f MB", float64(size)/(1<<20))

	fmt.Fprintf(out, "Bitácora scale benchmark: %d programmes × %d activities × %d periods = %d accepted reports, %s, %s, GOMAXPROCS %d, %d CPUs; built in %.1f s, whole run %.1f s; load average %s at the start, %s at the end\n\n",
		c.Programmes, nm, len(periods), c.Programmes*nm*len(periods), db.Dialect(), runtime.Version(), runtime.GOMAXPROCS(0), runtime.NumCPU(),
		build.Seconds(), time.Since(started).Seconds(), loadBefore, loadAvg())
	w := len("measure")
	for _, r := range rows {
		w = max(w, len([]rune(r.What)))
	}
	fmt.Fprintf(out, "| %-*s | %s |\n|%s|---|\n", w, "measure", "figure", strings.Repeat("-", w+2))
	for _, r := range rows {
		fmt.Fprintf(out, "| %s%s | %s |\n", r.What, strings.Repeat(" ", w-len([]rune(r.What))), r.Figure)
	}
	return nil
}

func makeUser(ctx context.Context, db *store.DB, email string, roles ...bitacora.UserRole) error {
	_, err := createUser(ctx, db, email, roles...)
	return err
}

// createUser makes a user with a password, as the one-time link would.
func createUser(ctx context.Context, db *store.DB, email string, roles ...bitacora.UserRole) (*bitacora.User, error) {
	_, token, err := db.CreateUser(ctx, email, strings.Split(email, "@")[0], "es", roles)
	if err != nil {
		return nil, err
	}
	hash, err := password.Hash(userPassword)
	if err != nil {
		return nil, err
	}
	return db.SetPasswordWithLink(ctx, token, hash)
}

// client is a visitor: cookies, and the anti-forgery token of its forms.
type client struct {
	base string
	c    *http.Client
	csrf string
}

func newClient(base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{base: base, c: &http.Client{Jar: jar, Transport: &http.Transport{MaxIdleConnsPerHost: 4},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn signs a user in through the login form.
func signIn(ctx context.Context, base, email string) (*client, error) {
	c := newClient(base)
	status, body, err := c.do(ctx, "GET", "/es/login", "", nil)
	if err != nil {
		return nil, err
	}
	m := csrfField.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		return nil, fmt.Errorf("login page: %d, no csrf field", status)
	}
	c.csrf = m[1]
	form := url.Values{"csrf": {c.csrf}, "email": {email}, "password": {userPassword}}
	status, body, err = c.do(ctx, "POST", "/es/login", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	if status != http.StatusSeeOther {
		return nil, fmt.Errorf("login %s: %d %s", email, status, mainText(body))
	}
	return c, nil
}

func (c *client) do(ctx context.Context, method, path, contentType string, body io.Reader) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return 0, "", err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.c.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// timedGet reads a page whole and says how long it took; anything but 200
// is an error.
func (c *client) timedGet(ctx context.Context, path string) (time.Duration, error) {
	t0 := time.Now()
	status, _, err := c.do(ctx, "GET", path, "", nil)
	d := time.Since(t0)
	if err == nil && status != http.StatusOK {
		err = fmt.Errorf("GET %s: %d", path, status)
	}
	return d, err
}

// postMultipart sends a form as multipart/form-data with the anti-forgery
// token, and a file if one is given.
func (c *client) postMultipart(ctx context.Context, path string, fields url.Values, file []byte) (int, string, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", c.csrf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if file != nil {
		fw, err := mw.CreateFormFile("file", "informes.csv")
		if err != nil {
			return 0, "", err
		}
		fw.Write(file)
	}
	mw.Close()
	return c.do(ctx, "POST", path, mw.FormDataContentType(), &body)
}

// postForm posts a form as a browser does, with the CSRF token.
func (c *client) postForm(ctx context.Context, path string, fields url.Values) (int, string, error) {
	body := url.Values{"csrf": {c.csrf}}
	for k, vs := range fields {
		body[k] = vs
	}
	return c.do(ctx, "POST", path, "application/x-www-form-urlencoded", strings.NewReader(body.Encode()))
}

func (c *client) upload(ctx context.Context, path string, file []byte) (int, string, error) {
	return c.postMultipart(ctx, path, url.Values{}, file)
}

// mainText is the <main> of a page, for an error message.
func mainText(body string) string {
	if m := regexp.MustCompile(`(?s)<main.*</main>`).FindString(body); m != "" {
		body = m
	}
	if len(body) > 2000 {
		body = body[:2000]
	}
	return body
}

// loadAvg is the machine's one-minute load average, which says how much
// the figures were shared with other work.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "unknown"
}

// memory returns this process's VmRSS and VmHWM in bytes.
func memory() (rss, hwm int64, err error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) == 3 && f[2] == "kB" {
			n, _ := strconv.ParseInt(f[1], 10, 64)
			switch f[0] {
			case "VmRSS:":
				rss = n << 10
			case "VmHWM:":
				hwm = n << 10
			}
		}
	}
	if rss == 0 || hwm == 0 {
		return 0, 0, errors.New("no VmRSS or VmHWM in /proc/self/status")
	}
	return rss, hwm, nil
}

// dbSize is the SQLite file with its write-ahead log, or the PostgreSQL
// database's size.
func dbSize(ctx context.Context, dsn, dialect string) (int64, error) {
	if dialect == "postgres" {
		pg, err := sql.Open("pgx", dsn)
		if err != nil {
			return 0, err
		}
		defer pg.Close()
		var n int64
		err = pg.QueryRowContext(ctx, "SELECT pg_database_size(current_database())").Scan(&n)
		return n, err
	}
	var n int64
	path := strings.TrimPrefix(dsn, "sqlite:")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if fi, err := os.Stat(path + suffix); err == nil {
			n += fi.Size()
		} else if suffix == "" {
			return 0, err
		}
	}
	return n, nil
}

func median(ds []time.Duration) time.Duration { return percentile(ds, 50) }

// percentile is the nearest-rank percentile.
func percentile(ds []time.Duration, p int) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (p*len(s)+99)/100 - 1
	return s[max(0, min(i, len(s)-1))]
}

func maxOf(ds []time.Duration) time.Duration { return percentile(ds, 100) }

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 2, 64)
}
func secs(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 2, 64) }
