package opendata

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// File is one file of a programme's open data, built once per published
// state of the programme and served from memory.
type File struct {
	Name        string // its name under /{slug}/data/: "activities.csv"
	Download    string // the name a download is saved under: "elac2020-activities.csv"
	Format      string // csv, json, xlsx
	ContentType string
	Dataset     *Dataset
	Table       *Table // a CSV's table
	Modified    time.Time
	body, gz    []byte
	etag        string
	sha256      string
}

// Media types of the formats.
var contentTypes = map[string]string{
	"csv":  "text/csv; charset=utf-8; header=present",
	"json": "application/json; charset=utf-8",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

func newFile(name, download, format string, body []byte, modified time.Time) *File {
	sum := sha256.Sum256(body)
	f := &File{Name: name, Download: download, Format: format, ContentType: contentTypes[format], Modified: modified, body: body,
		etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`, sha256: hex.EncodeToString(sum[:])}
	if format != "xlsx" { // an XLSX is a zip: compressed already
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		if b.Len() < len(body) {
			f.gz = b.Bytes()
		}
	}
	return f
}

// Size is the file's length in bytes.
func (f *File) Size() int { return len(f.body) }

// Bytes returns the file's content; the caller must not change it.
func (f *File) Bytes() []byte { return f.body }

// Serve answers a GET or HEAD of the file: its ETag and Last-Modified (a
// 304 for a client that holds it), gzip when the client takes it, a byte
// range when one is asked (of the uncompressed bytes: http.ServeContent),
// open to every origin — the data is public and no credential is ever
// asked or honoured here — and saved under its download name.
func (f *File) Serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Etag", f.etag)
	h.Set("Cache-Control", "public, no-cache")
	h.Set("Vary", "Accept-Encoding")
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Expose-Headers", "Content-Disposition, Content-Length, Etag, Last-Modified")
	if f.Download != "" {
		h.Set("Content-Disposition", `attachment; filename="`+f.Download+`"`)
	}
	body := f.body
	if f.gz != nil && r.Header.Get("Range") == "" && AcceptsGzip(r) {
		body = f.gz
		h.Set("Content-Encoding", "gzip")
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	http.ServeContent(w, r, "", f.Modified, bytes.NewReader(body))
}

// AcceptsGzip reports whether the request takes a gzip answer.
func AcceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			q := strings.ReplaceAll(params, " ", "")
			return !strings.HasPrefix(q, "q=0") || strings.HasPrefix(q, "q=0.") && strings.Trim(q[4:], "0") != ""
		}
	}
	return false
}

// Bundle is a programme's open data as files: per dataset a JSON and an
// XLSX, per table a CSV, and the data package that describes the CSVs.
type Bundle struct {
	About    About
	Datasets []*Dataset
	Files    map[string]*File // by name
	// Issued is when the programme was first published (its import).
	Issued time.Time
}

// Modified is the newest change of its datasets.
func (b *Bundle) Modified() time.Time {
	var m time.Time
	for _, d := range b.Datasets {
		if d.Modified.After(m) {
			m = d.Modified
		}
	}
	return m
}

// DatasetFiles returns a dataset's files: XLSX, JSON, then a CSV per
// table.
func (b *Bundle) DatasetFiles(d *Dataset) []*File {
	list := []*File{b.Files[d.Name+".xlsx"], b.Files[d.Name+".json"]}
	for _, t := range d.Tables {
		list = append(list, b.Files[t.Name+".csv"])
	}
	return list
}

// PackageName is the data package's file name under /{slug}/data/.
const PackageName = "datapackage.json"

// NewBundle writes the datasets in every format.
func NewBundle(sets []*Dataset, about About) (*Bundle, error) {
	b := &Bundle{About: about, Datasets: sets, Files: map[string]*File{}}
	for _, d := range sets {
		if b.Issued.IsZero() || d.Issued.Before(b.Issued) {
			b.Issued = d.Issued
		}
	}
	prefix := about.Programme + "-"
	for _, d := range sets {
		x, err := XLSX(d, about)
		if err != nil {
			return nil, err
		}
		b.Files[d.Name+".xlsx"] = newFile(d.Name+".xlsx", prefix+d.Name+".xlsx", "xlsx", x, d.Modified)
		j, err := JSON(d, about)
		if err != nil {
			return nil, err
		}
		b.Files[d.Name+".json"] = newFile(d.Name+".json", prefix+d.Name+".json", "json", j, d.Modified)
		for _, t := range d.Tables {
			c, err := CSV(t)
			if err != nil {
				return nil, err
			}
			f := newFile(t.Name+".csv", prefix+t.Name+".csv", "csv", c, d.Modified)
			f.Table = t
			b.Files[t.Name+".csv"] = f
		}
		for _, f := range b.Files {
			if f.Dataset == nil {
				f.Dataset = d
			}
		}
	}
	pkg, err := b.dataPackage()
	if err != nil {
		return nil, err
	}
	f := newFile(PackageName, "", "json", pkg, b.Modified())
	b.Files[PackageName] = f
	return b, nil
}
