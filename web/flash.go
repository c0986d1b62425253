package web

import (
	"compress/gzip"
	"net/http"
	"time"

	"github.com/elac/bitacora/pagecache"
)

// A change done through a form answers with a redirect to the page that
// shows its result; the flash says, once, on that page, what the change
// did ("Report submitted to the Bureau."), announced to screen readers
// (role="status"). It travels in a cookie rather than in the URL: a link
// copied from the address bar carries no "saved", and a cached public
// page never holds it (servePage renders a page that shows a flash apart,
// and keeps it nowhere).
const flashCookie = "bitacora_flash"

// flashes are the messages a flash may name: the cookie carries one of
// these names and nothing else, so that what it shows is always one of
// the site's own sentences, in the reader's language.
var flashes = map[string]bool{
	"report_saved":       true,
	"report_submitted":   true,
	"report_accepted":    true,
	"report_returned":    true,
	"contribution_saved": true,
	"deadline_saved":     true,
	"file_removed":       true,
	"file_replaced":      true,
	"file_withdrawn":     true,
	"revision_created":   true,
	"revision_changed":   true,
	"revision_approved":  true,
	"revision_proposed":  true,
	"revision_returned":  true,
	"edition_drafted":    true,
	"membership_ended":   true,
	"settings_saved":     true,
	"party_added":        true,
	"party_saved":        true,
	"party_merged":       true,
	// Indicators (web/indicator_save.go).
	"indicator_added":    true,
	"indicator_saved":    true,
	"indicator_imported": true,
	// The secretariat's desk.
	"translations_saved":          true,
	"translations_unchanged":      true,
	"translations_imported":       true,
	"translations_imported_stale": true,
	"weights_saved":               true,
	"operations_linked":           true,
	"operation_unlinked":          true,
	"cover_saved":                 true,
	// Users (web/page_admin.go).
	"user_invited":         true,
	"user_saved":           true,
	"membership_added":     true,
	"link_queued":          true,
	"link_queued_mail_off": true,
}

// flash leaves a message for the next page this browser opens (within a
// minute).
func (s *Server) flash(w http.ResponseWriter, name string) {
	if !flashes[name] {
		panic("web: unknown flash " + name)
	}
	http.SetCookie(w, s.cookie(flashCookie, name, time.Minute))
}

// takeFlash moves the request's flash, if any, from its cookie to the
// request's info, where newPage finds it, and clears the cookie: it is
// shown once. Only a page read (GET) takes it.
func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return
	}
	http.SetCookie(w, s.cookie(flashCookie, "", -1))
	if flashes[c.Value] {
		info(r.Context()).flash = c.Value
	}
}

// flashText is the request's flash, translated; "" for none.
func (s *Server) flashText(r *http.Request) string {
	name := info(r.Context()).flash
	if name == "" {
		return ""
	}
	return s.localizer(r).T("flash_" + name)
}

// servePersonal answers a page that would be cached, but carries a flash
// or is seen signed in (its header names the person): rendered for this
// request only, kept nowhere, never stored by the browser.
func (s *Server) servePersonal(w http.ResponseWriter, r *http.Request, contentType string, build func(r *http.Request) ([]byte, error)) error {
	body, err := build(r)
	if err != nil {
		return err
	}
	pagecache.New(body, contentType, gzip.BestSpeed).WritePrivate(w, r, http.StatusOK)
	return nil
}
