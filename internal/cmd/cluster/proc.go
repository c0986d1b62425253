package main

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/elac/bitacora/internal/clustertest"
	"github.com/elac/bitacora/store"
	_ "github.com/jackc/pgx/v5/stdlib"
)

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// server is a `bitacora serve` process.
type server struct {
	name, URL string
	cmd       *exec.Cmd
	log       string
}

// startServer runs bin serve on a free loopback port with dsn and the
// extra flags, its log in dir, and waits until /readyz answers 200.
func startServer(ctx context.Context, bin, dir, name, dsn string, extra ...string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &server{name: name, URL: fmt.Sprintf("http://127.0.0.1:%d", port), log: filepath.Join(dir, name+".log")}
	logf, err := os.Create(s.log)
	if err != nil {
		return nil, err
	}
	args := append([]string{"serve", "--addr", fmt.Sprintf("127.0.0.1:%d", port), "--db", dsn,
		"--data", filepath.Join(dir, name), "--api-rate", "0", "--api-token-rate", "0"}, extra...)
	s.cmd = exec.Command(bin, args...)
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { s.cmd.Wait(); logf.Close() }()
	if err := waitReady(ctx, s.URL, 30*time.Second); err != nil {
		s.kill()
		b, _ := os.ReadFile(s.log)
		return nil, fmt.Errorf("%s did not start: %v\n%s", name, err, b)
	}
	return s, nil
}

func (s *server) kill() {
	if s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGKILL)
	}
}

// pid is the server's process id, for its memory in /proc.
func (s *server) pid() int { return s.cmd.Process.Pid }

func waitReady(ctx context.Context, base string, within time.Duration) error {
	deadline := time.Now().Add(within)
	c := &http.Client{Timeout: time.Second}
	for {
		r, err := c.Get(base + "/readyz")
		if err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				return nil
			}
			err = fmt.Errorf("/readyz %d", r.StatusCode)
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// newDatabase creates an empty database on the server admin names and
// returns its URL and a function that drops it.
func newDatabase(ctx context.Context, admin string) (string, func(), error) {
	db, err := sql.Open("pgx", admin)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("bitacora_cluster_%d", time.Now().UnixNano())
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		db.Close()
		return "", nil, err
	}
	u, err := url.Parse(admin)
	if err != nil {
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {
		db.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		db.Close()
	}
	return u.String(), drop, nil
}

// prepare opens dsn (which a server has seeded with eLAC2020) and makes
// the fixture the checks need.
func prepare(ctx context.Context, dsn string) (*clustertest.Fixture, error) {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return clustertest.Prepare(ctx, db, "elac2020")
}

// memory returns a process's VmRSS and VmHWM in MB.
func memory(pid int) (rss, hwm int) {
	b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) == 3 {
			n, _ := strconv.Atoi(f[1])
			switch f[0] {
			case "VmRSS:":
				rss = n >> 10
			case "VmHWM:":
				hwm = n >> 10
			}
		}
	}
	return rss, hwm
}

func loadAvg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); len(f) > 0 {
		return f[0]
	}
	return "?"
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// table prints rows as a Markdown table.
func table(rows [][2]string) {
	fmt.Println("| measure | figure |\n|---|---|")
	for _, r := range rows {
		fmt.Printf("| %s | %s |\n", r[0], r[1])
	}
}
