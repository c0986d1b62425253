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
		// The indicators that measure the programme, as result/indicator.
		list, err := a.d.Store.Indicators(r.Context())
		if err != nil {
			return nil, err
		}
		var series []bitacora.Series
		for _, i := range list {
			if !i.MeasuresProgramme(doc.Programme.Slug) {
				continue
			}
			s, err := a.d.Store.Series(r.Context(), i.Code)
			if err != nil {
				return nil, err
			}
			series = append(series, *s)
		}
		latest := map[string]bitacora.Report{}
		for _, st := range snap.Standings(doc.Programme.Slug) {
			if prev, ok := latest[st.Activity]; !ok || prev.Period < st.Period {
				rep := bitacora.Report{Activity: st.Activity, Period: st.Period, Version: st.Version, State: bitacora.StateAccepted}
				rep.Status, rep.Completion = st.Status, st.Completion
				latest[st.Activity] = rep
			}
		}
		var b bytes.Buffer
		err = iati.WriteResults(&b, doc, snap.Periods[doc.Programme.Slug], latest, a.d.ReportingOrg, time.Now(), series)
		return b.Bytes(), err
	})
}
