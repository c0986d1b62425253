package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/iati"
	"github.com/elac/bitacora/locale"
	"github.com/elac/bitacora/opendata"
	"github.com/elac/bitacora/param"
	"github.com/elac/bitacora/published"
)

// Open data (issue 15): each programme's datasets as files
// (/{slug}/data/{name}.csv|json|xlsx, the same in every language), the
// page that lists them (/{lang}/{slug}/data), the site's list of them
// (/{lang}/data), the data package and the DCAT-AP catalogue.

// DefaultPublisher names who publishes the data when the operator does
// not (BITACORA_PUBLISHER).
const DefaultPublisher = "Bitácora"

// reportingOrg is the IATI file's publisher.
func (s *Server) reportingOrg() iati.ReportingOrg {
	return iati.Publisher(s.iatiPublisher, s.publisher)
}

// attribution is what a reuser of a programme's data is asked to cite:
// the operator's text, or the programme, its symbol and the publisher.
func (s *Server) attribution(doc *bitacora.Document) string {
	if s.licence.Attribution != "" {
		return s.licence.Attribution
	}
	p := doc.Programme
	a := displayTitle(doc, p.Title)
	if p.Symbol != "" {
		a += " (" + p.Symbol + ")"
	}
	return a + ", " + s.publisher
}

// bundle returns a programme's open data files, built once per published
// state of the programme (published.Snapshot.Derived), so that a change
// the public sees changes them as it changes the pages.
func (s *Server) bundle(r *http.Request, snap *published.Snapshot, doc *bitacora.Document) (*opendata.Bundle, error) {
	slug := doc.Programme.Slug
	v, err := snap.Derived(slug, "opendata", func() (any, error) {
		sets, err := opendata.Build(r.Context(), snap, s.store, slug)
		if err != nil {
			return nil, err
		}
		about := opendata.About{Programme: slug, Title: displayTitle(doc, doc.Programme.Title), Publisher: s.publisher, Licence: s.licence,
			Attribution: s.attribution(doc), Source: s.baseURL + "/" + slug + "/data", Language: doc.Programme.Language}
		return opendata.NewBundle(sets, about)
	})
	if err != nil {
		return nil, err
	}
	return v.(*opendata.Bundle), nil
}

// dataFile serves one file of a programme's open data.
func (s *Server) dataFile(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		name := opendata.PackageName
		if format != "" {
			// Looked up, never used otherwise: any other name is a 404.
			name = param.Truncate(r.PathValue("name"), 80) + "." + format
		}
		snap, doc, err := s.programmeDoc(r)
		if err != nil {
			return err
		}
		b, err := s.bundle(r, snap, doc)
		if err != nil {
			return err
		}
		f := b.Files[name]
		if f == nil {
			return bitacora.Errorf(bitacora.ENOTFOUND, "no open data file %q", name).WithKey("error_no_data_file", "Name", name)
		}
		f.Serve(w, r)
		return nil
	}
}

type dataFileRow struct {
	Format, Href, Type, Size string
}

type dataColumn struct {
	Name, Type, Description string
	Required                bool
}

type dataTable struct {
	Name, ID string
	Columns  []dataColumn
}

type dataSetView struct {
	Name, Title, Description, Modified string
	Files                              []dataFileRow
	Tables                             []dataTable
}

type openDataPage struct {
	page
	Programme         string
	ProgrammeLang     string
	Licence           opendata.Licence
	Attribution       string
	Datasets          []dataSetView
	IATIHref, IATIRef string
	IATIProvisional   bool
	PackageHref       string
	CatalogueHref     string
	ProgrammeHref     string
}

// size says a file's size as people read it: bytes, kB or MB.
func size(l *locale.Localizer, n int) string {
	switch {
	case n < 1000:
		return l.N("opendata_size_bytes", n)
	case n < 1000*1000:
		return l.T("opendata_size_kb", "Size", l.Number((n+500)/1000))
	}
	mb := strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64)
	if l.Lang != "en" {
		mb = strings.Replace(mb, ".", ",", 1)
	}
	return l.T("opendata_size_mb", "Size", mb)
}

// openData is a programme's open data page: every dataset with its files,
// their sizes, its last change and columns; the licence; the IATI file;
// the data package and the catalogue.
func (s *Server) openData(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	b, err := s.bundle(r, snap, doc)
	if err != nil {
		return err
	}
	return s.servePage(w, r, snap, nil, func(r *http.Request) ([]byte, error) {
		l := s.localizer(r)
		v := viewer{l: l, snap: snap, doc: doc}
		slug := doc.Programme.Slug
		title := displayTitle(doc, doc.Programme.Title)
		org := s.reportingOrg()
		data := openDataPage{page: s.newPage(r, l.T("opendata_title")+" · "+title), Programme: title, ProgrammeLang: doc.Programme.Language,
			Licence: s.licence, Attribution: b.About.Attribution,
			IATIHref: "/api/v1/programmes/" + slug + "/iati.xml", IATIRef: org.Ref, IATIProvisional: org.Provisional,
			PackageHref: "/" + slug + "/data/" + opendata.PackageName, CatalogueHref: "/catalog.jsonld", ProgrammeHref: v.url(v.programmePath())}
		data.Description = l.T("opendata_intro")
		data.Crumbs = v.crumbs(crumb{Text: l.T("opendata_title")})
		for _, d := range b.Datasets {
			dv := dataSetView{Name: d.Name, Title: d.Title[l.Lang], Description: d.Description[l.Lang], Modified: l.Date(d.Modified.Format(time.DateOnly))}
			for _, f := range b.DatasetFiles(d) {
				format := strings.ToUpper(f.Format)
				if f.Table != nil {
					format += " · " + f.Table.Name
				}
				dv.Files = append(dv.Files, dataFileRow{Format: format, Href: "/" + slug + "/data/" + f.Name, Type: strings.Split(f.ContentType, ";")[0], Size: size(l, f.Size())})
			}
			for _, t := range d.Tables {
				dt := dataTable{Name: t.Name, ID: "columns-" + t.Name}
				for _, fd := range t.Fields {
					dt.Columns = append(dt.Columns, dataColumn{Name: fd.Name, Type: string(fd.Type), Description: fd.Description, Required: fd.Required})
				}
				dv.Tables = append(dv.Tables, dt)
			}
			data.Datasets = append(data.Datasets, dv)
		}
		return s.render("opendata", data)
	})
}

type siteDataPage struct {
	page
	Programmes    []programmeCard
	Licence       opendata.Licence
	CatalogueHref string
}

// siteData is the site's open data page, where the footer leads: each
// programme's open data, the licence and the catalogue.
func (s *Server) siteData(w http.ResponseWriter, r *http.Request) error {
	snap, err := s.content.Get(r.Context())
	if err != nil {
		return err
	}
	return s.servePage(w, r, snap, nil, func(r *http.Request) ([]byte, error) {
		l := s.localizer(r)
		data := siteDataPage{page: s.newPage(r, l.T("opendata_title")), Licence: s.licence, CatalogueHref: "/catalog.jsonld"}
		data.Description = l.T("opendata_site_intro")
		for _, p := range snap.Programmes {
			data.Programmes = append(data.Programmes, programmeCard{p, displayTitle(snap.Docs[p.Slug], p.Title)})
		}
		return s.render("opendata_site", data)
	})
}

// catalogue serves the DCAT-AP catalogue of every programme's datasets as
// JSON-LD, its context at /catalog.context.jsonld.
func (s *Server) catalogue(w http.ResponseWriter, r *http.Request) error {
	snap, err := s.content.Get(r.Context())
	if err != nil {
		return err
	}
	var bundles []*opendata.Bundle
	for _, p := range snap.Programmes {
		b, err := s.bundle(r, snap, snap.Docs[p.Slug])
		if err != nil {
			return err
		}
		bundles = append(bundles, b)
	}
	w.Header().Set("Access-Control-Allow-Origin", "*")
	return snap.Serve(w, r, "*", nil, "", "application/ld+json", func(r *http.Request) ([]byte, error) {
		return opendata.Catalogue(bundles, opendata.CatalogueInfo{BaseURL: s.baseURL, Publisher: s.publisher, Licence: s.licence})
	})
}

// catalogueContext serves the catalogue's JSON-LD context, kept in the
// repository (opendata/catalog.context.jsonld).
func (s *Server) catalogueContext(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/ld+json")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Write(opendata.Context)
	return nil
}
