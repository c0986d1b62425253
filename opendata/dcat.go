package opendata

import (
	_ "embed"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Context is the catalogue's JSON-LD context, kept in the repository and
// served at ContextPath: the terms the catalogue uses, mapped to DCAT,
// Dublin Core and FOAF.
//
//go:embed catalog.context.jsonld
var Context []byte

// Catalogue paths, from the site's root.
const (
	CataloguePath = "/catalog.jsonld"
	ContextPath   = "/catalog.context.jsonld"
)

// CatalogueInfo is what the catalogue says of the site.
type CatalogueInfo struct {
	BaseURL   string
	Publisher string
	Licence   Licence
}

// fileTypes are the EU file type vocabulary's names of the formats
// (dct:format), and IANA's media types (dcat:mediaType).
var fileTypes = map[string][2]string{
	"csv":  {"CSV", "text/csv"},
	"json": {"JSON", "application/json"},
	"xlsx": {"XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	"xml":  {"XML", "application/xml"},
}

func distribution(base, page, href, format, title string, size int, modified time.Time, licence string) map[string]any {
	ft := fileTypes[format]
	d := map[string]any{
		"@id": base + href, "@type": "Distribution",
		"title":       map[string]string{"en": title},
		"accessURL":   page,
		"downloadURL": base + href,
		"mediaType":   "https://www.iana.org/assignments/media-types/" + ft[1],
		"format":      "http://publications.europa.eu/resource/authority/file-type/" + ft[0],
		"license":     licence,
	}
	if size > 0 {
		d["byteSize"] = strconv.Itoa(size)
	}
	if !modified.IsZero() {
		d["modified"] = modified.UTC().Format(time.RFC3339)
	}
	return d
}

// Catalogue describes every programme's open data as a DCAT-AP catalogue
// in JSON-LD: the catalogue, a dataset per programme's dataset, a
// distribution per file (and the IATI file with the structure), each with
// its titles and descriptions in the four languages, publisher, licence,
// dates, addresses, media type, format and size.
func Catalogue(bundles []*Bundle, info CatalogueInfo) ([]byte, error) {
	base := strings.TrimSuffix(info.BaseURL, "/")
	publisher := map[string]any{"@id": base + "/#publisher", "@type": "Agent", "name": info.Publisher, "homepage": base + "/"}
	licence := info.Licence.URL
	var datasets []any
	var modified time.Time
	var issued time.Time
	for _, b := range bundles {
		slug := b.About.Programme
		page := base + "/" + slug + "/data"
		for _, d := range b.Datasets {
			var dists []any
			for _, f := range b.DatasetFiles(d) {
				title := d.Title["en"] + " (" + strings.ToUpper(f.Format) + ")"
				if f.Table != nil {
					title = f.Table.Title + " (CSV)"
				}
				dists = append(dists, distribution(base, page, "/"+slug+"/data/"+f.Name, f.Format, title, f.Size(), f.Modified, licence))
			}
			if d.Name == Activities {
				dists = append(dists, distribution(base, page, "/api/v1/programmes/"+slug+"/iati.xml", "xml", "IATI 2.03 activity file", 0, d.Modified, licence))
			}
			ds := map[string]any{
				"@id": page + "#" + d.Name, "@type": "Dataset",
				"title":        d.Title,
				"description":  d.Description,
				"publisher":    publisher,
				"license":      licence,
				"landingPage":  page,
				"identifier":   page + "#" + d.Name,
				"keyword":      map[string][]string{"en": {b.About.Title, "open data", d.Name}},
				"distribution": dists,
			}
			if !d.Issued.IsZero() {
				ds["issued"] = d.Issued.UTC().Format(time.RFC3339)
			}
			if !d.Modified.IsZero() {
				ds["modified"] = d.Modified.UTC().Format(time.RFC3339)
				if d.Modified.After(modified) {
					modified = d.Modified
				}
			}
			if !d.Issued.IsZero() && (issued.IsZero() || d.Issued.Before(issued)) {
				issued = d.Issued
			}
			datasets = append(datasets, ds)
		}
	}
	cat := map[string]any{
		"@context": base + ContextPath,
		"@id":      base + CataloguePath, "@type": "Catalog",
		"title": map[string]string{"es": "Datos abiertos de Bitácora", "en": "Bitácora open data", "pt": "Dados abertos da Bitácora", "fr": "Données ouvertes de Bitácora"},
		"description": map[string]string{
			"es": "Los programas de cooperación regional que publica este sitio, como datos abiertos: estructura, partes, informes aceptados, indicadores, versiones y registro de cambios.",
			"en": "The regional cooperation programmes this site publishes, as open data: structure, parties, accepted reports, indicators, versions and change record.",
			"pt": "Os programas de cooperação regional que este site publica, como dados abertos: estrutura, partes, relatórios aceitos, indicadores, versões e registro de alterações.",
			"fr": "Les programmes de coopération régionale que publie ce site, en données ouvertes : structure, parties, rapports acceptés, indicateurs, versions et registre des modifications.",
		},
		"publisher": publisher,
		"license":   licence,
		"homepage":  base + "/",
		"language": []string{"http://publications.europa.eu/resource/authority/language/SPA", "http://publications.europa.eu/resource/authority/language/ENG",
			"http://publications.europa.eu/resource/authority/language/POR", "http://publications.europa.eu/resource/authority/language/FRA"},
		"dataset": datasets,
	}
	if !issued.IsZero() {
		cat["issued"] = issued.UTC().Format(time.RFC3339)
	}
	if !modified.IsZero() {
		cat["modified"] = modified.UTC().Format(time.RFC3339)
	}
	out, err := json.MarshalIndent(cat, "", "  ")
	return append(out, '\n'), err
}
