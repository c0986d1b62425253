// Command ceiling is the reference for the load benchmark: it fetches pages
// from a running Bitácora once, then serves the same bytes, with the same
// headers, from memory with a minimal handler. No server that does any work
// per request can beat it, so Bitácora's requests per second are reported as
// a ratio of its.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
)

func main() {
	from := flag.String("from", "http://127.0.0.1:8080", "the running Bitácora to copy pages from")
	addr := flag.String("addr", "127.0.0.1:0", "where to listen")
	paths := flag.String("paths", "/es/,/es/elac2020/activities/1.1", "comma-separated paths (with their query, if any) to copy")
	flag.Parse()

	type page struct {
		header http.Header
		body   []byte
	}
	pages := map[string]page{}
	// As the load tool asks: without Accept-Encoding, so that the copy is
	// the bytes and headers a load tool gets (a transparent gunzip would
	// drop Content-Length and Content-Encoding).
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	for _, p := range strings.Split(*paths, ",") {
		resp, err := client.Get(*from + p)
		if err != nil {
			log.Fatalf("ceiling: %s: %v", p, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			log.Fatalf("ceiling: %s: status %d, %v", p, resp.StatusCode, err)
		}
		// The same headers as well as the same body: the same bytes on
		// the wire, but for the date, which net/http writes anyway.
		h := resp.Header.Clone()
		h.Del("Date")
		pages[p] = page{h, body}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintln(os.Stdout, ln.Addr().String())
	log.Fatal(http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := pages[r.URL.RequestURI()]
		if !ok {
			http.NotFound(w, r)
			return
		}
		for k, v := range p.header {
			w.Header()[k] = v
		}
		w.Write(p.body)
	})))
}
