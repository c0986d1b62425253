package web_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"syscall"
	"testing"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/seed/seedtest"
	"github.com/elac/bitacora/store/storetest"
)

// A download slower than the server's write timeout is not cut: each
// chunk sent moves the deadline on. The server here has a write timeout
// of 300 ms, and its client takes an 8 MB file at about 3 MB/s through a
// 64 KB receive buffer, so the server writes for over a second; the file
// arrives whole. (`bitacora serve` has 60 s, which 20 MB outlasts below
// 2.7 Mbit/s, a mobile connection's speed.)
func TestSlowDownloadIsNotCut(t *testing.T) {
	t.Parallel()
	seedtest.On(t, "sqlite", func(t *testing.T, backend storetest.Backend) {
		ts, db, srv := newSite(t, backend)
		focal := newBrowser(t, ts)
		focalOf1_2(t, db, focal, "uno@mtic.example")
		data := make([]byte, 8<<20)
		rand.Read(data)
		copy(data, "%PDF-1.7\n")
		form := url.Values{"version": {"0"}, "status": {"under_way"}, "completion": {"limited"}, "narrative": {"Con el acta."}}
		if resp, body := focal.postMultipart(evidenceReport, form, "acta.pdf", data); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload: %d %.300s", resp.StatusCode, body)
		}
		rep, err := db.Report(context.Background(), reportKey("1.2", "2019-H1"))
		if err != nil || len(rep.Files) != 1 {
			t.Fatalf("the report: %+v, %v", rep, err)
		}

		slow := httptest.NewUnstartedServer(srv.Handler())
		slow.Config.WriteTimeout = 300 * time.Millisecond
		slow.Start()
		defer slow.Close()
		dialer := &net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
			return c.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 64<<10) })
		}}
		client := &http.Client{Jar: focal.c.Jar, Transport: &http.Transport{DialContext: dialer.DialContext}}
		resp, err := client.Get(slow.URL + "/es/files/" + itoa(rep.Files[0].ID))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 || resp.ContentLength != int64(len(data)) {
			t.Fatalf("the download: %d, Content-Length %d; want 200, %d", resp.StatusCode, resp.ContentLength, len(data))
		}
		var got bytes.Buffer
		start := time.Now()
		for {
			n, err := io.CopyN(&got, resp.Body, 64<<10)
			if err != nil || n == 0 {
				if err != io.EOF {
					t.Errorf("the download stopped after %d of %d bytes, %v in: %v", got.Len(), len(data), time.Since(start).Round(time.Millisecond), err)
				}
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if !bytes.Equal(got.Bytes(), data) {
			t.Errorf("the download: %d bytes, not the %d sent", got.Len(), len(data))
		}
		if bitacora.FileSHA256(got.Bytes()) != rep.Files[0].SHA256 {
			t.Errorf("the download's digest is not the file's")
		}
	})
}
