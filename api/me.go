package api

import (
	"net/http"
)

// me tells a token's owner who they are and what they may do.
func (a *API) me(w http.ResponseWriter, r *http.Request) error {
	p, err := a.d.Principal(r)
	if err != nil {
		return err
	}
	WriteJSON(w, http.StatusOK, map[string]any{"user": p.User, "scope": p.Scope, "focal_point_of": p.Parties()})
	return nil
}
