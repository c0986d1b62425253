// Package seed holds the programmes Bitácora ships with, and loads them into
// an empty database through the same parser and import as any document.
package seed

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/programmedoc"
	"github.com/elac/bitacora/store"
)

// ELAC2020 is the eLAC2020 programme of regional cooperation activities,
// ECLAC document LC/TS.2018/60 (24 August 2018), as text extracted from the
// published PDF.
//
//go:embed elac2020.txt
var ELAC2020 []byte

// ELAC2020Slug is the slug eLAC2020 is served under.
const ELAC2020Slug = "elac2020"

// LoadIfEmpty imports eLAC2020 when the database holds no programme. It
// reports whether it imported. Several instances may start at once: the one
// that loses the race finds the programme there and does nothing.
func LoadIfEmpty(ctx context.Context, db *store.DB) (bool, error) {
	n, err := db.CountProgrammes(ctx)
	if err != nil || n > 0 {
		return false, err
	}
	doc, err := programmedoc.Parse(ELAC2020, programmedoc.Options{Slug: ELAC2020Slug, SourceName: "LC/TS.2018/60"})
	if err != nil {
		return false, fmt.Errorf("seed: eLAC2020: %w", err)
	}
	err = db.ImportProgramme(ctx, doc, string(ELAC2020))
	if bitacora.ErrorCode(err) == bitacora.ECONFLICT {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("seed: eLAC2020: %w", err)
	}
	return true, nil
}
