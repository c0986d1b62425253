package web

import (
	"bytes"
	"errors"
	"net/http"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/iati"
)

func (s *Server) apiPeriods(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	return s.serveJSON(w, r, snap, nil, "", func(*http.Request) (any, error) {
		return map[string]any{"periods": snap.periods[doc.Programme.Slug]}, nil
	})
}

// apiSetPeriods replaces a programme's periods: {"periods": [...]}.
func (s *Server) apiSetPeriods(w http.ResponseWriter, r *http.Request) error {
	slug, err := pathValue(r, "slug", slugParam)
	if err != nil {
		return err
	}
	var in struct {
		Periods []bitacora.Period `json:"periods"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p, err := s.principal(r)
	if err != nil {
		return err
	}
	if err := s.svc.periods.Set(bitacora.WithPrincipal(r.Context(), p), slug, in.Periods); err != nil {
		return err
	}
	return s.apiPeriods(w, r)
}

// apiReports lists the accepted reports of a programme: what the public
// sees.
func (s *Server) apiReports(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	return s.serveJSON(w, r, snap, nil, "", func(*http.Request) (any, error) {
		return map[string]any{"reports": snap.accepted[doc.Programme.Slug]}, nil
	})
}

// apiReport answers the report's accepted version to the public, and its
// working version ("current") to those who may read it.
func (s *Server) apiReport(w http.ResponseWriter, r *http.Request) error {
	t, err := s.reportTarget(r)
	if err != nil {
		return err
	}
	out := map[string]any{"accepted": nil}
	snap, err := s.content.get(r.Context())
	if err != nil {
		return err
	}
	accepted := snap.accepted[t.key.Programme]
	for i := range accepted {
		if accepted[i].Activity == t.key.Activity && accepted[i].Period == t.key.Period {
			out["accepted"] = accepted[i]
		}
	}
	if t.mayRead() {
		cur, err := s.store.Report(r.Context(), t.key)
		if err != nil && bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			return err
		}
		out["current"] = cur
	} else if out["accepted"] == nil {
		return bitacora.Errorf(bitacora.ENOTFOUND, "no accepted report on %s for %s", t.key.Activity, t.key.Period).WithKey("error_no_accepted_report", "Activity", t.key.Activity, "Period", t.key.Period)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// reportResult answers a change: the report, or on a stale version a 409
// with the current one.
func (s *Server) reportResult(w http.ResponseWriter, r *http.Request, rep *bitacora.Report, err error) error {
	var c *bitacora.Conflict
	if errors.As(err, &c) {
		writeJSON(w, http.StatusConflict, map[string]any{
			"error":   map[string]string{"code": bitacora.ECONFLICT, "message": s.localizer(r).Error(err)},
			"current": c.Current,
		})
		return nil
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

// apiSaveReport: {"version": N, "status": …, "completion": …, "narrative":
// …, "links": […], "events": […], "components": […]}; version 0 creates.
func (s *Server) apiSaveReport(w http.ResponseWriter, r *http.Request) error {
	t, err := s.reportTarget(r)
	if err != nil {
		return err
	}
	var in struct {
		Version int `json:"version"`
		bitacora.ReportContent
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	rep, err := s.svc.reports.Save(t.ctx(r), t.key, in.Version, in.ReportContent)
	return s.reportResult(w, r, rep, err)
}

func (s *Server) apiSubmitReport(w http.ResponseWriter, r *http.Request) error {
	t, err := s.reportTarget(r)
	if err != nil {
		return err
	}
	var in struct {
		Version int `json:"version"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	rep, err := s.svc.reports.Submit(t.ctx(r), t.key, in.Version)
	return s.reportResult(w, r, rep, err)
}

// apiReviewReport: {"version": N, "decision": "accept"|"return", "comment": …}.
func (s *Server) apiReviewReport(w http.ResponseWriter, r *http.Request) error {
	t, err := s.reportTarget(r)
	if err != nil {
		return err
	}
	var in struct {
		Version  int    `json:"version"`
		Decision string `json:"decision"`
		Comment  string `json:"comment"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.Decision != "accept" && in.Decision != "return" {
		return &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"decision": "field_decision_invalid"}}
	}
	rep, err := s.svc.reports.Review(t.ctx(r), t.key, in.Version, in.Decision == "accept", in.Comment)
	return s.reportResult(w, r, rep, err)
}

// apiContribute: {"version": N, "party": id, "text": …} from a focal point
// of that party (the service asks Principal.ContributionParty).
func (s *Server) apiContribute(w http.ResponseWriter, r *http.Request) error {
	t, err := s.reportTarget(r)
	if err != nil {
		return err
	}
	var in struct {
		Version int    `json:"version"`
		Party   string `json:"party"`
		Text    string `json:"text"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.Party == "" {
		return &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"party": "field_required"}}
	}
	rep, err := s.svc.reports.Contribute(t.ctx(r), t.key, in.Version, in.Party, in.Text)
	return s.reportResult(w, r, rep, err)
}

// apiProgress rolls a programme's follow-up up from activities to the
// programme, with the dashboard's filters (?area=, ?party=, ?period=).
func (s *Server) apiProgress(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	f, err := dashboardFilter(r, doc, snap.periods[doc.Programme.Slug])
	if err != nil {
		return err
	}
	day := today()
	return s.serveJSON(w, r, snap, filterParams(f), day, func(*http.Request) (any, error) {
		return snap.progress(doc, f, day)
	})
}

func (s *Server) apiWeights(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	return s.serveJSON(w, r, snap, nil, "", func(*http.Request) (any, error) {
		return map[string]any{"weights": snap.weights[doc.Programme.Slug]}, nil
	})
}

// apiSetWeights replaces the weights of a programme's activities in its
// progress: {"weights": {"1.1": 2, "1.2": 0.5}}; activities not named
// weigh 1.
func (s *Server) apiSetWeights(w http.ResponseWriter, r *http.Request) error {
	slug, err := pathValue(r, "slug", slugParam)
	if err != nil {
		return err
	}
	var in struct {
		Weights map[string]float64 `json:"weights"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p, err := s.principal(r)
	if err != nil {
		return err
	}
	if err := s.svc.weights.Set(bitacora.WithPrincipal(r.Context(), p), slug, in.Weights); err != nil {
		return err
	}
	return s.apiWeights(w, r)
}

// apiIATI serves the programme as an IATI 2.03 activity file: each
// activity with its parties and its latest accepted status.
func (s *Server) apiIATI(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	return s.serveNeutral(w, r, snap, nil, today(), "application/xml; charset=utf-8", func(r *http.Request) ([]byte, error) {
		latest := map[string]bitacora.Report{}
		for _, rep := range snap.accepted[doc.Programme.Slug] {
			if prev, ok := latest[rep.Activity]; !ok || prev.Period < rep.Period {
				latest[rep.Activity] = rep
			}
		}
		var b bytes.Buffer
		err := iati.Write(&b, doc, snap.periods[doc.Programme.Slug], latest, iati.DefaultReportingOrg, time.Now())
		return b.Bytes(), err
	})
}
