package opendata

import (
	"encoding/json"
	"time"
)

// Data Package v2 profiles, as the descriptors name them.
const (
	profilePackage = "https://datapackage.org/profiles/2.0/datapackage.json"
	profileSchema  = "https://datapackage.org/profiles/2.0/tableschema.json"
	profileDialect = "https://datapackage.org/profiles/2.0/tabledialect.json"
)

type pkgLicence struct {
	Name  string `json:"name"`
	Path  string `json:"path,omitempty"`
	Title string `json:"title,omitempty"`
}

type pkgField struct {
	Name        string         `json:"name"`
	Type        Type           `json:"type"`
	Format      string         `json:"format,omitempty"`
	Description string         `json:"description,omitempty"`
	Constraints map[string]any `json:"constraints,omitempty"`
}

type pkgSchema struct {
	Profile       string     `json:"$schema"`
	Fields        []pkgField `json:"fields"`
	PrimaryKey    []string   `json:"primaryKey,omitempty"`
	MissingValues []string   `json:"missingValues"`
}

type pkgResource struct {
	Name        string       `json:"name"`
	Type        string       `json:"type"`
	Path        string       `json:"path"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Format      string       `json:"format"`
	Mediatype   string       `json:"mediatype"`
	Encoding    string       `json:"encoding"`
	Bytes       int          `json:"bytes"`
	Hash        string       `json:"hash"`
	Licenses    []pkgLicence `json:"licenses"`
	Dialect     any          `json:"dialect"`
	Schema      pkgSchema    `json:"schema"`
}

// Descriptor is the data package as the tests read it back.
type Descriptor struct {
	Resources []struct {
		Name   string `json:"name"`
		Path   string `json:"path"`
		Schema struct {
			Fields []struct {
				Name        string `json:"name"`
				Type        Type   `json:"type"`
				Constraints struct {
					Required bool `json:"required"`
					Unique   bool `json:"unique"`
				} `json:"constraints"`
			} `json:"fields"`
			PrimaryKey    []string `json:"primaryKey"`
			MissingValues []string `json:"missingValues"`
		} `json:"schema"`
	} `json:"resources"`
}

// dataPackage describes every CSV of the bundle as a Frictionless Data
// Package (v2): a resource per CSV, with its Table Schema (field names,
// types, formats, constraints, primary key), its dialect, size and hash;
// the licence and the sources. Paths are relative to the package's own
// address (/{slug}/data/datapackage.json), where the CSVs are.
func (b *Bundle) dataPackage() ([]byte, error) {
	lic := []pkgLicence{{Name: b.About.Licence.ID, Path: b.About.Licence.URL, Title: b.About.Licence.Title}}
	var resources []pkgResource
	for _, d := range b.Datasets {
		for _, t := range d.Tables {
			f := b.Files[t.Name+".csv"]
			s := pkgSchema{Profile: profileSchema, PrimaryKey: t.PrimaryKey, MissingValues: []string{""}}
			for _, fd := range t.Fields {
				pf := pkgField{Name: fd.Name, Type: fd.Type, Description: fd.Description}
				if fd.Type == DateT {
					pf.Format = "default" // YYYY-MM-DD
				}
				if fd.Required || fd.Unique {
					pf.Constraints = map[string]any{}
					if fd.Required {
						pf.Constraints["required"] = true
					}
					if fd.Unique {
						pf.Constraints["unique"] = true
					}
				}
				s.Fields = append(s.Fields, pf)
			}
			resources = append(resources, pkgResource{Name: t.Name, Type: "table", Path: f.Name, Title: t.Title, Description: t.Description,
				Format: "csv", Mediatype: "text/csv", Encoding: "utf-8", Bytes: f.Size(), Hash: "sha256:" + f.sha256, Licenses: lic,
				Dialect: map[string]any{"$schema": profileDialect, "header": true, "delimiter": ",", "lineTerminator": "\n", "quoteChar": "\""},
				Schema:  s})
		}
	}
	pkg := map[string]any{
		"$schema":      profilePackage,
		"name":         b.About.Programme,
		"title":        b.About.Title,
		"description":  "Open data of the programme " + b.About.Title + ": its structure and parties, accepted progress reports, indicators, versions and the public change record. Attribution: " + b.About.Attribution,
		"homepage":     b.About.Source,
		"created":      b.Modified().UTC().Format(time.RFC3339),
		"licenses":     lic,
		"sources":      []map[string]string{{"title": b.About.Title, "path": b.About.Source}},
		"contributors": []map[string]any{{"title": b.About.Publisher, "roles": []string{"publisher"}}},
		"resources":    resources,
	}
	out, err := json.MarshalIndent(pkg, "", "  ")
	return append(out, '\n'), err
}
