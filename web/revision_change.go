package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/param"
)

// A draft's changes: one added (from the form of its kind), one deleted.

// changeInputs are the inputs of the kinds' forms, put back when a form
// comes back with errors.
var changeInputs = []string{"activity", "objective", "area", "number", "code", "text", "components", "title", "preamble", "reason"}

// editRevision replaces a draft's changes and shows it again. The form
// comes back with what was typed and the errors on its fields when bad is
// set (errors found reading the form) or the domain refuses the draft.
func (s *Server) editRevision(w http.ResponseWriter, r *http.Request, edit func([]bitacora.Change, *bitacora.Document, *partyNames) ([]bitacora.Change, bitacora.FieldErrors)) error {
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	snap, doc, err := s.programmeDoc(r)
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
	changes, bad := edit(rev.Changes, doc, newPartyNames(snap.Parties))
	if len(bad) == 0 {
		base, _ := strconv.Atoi(r.PostForm.Get("version"))
		_, err = s.svc.revisions.Update(bitacora.WithPrincipal(r.Context(), p), doc.Programme.Slug, id, base, rev.Title, changes)
	}
	if len(bad) > 0 || err != nil {
		op := bitacora.ChangeOp(r.PostForm.Get("op"))
		status := http.StatusUnprocessableEntity
		if bitacora.ErrorCode(err) == bitacora.ECONFLICT {
			status = http.StatusConflict
		}
		return s.renderRevision(w, r, status, func(pg *revisionPage) {
			for _, k := range changeInputs {
				pg.Values[k] = r.PostForm.Get(k)
			}
			if err != nil {
				pg.fail(err)
			} else {
				pg.fail(&bitacora.InvalidFields{Fields: bad})
			}
			// Errors of the new change, the last one, go on its fields.
			last := "changes[" + strconv.Itoa(len(rev.Changes)) + "]."
			for k, m := range pg.Errors {
				if f, ok := strings.CutPrefix(k, last); ok {
					pg.Errors[changeFieldName(op, f)] = m
				}
			}
			if f := pg.Form; f != nil {
				pn := pg.names
				if f.Responsible != nil {
					f.Responsible = pn.refill(pg.L, "responsible", "revision_responsible_n", r.PostForm["responsible"], 2)
				}
				if f.CoResponsible != nil {
					f.CoResponsible = pn.refill(pg.L, "co_responsible", "revision_co_responsible_n", r.PostForm["co_responsible"], 3)
				}
			}
		})
	}
	s.flash(w, "revision_changed")
	http.Redirect(w, r, localURL(language(r), "/"+doc.Programme.Slug+"/revisions/"+strconv.FormatInt(id, 10))+"#changes", http.StatusSeeOther)
	return nil
}

func (s *Server) addChange(w http.ResponseWriter, r *http.Request) error {
	return s.editRevision(w, r, func(cs []bitacora.Change, doc *bitacora.Document, pn *partyNames) ([]bitacora.Change, bitacora.FieldErrors) {
		c, bad := changeFromForm(r.PostForm, doc, pn)
		return append(append([]bitacora.Change{}, cs...), c), bad
	})
}

func (s *Server) deleteChange(w http.ResponseWriter, r *http.Request) error {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 0 {
		return bitacora.Errorf(bitacora.EINVALID, "malformed change number").WithKey("error_malformed_change")
	}
	return s.editRevision(w, r, func(cs []bitacora.Change, _ *bitacora.Document, _ *partyNames) ([]bitacora.Change, bitacora.FieldErrors) {
		if n >= len(cs) {
			return cs, nil
		}
		return append(append([]bitacora.Change{}, cs[:n]...), cs[n+1:]...), nil
	})
}
