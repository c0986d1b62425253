package main

import (
	"log/slog"
	"strings"
	"testing"
	"time"
)

// Request lines are batched; a warning goes out at once, with the lines
// before it; Close writes the rest.
func TestLogBuffer(t *testing.T) {
	var out syncBuffer
	buf := newLogBuffer(&out, time.Hour) // no periodic flush in this test
	log := slog.New(flushOnWarn{slog.NewTextHandler(buf, nil), buf}).With("app", "bitacora")
	log.Info("request", "path", "/es/")
	if out.String() != "" {
		t.Fatalf("an info line was written at once: %q", out.String())
	}
	log.Warn("listening for changes")
	got := out.String()
	if !strings.Contains(got, "path=/es/") || !strings.Contains(got, "listening for changes") || !strings.Contains(got, "app=bitacora") {
		t.Fatalf("after a warning, the log holds %q; want the request line and the warning", got)
	}
	log.Info("request", "path", "/en/")
	if strings.Contains(out.String(), "/en/") {
		t.Fatal("the second info line was written at once")
	}
	if err := buf.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "path=/en/") {
		t.Errorf("Close did not write the waiting line: %q", out.String())
	}
}

// The periodic flush writes a waiting line without any warning.
func TestLogBufferFlushesPeriodically(t *testing.T) {
	var out syncBuffer
	buf := newLogBuffer(&out, 10*time.Millisecond)
	defer buf.Close()
	slog.New(slog.NewTextHandler(buf, nil)).Info("request", "path", "/fr/")
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(out.String(), "/fr/"); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the line was never written")
		}
	}
}
