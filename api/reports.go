package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/param"
	"github.com/elac/bitacora/published"
)

// reportTarget is the activity and period a report request names, with
// the caller.
type reportTarget struct {
	published.ReportPlace
	p bitacora.Principal
}

// reportTarget reads the report a request names, in the order a page
// reads it: the programme, the activity, the period, then the caller.
func (a *API) reportTarget(r *http.Request) (*reportTarget, error) {
	snap, doc, err := a.document(r)
	if err != nil {
		return nil, err
	}
	code, err := param.Path(r, "code", param.Code)
	if err != nil {
		return nil, err
	}
	period, err := param.Path(r, "period", param.Period)
	if err != nil {
		return nil, err
	}
	place, err := snap.ReportPlace(doc, code, period)
	if err != nil {
		return nil, err
	}
	p, err := a.d.Principal(r)
	if err != nil {
		return nil, err
	}
	return &reportTarget{ReportPlace: place, p: p}, nil
}

// mayRead: the report's authors, contributors, the Bureau and the
// secretariat see its working version; the public sees accepted ones.
// Reading needs no write rights: a read-scope token reads too.
func (t *reportTarget) mayRead() bool { return t.p.CanReadReport(t.Activity) }

// ctx is the request's context with its principal, for the services.
func (t *reportTarget) ctx(r *http.Request) context.Context {
	return bitacora.WithPrincipal(r.Context(), t.p)
}

// reports lists the accepted reports of a programme: what the public
// sees. The snapshot keeps where each stands; the reports themselves are
// read from the store once per snapshot.
func (a *API) reports(w http.ResponseWriter, r *http.Request) error {
	snap, doc, err := a.document(r)
	if err != nil {
		return err
	}
	return serveJSON(w, r, snap, nil, "", func(r *http.Request) (any, error) {
		list, err := a.d.Store.AcceptedReports(r.Context(), doc.Programme.Slug)
		return map[string]any{"reports": list}, err
	})
}

// report answers the report's accepted version to the public, and its
// working version ("current") to those who may read it.
func (a *API) report(w http.ResponseWriter, r *http.Request) error {
	t, err := a.reportTarget(r)
	if err != nil {
		return err
	}
	out := map[string]any{"accepted": nil}
	accepted, err := a.d.Store.AcceptedReport(r.Context(), t.Key)
	if err != nil {
		return err
	}
	if accepted != nil {
		out["accepted"] = accepted
	}
	if t.mayRead() {
		cur, err := a.d.Store.Report(r.Context(), t.Key)
		if err != nil && bitacora.ErrorCode(err) != bitacora.ENOTFOUND {
			return err
		}
		out["current"] = cur
	} else if out["accepted"] == nil {
		return bitacora.Errorf(bitacora.ENOTFOUND, "no accepted report on %s for %s", t.Key.Activity, t.Key.Period).WithKey("error_no_accepted_report", "Activity", t.Key.Activity, "Period", t.Key.Period)
	}
	WriteJSON(w, http.StatusOK, out)
	return nil
}

// reportResult answers a change: the report, or on a stale version a 409
// with the current one.
func (a *API) reportResult(w http.ResponseWriter, r *http.Request, rep *bitacora.Report, err error) error {
	var c *bitacora.Conflict
	if errors.As(err, &c) {
		WriteJSON(w, http.StatusConflict, map[string]any{
			"error":   map[string]string{"code": bitacora.ECONFLICT, "message": a.d.Localizer(r).Error(err)},
			"current": c.Current,
		})
		return nil
	}
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, rep)
	return nil
}

// saveReport: {"version": N, "status": …, "completion": …, "narrative":
// …, "links": […], "events": […], "components": […]}; version 0 creates.
func (a *API) saveReport(w http.ResponseWriter, r *http.Request) error {
	t, err := a.reportTarget(r)
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
	rep, err := a.d.Reports.Save(t.ctx(r), t.Key, in.Version, in.ReportContent)
	return a.reportResult(w, r, rep, err)
}

// submitReport: {"version": N}; the report goes to the Bureau's review.
func (a *API) submitReport(w http.ResponseWriter, r *http.Request) error {
	t, err := a.reportTarget(r)
	if err != nil {
		return err
	}
	var in struct {
		Version int `json:"version"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	rep, err := a.d.Reports.Submit(t.ctx(r), t.Key, in.Version)
	return a.reportResult(w, r, rep, err)
}

// reviewReport: {"version": N, "decision": "accept"|"return", "comment": …}.
func (a *API) reviewReport(w http.ResponseWriter, r *http.Request) error {
	t, err := a.reportTarget(r)
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
	rep, err := a.d.Reports.Review(t.ctx(r), t.Key, in.Version, in.Decision == "accept", in.Comment)
	return a.reportResult(w, r, rep, err)
}

// contribute: {"version": N, "party": id, "text": …} from a focal point
// of that party (the service asks Principal.ContributionParty).
func (a *API) contribute(w http.ResponseWriter, r *http.Request) error {
	t, err := a.reportTarget(r)
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
	rep, err := a.d.Reports.Contribute(t.ctx(r), t.Key, in.Version, in.Party, in.Text)
	return a.reportResult(w, r, rep, err)
}

// removeFile: {"version": N}; the file leaves the report's working version
// (the service asks Principal.CanReportOn).
func (a *API) removeFile(w http.ResponseWriter, r *http.Request) error {
	t, err := a.reportTarget(r)
	if err != nil {
		return err
	}
	id, err := param.ID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Version int `json:"version"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	rep, err := a.d.Reports.RemoveFile(t.ctx(r), t.Key, in.Version, id)
	return a.reportResult(w, r, rep, err)
}

// withdrawFile: {"reason": …}; the secretariat takes down a file an
// accepted version published by mistake. It answers the report as the
// public now sees it.
func (a *API) withdrawFile(w http.ResponseWriter, r *http.Request) error {
	t, err := a.reportTarget(r)
	if err != nil {
		return err
	}
	id, err := param.ID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := a.d.Reports.WithdrawFile(t.ctx(r), t.Key, id, in.Reason); err != nil {
		return err
	}
	accepted, err := a.d.Store.AcceptedReport(r.Context(), t.Key)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, map[string]any{"withdrawn": id, "accepted": accepted})
	return nil
}
