package api

import (
	"net/http"

	"github.com/elac/bitacora/param"
	"github.com/elac/bitacora/published"
)

// progress rolls a programme's follow-up up from activities to the
// programme, with the dashboard's filters (?area=, ?party=, ?period=).
func (a *API) progress(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := a.document(r)
	if err != nil {
		return err
	}
	f, err := param.ProgressFilter(r, doc, snap.Periods[doc.Programme.Slug])
	if err != nil {
		return err
	}
	day := published.Today()
	return serveJSON(w, r, snap, param.ProgressQuery(f), day, func(*http.Request) (any, error) {
		return snap.Progress(doc, f, day)
	})
}
