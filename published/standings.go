package published

import (
	"cmp"
	"context"
	"slices"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
)

// standing is a bitacora.Standing as a published programme keeps it: its
// activity by place in the document, its period by place in the plan, its
// status and completion by place in their lists — 12 bytes, so that a
// programme of 1,000 activities and 20 periods keeps its 20,000 in 240 KB,
// and a hundred such programmes their two million in 24 MB. A standing
// that names an activity the document lacks, a period the plan lacks or a
// status a report may not give is not kept: no page or rollup shows it (a
// change to the document or the plan reads them all again).
type standing struct {
	activity   int32
	version    int32
	period     int16
	status     uint8 // 1 + place in bitacora.Statuses
	completion uint8 // 1 + place in bitacora.Completions; 0 for none
}

func compareStandings(a, b standing) int {
	if c := cmp.Compare(a.activity, b.activity); c != 0 {
		return c
	}
	return cmp.Compare(a.period, b.period)
}

// places are what a programme's standings are numbered against.
type places struct {
	codes      []string         // activity codes in document order
	activities map[string]int32 // code → place
	periods    map[string]int16 // key → place
}

func newPlaces(doc *bitacora.Document, periods []bitacora.Period) *places {
	p := &places{activities: map[string]int32{}, periods: map[string]int16{}}
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				p.activities[act.Code] = int32(len(p.codes))
				p.codes = append(p.codes, act.Code)
			}
		}
	}
	for i, pd := range periods {
		p.periods[pd.Key] = int16(i)
	}
	return p
}

// compact returns the standings it can keep, sorted.
func (p *places) compact(list []bitacora.Standing) []standing {
	out := make([]standing, 0, len(list))
	for _, st := range list {
		a, okA := p.activities[st.Activity]
		pd, okP := p.periods[st.Period]
		s := slices.Index(bitacora.Statuses, st.Status)
		if !okA || !okP || s < 0 {
			continue
		}
		out = append(out, standing{activity: a, period: pd, version: int32(st.Version), status: uint8(s + 1),
			completion: uint8(slices.Index(bitacora.Completions, st.Completion) + 1)})
	}
	slices.SortFunc(out, compareStandings)
	return out
}

// expand returns a kept standing as the domain has it.
func (pub *Programme) expand(s standing) bitacora.Standing {
	st := bitacora.Standing{Activity: pub.places.codes[s.activity], Period: pub.periods[s.period].Key, Version: int(s.version),
		Status: bitacora.Statuses[s.status-1]}
	if s.completion > 0 {
		st.Completion = bitacora.Completions[s.completion-1]
	}
	return st
}

// loadStandings reads all the programme's standings.
func (pub *Programme) loadStandings(ctx context.Context, db *store.DB) error {
	list, err := db.AcceptedStandingsSince(ctx, pub.doc.Programme.Slug, -1)
	if err != nil {
		return err
	}
	pub.accepted = pub.places.compact(list)
	return nil
}

// catchUp brings pub.accepted (old's until now) up to date with the
// reports written since: the accepted versions that changed replace
// theirs, new ones join. The old list belongs to the snapshot before and is
// never changed: a change makes a new one. A write that left every
// accepted version as it was (a draft of an accepted report) keeps the
// list itself.
func (pub *Programme) catchUp(ctx context.Context, db *store.DB, since int64) error {
	list, err := db.AcceptedStandingsSince(ctx, pub.doc.Programme.Slug, since)
	if err != nil {
		return err
	}
	var next []standing
	added := false
	for _, s := range pub.places.compact(list) {
		i, ok := slices.BinarySearchFunc(pub.accepted, s, compareStandings)
		if ok && pub.accepted[i] == s {
			continue // the accepted version it had
		}
		if next == nil {
			next = append(make([]standing, 0, len(pub.accepted)+len(list)), pub.accepted...)
		}
		if ok {
			next[i] = s
		} else {
			next = append(next, s)
			added = true
		}
	}
	if next == nil {
		return nil
	}
	if added {
		slices.SortFunc(next, compareStandings)
	}
	pub.accepted = next
	return nil
}

// Standings returns the standings of a programme's accepted reports, one
// per activity and period reported, in the document's order then the
// periods'; nil for an unknown programme.
func (snap *Snapshot) Standings(slug string) []bitacora.Standing {
	pub := snap.progs[slug]
	if pub == nil {
		return nil
	}
	out := make([]bitacora.Standing, len(pub.accepted))
	for i, s := range pub.accepted {
		out[i] = pub.expand(s)
	}
	return out
}

// StandingsOf returns the standings of one activity, in the periods' order.
func (snap *Snapshot) StandingsOf(slug, code string) []bitacora.Standing {
	pub := snap.progs[slug]
	if pub == nil {
		return nil
	}
	a, ok := pub.places.activities[code]
	if !ok {
		return nil
	}
	i, _ := slices.BinarySearchFunc(pub.accepted, standing{activity: a, period: -1}, compareStandings)
	var out []bitacora.Standing
	for ; i < len(pub.accepted) && pub.accepted[i].activity == a; i++ {
		out = append(out, pub.expand(pub.accepted[i]))
	}
	return out
}

// Latest returns the standing of the latest period an activity reported
// on, and whether there is one.
func (snap *Snapshot) Latest(slug, code string) (bitacora.Standing, bool) {
	list := snap.StandingsOf(slug, code)
	if len(list) == 0 {
		return bitacora.Standing{}, false
	}
	return list[len(list)-1], true
}
