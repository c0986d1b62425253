package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The limits scenario measures /healthz as a load balancer's health check
// would see it: from a process of its own at the server's CPU priority,
// while the load — which in production comes from other machines — runs
// at a lower one (-nice), so that what is timed is the server's answer,
// not the load generator's turn on the same two cores.

// runProbe asks c.ProbeURL twenty times a second for c.Duration and writes
// one line per answer, "SENT TOOK STATUS": when it was sent and how long
// it took in microseconds (since the Unix epoch), and its status (0: no
// answer).
func runProbe(c config) error {
	cl := &http.Client{Timeout: 10 * time.Second}
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for end := time.Now().Add(c.Duration); time.Now().Before(end); <-tick.C {
		t0 := time.Now()
		status := 0
		if r, err := cl.Get(c.ProbeURL); err == nil {
			io.Copy(io.Discard, r.Body)
			r.Body.Close()
			status = r.StatusCode
		}
		fmt.Fprintf(out, "%d %d %d\n", t0.UnixMicro(), time.Since(t0).Microseconds(), status)
		out.Flush()
	}
	return nil
}

// probe is a running probe process.
type probe struct {
	done chan []healthSample
}

type healthSample struct {
	at     time.Time
	took   time.Duration
	status int
}

// startProbe starts this program as a probe of url for d.
func startProbe(ctx context.Context, url string, d time.Duration) (*probe, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, self, "-probe-url", url, "-duration", d.String(), "probe")
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &probe{done: make(chan []healthSample, 1)}
	go func() {
		var samples []healthSample
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) != 3 {
				continue
			}
			at, _ := strconv.ParseInt(f[0], 10, 64)
			took, _ := strconv.ParseInt(f[1], 10, 64)
			code, _ := strconv.Atoi(f[2])
			samples = append(samples, healthSample{time.UnixMicro(at), time.Duration(took) * time.Microsecond, code})
		}
		cmd.Wait()
		p.done <- samples
	}()
	return p, nil
}

// wait returns the probe's samples once it has finished.
func (p *probe) wait() []healthSample { return <-p.done }

// lowerPriority raises the nice value of every thread of this process by
// n (Linux keeps it per thread, and threads started later inherit it from
// the thread that starts them). Lowering one's own priority needs no
// privilege.
func lowerPriority(n int) error {
	if n <= 0 {
		return nil
	}
	tasks, err := filepath.Glob("/proc/self/task/*")
	if err != nil {
		return err
	}
	for _, task := range tasks {
		tid, err := strconv.Atoi(filepath.Base(task))
		if err != nil {
			continue
		}
		prio, err := syscall.Getpriority(syscall.PRIO_PROCESS, tid)
		if err != nil {
			continue // the thread has ended
		}
		// getpriority's raw answer is 20 − nice.
		if err := syscall.Setpriority(syscall.PRIO_PROCESS, tid, min(20-prio+n, 19)); err != nil {
			return fmt.Errorf("lowering the load's priority: %w", err)
		}
	}
	return nil
}
