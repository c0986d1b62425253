package web

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/search"
	"github.com/elac/bitacora/store"
)

// snapshot is everything the public pages show, read from the database at
// one generation. It is immutable; a new generation makes a new snapshot.
type snapshot struct {
	gen        int64
	programmes []bitacora.ProgrammeSummary
	docs       map[string]*bitacora.Document
	parties    []bitacora.Party // the register
	partyByID  map[string]*bitacora.Party
	roles      map[string][]partyRole // by party id
	// translations by programme slug, then store.TranslationKey
	translations map[string]map[string]string
	// stale holds, by slug then store.TranslationKey, the translations of
	// an earlier wording of their original: a revision changed it since.
	stale map[string]map[string]bool
	index *search.Index
	pages pageCache

	// The follow-up by programme slug: the reporting periods, and the
	// latest accepted version of each activity's report for each period.
	periods  map[string][]bitacora.Period
	accepted map[string][]bitacora.Report
	weights  map[string]map[string]float64 // set by the secretariat; absent = 1
}

type partyRole struct {
	doc      *bitacora.Document
	area     *bitacora.Area
	activity *bitacora.Activity
	role     bitacora.Role
}

// content keeps the current snapshot. Several instances may share one
// database: each checks the database's generation at most once per
// interval, so a change shows everywhere within that interval.
type content struct {
	store    *store.DB
	interval time.Duration

	mu      sync.Mutex
	current *snapshot
	checked time.Time
	loading sync.Mutex
}

func (c *content) get(ctx context.Context) (*snapshot, error) {
	c.mu.Lock()
	cur, fresh := c.current, time.Since(c.checked) < c.interval
	c.mu.Unlock()
	if cur != nil && fresh {
		return cur, nil
	}
	// One loader at a time; the others wait and take its result.
	c.loading.Lock()
	defer c.loading.Unlock()
	c.mu.Lock()
	cur, fresh = c.current, time.Since(c.checked) < c.interval
	c.mu.Unlock()
	if cur != nil && fresh {
		return cur, nil
	}
	gen, err := c.store.Generation(ctx)
	if err != nil {
		return nil, err
	}
	if cur == nil || cur.gen != gen {
		if cur, err = load(ctx, c.store, gen); err != nil {
			return nil, err
		}
	}
	c.mu.Lock()
	c.current, c.checked = cur, time.Now()
	c.mu.Unlock()
	return cur, nil
}

func load(ctx context.Context, db *store.DB, gen int64) (*snapshot, error) {
	snap := &snapshot{gen: gen, docs: map[string]*bitacora.Document{}, partyByID: map[string]*bitacora.Party{},
		roles: map[string][]partyRole{}, translations: map[string]map[string]string{}, stale: map[string]map[string]bool{}, pages: newPageCache(maxCachedPages, maxCachedQueried),
		periods: map[string][]bitacora.Period{}, accepted: map[string][]bitacora.Report{},
		weights: map[string]map[string]float64{}}
	var err error
	if snap.programmes, err = db.Programmes(ctx); err != nil {
		return nil, err
	}
	var docs []*bitacora.Document
	var translations []search.Translation
	for _, p := range snap.programmes {
		doc, err := db.Document(ctx, p.Slug)
		if err != nil {
			return nil, err
		}
		snap.docs[p.Slug] = doc
		docs = append(docs, doc)
		list, err := db.TranslationList(ctx, p.Slug)
		if err != nil {
			return nil, err
		}
		snap.translations[p.Slug], snap.stale[p.Slug] = map[string]string{}, map[string]bool{}
		for _, t := range list {
			original, err := bitacora.TranslatableText(doc, t.Subject, t.Field)
			if err != nil {
				continue // its subject is gone: a revision removed it
			}
			key := store.TranslationKey(t.Subject, t.Field, t.Lang)
			snap.translations[p.Slug][key] = t.Text
			if t.Stale(original) {
				snap.stale[p.Slug][key] = true
			}
			translations = append(translations, search.Translation{Programme: p.Slug, Subject: t.Subject, Field: t.Field, Lang: t.Lang, Text: t.Text})
		}
		if snap.periods[p.Slug], err = db.Periods(ctx, p.Slug); err != nil {
			return nil, err
		}
		if snap.weights[p.Slug], err = db.Weights(ctx, p.Slug); err != nil {
			return nil, err
		}
		if snap.accepted[p.Slug], err = db.AcceptedReports(ctx, p.Slug); err != nil {
			return nil, err
		}
	}
	if snap.parties, err = db.Parties(ctx); err != nil {
		return nil, err
	}
	for i := range snap.parties {
		snap.partyByID[snap.parties[i].ID] = &snap.parties[i]
	}
	for _, doc := range docs {
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
	snap.index = search.Build(docs, translations...)
	return snap, nil
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

// pageCache holds rendered pages of one snapshot, by language, path and
// query. It is bounded twice: entries with a query (searches, dashboard
// filters) take at most maxQueried places, so that they can never crowd
// out the pages themselves, and all entries at most max. Over a bound a
// page is served without being kept: nothing is ever evicted, so a flood
// of queries cannot flush the real pages either.
type pageCache struct {
	mu         *sync.Mutex
	max        int
	maxQueried int
	queried    *int // entries with a query
	pages      map[string]*cachedPage
}

// Page cache bounds, per snapshot. The site's own pages (programme, areas,
// objectives, activities, parties, in four languages) number about 1,500.
const (
	maxCachedPages   = 4096
	maxCachedQueried = 512
)

func newPageCache(max, maxQueried int) pageCache {
	return pageCache{mu: &sync.Mutex{}, max: max, maxQueried: maxQueried, queried: new(int), pages: map[string]*cachedPage{}}
}

func (c pageCache) get(key string) *cachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pages[key]
}

// room tells whether an entry (with a query or not) would be kept.
func (c pageCache) room(queried bool) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pages) < c.max && (!queried || *c.queried < c.maxQueried)
}

// put keeps a page if there is room for it.
func (c pageCache) put(key string, queried bool, p *cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.pages[key]; ok || len(c.pages) >= c.max || queried && *c.queried >= c.maxQueried {
		return
	}
	c.pages[key] = p
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
