package api

import (
	"context"
	"net/http"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/param"
)

// revisions lists a programme's revisions, drafts and approved.
func (a *API) revisions(w http.ResponseWriter, r *http.Request) error {
	slug, err := param.Path(r, "slug", param.Slug)
	if err != nil {
		return err
	}
	list, err := a.d.Store.Revisions(r.Context(), slug)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, map[string]any{"revisions": list})
	return nil
}

// revision answers one revision with its changes.
func (a *API) revision(w http.ResponseWriter, r *http.Request) error {
	slug, err := param.Path(r, "slug", param.Slug)
	if err != nil {
		return err
	}
	id, err := param.ID(r, "id")
	if err != nil {
		return err
	}
	rev, err := a.d.Store.Revision(r.Context(), slug, id)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, rev)
	return nil
}

// createRevision: {"title": …, "changes": [...]}.
func (a *API) createRevision(w http.ResponseWriter, r *http.Request) error {
	slug, err := param.Path(r, "slug", param.Slug)
	if err != nil {
		return err
	}
	var in struct {
		Title   string            `json:"title"`
		Changes []bitacora.Change `json:"changes"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p, err := a.d.Principal(r)
	if err != nil {
		return err
	}
	rev, err := a.d.Revisions.Create(bitacora.WithPrincipal(r.Context(), p), slug, in.Title, in.Changes)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusCreated, rev)
	return nil
}

// updateRevision: {"version": N, "title": …, "changes": [...]}.
func (a *API) updateRevision(w http.ResponseWriter, r *http.Request) error {
	slug, err := param.Path(r, "slug", param.Slug)
	if err != nil {
		return err
	}
	id, err := param.ID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Version int               `json:"version"`
		Title   string            `json:"title"`
		Changes []bitacora.Change `json:"changes"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p, err := a.d.Principal(r)
	if err != nil {
		return err
	}
	rev, err := a.d.Revisions.Update(bitacora.WithPrincipal(r.Context(), p), slug, id, in.Version, in.Title, in.Changes)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, rev)
	return nil
}

// approveRevision: {"version": N, "approved_on": "YYYY-MM-DD"}.
func (a *API) approveRevision(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Version    int    `json:"version"`
		ApprovedOn string `json:"approved_on"`
	}
	return a.revisionStep(w, r, &in, func(ctx context.Context, slug string, id int64) (any, error) {
		// The service asks the separation-of-duties rule inside the approval.
		n, err := a.d.Revisions.Approve(ctx, slug, id, in.Version, in.ApprovedOn)
		return map[string]any{"version": n}, err
	})
}

// proposeRevision sends a draft to the Bureau: {"version": N}.
func (a *API) proposeRevision(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Version int `json:"version"`
	}
	return a.revisionStep(w, r, &in, func(ctx context.Context, slug string, id int64) (any, error) {
		return a.d.Revisions.Propose(ctx, slug, id, in.Version)
	})
}

// returnRevision sends a proposed revision back to draft:
// {"version": N, "comment": "…"}.
func (a *API) returnRevision(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Version int    `json:"version"`
		Comment string `json:"comment"`
	}
	return a.revisionStep(w, r, &in, func(ctx context.Context, slug string, id int64) (any, error) {
		return a.d.Revisions.Return(ctx, slug, id, in.Version, in.Comment)
	})
}

// revisionStep runs one step of the revision the path names, its body
// read into in (each step its own fields, unknown ones refused), as the
// caller's principal, and answers what the step says.
func (a *API) revisionStep(w http.ResponseWriter, r *http.Request, in any, step func(ctx context.Context, slug string, id int64) (any, error)) error {
	slug, err := param.Path(r, "slug", param.Slug)
	if err != nil {
		return err
	}
	id, err := param.ID(r, "id")
	if err != nil {
		return err
	}
	if err := decodeJSON(w, r, in); err != nil {
		return err
	}
	p, err := a.d.Principal(r)
	if err != nil {
		return err
	}
	out, err := step(bitacora.WithPrincipal(r.Context(), p), slug, id)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, out)
	return nil
}
