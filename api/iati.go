package api

import (
	"bytes"
	"net/http"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/iati"
	"github.com/elac/bitacora/published"
)

// iati serves the programme as an IATI 2.03 activity file: each
// activity with its parties and its latest accepted status.
func (a *API) iati(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := a.document(r)
	if err != nil {
		return err
	}
	return serveNeutral(w, r, snap, nil, published.Today(), "application/xml; charset=utf-8", func(r *http.Request) ([]byte, error) {
		latest := map[string]bitacora.Report{}
		for _, st := range snap.Standings(doc.Programme.Slug) {
			if prev, ok := latest[st.Activity]; !ok || prev.Period < st.Period {
				rep := bitacora.Report{Activity: st.Activity, Period: st.Period, Version: st.Version, State: bitacora.StateAccepted}
				rep.Status, rep.Completion = st.Status, st.Completion
				latest[st.Activity] = rep
			}
		}
		var b bytes.Buffer
		err := iati.Write(&b, doc, snap.Periods[doc.Programme.Slug], latest, iati.DefaultReportingOrg, time.Now())
		return b.Bytes(), err
	})
}
