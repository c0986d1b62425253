package web

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/elac/bitacora"
)

// The API is rate limited per client, in memory, per instance: behind a
// load balancer with N instances a client may make up to N times the
// limit. Anonymous use counts by the client's address (the forwarded one
// behind a trusted proxy; an IPv6 client by its /64), use with a token by
// the token's account, which gets a higher limit. Each client has a token
// bucket that refills at the limit's rate and holds one window's worth;
// over it, a 429 with Retry-After. Every API answer says the limit and what
// is left of it (draft-ietf-httpapi-ratelimit-headers: RateLimit-Policy and
// RateLimit). Pages are not limited here.

// Rate is a limit: N requests per window; zero is no limit.
type Rate struct {
	N   int
	Per time.Duration
}

// The limits `bitacora serve` applies unless told otherwise.
var (
	DefaultAPIRate      = Rate{N: 60, Per: time.Minute}
	DefaultAPITokenRate = Rate{N: 600, Per: time.Minute}
)

// Off reports whether the rate sets no limit.
func (r Rate) Off() bool { return r.N <= 0 || r.Per <= 0 }

func (r Rate) String() string {
	if r.Off() {
		return "0"
	}
	return fmt.Sprintf("%d/%s", r.N, map[time.Duration]string{time.Second: "s", time.Minute: "min", time.Hour: "h"}[r.Per])
}

// ParseRate reads a limit written as "60/min" (units s, min, h); "0" or
// "off" is no limit.
func ParseRate(s string) (Rate, error) {
	s = strings.TrimSpace(s)
	if s == "0" || s == "off" {
		return Rate{}, nil
	}
	n, unit, ok := strings.Cut(s, "/")
	count, err := strconv.Atoi(strings.TrimSpace(n))
	per := map[string]time.Duration{"s": time.Second, "sec": time.Second, "min": time.Minute, "m": time.Minute, "h": time.Hour}[strings.TrimSpace(unit)]
	if !ok || err != nil || count < 0 || per == 0 {
		return Rate{}, fmt.Errorf("%q is not a rate: write it as 60/min (units s, min, h), or 0 for none", s)
	}
	return Rate{N: count, Per: per}, nil
}

// maxClients bounds the clients an instance remembers per limit: past it,
// the idle ones are forgotten (a forgotten client starts again with a full
// bucket, which is what it would have by now anyway), and if none is idle,
// some at random, so that a flood of new addresses cannot grow memory.
const maxClients = 50000

// limiter keeps one bucket per client for one limit.
type limiter struct {
	rate   Rate
	name   string // the policy's name in the headers
	policy []string
	mu     sync.Mutex
	seen   map[string]*bucket
	max    int
	now    func() time.Time
}

type bucket struct {
	lim  *rate.Limiter
	last time.Time
}

func newLimiter(name string, r Rate) *limiter {
	if r.Off() {
		return nil
	}
	return &limiter{rate: r, name: name, seen: map[string]*bucket{}, max: maxClients, now: time.Now,
		policy: []string{fmt.Sprintf("%q;q=%d;w=%d", name, r.N, int(r.Per.Seconds()))}}
}

// refill is how long an empty bucket takes to fill: a client idle that
// long is the same as a new one.
func (l *limiter) refill() time.Duration { return l.rate.Per }

// take spends one request of key's bucket and says whether it was allowed,
// what is left, and how long until the bucket is full again (or, refused,
// until the next request is allowed).
func (l *limiter) take(key string) (ok bool, remaining int, wait time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.seen[key]
	if b == nil {
		if len(l.seen) >= l.max {
			l.evict(now)
		}
		b = &bucket{lim: rate.NewLimiter(rate.Limit(float64(l.rate.N)/l.rate.Per.Seconds()), l.rate.N)}
		l.seen[key] = b
	}
	b.last = now
	ok = b.lim.AllowN(now, 1)
	tokens := b.lim.TokensAt(now)
	remaining = max(int(math.Floor(tokens)), 0)
	perToken := l.rate.Per / time.Duration(l.rate.N)
	if ok {
		wait = time.Duration((float64(l.rate.N) - tokens) * float64(perToken))
	} else {
		wait = time.Duration((1 - tokens) * float64(perToken))
	}
	return ok, remaining, wait
}

// evict forgets the clients idle for a whole refill, then, if that is not
// enough, some at random until a tenth of the room is free.
func (l *limiter) evict(now time.Time) {
	for k, b := range l.seen {
		if now.Sub(b.last) >= l.refill() {
			delete(l.seen, k)
		}
	}
	for k := range l.seen {
		if len(l.seen) < l.max-l.max/10 {
			break
		}
		delete(l.seen, k)
	}
}

// clients is how many clients the limiter remembers.
func (l *limiter) clients() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.seen)
}

// errRateLimited refuses a request over its limit.
var errRateLimited = bitacora.Errorf(bitacora.ERATELIMITED, "too many requests: wait and try again").WithKey("api_rate_limited")

// limitAPI counts an API request against its client's limit and sets the
// headers that say where the client stands; it returns errRateLimited
// when the client is over it.
func (s *Server) limitAPI(w http.ResponseWriter, r *http.Request) error {
	l, key := s.anonLimit, ""
	if r.Header.Get("Authorization") != "" && s.tokenLimit != nil {
		// A token that names an account counts as the account; any other
		// (an unknown or revoked token) as the address it comes from, so
		// that made-up tokens buy no extra requests.
		if p, err := s.principal(r); err == nil && p.SignedIn() {
			l, key = s.tokenLimit, "user:"+strconv.FormatInt(p.User.ID, 10)
		}
	}
	if l == nil {
		return nil
	}
	if key == "" {
		key = throttleKey(s.clientAddr(r))
	}
	ok, remaining, wait := l.take(key)
	h := w.Header()
	h["Ratelimit-Policy"] = l.policy
	secs := int(math.Ceil(wait.Seconds()))
	h.Set("RateLimit", fmt.Sprintf("%q;r=%d;t=%d", l.name, remaining, secs))
	if !ok {
		h.Set("Retry-After", strconv.Itoa(max(secs, 1)))
		return errRateLimited
	}
	return nil
}
