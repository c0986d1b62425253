// Package published is what the public sees: the read model the pages and
// the JSON API answer from. A Snapshot holds every published programme
// (its document, translations, periods, weights and accepted reports), the
// party register and the search index, up to one database generation, with
// the rendered responses of that generation (pagecache). A change makes a
// new snapshot that re-reads only what the change touched and shares the
// rest, rendered responses included, with the one before.
package published

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/pagecache"
	"github.com/elac/bitacora/search"
	"github.com/elac/bitacora/store"
)

// Snapshot is everything the public sees, read from the database up to
// one generation. It is immutable: a change makes a new snapshot, which
// shares with the old one every programme the change did not touch (its
// data and its rendered pages). Its maps are read, never written, by the
// faces.
type Snapshot struct {
	gen        int64
	register   int64 // the register's generation when it was read
	Programmes []bitacora.ProgrammeSummary
	progs      map[string]*Programme // by slug
	Parties    []bitacora.Party      // the register
	PartyByID  map[string]*bitacora.Party
	// Merged maps the id of each party merged into another to the
	// survivor's: its pages redirect there.
	Merged map[string]string
	Roles  map[string][]PartyRole // by party id
	// The per-programme parts by slug, as the handlers read them: the
	// same values as progs holds.
	Docs map[string]*bitacora.Document
	// Translations by programme slug, then store.TranslationKey
	Translations map[string]map[string]string
	// Stale holds, by slug then store.TranslationKey, the translations of
	// an earlier wording of their original: a revision changed it since.
	Stale map[string]map[string]bool
	// The follow-up by programme slug: the reporting periods, and the
	// latest accepted version of each activity's report for each period.
	Periods map[string][]bitacora.Period
	Weights map[string]map[string]float64 // set by the secretariat; absent = 1

	// pages are the rendered pages that are no programme's own (the site's
	// home, parties, search): any change may change them.
	pages pagecache.Cache
	// budget is what the page caches of the snapshot may still take, in
	// bytes (see pagecache.MaxBytes).
	budget *atomic.Int64
}

// Programme is what the public sees of one programme.
type Programme struct {
	gen          store.ProgrammeGenerations
	doc          *bitacora.Document
	translations map[string]string
	stale        map[string]bool
	texts        []search.Translation
	periods      []bitacora.Period
	weights      map[string]float64
	// accepted holds a standing per accepted report (see Standings),
	// sorted, numbered against places.
	accepted []standing
	places   *places
	// index is the programme's search index, built at the first search
	// after a change to its document or translations.
	index *lazyIndex
	// pages are the programme's rendered pages and API responses: a change
	// to another programme leaves them be.
	pages pagecache.Cache
	// derived holds what is made of this state as a whole (its open data
	// files): built once, kept as long as the state.
	derived *derived
}

// derived holds values made from a programme's published state, by key.
type derived struct {
	mu     sync.Mutex
	values map[string]any
}

// PartyRole is a party's role in an activity.
type PartyRole struct {
	Doc      *bitacora.Document
	Area     *bitacora.Area
	Activity *bitacora.Activity
	Role     bitacora.Role
}

// lazyIndex builds a search index once, when first asked.
type lazyIndex struct {
	once  sync.Once
	build func() *search.Index
	ix    *search.Index
}

func newLazyIndex(build func() *search.Index) *lazyIndex { return &lazyIndex{build: build} }

func (l *lazyIndex) get() *search.Index {
	l.once.Do(func() { l.ix = l.build() })
	return l.ix
}

// Content keeps the current snapshot. It learns of a change at once when
// the change is this process's own, or announced (store.DB.Changes), and
// otherwise checks the database's generation at most once per interval:
// several instances may share one database, and a change shows on every
// one within that interval.
type Content struct {
	store    *store.DB
	interval time.Duration

	mu      sync.Mutex
	current *Snapshot
	checked time.Time
	changes uint64 // store.DB.Changes when checked
	loading sync.Mutex
}

// New returns the read model of db, checking the database's generation at
// most once per interval.
func New(db *store.DB, interval time.Duration) *Content {
	return &Content{store: db, interval: interval}
}

// Current returns the snapshot as it is, without checking for changes:
// nil before the first read.
func (c *Content) Current() *Snapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.current
}

func (c *Content) fresh() (*Snapshot, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.current, c.current != nil && time.Since(c.checked) < c.interval && c.changes == c.store.Changes()
}

// Get returns the current snapshot, bringing it up to date first when the
// database may have changed.
func (c *Content) Get(ctx context.Context) (*Snapshot, error) {
	if cur, ok := c.fresh(); ok {
		return cur, nil
	}
	// One loader at a time; the others wait and take its result.
	c.loading.Lock()
	defer c.loading.Unlock()
	cur, ok := c.fresh()
	if ok {
		return cur, nil
	}
	changes := c.store.Changes() // before reading: a change after it is seen next time
	gen, err := c.store.Generation(ctx)
	if err == nil && (cur == nil || cur.gen != gen) {
		var next *Snapshot
		if next, err = update(ctx, c.store, cur); err == nil {
			cur = next
		}
	}
	if err != nil {
		if cur == nil || !store.Unavailable(err) {
			return nil, err
		}
		// The database is away: the public keeps what it was last shown,
		// and the database is asked again after the interval, not by
		// every request meanwhile. Writes fail (503) until it is back.
	}
	c.mu.Lock()
	c.current, c.checked, c.changes = cur, time.Now(), changes
	c.mu.Unlock()
	return cur, nil
}

// HotPerCache is how many of a cache's most read responses Follow builds
// again after a change made them out of date.
const HotPerCache = 16

// Follow keeps the snapshot up to date as changes happen, until ctx ends:
// it wakes when this process commits a change or another instance
// announces one (store.DB.Changed), brings the snapshot up to date, and
// hands rebuild the most read responses of every cache the change
// replaced (the site's, and those of the programmes it touched), so that
// the first reader after a change finds them built. Reads do not wait for
// it: a reader that comes first brings the snapshot up to date itself.
// Changes that come while it works are taken together, next.
func (c *Content) Follow(ctx context.Context, log *slog.Logger, rebuild func(context.Context, []pagecache.Request)) {
	var last *Snapshot // the one whose caches it last saw
	for {
		changed := c.store.Changed()
		if last == nil {
			last = c.Current() // nil: nothing was read yet, nothing is worth building
		}
		if last != nil {
			next, err := c.Get(ctx)
			switch {
			case err != nil:
				if ctx.Err() == nil {
					log.Warn("following changes", "err", err)
				}
			case next != last:
				rebuild(ctx, next.Outdated(last))
				last = next
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-changed:
		}
	}
}

// Outdated returns the most read responses of prev that snap does not
// keep: those of the site's cache and of every programme's that a change
// since replaced.
func (snap *Snapshot) Outdated(prev *Snapshot) []pagecache.Request {
	if snap == prev {
		return nil
	}
	hot := prev.pages.Hot(HotPerCache)
	for slug, old := range prev.progs {
		if pub := snap.progs[slug]; pub != nil && pub != old {
			hot = append(hot, old.pages.Hot(HotPerCache)...)
		}
	}
	return hot
}

// update makes the snapshot that follows prev (nil: the first), reading
// only what changed since prev's generation: the programmes, and the parts
// of them, that writes since touched, and of their reports only those
// written since.
func update(ctx context.Context, db *store.DB, prev *Snapshot) (*Snapshot, error) {
	gens, err := db.Generations(ctx)
	if err != nil {
		return nil, err
	}
	since := int64(-1)
	if prev != nil {
		since = prev.gen
	}
	snap := &Snapshot{gen: gens.N, register: gens.Register, progs: map[string]*Programme{},
		Docs: map[string]*bitacora.Document{}, Translations: map[string]map[string]string{}, Stale: map[string]map[string]bool{},
		Periods: map[string][]bitacora.Period{}, Weights: map[string]map[string]float64{},
		pages: pagecache.NewCache()}
	snap.budget = new(atomic.Int64)
	kept := int64(0) // by the caches taken over from prev
	defer func() { snap.budget.Store(pagecache.MaxBytes - kept) }()
	registerChanged := prev == nil || gens.Register > since
	docsChanged := registerChanged || len(gens.Programmes) != len(prev.progs)
	for slug, g := range gens.Programmes {
		var old *Programme
		if prev != nil {
			old = prev.progs[slug]
		}
		changed := g.Changed(since)
		if old == nil {
			changed = store.PartDoc | store.PartTexts | store.PartPlan | store.PartReports
		}
		if changed&store.PartDoc != 0 {
			changed |= store.PartTexts // a translation is stale or not against its original
		}
		if changed&(store.PartDoc|store.PartTexts) != 0 {
			docsChanged = true
		}
		pub := old
		if changed != 0 || registerChanged {
			// The register names the parties on every page.
			if pub, err = old.update(ctx, db, slug, g, changed, since); err != nil {
				return nil, err
			}
			if !registerChanged && changed == store.PartReports && pub.sameAs(old) {
				// Drafts, submissions and returns: nothing public
				// changed, and the pages stay.
				pub = old
			}
		}
		if pub == old {
			kept += pub.pages.Bytes()
		}
		snap.progs[slug] = pub
		snap.Docs[slug], snap.Translations[slug], snap.Stale[slug] = pub.doc, pub.translations, pub.stale
		snap.Periods[slug], snap.Weights[slug] = pub.periods, pub.weights
	}
	// The list of programmes counts their areas and activities: read again
	// after a change to a document; and only those whose document is read.
	list := []bitacora.ProgrammeSummary{}
	if docsChanged {
		if list, err = db.Programmes(ctx); err != nil {
			return nil, err
		}
	} else {
		list = prev.Programmes
	}
	for _, p := range list {
		if snap.progs[p.Slug] != nil {
			snap.Programmes = append(snap.Programmes, p)
		}
	}
	if !registerChanged {
		snap.Parties, snap.PartyByID, snap.Merged = prev.Parties, prev.PartyByID, prev.Merged
	} else {
		if snap.Parties, err = db.Parties(ctx); err != nil {
			return nil, err
		}
		if snap.Merged, err = db.MergedParties(ctx); err != nil {
			return nil, err
		}
		snap.PartyByID = map[string]*bitacora.Party{}
		for i := range snap.Parties {
			snap.PartyByID[snap.Parties[i].ID] = &snap.Parties[i]
		}
	}
	if !docsChanged {
		snap.Roles = prev.Roles
		return snap, nil
	}
	snap.Roles = map[string][]PartyRole{}
	for _, p := range snap.Programmes {
		pub := snap.progs[p.Slug]
		doc := pub.doc
		for ai := range doc.Areas {
			area := &doc.Areas[ai]
			for oi := range area.Objectives {
				for ti := range area.Objectives[oi].Activities {
					act := &area.Objectives[oi].Activities[ti]
					for _, id := range act.Responsible {
						snap.Roles[id] = append(snap.Roles[id], PartyRole{doc, area, act, bitacora.RoleResponsible})
					}
					for _, id := range act.CoResponsible {
						snap.Roles[id] = append(snap.Roles[id], PartyRole{doc, area, act, bitacora.RoleCoResponsible})
					}
				}
			}
		}
	}
	return snap, nil
}

// update returns the programme's next published state: old's, with the
// parts changed since read again, and its pages to render again. old is
// nil for a programme not read before.
func (old *Programme) update(ctx context.Context, db *store.DB, slug string, g store.ProgrammeGenerations, changed store.Part, since int64) (*Programme, error) {
	pub := &Programme{gen: g, pages: pagecache.NewCache(), derived: &derived{values: map[string]any{}}}
	if old != nil {
		pub.doc, pub.translations, pub.stale, pub.texts, pub.index = old.doc, old.translations, old.stale, old.texts, old.index
		pub.periods, pub.weights, pub.accepted, pub.places = old.periods, old.weights, old.accepted, old.places
	}
	var err error
	if changed&store.PartDoc != 0 {
		if pub.doc, err = db.Document(ctx, slug); err != nil {
			return nil, err
		}
	}
	if changed&store.PartTexts != 0 {
		list, err := db.TranslationList(ctx, slug)
		if err != nil {
			return nil, err
		}
		pub.translations, pub.stale, pub.texts = map[string]string{}, map[string]bool{}, nil
		for _, t := range list {
			original, err := bitacora.TranslatableText(pub.doc, t.Subject, t.Field)
			if err != nil {
				continue // its subject is gone: a revision removed it
			}
			key := store.TranslationKey(t.Subject, t.Field, t.Lang)
			pub.translations[key] = t.Text
			if t.Stale(original) {
				pub.stale[key] = true
			}
			pub.texts = append(pub.texts, search.Translation{Programme: slug, Subject: t.Subject, Field: t.Field, Lang: t.Lang, Text: t.Text})
		}
		doc, texts := pub.doc, pub.texts
		pub.index = newLazyIndex(func() *search.Index { return search.Build([]*bitacora.Document{doc}, texts...) })
	}
	if changed&store.PartPlan != 0 {
		if pub.periods, err = db.Periods(ctx, slug); err != nil {
			return nil, err
		}
		if pub.weights, err = db.Weights(ctx, slug); err != nil {
			return nil, err
		}
	}
	switch {
	case changed&(store.PartDoc|store.PartPlan) != 0:
		// All of them: a revision may have moved or retired the
		// activities they report on, and the standings are numbered
		// against the document's activities and the plan's periods.
		pub.places = newPlaces(pub.doc, pub.periods)
		if err := pub.loadStandings(ctx, db); err != nil {
			return nil, err
		}
	case changed&store.PartReports != 0:
		if err := pub.catchUp(ctx, db, since); err != nil {
			return nil, err
		}
	}
	return pub, nil
}

// sameAs reports whether pub shows the public what old did: the only
// change since is to reports, and no accepted version changed.
func (pub *Programme) sameAs(old *Programme) bool {
	return old != nil && pub.doc == old.doc && len(pub.accepted) == len(old.accepted) &&
		(len(pub.accepted) == 0 || &pub.accepted[0] == &old.accepted[0]) &&
		pub.gen.Doc == old.gen.Doc && pub.gen.Texts == old.gen.Texts && pub.gen.Plan == old.gen.Plan
}

// cacheFor is the page cache a response belongs in: its programme's for a
// page or API response under a programme's path, the site's otherwise.
func (snap *Snapshot) cacheFor(r *http.Request) pagecache.Cache {
	if pub := snap.progs[r.PathValue("slug")]; pub != nil {
		return pub.pages
	}
	return snap.pages
}

// Serve answers with the snapshot's rendering of a response (see
// pagecache.Serve), kept in its programme's cache or the site's: lang is
// the request's language, or pagecache.Neutral for a response that is the
// same in every language.
func (snap *Snapshot) Serve(w http.ResponseWriter, r *http.Request, lang string, params url.Values, variant, contentType string, build func(r *http.Request) ([]byte, error)) error {
	return pagecache.Serve(w, r, snap.cacheFor(r), snap.budget, lang, params, variant, contentType, build)
}

// Index is the search index over every programme, its translations and
// its parties: each programme's own index, built again only after a change
// to its document or translations, searched as one.
func (snap *Snapshot) Index() search.Set {
	var set search.Set
	for _, p := range snap.Programmes {
		set = append(set, snap.progs[p.Slug].index.get())
	}
	return set
}

// Programme returns a programme's published state, nil for a programme
// not published: the same value from snapshot to snapshot until a change
// to that programme.
func (snap *Snapshot) Programme(slug string) *Programme { return snap.progs[slug] }

// Derived returns what build makes of a programme's published state (the
// open data files, built from the whole of it): built once per state, by
// one caller at a time, and kept with the state, so that the next change
// to the programme (or to the register, which names its parties) builds
// it again. An error is returned, not kept.
func (snap *Snapshot) Derived(slug, key string, build func() (any, error)) (any, error) {
	pub := snap.progs[slug]
	if pub == nil {
		return nil, bitacora.Errorf(bitacora.ENOTFOUND, "no programme %q", slug).WithKey("error_no_programme", "Programme", slug)
	}
	pub.derived.mu.Lock()
	defer pub.derived.mu.Unlock()
	if v, ok := pub.derived.values[key]; ok {
		return v, nil
	}
	v, err := build()
	if err != nil {
		return nil, err
	}
	pub.derived.values[key] = v
	return v, nil
}

// CachedPages is the number of responses kept in the snapshot's caches:
// the site's and every programme's.
func (snap *Snapshot) CachedPages() int {
	n := snap.pages.Len()
	for _, pub := range snap.progs {
		n += pub.pages.Len()
	}
	return n
}

// CachedKeys returns the keys of the responses kept in a programme's
// cache (see pagecache.Cache.Keys); nil for a programme not published.
func (snap *Snapshot) CachedKeys(slug string) []string {
	if pub := snap.progs[slug]; pub != nil {
		return pub.pages.Keys()
	}
	return nil
}

// Party returns a party of the register. For a party merged into another
// it returns a *Moved error that names the survivor.
func (snap *Snapshot) Party(id string) (*bitacora.Party, error) {
	p, ok := snap.PartyByID[id]
	if !ok {
		if to, merged := snap.Merged[id]; merged {
			return nil, &Moved{ID: id, To: to}
		}
		return nil, bitacora.Errorf(bitacora.ENOTFOUND, "no party %q", id).WithKey("error_no_party", "Party", id)
	}
	return p, nil
}

// Document returns a published programme's document.
func (snap *Snapshot) Document(slug string) (*bitacora.Document, error) {
	doc, ok := snap.Docs[slug]
	if !ok {
		return nil, bitacora.Errorf(bitacora.ENOTFOUND, "no programme %q", slug).WithKey("error_no_programme", "Programme", slug)
	}
	return doc, nil
}

// Moved is the answer about a party merged into another: its pages and its
// API address redirect to the survivor's (Survivor).
type Moved struct{ ID, To string }

func (m *Moved) Error() string { return "party " + m.ID + " was merged into " + m.To }

// Survivor returns the party err says a merged party moved to, or "".
func Survivor(err error) string {
	var m *Moved
	if errors.As(err, &m) {
		return m.To
	}
	return ""
}
