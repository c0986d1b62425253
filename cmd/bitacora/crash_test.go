package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/elac/bitacora/internal/crashtest"
	"github.com/elac/bitacora/store/storetest"
)

// asBitacora, set in a process's environment, makes this test binary run
// as the bitacora command (TestMain), so that the crash test has a server
// to kill without compiling a second binary.
const asBitacora = "BITACORA_TEST_AS_COMMAND"

func crashCommand(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), asBitacora+"=1")
	return cmd
}

// A smoke run of the crash driver (scripts/crash.sh runs the long one):
// `bitacora serve` is killed with SIGKILL three times under a write load,
// and every acknowledged write is there after each restart, nothing is
// half-written, and the change record verifies.
func TestCrashSmoke(t *testing.T) {
	storetest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		verify := func(ctx context.Context) error {
			var out bytes.Buffer
			return run(ctx, []string{"audit", "verify", "--db", b.DSN}, noEnv, strings.NewReader(""), &out, &out)
		}
		r, err := crashtest.Run(ctx, crashtest.Config{DSN: b.DSN, Command: crashCommand, AuditVerify: verify, Cycles: 3, Load: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d cycles, %d writes attempted, %d acknowledged %v, in %.1f s", b.Name, r.Cycles, r.Attempted, r.Acknowledged, r.Kinds, r.Took.Seconds())
		if !r.OK() || r.Cycles != 3 || r.Acknowledged == 0 {
			t.Errorf("%+v", r)
		}
		for _, f := range r.Faults {
			t.Error(f)
		}
	})
}
