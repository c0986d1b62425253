package web

import (
	"fmt"
	"testing"
	"time"
)

// However many clients come, a limiter remembers at most its bound: idle
// ones are forgotten first, then some at random.
func TestRateLimiterMemoryIsBounded(t *testing.T) {
	l := newLimiter("anonymous", Rate{N: 5, Per: time.Minute})
	l.max = 100
	now := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	l.now = func() time.Time { return now }
	for i := range 10000 {
		l.take(fmt.Sprintf("198.51.100.%d/%d", i%256, i))
		if n := l.clients(); n > l.max {
			t.Fatalf("after %d clients the limiter remembers %d; bound %d", i+1, n, l.max)
		}
	}
	// A client idle for a whole window is forgotten before busy ones.
	l = newLimiter("anonymous", Rate{N: 5, Per: time.Minute})
	l.max, l.now = 3, func() time.Time { return now }
	l.take("idle")
	now = now.Add(2 * time.Minute)
	l.take("a")
	l.take("b")
	l.take("c") // full: "idle" goes
	if _, ok := l.seen["idle"]; ok || l.clients() != 3 {
		t.Errorf("after eviction: %d clients, idle kept %v", l.clients(), ok)
	}
}

func TestParseRate(t *testing.T) {
	for in, want := range map[string]Rate{"60/min": {60, time.Minute}, "10/s": {10, time.Second}, "1000/h": {1000, time.Hour}, "0": {}, "off": {}} {
		if got, err := ParseRate(in); err != nil || got != want {
			t.Errorf("ParseRate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "60", "60/day", "-1/min", "x/min"} {
		if _, err := ParseRate(in); err == nil {
			t.Errorf("ParseRate(%q): no error", in)
		}
	}
}
