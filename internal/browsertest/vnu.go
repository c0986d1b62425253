package browsertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Message is one thing the Nu HTML Checker says about a document.
type Message struct {
	// Type is "error", "info" or "non-document-error" (the checker could
	// not read or check the document).
	Type string
	// SubType refines Type: "fatal" for an error after which the checker
	// stopped, "warning" for an info that is a warning; often empty.
	SubType string
	// Line and Column are where the problem starts, from 1; 0 when the
	// message is about the whole document.
	Line, Column int
	Message      string
	// Extract is the source around the problem.
	Extract string
}

// IsError reports whether the message makes the document invalid: what a
// test should fail on.
func (m Message) IsError() bool {
	return m.Type == "error" || m.Type == "non-document-error" || m.SubType == "fatal"
}

// IsWarning reports whether the message is a warning: valid, but likely a
// mistake.
func (m Message) IsWarning() bool {
	return m.Type == "info" && m.SubType == "warning"
}

// String tells where, how bad and what, with the source around it.
func (m Message) String() string {
	kind := m.Type
	if m.SubType != "" {
		kind += " (" + m.SubType + ")"
	}
	var b strings.Builder
	if m.Line > 0 {
		fmt.Fprintf(&b, "%d:%d: ", m.Line, m.Column)
	}
	fmt.Fprintf(&b, "%s: %s", kind, m.Message)
	if ex := strings.TrimSpace(m.Extract); ex != "" {
		fmt.Fprintf(&b, "\n      %s", strings.ReplaceAll(ex, "\n", "↵"))
	}
	return b.String()
}

// Errors returns the messages that are errors, in order.
func Errors(msgs []Message) []Message {
	var errs []Message
	for _, m := range msgs {
		if m.IsError() {
			errs = append(errs, m)
		}
	}
	return errs
}

// VNU checks each document with the Nu HTML Checker and returns its messages
// under the document's key; a key with no message is valid and has no
// warning. All the documents go to one run of the checker, because its JVM
// takes seconds to start: gather every page, then call VNU once. Keys name
// the documents in the output, so a URL path makes a good key.
//
//	for page, msgs := range tools.VNU(t, docs) {
//		for _, m := range browsertest.Errors(msgs) {
//			t.Errorf("%s:%v", page, m)
//		}
//	}
func (tl Tools) VNU(t testing.TB, docs map[string][]byte) map[string][]Message {
	t.Helper()
	out := make(map[string][]Message, len(docs))
	if len(docs) == 0 {
		return out
	}
	dir := t.TempDir()
	keys := slices.Sorted(maps.Keys(docs))
	keyOf := make(map[string]string, len(keys)) // file name → key
	args := append(vnuJVMFlags[:len(vnuJVMFlags):len(vnuJVMFlags)],
		"-jar", tl.VNUJar, "--format", "json", "--exit-zero-always", "--stdout")
	for _, k := range keys {
		name := fileName(k, keyOf)
		keyOf[name] = k
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, docs[k], 0o644); err != nil {
			t.Fatalf("browsertest: vnu: %v", err)
		}
		args = append(args, path)
	}

	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tl.Java, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("browsertest: vnu: %v\n%s", err, stderr.Bytes())
	}
	msgs, err := parseVNU(stdout.Bytes())
	if err != nil {
		t.Fatalf("browsertest: vnu: %v\nstdout: %s\nstderr: %s", err, stdout.Bytes(), stderr.Bytes())
	}
	for _, m := range msgs {
		k, ok := keyOf[m.file]
		if !ok {
			// Not about one of our documents: the checker itself failed.
			t.Fatalf("browsertest: vnu: %s", m.Message)
		}
		out[k] = append(out[k], m.Message)
	}
	return out
}

// vnuJVMFlags halve the checker's time on two cores, for a few pages as for
// thirty of 200 kB: the JIT's first tier (C1) is enough for a run this short.
// Its frames are bigger, and the checker's schema code recurses deeply: with
// the default stack it dies of a StackOverflowError, hence -Xss.
var vnuJVMFlags = []string{"-Xss8m", "-XX:TieredStopAtLevel=1"}

// vnuMessage is a Message with the name of the file it is about.
type vnuMessage struct {
	Message
	file string
}

// parseVNU reads the checker's --format json report.
func parseVNU(report []byte) ([]vnuMessage, error) {
	var r struct {
		Messages []struct {
			Type        string `json:"type"`
			SubType     string `json:"subType"`
			URL         string `json:"url"`
			FirstLine   int    `json:"firstLine"`
			LastLine    int    `json:"lastLine"`
			FirstColumn int    `json:"firstColumn"`
			LastColumn  int    `json:"lastColumn"`
			Message     string `json:"message"`
			Extract     string `json:"extract"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(report, &r); err != nil {
		return nil, fmt.Errorf("reading the report: %w", err)
	}
	msgs := make([]vnuMessage, 0, len(r.Messages))
	for _, m := range r.Messages {
		// firstLine is left out when it is lastLine, firstColumn when
		// the problem is at one point.
		line, col := m.FirstLine, m.FirstColumn
		if line == 0 {
			line = m.LastLine
		}
		if col == 0 {
			col = m.LastColumn
		}
		var file string
		if u, err := url.Parse(m.URL); err == nil && m.URL != "" {
			file = filepath.Base(u.Path)
		}
		msgs = append(msgs, vnuMessage{
			Message: Message{
				Type: m.Type, SubType: m.SubType,
				Line: line, Column: col,
				Message: m.Message, Extract: m.Extract,
			},
			file: file,
		})
	}
	return msgs, nil
}

// fileName makes of a key a file name that is safe, readable in the
// checker's output, ends in .html (which makes the checker parse it as
// HTML) and is not in taken.
func fileName(key string, taken map[string]string) string {
	var b strings.Builder
	for _, r := range strings.Trim(key, "/") {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9', r == '-', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	base := strings.TrimSuffix(b.String(), ".html")
	if base == "" || strings.Trim(base, ".") == "" {
		base = "index"
	}
	if len(base) > 100 {
		base = base[:100]
	}
	name := base + ".html"
	for i := 2; ; i++ {
		if _, ok := taken[name]; !ok {
			return name
		}
		name = fmt.Sprintf("%s-%d.html", base, i)
	}
}
