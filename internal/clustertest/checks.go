package clustertest

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// SessionResult is what Sessions saw.
type SessionResult struct {
	Requests int            // pages read and forms posted after signing in
	Failed   []string       // what went wrong, one line each
	ServedBy map[string]int // answers by instance, when a balancer names it
}

var versionField = regexp.MustCompile(`name="version" value="(\d+)"`)

// Sessions signs the focal point in through bases[0], then for rounds
// rounds reads pages that need the session and posts the report form
// with its anti-forgery token, each request to the next base in turn (or,
// with one base behind a round-robin balancer, to whichever instance the
// balancer picks). Every request must find the session: a page is 200
// and names the account, a post is 303.
func Sessions(ctx context.Context, bases []string, f *Fixture, rounds int) (*SessionResult, error) {
	c := NewClient(10 * time.Second)
	if err := c.SignIn(ctx, bases[0], f.Focal.Email, f.Focal.Password); err != nil {
		return nil, err
	}
	res := &SessionResult{ServedBy: map[string]int{}}
	n := 1
	next := func() string { n++; return bases[n%len(bases)] }
	note := func(r *Response) {
		res.Requests++
		if by := r.ServedBy(); by != "" {
			res.ServedBy[by]++
		}
	}
	for i := range rounds {
		r, err := c.Get(ctx, next()+"/es/account")
		if err != nil {
			return nil, err
		}
		note(r)
		if r.Status != http.StatusOK || !strings.Contains(string(r.Body), f.Focal.Email) {
			res.Failed = append(res.Failed, fmt.Sprintf("round %d: /es/account %d (by %q) without the account", i, r.Status, r.ServedBy()))
		}
		r, err = c.Get(ctx, next()+f.ReportPath())
		if err != nil {
			return nil, err
		}
		note(r)
		m := versionField.FindSubmatch(r.Body)
		if r.Status != http.StatusOK || m == nil {
			res.Failed = append(res.Failed, fmt.Sprintf("round %d: report form %d (by %q) without a version field", i, r.Status, r.ServedBy()))
			continue
		}
		r, err = c.PostMultipart(ctx, next()+f.ReportPath(), url.Values{"version": {string(m[1])},
			"status": {"under_way"}, "completion": {"limited"}, "narrative": {fmt.Sprintf("Sesión entre instancias, vuelta %d.", i)}})
		if err != nil {
			return nil, err
		}
		note(r)
		if r.Status != http.StatusSeeOther {
			res.Failed = append(res.Failed, fmt.Sprintf("round %d: form post %d (by %q)", i, r.Status, r.ServedBy()))
		}
	}
	return res, nil
}

// ConflictResult is what Conflicts saw.
type ConflictResult struct {
	Rounds, Saves      int
	Won, Conflicted    int // saves acknowledged (200, 303), refused as stale (409)
	Other              []string
	RoundsWithoutOne   int // rounds where not exactly one save won
	LostUpdates        int // acknowledged saves the store does not hold, and no later one replaced
	ReadBacks          int
	ByTarget, ByMethod map[string]int
}

// ReportVersion reads the report's working version through the API (0:
// none yet).
func ReportVersion(ctx context.Context, c *Client, base string, f *Fixture) (int, error) {
	v, _, err := current(ctx, c, base, f)
	return v, err
}

// current reads the report's working version through the API: its
// version (0: none yet) and narrative.
func current(ctx context.Context, c *Client, base string, f *Fixture) (int, string, error) {
	r, err := c.Get(ctx, base+f.ReportAPI())
	if err != nil {
		return 0, "", err
	}
	if r.Status != http.StatusOK {
		return 0, "", fmt.Errorf("GET %s%s: %d %s", base, f.ReportAPI(), r.Status, r.Body)
	}
	var out struct {
		Current *struct {
			Version   int    `json:"version"`
			Narrative string `json:"narrative"`
		} `json:"current"`
	}
	if err := json.Unmarshal(r.Body, &out); err != nil {
		return 0, "", err
	}
	if out.Current == nil {
		return 0, "", nil
	}
	return out.Current.Version, out.Current.Narrative, nil
}

// Conflicts runs rounds of concurrent saves of one report: each round
// reads the report's version, then two to four writers save it from that
// same version at once, each through a target picked at random (an
// instance directly, or the balancer) and by the API (PUT with
// {"version": N}) or the form (the version field). Exactly one must win
// (200 or 303) and the others get 409; then every target must read back
// the winner's text at the next version. A save acknowledged and not read
// back is a lost update.
func Conflicts(ctx context.Context, targets []string, f *Fixture, rounds int, seed uint64) (*ConflictResult, error) {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	api := NewClient(10 * time.Second)
	api.Token = f.Focal.Token
	form := NewClient(10 * time.Second)
	if err := form.SignIn(ctx, targets[0], f.Focal.Email, f.Focal.Password); err != nil {
		return nil, err
	}
	if _, err := form.Get(ctx, targets[0]+f.ReportPath()); err != nil { // the form's anti-forgery field
		return nil, err
	}
	res := &ConflictResult{ByTarget: map[string]int{}, ByMethod: map[string]int{}}
	for round := range rounds {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		version, _, err := current(ctx, api, targets[rng.IntN(len(targets))], f)
		if err != nil {
			return res, err
		}
		type save struct {
			target, method, text string
			delay                time.Duration
			status               int
			err                  error
		}
		saves := make([]save, 2+rng.IntN(3))
		for i := range saves {
			saves[i] = save{target: targets[rng.IntN(len(targets))], method: []string{"api", "form"}[rng.IntN(2)],
				text:  fmt.Sprintf("Vuelta %d, escritor %d: %s.", round, i, randomHex(6)),
				delay: time.Duration(rng.IntN(2000)) * time.Microsecond}
		}
		var wg sync.WaitGroup
		for i := range saves {
			wg.Add(1)
			go func(s *save) {
				defer wg.Done()
				time.Sleep(s.delay)
				var r *Response
				if s.method == "api" {
					r, s.err = api.JSON(ctx, "PUT", s.target+f.ReportAPI(), map[string]any{"version": version,
						"status": "under_way", "completion": "substantial", "narrative": s.text})
				} else {
					r, s.err = form.PostMultipart(ctx, s.target+f.ReportPath(), url.Values{"version": {strconv.Itoa(version)},
						"status": {"under_way"}, "completion": {"substantial"}, "narrative": {s.text}})
				}
				if s.err == nil {
					s.status = r.Status
				}
			}(&saves[i])
		}
		wg.Wait()
		res.Rounds++
		var won []save
		for _, s := range saves {
			res.Saves++
			res.ByTarget[s.target]++
			res.ByMethod[s.method]++
			switch {
			case s.err != nil:
				res.Other = append(res.Other, fmt.Sprintf("round %d: %s %s: %v", round, s.method, s.target, s.err))
			case s.status == http.StatusOK || s.status == http.StatusSeeOther:
				won = append(won, s)
				res.Won++
			case s.status == http.StatusConflict:
				res.Conflicted++
			default:
				res.Other = append(res.Other, fmt.Sprintf("round %d: %s %s: %d", round, s.method, s.target, s.status))
			}
		}
		if len(won) != 1 {
			res.RoundsWithoutOne++
		}
		// Every acknowledged save must be what the store holds, read
		// through every target: with two winners, one of them is lost.
		lost := map[int]bool{}
		for _, t := range targets {
			v, text, err := current(ctx, api, t, f)
			if err != nil {
				return res, err
			}
			res.ReadBacks++
			for i, w := range won {
				if v != version+1 || text != w.text {
					lost[i] = true
				}
			}
		}
		res.LostUpdates += len(lost)
	}
	return res, nil
}

// Propagation makes n public changes through writer (a translation of the
// activity's text into English, as the secretariat does through the API)
// and reads reader's public page of the activity until it shows each one:
// the time from the writer's acknowledgement to the first page that shows
// it, for each change.
func Propagation(ctx context.Context, writer, reader string, f *Fixture, n int, timeout time.Duration) ([]time.Duration, error) {
	w := NewClient(10 * time.Second)
	w.Token = f.Secretariat.Token
	rd := NewClient(10 * time.Second)
	page := reader + "/en/" + f.Slug + "/activities/" + f.Activity
	var out []time.Duration
	for i := range n {
		marker := fmt.Sprintf("propagation%d%s", i, randomHex(6))
		r, err := w.JSON(ctx, "POST", writer+"/api/v1/programmes/"+f.Slug+"/translations",
			map[string]string{"subject": "activity:" + f.Activity, "field": "text", "lang": "en", "text": "Activity text " + marker})
		if err != nil {
			return out, err
		}
		acked := time.Now()
		if r.Status/100 != 2 {
			return out, fmt.Errorf("translation through %s: %d %s", writer, r.Status, r.Body)
		}
		for {
			p, err := rd.Get(ctx, page)
			if err != nil {
				return out, err
			}
			if p.Status == http.StatusOK && strings.Contains(string(p.Body), marker) {
				out = append(out, time.Since(acked))
				break
			}
			if time.Since(acked) > timeout {
				return out, fmt.Errorf("%s did not show the change made through %s within %s", page, writer, timeout)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}
	return out, nil
}
