package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

// syncBuffer is a buffer that a running command writes to while the test
// reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func noEnv(string) string { return "" }

// runCmd runs the command line in-process and returns its output.
func runCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(context.Background(), args, noEnv, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), err
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func TestMain(m *testing.M) {
	// The crash test runs this binary as `bitacora`: with the variable
	// set, it is the command, not the tests (see crashCommand).
	if os.Getenv(asBitacora) != "" {
		main()
		os.Exit(0)
	}
	code := m.Run()
	storetest.RemoveTemplates()
	os.Exit(code)
}

// serve starts `bitacora serve` and returns a function that stops it with
// the equivalent of SIGTERM and returns run's error and its log.
func serve(t *testing.T, args ...string) (addr string, stop func() (string, error)) {
	t.Helper()
	addr = freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", addr}, args...), noEnv, strings.NewReader(""), io.Discard, logs)
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		select {
		case err := <-done:
			cancel()
			t.Fatalf("serve ended before it was ready: %v\n%s", err, logs.String())
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve not ready after 30s\n%s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	return addr, func() (string, error) {
		cancel()
		select {
		case err := <-done:
			return logs.String(), err
		case <-time.After(40 * time.Second):
			t.Fatal("serve did not stop within 40s")
			return "", nil
		}
	}
}

func fetch(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// First start imports eLAC2020; the same binary on SQLite and PostgreSQL
// serves the same JSON; a restart keeps everything and imports nothing.
func TestServeImportsOnceAndServesTheSameJSONOnBothDatabases(t *testing.T) {
	var served []string
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		addr, stop := serve(t, "--db", b.DSN, "--data", t.TempDir())
		status, first := fetch(t, "http://"+addr+"/api/v1/programmes/elac2020")
		if status != 200 || !strings.Contains(first, `"symbol": "LC/TS.2018/60"`) {
			t.Fatalf("GET elac2020 = %d", status)
		}
		logs, err := stop()
		if err != nil {
			t.Fatalf("serve returned %v after SIGTERM", err)
		}
		if !strings.Contains(logs, "imported eLAC2020") || !strings.Contains(logs, "stopped") {
			t.Errorf("first start log lacks the import or the clean stop:\n%s", logs)
		}
		if b.Name == "sqlite" && !strings.Contains(logs, "memory_limit=350MiB") {
			t.Errorf("the start line does not say the default heap limit:\n%s", logs)
		}

		addr, stop = serve(t, "--db", b.DSN, "--log-format", "json")
		_, again := fetch(t, "http://"+addr+"/api/v1/programmes/elac2020")
		_, list := fetch(t, "http://"+addr+"/api/v1/programmes")
		fetch(t, "http://"+addr+"/api/v1/nothing/here") // a 404: its line is at info
		logs, err = stop()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(logs, "imported eLAC2020") {
			t.Errorf("restart imported again:\n%s", logs)
		}
		if !strings.Contains(logs, `"request_id":`) || !strings.Contains(logs, `"path":"/api/v1/nothing/here"`) {
			t.Errorf("JSON logs lack the 404's line with its request id:\n%s", logs)
		}
		if again != first || strings.Count(list, `"slug"`) != 1 {
			t.Errorf("after restart the programme changed or doubled: %s", list)
		}
		served = append(served, first)
	})
	if len(served) == 2 && served[0] != served[1] {
		t.Error("SQLite and PostgreSQL serve different JSON for eLAC2020")
	}
}

// In-flight requests finish when the server is told to stop.
func TestServeUntilLetsInFlightRequestsFinish(t *testing.T) {
	entered := make(chan struct{})
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		time.Sleep(300 * time.Millisecond)
		fmt.Fprint(w, "finished")
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- serveUntil(ctx, hs, ln, 5*time.Second) }()
	got := make(chan string, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got <- string(b)
	}()
	<-entered
	cancel() // SIGTERM while the request is in the handler
	if body := <-got; body != "finished" {
		t.Fatalf("in-flight request got %q; want it to finish", body)
	}
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get("http://" + ln.Addr().String() + "/"); err == nil {
		t.Fatal("server still accepts after shutdown")
	}
}

func TestServeBadStarts(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	file := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(file, []byte("x"), 0o600)

	for _, tc := range []struct {
		name    string
		args    []string
		mention string
	}{
		{"port in use", []string{"--addr", busy.Addr().String()}, "address already in use"},
		{"malformed db", []string{"--db", "postgres://%zz"}, "not a valid postgres:// URL"},
		{"unreachable db", []string{"--db", "postgres://u:pw@127.0.0.1:1/x?connect_timeout=2"}, "cannot reach"},
		{"unwritable data folder", []string{"--data", filepath.Join(file, "data")}, "cannot create folder"},
		{"bad log format", []string{"--log-format", "xml"}, "--log-format"},
		{"base url with a query", []string{"--base-url", "https://b.example.org/?x=1"}, "--base-url"},
		{"metrics port in use", []string{"--metrics-addr", busy.Addr().String()}, "--metrics-addr"},
		{"memory limit in MB", []string{"--memory-limit", "350MB"}, "--memory-limit"},
		{"request timeout without a unit", []string{"--request-timeout", "30"}, "--request-timeout"},
		{"request timeout of zero", []string{"--request-timeout", "0s"}, "--request-timeout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "data")
			args := append([]string{"serve", "--addr", freeAddr(t), "--data", data}, tc.args...)
			_, _, err := runCmd(t, args...)
			if err == nil || !strings.Contains(err.Error(), tc.mention) {
				t.Fatalf("%v: error %v; want one mentioning %q", args, err, tc.mention)
			}
			if strings.Count(err.Error(), "\n") > 0 {
				t.Errorf("error is more than one line: %q", err)
			}
			if tc.name == "port in use" || tc.name == "malformed db" || tc.name == "unreachable db" {
				if _, statErr := os.Stat(data); statErr == nil {
					t.Errorf("%s left a data folder behind", tc.name)
				}
			}
		})
	}
}

func TestConfigPrecedence(t *testing.T) {
	cfg := defaultConfig()
	if cfg.Addr != "localhost:8080" || cfg.DSN() != filepath.Join("bitacora-data", "bitacora.db") {
		t.Fatalf("defaults = %+v, dsn %s", cfg, cfg.DSN())
	}
	cfg.fromEnv(func(k string) string {
		return map[string]string{"BITACORA_ADDR": ":9000", "BITACORA_DATA": "/srv/b"}[k]
	})
	fs := newFlagSet(&env{stderr: io.Discard, stdout: io.Discard}, "serve", "", "")
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "")
	cfg.databaseFlags(fs)
	if _, err := parseFlags(&env{stderr: io.Discard, stdout: io.Discard}, fs, []string{"--addr", ":9100"}); err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != ":9100" || cfg.DSN() != "/srv/b/bitacora.db" {
		t.Fatalf("env then flags gave %+v", cfg)
	}
}

// The heap limit is written as GOMEMLIMIT is, or off.
func TestMemoryLimit(t *testing.T) {
	for v, want := range map[string]int64{"350MiB": 350 << 20, "1GiB": 1 << 30, "4096KiB": 4 << 20, "1000000B": 1e6, "off": -1, "OFF": -1, "0": -1} {
		c := Config{MemoryLimit: v}
		if got, err := c.memoryLimit(); err != nil || got != want {
			t.Errorf("%q: %d, %v; want %d", v, got, err, want)
		}
	}
	for _, v := range []string{"", "350", "350MB", "-1MiB", "0MiB", "1.5GiB", "MiB", "99999999999TiB"} {
		c := Config{MemoryLimit: v}
		if n, err := c.memoryLimit(); err == nil {
			t.Errorf("%q: accepted as %d", v, n)
		}
	}
}

func TestHelp(t *testing.T) {
	for _, c := range commands() {
		out, _, err := runCmd(t, c.name, "--help")
		if err != nil || !strings.Contains(out, "Usage: bitacora "+c.name) {
			t.Errorf("%s --help = %v, %q", c.name, err, out)
		}
	}
	if out, _, err := runCmd(t, "help"); err != nil || !strings.Contains(out, "Commands:") {
		t.Errorf("help = %v %q", err, out)
	}
	if _, _, err := runCmd(t, "frobnicate"); err == nil {
		t.Error("an unknown command succeeded")
	}
}

func TestParseCommand(t *testing.T) {
	out, errs, err := runCmd(t, "parse", "../../seed/elac2020.txt", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "1.1") || strings.Count(out, "\n") < 53 {
		t.Errorf("parse --format csv printed %d lines", strings.Count(out, "\n"))
	}
	if !strings.Contains(errs, "elac2020.txt:57:") {
		t.Errorf("warnings lack file:line for the shifted cell of row 57:\n%s", errs)
	}
	bin := filepath.Join(t.TempDir(), "not-a-programme")
	os.WriteFile(bin, []byte("\x00\x01\x02 binary"), 0o600)
	if _, _, err := runCmd(t, "parse", bin); err == nil || !strings.Contains(err.Error(), "not-a-programme") {
		t.Errorf("parse of binary data: %v", err)
	}
	if _, _, err := runCmd(t, "parse", "../../seed/elac2020.txt", "--format", "yaml"); err == nil {
		t.Error("an unknown format was accepted")
	}
}

// parse → JSON → import that JSON → export: the same bytes, on both
// databases.
func TestJSONRoundTripThroughTheDatabase(t *testing.T) {
	parsed, _, err := runCmd(t, "parse", "../../seed/elac2020.txt", "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "elac2020.json")
	os.WriteFile(file, []byte(parsed), 0o600)
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		out, _, err := runCmd(t, "import", file, "--db", b.DSN)
		if err != nil || !strings.Contains(out, "imported elac2020") {
			t.Fatalf("import: %v %s", err, out)
		}
		exported, _, err := runCmd(t, "export", "elac2020", "--db", b.DSN)
		if err != nil {
			t.Fatal(err)
		}
		if exported != parsed {
			t.Fatal("export after import of the JSON differs from the parsed JSON")
		}
		if _, _, err := runCmd(t, "import", file, "--db", b.DSN); err == nil || !strings.Contains(err.Error(), "exists already") {
			t.Errorf("second import: %v", err)
		}
		if out, _, err := runCmd(t, "migrate", "--db", b.DSN); err != nil || !strings.Contains(out, "schema version ") {
			t.Errorf("migrate: %v %s", err, out)
		}
	})
}

// The first admin is made from the command line, with a one-time link and
// no password; reset makes a new link and kills the old one.
func TestUserCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	out, _, err := runCmd(t, "user", "add", "--email", "Ana@Example.org", "--name", "Ana", "--role", "admin", "--db", db, "--addr", "localhost:9999")
	if err != nil || !strings.Contains(out, "created user 1 ana@example.org") || !strings.Contains(out, "http://localhost:9999/es/password/set?token=pw_") {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	if _, _, err := runCmd(t, "user", "add", "--email", "ana@example.org", "--db", db); err == nil || !strings.Contains(err.Error(), "email") {
		t.Errorf("a second user with the same e-mail: %v", err)
	}
	if _, _, err := runCmd(t, "user", "add", "--email", "x@example.org", "--role", "king", "--db", db); err == nil {
		t.Error("an unknown role was accepted")
	}
	// Junk in a text flag is refused, naming the flag; nothing is stored
	// (the audit count below stays 2).
	for flag, v := range map[string]string{"--name": "Ana\x00Admin", "--email": "nul\x00@example.org"} {
		args := []string{"user", "add", "--email", "b@example.org", "--name", "B", "--db", db}
		for i := range args {
			if args[i] == flag {
				args[i+1] = v
			}
		}
		if _, _, err := runCmd(t, args...); err == nil || !strings.Contains(err.Error(), flag+" holds a NUL") {
			t.Errorf("user add %s %q: %v", flag, v, err)
		}
	}
	if _, _, err := runCmd(t, "user", "add", "--email", "b@example.org", "--name", "B\xffC", "--db", db); err == nil || !strings.Contains(err.Error(), "--name is not valid UTF-8") {
		t.Errorf("user add --name with invalid UTF-8: %v", err)
	}
	out, _, err = runCmd(t, "user", "reset", "--email", "ana@example.org", "--db", db, "--base-url", "https://bitacora.example/")
	if err != nil || !strings.Contains(out, "https://bitacora.example/es/password/set?token=pw_") {
		t.Fatalf("user reset: %v\n%s", err, out)
	}
	out, _, err = runCmd(t, "user", "list", "--db", db)
	if err != nil || !strings.Contains(out, "ana@example.org\tAna\tadmin\tinvited") {
		t.Errorf("user list: %v\n%s", err, out)
	}
	if out, _, err := runCmd(t, "audit", "verify", "--db", db); err != nil || !strings.Contains(out, "2 entries") {
		t.Errorf("audit verify after user commands: %v %s", err, out)
	}
}

// A new edition of the document becomes a draft revision, its activities
// matched to the current ones, for the Bureau to confirm.
func TestImportEditionAsRevision(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	if _, _, err := runCmd(t, "import", "../../seed/elac2020.txt", "--db", db); err != nil {
		t.Fatal(err)
	}
	src, _ := os.ReadFile("../../seed/elac2020.txt")
	edition := strings.Replace(string(src), "\t1.5. Investigar alternativas viables de redes de acceso local y comunitario\t\tAsociación para el Progreso de las Comunicaciones (APC) e ISOC",
		"\t1.5. Investigar alternativas viables de redes de acceso local y comunitario\t\tAsociación para el Progreso de las Comunicaciones (APC) e ISOC\n\t1.6. Crear un observatorio regional de la banda ancha\tCEPAL\tISOC", 1)
	edition = strings.Replace(edition, "LC/TS.2018/60", "LC/TS.2019/99", 1)
	file := filepath.Join(dir, "edicion-2019.txt")
	os.WriteFile(file, []byte(edition), 0o600)
	out, _, err := runCmd(t, "import", file, "--revise", "elac2020", "--db", db)
	// The new row names CEPAL as responsible, and the merged cells below it
	// (2.1 and 3.1, blank in their Responsable column) now carry CEPAL too:
	// the edition reassigns them, as the document's rules read it.
	if err != nil || !strings.Contains(out, "draft revision 1 of elac2020 with 3 changes (1 added, 0 retired, 0 edited, 2 reassigned") {
		t.Fatalf("import --revise: %v\n%s", err, out)
	}
	unknown := strings.Replace(edition, "\tCEPAL\tISOC", "\tCEPAL\tFundación Nueva (FN)", 1)
	os.WriteFile(file, []byte(unknown), 0o600)
	if _, _, err := runCmd(t, "import", file, "--revise", "elac2020", "--db", db); err == nil || !strings.Contains(err.Error(), `"Fundación Nueva"`) {
		t.Errorf("an edition naming an unknown party: %v", err)
	}
	if out, _, err := runCmd(t, "import", "../../seed/elac2020.txt", "--revise", "elac2020", "--db", db); err != nil || !strings.Contains(out, "no revision made") {
		t.Errorf("the same edition again: %v %s", err, out)
	}
}

// /metrics is not on the main listener unless configured: --metrics-addr
// serves it on an address of its own, --metrics-token on the main one to
// the token's holder (issue 10, item 2).
func TestServeMetricsWhereConfigured(t *testing.T) {
	db := seedtest.SQLite(t).DSN // the first start is TestServeImportsOnce…'s
	maddr := freeAddr(t)
	addr, stop := serve(t, "--db", db, "--metrics-addr", maddr)
	if status, _ := fetch(t, "http://"+addr+"/metrics"); status != http.StatusNotFound {
		t.Errorf("main listener /metrics without a token configured = %d; want 404", status)
	}
	if status, body := fetch(t, "http://"+maddr+"/metrics"); status != 200 || !strings.Contains(body, "bitacora_http_requests_total") {
		t.Errorf("--metrics-addr /metrics = %d", status)
	}
	if status, _ := fetch(t, "http://"+maddr+"/"); status != http.StatusNotFound {
		t.Errorf("--metrics-addr serves more than /metrics: / = %d", status)
	}
	if _, err := stop(); err != nil {
		t.Fatal(err)
	}

	addr, stop = serve(t, "--db", db, "--metrics-token", "s3cret")
	req, _ := http.NewRequest("GET", "http://"+addr+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer s3cret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("/metrics with --metrics-token and the token = %d", resp.StatusCode)
	}
	if status, _ := fetch(t, "http://"+addr+"/metrics"); status != http.StatusUnauthorized {
		t.Errorf("/metrics with --metrics-token and no token = %d; want 401", status)
	}
	if _, err := stop(); err != nil {
		t.Fatal(err)
	}
}

// Links the command line prints start with the site's public address,
// --base-url or BITACORA_BASE_URL, whatever the listen address; a bad one
// is refused with one clear line (issue 10, item 18).
func TestUserLinksUseTheBaseURL(t *testing.T) {
	db := filepath.Join(t.TempDir(), "b.db")
	out, _, err := runCmd(t, "user", "add", "--email", "ana@example.org", "--db", db, "--addr", ":9999", "--base-url", "https://b.example.org")
	if err != nil || !strings.Contains(out, "\nhttps://b.example.org/es/password/set?token=pw_") {
		t.Fatalf("user add --base-url: %v\n%s", err, out)
	}
	var stdout bytes.Buffer
	env := func(k string) string { return map[string]string{"BITACORA_BASE_URL": "https://env.example.org/"}[k] }
	if err := run(context.Background(), []string{"user", "reset", "--email", "ana@example.org", "--db", db}, env, strings.NewReader(""), &stdout, io.Discard); err != nil ||
		!strings.Contains(stdout.String(), "\nhttps://env.example.org/es/password/set?token=pw_") {
		t.Fatalf("user reset with BITACORA_BASE_URL: %v\n%s", err, stdout.String())
	}
	for _, bad := range []string{"bitacora.example.org", "ftp://b.example.org", "https://b.example.org/?a=1", "https://b.example.org/#top",
		"https://b.example.org/bitacora", "https://", "/es/login"} {
		_, _, err := runCmd(t, "user", "reset", "--email", "ana@example.org", "--db", db, "--base-url", bad)
		if err == nil || !strings.HasPrefix(err.Error(), "--base-url ") || strings.Contains(err.Error(), "\n") {
			t.Errorf("--base-url %q: %v; want a one-line error naming --base-url", bad, err)
		}
	}
}

func TestConfigMetricsAndBaseURL(t *testing.T) {
	cfg := defaultConfig()
	if u, err := cfg.SiteURL(); err != nil || u != "http://localhost:8080" {
		t.Fatalf("default site URL = %q, %v", u, err)
	}
	cfg.fromEnv(func(k string) string {
		return map[string]string{"BITACORA_METRICS_PUBLIC": "1", "BITACORA_METRICS_TOKEN": "t", "BITACORA_BASE_URL": "https://env.example.org",
			"BITACORA_ADDR": ":9000"}[k]
	})
	if !cfg.MetricsPublic || cfg.MetricsToken != "t" {
		t.Errorf("env gave %+v", cfg)
	}
	fs := newFlagSet(&env{stderr: io.Discard, stdout: io.Discard}, "serve", "", "")
	cfg.siteFlags(fs)
	cfg.metricsFlags(fs)
	if _, err := parseFlags(&env{stderr: io.Discard, stdout: io.Discard}, fs, []string{"--base-url", "https://flag.example.org/", "--metrics-addr", "127.0.0.1:9090"}); err != nil {
		t.Fatal(err)
	}
	if u, err := cfg.SiteURL(); err != nil || u != "https://flag.example.org" || cfg.MetricsAddr != "127.0.0.1:9090" {
		t.Errorf("env then flags gave %+v, site %q", cfg, u)
	}
	cfg.BaseURL = ""
	if u, _ := cfg.SiteURL(); u != "http://localhost:9000" {
		t.Errorf("site URL from --addr :9000 = %q", u)
	}
}

// TestREADMENamesEveryServeFlag reads the flags from `serve --help`, as
// the program builds them, and finds each, with its environment variable,
// in the README's configuration table: a flag added without a line there
// fails here.
func TestREADMENamesEveryServeFlag(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, _ := runCmd(t, "serve", "--help")
	help := out + errOut
	flagLine := regexp.MustCompile(`(?m)^  -([a-z-]+)`)
	envName := regexp.MustCompile(`env (BITACORA_[A-Z_]+)`)
	flags := flagLine.FindAllStringSubmatchIndex(help, -1)
	if len(flags) < 10 {
		t.Fatalf("serve --help lists %d flags:\n%s", len(flags), help)
	}
	seen := map[string]bool{}
	for i, m := range flags {
		name := help[m[2]:m[3]]
		if seen[name] {
			continue
		}
		seen[name] = true
		end := len(help)
		if i+1 < len(flags) {
			end = flags[i+1][0]
		}
		row := "| `--" + name + "`"
		if !bytes.Contains(readme, []byte(row)) {
			t.Errorf("README's configuration table has no row %q", row)
			continue
		}
		if env := envName.FindStringSubmatch(help[m[0]:end]); env != nil && !bytes.Contains(readme, []byte(row+" | `"+env[1]+"`")) {
			t.Errorf("README's row for --%s does not name %s", name, env[1])
		}
	}
}
