// Package param reads what a request names — path parameters, the
// progress filter, the versions of a diff — for both faces (web and api),
// so that a malformed value is refused the same way everywhere: a request
// that cannot name anything is a 400 (EINVALID), one naming something
// unknown a 404 (ENOTFOUND) further on.
package param

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
)

// Path parameters are checked by hand-written matchers rather than regular
// expressions: they run on every page request.
var (
	// Slug: a programme slug or party id, as bitacora.Slugify makes them
	// (bitacora.ValidID): every one the site hands out is accepted back.
	Slug = Matcher(bitacora.ValidID)
	// Code: an activity code, N.M, each part 1 to 4 digits.
	Code = Matcher(func(s string) bool {
		n, m, ok := strings.Cut(s, ".")
		return ok && digits(n, 4) && digits(m, 4)
	})
	// Number: 1 to 4 digits.
	Number = Matcher(func(s string) bool { return digits(s, 4) })
	// Period accepts every period key a programme may have
	// (bitacora.ValidPeriodKey), so that every period listed can be opened.
	Period = Matcher(bitacora.ValidPeriodKey)
)

// Matcher tells a well-formed parameter.
type Matcher func(string) bool

// MatchString reports whether s is well formed.
func (m Matcher) MatchString(s string) bool { return m(s) }

func digits(s string, max int) bool {
	if len(s) == 0 || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Path returns a path parameter, or an EINVALID error when it cannot name
// anything: a malformed request is a 400, an unknown one a 404.
func Path(r *http.Request, name string, m Matcher) (string, error) {
	v := r.PathValue(name)
	if !m.MatchString(v) {
		return "", bitacora.Errorf(bitacora.EINVALID, "malformed %s %q", name, Truncate(v, 80)).WithKey("error_malformed_param", "Name", name, "Value", Truncate(v, 80))
	}
	return v, nil
}

// Int returns a numeric path parameter of 1 to 4 digits (an area, an
// objective, a version).
func Int(r *http.Request, name string) (int, error) {
	v, err := Path(r, name, Number)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(v)
}

// ID returns a path parameter that is a database id: a positive integer.
// A number too large for any id is not found (404), like any other id no
// row has: the address is well formed, there is just nothing there.
func ID(r *http.Request, name string) (int64, error) {
	v := r.PathValue(name)
	id, err := strconv.ParseInt(v, 10, 64)
	if errors.Is(err, strconv.ErrRange) && id > 0 {
		return 0, bitacora.Errorf(bitacora.ENOTFOUND, "no %s %s", name, Truncate(v, 30)).WithKey("error_404")
	}
	if err != nil || id <= 0 {
		return 0, bitacora.Errorf(bitacora.EINVALID, "malformed %s", name).WithKey("error_malformed_field", "Name", name)
	}
	return id, nil
}

// Truncate shortens what a client sent to n bytes, for an error message.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// JunkName names a field whose own name is junk, printably.
func JunkName(k string) string {
	if len(k) > 40 {
		k = k[:40]
	}
	return strconv.QuoteToASCII(k)
}

// ProgressFilter reads the progress filter from the query (?area=,
// ?party=, ?period=), for the dashboard and the API alike: a malformed
// value, or one naming no area, party or period of the programme, is a
// 400.
func ProgressFilter(r *http.Request, doc *bitacora.Document, periods []bitacora.Period) (bitacora.ProgressFilter, error) {
	var f bitacora.ProgressFilter
	q := r.URL.Query()
	for _, name := range []string{"area", "party", "period"} {
		if len(q[name]) > 1 {
			return f, bitacora.Errorf(bitacora.EINVALID, "the filter %s is given %d times", name, len(q[name])).WithKey("error_filter_repeated", "Name", name, "Count", len(q[name]))
		}
	}
	if v := q.Get("area"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || !Number.MatchString(v) || n == 0 {
			return f, bitacora.Errorf(bitacora.EINVALID, "malformed area %q", Truncate(v, 20)).WithKey("error_malformed_area", "Value", Truncate(v, 20))
		}
		f.Area = n
	}
	if v := q.Get("party"); v != "" {
		if !Slug.MatchString(v) {
			return f, bitacora.Errorf(bitacora.EINVALID, "malformed party %q", Truncate(v, 80)).WithKey("error_malformed_party", "Value", Truncate(v, 80))
		}
		f.Party = v
	}
	f.Period = q.Get("period")
	return f, f.Validate(doc, periods)
}

// Page reads ?page=, the page of a long table: 1 when absent.
func Page(r *http.Request) (int, error) {
	v := r.URL.Query().Get("page")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || !Number.MatchString(v) || n < 1 {
		return 0, bitacora.Errorf(bitacora.EINVALID, "malformed page %q", Truncate(v, 20)).WithKey("error_malformed_page", "Value", Truncate(v, 20))
	}
	return n, nil
}

// ProgressQuery is the filter's query parameters, as read and checked: the
// page cache's key.
func ProgressQuery(f bitacora.ProgressFilter) url.Values {
	q := url.Values{}
	if f.Area != 0 {
		q.Set("area", strconv.Itoa(f.Area))
	}
	if f.Party != "" {
		q.Set("party", f.Party)
	}
	if f.Period != "" {
		q.Set("period", f.Period)
	}
	return q
}

// DiffVersions reads the two versions a diff compares: ?from=1&to=2.
func DiffVersions(r *http.Request) (from, to int, err error) {
	from, err1 := strconv.Atoi(r.URL.Query().Get("from"))
	to, err2 := strconv.Atoi(r.URL.Query().Get("to"))
	if err1 != nil || err2 != nil || from < 1 || to < 1 || from > 100000 || to > 100000 {
		return 0, 0, bitacora.Errorf(bitacora.EINVALID, "give two version numbers: ?from=1&to=2").WithKey("error_diff_versions")
	}
	return from, to, nil
}
