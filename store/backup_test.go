package store_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store"
	"github.com/elac/bitacora/store/storetest"
)

// backupLines reads a backup back as its lines, the header's time and
// source left out (they differ between two backups of the same data).
func backupLines(t *testing.T, data []byte) []string {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(lines) < 2 || !strings.HasPrefix(lines[0], `{"bitacora_backup":1,`) || !strings.HasPrefix(lines[len(lines)-1], `{"end":true,`) {
		t.Fatalf("not a backup: %d lines, first %.80q", len(lines), lines)
	}
	return lines[1:]
}

func backup(t *testing.T, db *store.DB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := db.Backup(context.Background(), &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// someHistory writes a little of everything a backup must carry: reports
// through review with files (bytes), a returned one, a party renamed.
func someHistory(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := bitacora.WithActor(context.Background(), bitacora.Actor{UserID: 1, Name: "focal"})
	for i, code := range []string{"1.1", "1.2", "2.1"} {
		k := bitacora.ReportKey{Programme: "elac2020", Activity: code, Period: "2019-H1"}
		c := bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited, Narrative: "Avance en la región: taller en São Paulo."}
		r, err := db.SaveReport(ctx, k, 0, c, nil)
		if err == nil {
			r, err = db.AddFile(ctx, k, r.Version, fmt.Sprintf("acta-%d.pdf", i), "application/pdf", append([]byte("%PDF-1.4\n"), byte(i), 0, 255), nil)
		}
		if err == nil {
			r, err = db.Submit(ctx, k, r.Version, nil)
		}
		if err == nil {
			_, err = db.Review(ctx, k, r.Version, code != "1.2", map[bool]string{true: "", false: "Falta el detalle."}[code != "1.2"], nil)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetPartyNames(ctx, "cepal", []bitacora.PartyName{{Name: "Economic Commission for Latin America and the Caribbean", Lang: "en"}}); err != nil {
		t.Fatal(err)
	}
}

// A backup restores into a new database of either kind and reads back the
// same, row for row; the change record still verifies; the restored
// database takes new writes.
func TestBackupRestoresIntoEitherDatabase(t *testing.T) {
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		src := open(t, b)
		someHistory(t, src)
		data := backup(t, src)
		want := backupLines(t, data)
		storetest.Each(t, func(t *testing.T, to storetest.Backend) {
			dst, err := store.OpenNoMigrate(ctx, to.DSN)
			if err != nil {
				t.Fatal(err)
			}
			defer dst.Close()
			sum, err := dst.Restore(ctx, bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if sum.Rows != int64(len(want)-sum.Tables-1) || sum.Tables < 20 {
				t.Errorf("restored %+v from %d lines", sum, len(want))
			}
			got := backupLines(t, backup(t, dst))
			if len(got) != len(want) {
				t.Fatalf("the restored database backs up to %d lines, the original to %d", len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("line %d differs:\n got %.300s\nwant %.300s", i+2, got[i], want[i])
				}
			}
			if n, err := dst.VerifyAudit(ctx); err != nil || n == 0 {
				t.Errorf("the restored change record: %d entries, %v", n, err)
			}
			for _, read := range []func(db *store.DB) (any, error){
				func(db *store.DB) (any, error) { return db.Document(ctx, "elac2020") },
				func(db *store.DB) (any, error) { return db.AcceptedReports(ctx, "elac2020") },
			} {
				w, err1 := read(src)
				g, err2 := read(dst)
				if err1 != nil || err2 != nil || !reflect.DeepEqual(w, g) {
					t.Errorf("read back differently (%v, %v)", err1, err2)
				}
			}
			// New rows get new ids (PostgreSQL's sequences moved past
			// the restored ones), and their files are kept.
			actx := bitacora.WithActor(ctx, bitacora.Actor{UserID: 1, Name: "focal"})
			k := bitacora.ReportKey{Programme: "elac2020", Activity: "3.1", Period: "2019-H1"}
			r, err := dst.SaveReport(actx, k, 0, bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited}, nil)
			if err == nil {
				r, err = dst.AddFile(actx, k, r.Version, "nuevo.pdf", "application/pdf", []byte("%PDF-1.4 nuevo"), nil)
			}
			if err != nil || len(r.Files) != 1 {
				t.Fatalf("a write after the restore: %+v, %v", r, err)
			}
			if n, err := dst.VerifyAudit(ctx); err != nil {
				t.Errorf("the change record after a new write: %d, %v", n, err)
			}
		})
	})
}

// A backup taken while reports are being written is a moment of the
// database: it restores whole, its change record verifies, and each report
// in it has the files of its version.
func TestBackupUnderWrites(t *testing.T) {
	seedtest.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		src := open(t, b)
		actx := bitacora.WithActor(ctx, bitacora.Actor{UserID: 1, Name: "focal"})
		doc, err := src.Document(ctx, "elac2020")
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, a := range doc.Areas {
			for _, o := range a.Objectives {
				for _, act := range o.Activities {
					codes = append(codes, act.Code)
				}
			}
		}
		// Two writers save reports and add their files until told to
		// stop, so that every backup is taken while they write.
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var writes atomic.Int64
		for w := range 2 {
			wg.Go(func() {
				// Each writer its own activities (every other one), so
				// that the two never edit the same report; a writer that
				// comes round to a report again adds a file of other
				// content (the same content twice is refused, as it should
				// be: a quiet machine came round and the test failed).
				mine := len(codes) / 2
				for n := 0; ; n = (n + 1) % mine {
					i := 2*n + w
					select {
					case <-stop:
						return
					default:
					}
					k := bitacora.ReportKey{Programme: "elac2020", Activity: codes[i], Period: "2019-H2"}
					var version int
					if r, err := src.Report(ctx, k); err == nil {
						version = r.Version
					}
					r, err := src.SaveReport(actx, k, version, bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited, Narrative: fmt.Sprint("v", version)}, nil)
					if err == nil {
						_, err = src.AddFile(actx, k, r.Version, fmt.Sprintf("f%d.pdf", r.Version), "application/pdf", []byte(fmt.Sprintf("%%PDF-1.4 v%d %s", r.Version, codes[i])), nil)
					}
					if err != nil {
						t.Error(err)
						return
					}
					writes.Add(1)
				}
			})
		}
		for writes.Load() == 0 {
			runtime.Gosched()
		}
		before := writes.Load()
		var backups [][]byte
		for range 3 {
			backups = append(backups, backup(t, src))
		}
		during := writes.Load() - before
		close(stop)
		wg.Wait()
		if during == 0 {
			t.Fatal("no write went on while the backups were taken: the test proves nothing")
		}
		t.Logf("%d writes while three backups were taken", during)
		for i, data := range backups {
			to := storetest.Backend{Name: "sqlite", DSN: t.TempDir() + "/restored.db"}
			dst, err := store.OpenNoMigrate(ctx, to.DSN)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := dst.Restore(ctx, bytes.NewReader(data)); err != nil {
				t.Fatalf("backup %d: %v", i, err)
			}
			if _, err := dst.VerifyAudit(ctx); err != nil {
				t.Errorf("backup %d: %v", i, err)
			}
			// Every report in the copy is whole: its version's content
			// and files read back.
			for _, code := range codes {
				k := bitacora.ReportKey{Programme: "elac2020", Activity: code, Period: "2019-H2"}
				r, err := dst.Report(ctx, k)
				if bitacora.ErrorCode(err) == bitacora.ENOTFOUND {
					continue
				}
				if err != nil {
					t.Fatalf("backup %d: %s: %v", i, code, err)
				}
				for _, f := range r.Files {
					if _, data, _, err := fileData(ctx, dst, f.ID); err != nil || !bytes.HasSuffix(data, []byte(code)) {
						t.Errorf("backup %d: %s's file %s: %q, %v", i, code, f.Name, data, err)
					}
				}
			}
			dst.Close()
		}
	})
}

// A restore refuses a database that holds anything, and a file that is cut
// off or altered, saying where; it writes nothing then.
func TestRestoreRefusesAndWritesNothing(t *testing.T) {
	ctx := context.Background()
	seed := seedtest.SQLite(t)
	src := open(t, seed)
	data := backup(t, src)
	if _, err := src.Restore(ctx, bytes.NewReader(data)); bitacora.ErrorCode(err) != bitacora.ECONFLICT || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("restore into a database with eLAC2020: %v", err)
	}
	lines := strings.Split(string(gunzip(t, data)), "\n")
	for name, c := range map[string]struct {
		file []byte
		want string
	}{
		"cut off":        {gz(t, strings.Join(lines[:len(lines)/2], "\n")+"\n"), "cut off"},
		"not gzip":       {[]byte("id,name\n"), "not gzip"},
		"not a backup":   {gz(t, `{"hello":1}`+"\n"), "line 1"},
		"a row too long": {gz(t, strings.Join(append(lines[:3:3], strings.Replace(lines[3], "[", "[1,", 1)), "\n")+"\n"), "line 4"},
		"counts altered": {gz(t, strings.Join(append(lines[:len(lines)-2:len(lines)-2], strings.Replace(lines[len(lines)-2], `"rows":`, `"rows":1`, 1)), "\n")+"\n"), "rows"},
	} {
		t.Run(name, func(t *testing.T) {
			dst, err := store.OpenNoMigrate(ctx, t.TempDir()+"/new.db")
			if err != nil {
				t.Fatal(err)
			}
			defer dst.Close()
			_, err = dst.Restore(ctx, bytes.NewReader(c.file))
			if bitacora.ErrorCode(err) != bitacora.EINVALID || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want an invalid-input error saying %q", err, c.want)
			}
			if ps, err := dst.Programmes(ctx); len(ps) != 0 {
				t.Errorf("a refused restore left %d programmes (%v)", len(ps), err)
			}
		})
	}
}

func gunzip(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(s))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
