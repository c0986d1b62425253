package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/param"
)

// A draft's changes: one added, one deleted.

// changeFromForm reads one change: party lists are ids separated by commas;
// an empty co-responsible field leaves it unchanged, "-" means nobody.
func changeFromForm(r *http.Request) bitacora.Change {
	f := r.PostForm
	c := bitacora.Change{Op: bitacora.ChangeOp(f.Get("op")), Activity: strings.TrimSpace(f.Get("activity")),
		Code: strings.TrimSpace(f.Get("code")), Reason: strings.TrimSpace(f.Get("reason"))}
	c.Objective, _ = strconv.Atoi(strings.TrimSpace(f.Get("objective")))
	c.Area, _ = strconv.Atoi(strings.TrimSpace(f.Get("area")))
	if t := strings.TrimSpace(f.Get("text")); t != "" {
		c.Text = &t
	}
	ids := func(s string) []string {
		var out []string
		for _, id := range strings.Split(s, ",") {
			if id = strings.TrimSpace(id); id != "" {
				out = append(out, id)
			}
		}
		return out
	}
	if resp := strings.TrimSpace(f.Get("responsible")); resp != "" {
		c.Responsible = ids(resp)
	}
	switch co := strings.TrimSpace(f.Get("co_responsible")); co {
	case "":
	case "-":
		c.CoResponsible = bitacora.PartyList()
	default:
		c.CoResponsible = bitacora.PartyList(ids(co)...)
	}
	return c
}

// editRevision replaces a draft's changes and shows it again; field errors
// name the change by its number.
func (s *Server) editRevision(w http.ResponseWriter, r *http.Request, edit func([]bitacora.Change) []bitacora.Change) error {
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	_, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	id, err := param.ID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.principal(r)
	if err != nil {
		return err
	}
	rev, err := s.store.Revision(r.Context(), doc.Programme.Slug, id)
	if err != nil {
		return err
	}
	base, _ := strconv.Atoi(r.PostForm.Get("version"))
	_, err = s.svc.revisions.Update(bitacora.WithPrincipal(r.Context(), p), doc.Programme.Slug, id, base, rev.Title, edit(rev.Changes))
	if err != nil {
		return s.renderRevision(w, r, http.StatusUnprocessableEntity, func(pg *revisionPage) {
			for _, k := range []string{"op", "activity", "objective", "area", "code", "text", "responsible", "co_responsible", "reason"} {
				pg.Values[k] = r.PostForm.Get(k)
			}
			pg.fail(err)
			// Errors of the new change, the last one, go on its fields.
			last := "changes[" + strconv.Itoa(len(rev.Changes)) + "]."
			for k, m := range pg.Errors {
				if strings.HasPrefix(k, last) {
					pg.Errors[strings.TrimPrefix(k, last)] = m
				}
			}
		})
	}
	s.flash(w, "revision_changed")
	http.Redirect(w, r, localURL(language(r), "/"+doc.Programme.Slug+"/revisions/"+strconv.FormatInt(id, 10)), http.StatusSeeOther)
	return nil
}

func (s *Server) addChange(w http.ResponseWriter, r *http.Request) error {
	return s.editRevision(w, r, func(cs []bitacora.Change) []bitacora.Change {
		return append(append([]bitacora.Change{}, cs...), changeFromForm(r))
	})
}

func (s *Server) deleteChange(w http.ResponseWriter, r *http.Request) error {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 0 {
		return bitacora.Errorf(bitacora.EINVALID, "malformed change number").WithKey("error_malformed_change")
	}
	return s.editRevision(w, r, func(cs []bitacora.Change) []bitacora.Change {
		if n >= len(cs) {
			return cs
		}
		return append(append([]bitacora.Change{}, cs[:n]...), cs[n+1:]...)
	})
}
