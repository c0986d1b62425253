package web

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/search"
	"github.com/elac/bitacora/store"
)

// snapshot is everything the public pages show, read from the database up
// to one generation. It is immutable: a change makes a new snapshot, which
// shares with the old one every programme the change did not touch (its
// data and its rendered pages).
type snapshot struct {
	gen        int64
	register   int64 // the register's generation when it was read
	programmes []bitacora.ProgrammeSummary
	progs      map[string]*published // by slug
	parties    []bitacora.Party      // the register
	partyByID  map[string]*bitacora.Party
	roles      map[string][]partyRole // by party id
	// The per-programme parts by slug, as the handlers read them: the
	// same values as progs holds.
	docs map[string]*bitacora.Document
	// translations by programme slug, then store.TranslationKey
	translations map[string]map[string]string
	// stale holds, by slug then store.TranslationKey, the translations of
	// an earlier wording of their original: a revision changed it since.
	stale map[string]map[string]bool
	// The follow-up by programme slug: the reporting periods, and the
	// latest accepted version of each activity's report for each period.
	periods  map[string][]bitacora.Period
	accepted map[string][]bitacora.Report
	weights  map[string]map[string]float64 // set by the secretariat; absent = 1

	// index is the search index, built at the first search after a
	// change to what it holds (documents, translations, the register).
	index *lazyIndex
	// pages are the rendered pages that are no programme's own (the site's
	// home, parties, search): any change may change them.
	pages pageCache
	// budget is what the page caches of the snapshot may still take, in
	// bytes (see maxCachedBytes).
	budget *atomic.Int64
}

// published is what the public sees of one programme.
type published struct {
	gen          store.ProgrammeGenerations
	doc          *bitacora.Document
	translations map[string]string
	stale        map[string]bool
	texts        []search.Translation
	periods      []bitacora.Period
	weights      map[string]float64
	accepted     []bitacora.Report
	acceptedAt   map[reportAt]int // the place of each in accepted
	// pages are the programme's rendered pages and API responses: a change
	// to another programme leaves them be.
	pages pageCache
}

type partyRole struct {
	doc      *bitacora.Document
	area     *bitacora.Area
	activity *bitacora.Activity
	role     bitacora.Role
}

// lazyIndex builds the search index once, when first asked.
type lazyIndex struct {
	once  sync.Once
	docs  []*bitacora.Document
	texts []search.Translation
	ix    *search.Index
}

func (l *lazyIndex) get() *search.Index {
	l.once.Do(func() { l.ix = search.Build(l.docs, l.texts...) })
	return l.ix
}

// content keeps the current snapshot. It learns of a change at once when
// the change is this process's own, or announced (store.DB.Changes), and
// otherwise checks the database's generation at most once per interval:
// several instances may share one database, and a change shows on every
// one within that interval.
type content struct {
	store    *store.DB
	interval time.Duration

	mu      sync.Mutex
	current *snapshot
	checked time.Time
	changes uint64 // store.DB.Changes when checked
	loading sync.Mutex
}

func (c *content) fresh() (*snapshot, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.current, c.current != nil && time.Since(c.checked) < c.interval && c.changes == c.store.Changes()
}

func (c *content) get(ctx context.Context) (*snapshot, error) {
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
	if err != nil {
		return nil, err
	}
	if cur == nil || cur.gen != gen {
		if cur, err = update(ctx, c.store, cur); err != nil {
			return nil, err
		}
	}
	c.mu.Lock()
	c.current, c.checked, c.changes = cur, time.Now(), changes
	c.mu.Unlock()
	return cur, nil
}

// update makes the snapshot that follows prev (nil: the first), reading
// only what changed since prev's generation: the programmes, and the parts
// of them, that writes since touched, and of their reports only those
// written since.
func update(ctx context.Context, db *store.DB, prev *snapshot) (*snapshot, error) {
	gens, err := db.Generations(ctx)
	if err != nil {
		return nil, err
	}
	since := int64(-1)
	if prev != nil {
		since = prev.gen
	}
	snap := &snapshot{gen: gens.N, register: gens.Register, progs: map[string]*published{},
		docs: map[string]*bitacora.Document{}, translations: map[string]map[string]string{}, stale: map[string]map[string]bool{},
		periods: map[string][]bitacora.Period{}, accepted: map[string][]bitacora.Report{}, weights: map[string]map[string]float64{},
		pages: newPageCache(maxCachedPages, maxCachedQueried)}
	snap.budget = new(atomic.Int64)
	kept := int64(0) // by the caches taken over from prev
	defer func() { snap.budget.Store(maxCachedBytes - kept) }()
	registerChanged := prev == nil || gens.Register > since
	docsChanged := registerChanged || len(gens.Programmes) != len(prev.progs)
	for slug, g := range gens.Programmes {
		var old *published
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
			kept += pub.pages.bytes()
		}
		snap.progs[slug] = pub
		snap.docs[slug], snap.translations[slug], snap.stale[slug] = pub.doc, pub.translations, pub.stale
		snap.periods[slug], snap.weights[slug], snap.accepted[slug] = pub.periods, pub.weights, pub.accepted
	}
	// The list of programmes counts their areas and activities: read again
	// after a change to a document; and only those whose document is read.
	list := []bitacora.ProgrammeSummary{}
	if docsChanged {
		if list, err = db.Programmes(ctx); err != nil {
			return nil, err
		}
	} else {
		list = prev.programmes
	}
	for _, p := range list {
		if snap.progs[p.Slug] != nil {
			snap.programmes = append(snap.programmes, p)
		}
	}
	if !registerChanged {
		snap.parties, snap.partyByID = prev.parties, prev.partyByID
	} else {
		if snap.parties, err = db.Parties(ctx); err != nil {
			return nil, err
		}
		snap.partyByID = map[string]*bitacora.Party{}
		for i := range snap.parties {
			snap.partyByID[snap.parties[i].ID] = &snap.parties[i]
		}
	}
	if !docsChanged {
		snap.roles, snap.index = prev.roles, prev.index
		return snap, nil
	}
	snap.roles = map[string][]partyRole{}
	snap.index = &lazyIndex{}
	for _, p := range snap.programmes {
		pub := snap.progs[p.Slug]
		doc := pub.doc
		snap.index.docs = append(snap.index.docs, doc)
		snap.index.texts = append(snap.index.texts, pub.texts...)
		for ai := range doc.Areas {
			area := &doc.Areas[ai]
			for oi := range area.Objectives {
				for ti := range area.Objectives[oi].Activities {
					act := &area.Objectives[oi].Activities[ti]
					for _, id := range act.Responsible {
						snap.roles[id] = append(snap.roles[id], partyRole{doc, area, act, bitacora.RoleResponsible})
					}
					for _, id := range act.CoResponsible {
						snap.roles[id] = append(snap.roles[id], partyRole{doc, area, act, bitacora.RoleCoResponsible})
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
func (old *published) update(ctx context.Context, db *store.DB, slug string, g store.ProgrammeGenerations, changed store.Part, since int64) (*published, error) {
	pub := &published{gen: g, pages: newPageCache(maxCachedPages, maxCachedQueried)}
	if old != nil {
		pub.doc, pub.translations, pub.stale, pub.texts = old.doc, old.translations, old.stale, old.texts
		pub.periods, pub.weights, pub.accepted = old.periods, old.weights, old.accepted
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
	}
	if changed&store.PartPlan != 0 {
		if pub.periods, err = db.Periods(ctx, slug); err != nil {
			return nil, err
		}
		if pub.weights, err = db.Weights(ctx, slug); err != nil {
			return nil, err
		}
	}
	if changed&store.PartReports != 0 || changed&store.PartDoc != 0 {
		// After a revision, all of them: it may have moved or retired
		// the activities they report on.
		if old == nil || changed&store.PartDoc != 0 {
			if pub.accepted, err = db.AcceptedReports(ctx, slug); err != nil {
				return nil, err
			}
			sortReports(pub.doc, pub.accepted)
			pub.acceptedAt = indexReports(pub.accepted)
		} else {
			pub.acceptedAt = old.acceptedAt
			if err := pub.catchUp(ctx, db, since); err != nil {
				return nil, err
			}
		}
	}
	return pub, nil
}

// sameAs reports whether pub shows the public what old did: the only
// change since is to reports, and no accepted version changed.
func (pub *published) sameAs(old *published) bool {
	return old != nil && pub.doc == old.doc && len(pub.accepted) == len(old.accepted) &&
		(len(pub.accepted) == 0 || &pub.accepted[0] == &old.accepted[0]) &&
		pub.gen.Doc == old.gen.Doc && pub.gen.Texts == old.gen.Texts && pub.gen.Plan == old.gen.Plan
}

// reportAt is where a report stands: its activity and period.
type reportAt struct{ activity, period string }

func indexReports(reports []bitacora.Report) map[reportAt]int {
	m := make(map[reportAt]int, len(reports))
	for i, r := range reports {
		m[reportAt{r.Activity, r.Period}] = i
	}
	return m
}

// sortReports puts reports in the document's order of activities, then by
// period: the order the store gives, but also after a catch-up, so that
// every instance serves the same bytes (and ETags) whatever it read when.
func sortReports(doc *bitacora.Document, reports []bitacora.Report) {
	pos := map[string]int{}
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				pos[act.Code] = len(pos)
			}
		}
	}
	slices.SortStableFunc(reports, func(a, b bitacora.Report) int {
		if c := cmp.Compare(pos[a.Activity], pos[b.Activity]); c != 0 {
			return c
		}
		return cmp.Compare(a.Period, b.Period)
	})
}

// catchUp brings pub.accepted (old's until now) up to date with the
// reports written since: the accepted versions that changed replace
// theirs, new ones join. The old list belongs to the snapshot before and is
// never changed: a change makes a new one. A write that left every
// accepted version as it was (a draft of an accepted report) keeps the
// list itself.
func (pub *published) catchUp(ctx context.Context, db *store.DB, since int64) error {
	changed, err := db.AcceptedReportsSince(ctx, pub.doc.Programme.Slug, since)
	if err != nil {
		return err
	}
	var next []bitacora.Report
	added := false
	for _, r := range changed {
		i, ok := pub.acceptedAt[reportAt{r.Activity, r.Period}]
		if ok && pub.accepted[i].Version == r.Version {
			continue // the accepted version it had
		}
		if next == nil {
			next = append(make([]bitacora.Report, 0, len(pub.accepted)+len(changed)), pub.accepted...)
		}
		if ok {
			next[i] = r
		} else {
			next = append(next, r)
			added = true
		}
	}
	if next == nil {
		return nil
	}
	if added {
		sortReports(pub.doc, next)
		pub.acceptedAt = indexReports(next)
	}
	pub.accepted = next
	return nil
}

// cacheFor is the page cache a response belongs in: its programme's for a
// page or API response under a programme's path, the site's otherwise.
func (snap *snapshot) cacheFor(r *http.Request) pageCache {
	if pub := snap.progs[r.PathValue("slug")]; pub != nil {
		return pub.pages
	}
	return snap.pages
}

// partiesByKind groups the register in the directory's order.
func (snap *snapshot) partiesByKind() map[bitacora.PartyKind][]*bitacora.Party {
	m := map[bitacora.PartyKind][]*bitacora.Party{}
	for i := range snap.parties {
		p := &snap.parties[i]
		m[p.Kind] = append(m[p.Kind], p)
	}
	for _, list := range m {
		sort.SliceStable(list, func(i, j int) bool { return collateKey(list[i].Name) < collateKey(list[j].Name) })
	}
	return m
}

func collateKey(s string) string { return bitacora.FoldAccents(lower(s)) }

// pageCache holds rendered pages, by language, path and query: the site's
// own, or one programme's. It is bounded three times: entries with a query
// (searches, dashboard filters) take at most maxQueried places, so that
// they can never crowd out the pages themselves; all entries at most max;
// and the bytes of all the caches of a snapshot at most maxCachedBytes
// (the snapshot's budget). Over a bound a page is served without being
// kept: nothing is ever evicted, so a flood of queries cannot flush the
// real pages either.
type pageCache struct {
	mu         *sync.Mutex
	max        int
	maxQueried int
	queried    *int   // entries with a query
	size       *int64 // bytes kept
	pages      map[string]*cachedPage
}

// Page cache bounds, per cache (the site's, and each programme's). The
// pages of eLAC2020 (programme, areas, objectives, activities, parties,
// in four languages) number about 1,500; a programme of 1,000 activities
// has 4,000 activity pages. maxCachedBytes bounds all the caches of a
// snapshot together, so that memory does not grow with the number of
// programmes a crawler visits.
const (
	maxCachedPages   = 4096
	maxCachedQueried = 512
	maxCachedBytes   = 48 << 20
)

func newPageCache(max, maxQueried int) pageCache {
	return pageCache{mu: &sync.Mutex{}, max: max, maxQueried: maxQueried, queried: new(int), size: new(int64), pages: map[string]*cachedPage{}}
}

// bytes is what the cache holds.
func (c pageCache) bytes() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return *c.size
}

func (c pageCache) get(key string) *cachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pages[key]
}

// room tells whether an entry (with a query or not) would be kept, with
// budget bytes left to the snapshot's caches.
func (c pageCache) room(queried bool, budget *atomic.Int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pages) < c.max && (!queried || *c.queried < c.maxQueried) && budget.Load() > 0
}

// put keeps a page if there is room for it, and takes its bytes from the
// budget.
func (c pageCache) put(key string, queried bool, p *cachedPage, budget *atomic.Int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.pages[key]; ok || len(c.pages) >= c.max || queried && *c.queried >= c.maxQueried {
		return
	}
	n := p.size()
	if budget.Add(-n) < 0 {
		budget.Add(n)
		return
	}
	c.pages[key] = p
	*c.size += n
	if queried {
		*c.queried++
	}
}

// len is the number of pages kept.
func (c pageCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pages)
}
