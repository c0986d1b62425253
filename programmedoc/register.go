package programmedoc

import (
	"strconv"
	"strings"

	"github.com/elac/bitacora"
)

// register is the document's register of parties: each party once, however
// many ways the document writes it. A party is found again by its acronym
// ("ISOC" is "Internet Society (ISOC)"), by its name or an alias (ignoring
// case, accents and spaces), and a chair or country group by the party it
// belongs to ("Países integrantes de la Red GEALC" and "Países que componen
// la Red GEALC" are one). Indexes into entries are stable; ids are given at
// the end, once every spelling is known.
type register struct {
	p         *parser
	entries   []*partyEntry
	byAcronym map[string]int // folded acronym → entry
	byName    map[string]int // folded name or alias → entry
	byParent  map[string]int // kind and the party referred to → chair or country group
	// orphans are the chairs and country groups written before the party
	// they refer to, by orphanKey.
	orphans map[string][]int
}

type partyEntry struct {
	party bitacora.Party
	// For a chair or a country group: the party it belongs to, as written,
	// and its index once known (-1 before).
	target, targetAcronym string
	parent                int
	// merged is the index of the entry this one turned out to be, or -1.
	merged int
	// bareOnly: so far the document has only written the bare acronym.
	bareOnly bool
	used     bool // some activity holds it, or it is the parent of one that is
}

func newRegister(p *parser) *register {
	return &register{p: p, byAcronym: map[string]int{}, byName: map[string]int{}, byParent: map[string]int{}, orphans: map[string][]int{}}
}

// canon follows merges to the entry that stands for i.
func (r *register) canon(i int) int {
	for r.entries[i].merged >= 0 {
		i = r.entries[i].merged
	}
	return i
}

func (r *register) lookup(m map[string]int, s string) int {
	if i, ok := m[fold(s)]; ok && s != "" {
		return r.canon(i)
	}
	return -1
}

// lookupRef finds the party a chair or country group refers to: by the
// acronym given with it, else by what it writes, as an acronym or a name.
func (r *register) lookupRef(acronym, text string) int {
	if acronym != "" {
		if i := r.lookup(r.byAcronym, acronym); i >= 0 {
			return i
		}
	}
	if i := r.lookup(r.byAcronym, text); i >= 0 {
		return i
	}
	return r.lookup(r.byName, text)
}

// knows reports whether a piece of a list is a party already named, for
// splitParties.
func (r *register) knows(piece string) bool {
	if r.lookup(r.byName, piece) >= 0 || r.lookup(r.byAcronym, piece) >= 0 {
		return true
	}
	ref := r.p.readPartyRef(piece)
	switch ref.kind {
	case bitacora.KindChair, bitacora.KindCountryGroup:
		return r.lookupRef(ref.targetAcronym, ref.target) >= 0
	}
	return false
}

// add registers a party as written on line ln and returns its index.
func (r *register) add(piece string, ln int) int {
	ref := r.p.readPartyRef(piece)
	switch ref.kind {
	case bitacora.KindChair, bitacora.KindCountryGroup:
		return r.addReferring(ref, ln)
	}
	byAcronym, byName := -1, r.lookup(r.byName, ref.name)
	if ref.acronym != "" {
		byAcronym = r.lookup(r.byAcronym, ref.acronym)
	}
	var i int
	switch {
	case byAcronym >= 0 && byName >= 0 && byAcronym != byName:
		i = r.merge(byAcronym, byName, ln)
	case byAcronym >= 0:
		i = byAcronym
	case byName >= 0:
		i = byName
	default:
		return r.create(ref, ln)
	}
	r.update(i, ref, ln)
	return i
}

// addReferring registers a chair or a country group: one per kind and
// party referred to, whatever the wording.
func (r *register) addReferring(ref partyRef, ln int) int {
	parent := r.lookupRef(ref.targetAcronym, ref.target)
	key := string(ref.kind) + "\x00"
	if parent >= 0 {
		key += strconv.Itoa(parent)
	} else {
		key += "?" + fold(ref.target)
	}
	if i := r.lookup(r.byName, ref.name); i >= 0 && r.entries[i].party.Kind == ref.kind {
		r.mergeCountries(i, ref, ln)
		return i
	}
	i, ok := r.byParent[key]
	if !ok && parent >= 0 {
		// One written before the party it refers to was named.
		i, ok = r.adoptOrphan(ref.kind, parent, key)
	}
	if ok {
		i = r.canon(i)
		r.addAlias(i, ref.name)
		r.mergeCountries(i, ref, ln)
		return i
	}
	i = r.create(ref, ln)
	r.entries[i].parent = parent
	r.byParent[key] = i
	if parent < 0 {
		for _, form := range []string{ref.target, ref.targetAcronym} {
			if form != "" {
				k := orphanKey(ref.kind, form)
				r.orphans[k] = append(r.orphans[k], i)
			}
		}
	}
	return i
}

// adoptOrphan finds a chair or country group of the given kind that was
// written before the party it refers to was named, and now refers to
// parent; it links it and files it under key.
func (r *register) adoptOrphan(kind bitacora.PartyKind, parent int, key string) (int, bool) {
	p := r.entries[parent].party
	for _, form := range append([]string{p.Name, p.Acronym}, p.Aliases...) {
		for _, i := range r.orphans[orphanKey(kind, form)] {
			if e := r.entries[i]; e.merged < 0 && e.parent < 0 {
				e.parent = parent
				r.byParent[key] = i
				return i, true
			}
		}
	}
	return 0, false
}

// orphanKey files a chair or country group whose party is not yet named,
// by kind and by the name it gives that party.
func orphanKey(kind bitacora.PartyKind, ref string) string {
	return string(kind) + "\x00" + fold(ref)
}

func (r *register) create(ref partyRef, ln int) int {
	i := len(r.entries)
	r.entries = append(r.entries, &partyEntry{
		party: bitacora.Party{
			Name:         ref.name,
			Acronym:      ref.acronym,
			Kind:         ref.kind,
			Countries:    ref.countries,
			CountryCodes: ref.codes,
			Source:       bitacora.Lines(ln, ln),
		},
		target:        ref.target,
		targetAcronym: ref.targetAcronym,
		parent:        -1,
		merged:        -1,
		bareOnly:      ref.bare,
	})
	r.index(r.byName, ref.name, i)
	if ref.acronym != "" {
		r.index(r.byAcronym, ref.acronym, i)
	}
	return i
}

// index maps a folded name to an entry, unless another has it already.
func (r *register) index(m map[string]int, s string, i int) {
	if f := fold(s); f != "" {
		if _, taken := m[f]; !taken {
			m[f] = i
		}
	}
}

// update records a new way of writing entry i.
func (r *register) update(i int, ref partyRef, ln int) {
	e := r.entries[i]
	p := &e.party
	if e.bareOnly && !ref.bare {
		// The acronym was used before it was defined: the party takes its
		// full name, and the bare acronym stays as an alias.
		bare := p.Name
		p.Name, p.Kind = ref.name, ref.kind
		e.bareOnly = false
		r.index(r.byName, ref.name, i)
		r.addAlias(i, bare)
	} else {
		r.addAlias(i, ref.name)
	}
	switch {
	case ref.acronym == "":
	case p.Acronym == "":
		p.Acronym = ref.acronym
		r.index(r.byAcronym, ref.acronym, i)
	case fold(p.Acronym) != fold(ref.acronym):
		r.p.warnf(ln, "%q is written with the acronym %q here and %q at line %d: read as one party",
			p.Name, ref.acronym, p.Acronym, p.Source.Line)
	}
	r.mergeCountries(i, ref, ln)
}

// addAlias keeps a written form of a party other than its name.
func (r *register) addAlias(i int, form string) {
	p := &r.entries[i].party
	form = collapseSpace(form)
	if form == "" || form == p.Name {
		return
	}
	for _, a := range p.Aliases {
		if a == form {
			return
		}
	}
	p.Aliases = append(p.Aliases, form)
	r.index(r.byName, form, i)
}

func (r *register) mergeCountries(i int, ref partyRef, ln int) {
	p := &r.entries[i].party
	switch {
	case len(ref.codes) == 0:
	case len(p.CountryCodes) == 0:
		p.Countries, p.CountryCodes = ref.countries, ref.codes
	case strings.Join(p.CountryCodes, ",") != strings.Join(ref.codes, ","):
		r.p.warnf(ln, "%q is written with the countries %s here and %s at line %d: the first are kept",
			p.Name, strings.Join(ref.countries, ", "), strings.Join(p.Countries, ", "), p.Source.Line)
	}
}

// merge makes two entries one — a name of one and the acronym of the other
// were written together — keeping the one named first.
func (r *register) merge(a, b, ln int) int {
	if b < a {
		a, b = b, a
	}
	keep, drop := r.entries[a], r.entries[b]
	r.p.warnf(ln, "%q and %q read as one party: the acronym of one was written with the name of the other",
		keep.party.Name, drop.party.Name)
	drop.merged = a
	r.addAlias(a, drop.party.Name)
	for _, alias := range drop.party.Aliases {
		r.addAlias(a, alias)
	}
	if keep.party.Acronym == "" {
		keep.party.Acronym = drop.party.Acronym
	}
	if len(keep.party.CountryCodes) == 0 {
		keep.party.Countries, keep.party.CountryCodes = drop.party.Countries, drop.party.CountryCodes
	}
	keep.bareOnly = keep.bareOnly && drop.bareOnly
	return a
}

// finish links chairs and country groups to the party they belong to,
// marks the parties the activities hold, gives them ids, and returns the
// function that maps an index to its party's id.
func (r *register) finish() func(int) string {
	for i, e := range r.entries {
		if e.merged >= 0 || (e.party.Kind != bitacora.KindChair && e.party.Kind != bitacora.KindCountryGroup) {
			continue
		}
		if e.parent < 0 {
			// Named before the party it refers to.
			e.parent = r.lookupRef(e.targetAcronym, e.target)
		}
		if e.parent >= 0 {
			e.parent = r.canon(e.parent)
		}
		if e.parent == i {
			e.parent = -1
		}
		if e.parent < 0 {
			r.p.warnf(e.party.Source.Line, "%q refers to %q, which this document does not name as a party",
				e.party.Name, e.target)
		}
	}
	for _, a := range r.p.areas {
		for _, o := range a.objectives {
			for _, act := range o.activities {
				for _, c := range []*partyCell{act.responsible, act.coResponsible} {
					if c == nil || c.nobody {
						continue
					}
					for _, i := range c.parties {
						r.markUsed(r.canon(i))
					}
				}
			}
		}
	}
	taken := map[string]string{}
	for _, e := range r.entries {
		if !e.used || e.merged >= 0 {
			continue
		}
		base := idBase(&e.party)
		id := base
		for n := 2; taken[id] != ""; n++ {
			id = base + "-" + strconv.Itoa(n)
		}
		if id != base {
			r.p.warnf(e.party.Source.Line, "party id %q is taken by %q: %q gets %q", base, taken[base], e.party.Name, id)
		}
		e.party.ID = id
		taken[id] = e.party.Name
	}
	for _, e := range r.entries {
		if e.used && e.merged < 0 && e.parent >= 0 {
			e.party.Parent = r.entries[e.parent].party.ID
		}
	}
	return func(i int) string { return r.entries[r.canon(i)].party.ID }
}

// markUsed marks a party and the parties it belongs to.
func (r *register) markUsed(i int) {
	for n := 0; i >= 0 && !r.entries[i].used && n < len(r.entries); n++ {
		r.entries[i].used = true
		i = r.entries[i].parent
	}
}

// idBase is the slug a party's id is made from: its acronym when it has
// one ("isoc", "red-gealc"), else its name. A chair or country group has
// no acronym of its own and takes its first-seen name
// ("paises-integrantes-de-la-red-gealc").
func idBase(p *bitacora.Party) string {
	s := bitacora.Slugify(p.Acronym)
	if s == "" {
		s = bitacora.Slugify(p.Name)
	}
	if s == "" {
		s = "party"
	}
	return s
}

// list returns the parties some activity holds, in order of first
// appearance, with empty lists rather than nil.
func (r *register) list() []bitacora.Party {
	out := []bitacora.Party{}
	for _, e := range r.entries {
		if !e.used || e.merged >= 0 {
			continue
		}
		p := e.party
		p.Countries = nonNil(p.Countries)
		p.CountryCodes = nonNil(p.CountryCodes)
		p.Aliases = nonNil(p.Aliases)
		out = append(out, p)
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
