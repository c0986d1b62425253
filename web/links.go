package web

import (
	"fmt"
	"net/url"
	"strings"
)

// DefaultBaseURL is the site's public address when none is configured.
const DefaultBaseURL = "http://localhost:8080"

// CheckBaseURL checks a site's public address — the start of every
// absolute link the product makes (links printed by the command line,
// shown to an admin, sent by e-mail) — and returns it without a trailing
// slash. It must be an absolute http or https URL of the site's root:
// pages are served at the root of their address, and a query or fragment
// would break every link built on it.
func CheckBaseURL(s string) (string, error) {
	u, err := url.Parse(s)
	switch {
	case err != nil || u.Host == "" || u.Opaque != "":
		return "", fmt.Errorf("%q is not an absolute URL like https://bitacora.example.org", s)
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("%q: use an http:// or https:// address", s)
	case u.User != nil:
		return "", fmt.Errorf("%q: no user or password in the address", s)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.ContainsAny(s, "?#"):
		return "", fmt.Errorf("%q: no query (?…) or fragment (#…) in the address", s)
	case u.Path != "" && u.Path != "/":
		return "", fmt.Errorf("%q: give the site's root, without a path", s)
	}
	return u.Scheme + "://" + u.Host, nil
}

// PasswordLink is the one-time link with which a user sets their password.
func PasswordLink(baseURL, lang, token string) string {
	return baseURL + localURL(lang, "/password/set") + "?token=" + url.QueryEscape(token)
}
