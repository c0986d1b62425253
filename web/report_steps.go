package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
)

// The workflow steps of a report, from its page: submit, review,
// contribute. Each step's service decides who may.

// transition runs a workflow step (submit, review, contribute) from a form
// and shows the report again. The step's service decides who may.
func (s *Server) transition(w http.ResponseWriter, r *http.Request, step func(context.Context, *reportTarget, int) (flash string, err error)) error {
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	t, err := s.reportTarget(r)
	if err != nil {
		return err
	}
	base, _ := strconv.Atoi(r.PostForm.Get("version"))
	done, err := step(t.ctx(r), t, base)
	var conflict *bitacora.Conflict
	switch {
	case errors.As(err, &conflict):
		return s.renderReport(w, r, t, http.StatusConflict, func(p *reportPage) {
			p.Alert = p.L.T("report_conflict", "Version", conflict.Current.Version)
		})
	case err != nil:
		var ife *bitacora.InvalidFields
		if errors.As(err, &ife) || bitacora.ErrorCode(err) == bitacora.ECONFLICT {
			return s.renderReport(w, r, t, http.StatusUnprocessableEntity, func(p *reportPage) {
				p.fail(err)
				p.Values["comment"] = r.PostForm.Get("comment")
				p.Values["contribution"] = r.PostForm.Get("contribution")
			})
		}
		return err
	}
	s.flash(w, done)
	http.Redirect(w, r, localURL(language(r), "/"+t.Key.Programme+"/activities/"+t.Key.Activity+"/reports/"+t.Key.Period), http.StatusSeeOther)
	return nil
}

func (s *Server) submitReport(w http.ResponseWriter, r *http.Request) error {
	return s.transition(w, r, func(ctx context.Context, t *reportTarget, base int) (string, error) {
		_, err := s.svc.reports.Submit(ctx, t.Key, base)
		return "report_submitted", err
	})
}

func (s *Server) reviewReport(w http.ResponseWriter, r *http.Request) error {
	return s.transition(w, r, func(ctx context.Context, t *reportTarget, base int) (string, error) {
		accept := r.PostForm.Get("decision") == "accept"
		_, err := s.svc.reports.Review(ctx, t.Key, base, accept, r.PostForm.Get("comment"))
		if accept {
			return "report_accepted", err
		}
		return "report_returned", err
	})
}

// contribute: the page lets the policy choose the party ("").
func (s *Server) contribute(w http.ResponseWriter, r *http.Request) error {
	return s.transition(w, r, func(ctx context.Context, t *reportTarget, base int) (string, error) {
		_, err := s.svc.reports.Contribute(ctx, t.Key, base, "", r.PostForm.Get("contribution"))
		return "contribution_saved", err
	})
}

// extendDeadline moves the report's deadline (the secretariat), or back to
// the period's with an empty day.
func (s *Server) extendDeadline(w http.ResponseWriter, r *http.Request) error {
	return s.transition(w, r, func(ctx context.Context, t *reportTarget, _ int) (string, error) {
		return "deadline_saved", s.svc.reminders.ExtendDeadline(ctx, t.Key, strings.TrimSpace(r.PostForm.Get("deadline")))
	})
}
