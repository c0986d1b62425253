package web

import (
	"net/http"
	"strings"

	"github.com/elac/bitacora/gate"
	"github.com/elac/bitacora/locale"
)

// route is one row of the route table. Patterns are paths whose segments
// are literals or {name} wildcards, which may end with a literal
// ({lang}.csv); a final {name...} takes the rest. The
// first row that matches wins, so literal routes ("/parties") stand before
// the wildcard ones ("/{slug}") they would otherwise collide with — which
// net/http's ServeMux refuses to register.
type route struct {
	method  string // GET also answers HEAD
	pattern string
	handler handlerFunc
	rule    gate.Rule
	// Page routes may carry a language prefix ("/en/parties"); API and
	// operational routes may not.
	localized bool
	segments  []string
	full      string // method and pattern: the request's Pattern
}

// Route describes a route of the table, for tests and documentation.
type Route struct {
	Method, Pattern string
	Localized       bool
	Rule            string
}

// router dispatches on the route table.
type router struct {
	routes []*route
	s      *Server
}

func (rt *router) add(method, pattern string, localized bool, rl gate.Rule, h handlerFunc) {
	rt.routes = append(rt.routes, &route{method: method, pattern: pattern, handler: h, localized: localized,
		rule: rl, segments: splitPath(pattern), full: method + " " + pattern})
}

func splitPath(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// match returns the route for a method and path, and its wildcard values.
// When a route has the path but not the method, it returns pathOnly.
func (rt *router) match(method, path string, localized bool) (found *route, vals []string, pathOnly *route) {
	segs := splitPath(path)
	if method == http.MethodHead {
		method = http.MethodGet
	}
	for _, r := range rt.routes {
		if localized && !r.localized {
			continue
		}
		v, ok := matchSegments(r.segments, segs)
		if !ok {
			continue
		}
		if r.method == method {
			return r, v, nil
		}
		if pathOnly == nil {
			pathOnly = r
		}
	}
	return nil, nil, pathOnly
}

// matchSegments matches a path's segments against a pattern's and returns
// the wildcards' names and values, alternating. It allocates only for a
// route that matches: most of the table is tried on every request.
func matchSegments(pattern, segs []string) ([]string, bool) {
	rest := len(pattern) > 0 && strings.HasSuffix(pattern[len(pattern)-1], "...}")
	if !rest && len(pattern) != len(segs) || rest && len(segs) < len(pattern) {
		return nil, false
	}
	wild := 0
	for i, p := range pattern {
		switch {
		case strings.HasPrefix(p, "{"):
			if segs[i] == "" {
				return nil, false
			}
			if suffix := wildSuffix(p); suffix != "" && (len(segs[i]) <= len(suffix) || !strings.HasSuffix(segs[i], suffix)) {
				return nil, false
			}
			wild++
		case p != segs[i]:
			return nil, false
		}
	}
	if wild == 0 {
		return nil, true
	}
	vals := make([]string, 0, 2*wild)
	for i, p := range pattern {
		switch {
		case strings.HasSuffix(p, "...}"):
			vals = append(vals, p[1:len(p)-4], strings.Join(segs[i:], "/"))
		case strings.HasPrefix(p, "{"):
			suffix := wildSuffix(p)
			vals = append(vals, p[1:len(p)-len(suffix)-1], segs[i][:len(segs[i])-len(suffix)])
		}
	}
	return vals, true
}

// wildSuffix is the literal end of a wildcard segment such as
// "{lang}.xliff" (".xliff"): the segment must end with it, and the
// wildcard takes what comes before.
func wildSuffix(p string) string {
	if p[len(p)-1] == '}' {
		return ""
	}
	return p[strings.IndexByte(p, '}')+1:]
}

// ServeHTTP finds the route, sets the request's language, pattern and path
// values, and calls the handler. A path that no route matches is a 404; a
// path whose routes take other methods is a 405.
func (rt *router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	lang, rest, prefixed := locale.SplitPath(path)
	if prefixed {
		path = rest
	}
	rt.s.setLanguage(r, lang)
	if isAPI(r) && publicCORS(w, r) {
		return
	}
	found, vals, pathOnly := rt.match(r.Method, path, prefixed)
	if isAPI(r) {
		if err := rt.s.limitAPI(w, r); err != nil {
			if found != nil {
				r.Pattern = found.full
			}
			rt.s.error(w, r, err)
			return
		}
	}
	switch {
	case found != nil:
		r.Pattern = found.full
		for i := 0; i+1 < len(vals); i += 2 {
			r.SetPathValue(vals[i], vals[i+1])
		}
		ok, err := rt.s.authorize(w, r, found.rule)
		if ok && found.localized && r.Method == http.MethodGet {
			rt.s.takeFlash(w, r)
			err = rt.s.takeVisitor(w, r)
			ok = err == nil
		}
		if ok {
			err = found.handler(w, r)
		}
		if err != nil {
			rt.s.error(w, r, err)
		}
	case pathOnly != nil:
		r.Pattern = pathOnly.method + " " + pathOnly.pattern
		w.Header().Set("Allow", allowed(pathOnly.method))
		rt.s.error(w, r, errMethodNotAllowed)
	default:
		r.Pattern = "unmatched"
		rt.s.error(w, r, rt.s.notFound(r))
	}
}

func allowed(method string) string {
	if method == http.MethodGet {
		return "GET, HEAD"
	}
	return method
}

// Routes returns the route table.
func (s *Server) Routes() []Route {
	list := make([]Route, len(s.router.routes))
	for i, r := range s.router.routes {
		list[i] = Route{Method: r.method, Pattern: r.pattern, Localized: r.localized, Rule: string(r.rule)}
	}
	return list
}
