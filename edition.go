package bitacora

import (
	"context"
	"fmt"
	"strings"
)

// FromEdition drafts the revision that makes the programme what a new
// edition of its document says (under the rule of Create): activities are
// matched to the current ones by code and by text (MatchEdition), each
// difference a change whose reason names source and says how the match
// was made. An edition that matches the programme exactly makes no
// revision: the answer is nil, nil.
func (s *Revisions) FromEdition(ctx context.Context, slug, source string, edition *Document) (*Revision, error) {
	if err := decide(ctx, "Revisions.FromEdition", PrincipalFrom(ctx).CanDraftRevision(), errMayNot); err != nil {
		return nil, err
	}
	current, err := s.store.Document(ctx, slug)
	if err != nil {
		return nil, err
	}
	ids, unknown, err := s.store.ResolveParties(ctx, edition.Parties)
	if err != nil {
		return nil, err
	}
	if len(unknown) > 0 {
		var names, said []string
		for _, p := range unknown {
			names = append(names, fmt.Sprintf("%q (line %d)", p.Name, p.Source.Line))
			// In the interface's languages: the name, and its line in
			// brackets (the message says what the number is).
			said = append(said, fmt.Sprintf("“%s” (%d)", p.Name, p.Source.Line))
		}
		return nil, Errorf(EINVALID, "the edition names parties the register does not know: %s; add them to the register first", strings.Join(names, ", ")).
			WithKey("error_edition_unknown_parties", "Parties", strings.Join(said, ", "), "Count", len(unknown))
	}
	remap := func(list []string) []string {
		out := make([]string, len(list))
		for i, id := range list {
			out[i] = ids[id]
		}
		return out
	}
	for ai := range edition.Areas {
		for oi := range edition.Areas[ai].Objectives {
			for ti := range edition.Areas[ai].Objectives[oi].Activities {
				a := &edition.Areas[ai].Objectives[oi].Activities[ti]
				a.Responsible, a.CoResponsible = remap(a.Responsible), remap(a.CoResponsible)
			}
		}
	}
	if edition.Programme.Symbol != "" && edition.Programme.Symbol != current.Programme.Symbol {
		source = edition.Programme.Symbol
	}
	changes := MatchEdition(current, edition, source)
	if len(changes) == 0 {
		return nil, nil
	}
	return s.store.CreateRevision(ctx, slug, "Edition "+source, changes)
}
