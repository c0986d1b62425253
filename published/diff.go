package published

import (
	"context"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store"
)

// Diff compares two versions of a programme and attaches to each activity
// the reasons the revisions between them gave: the versions page's diff
// and the API's are this one.
func Diff(ctx context.Context, db *store.DB, slug string, from, to int) (bitacora.Diff, error) {
	a, err := db.VersionDocument(ctx, slug, from)
	if err != nil {
		return bitacora.Diff{}, err
	}
	b, err := db.VersionDocument(ctx, slug, to)
	if err != nil {
		return bitacora.Diff{}, err
	}
	d := bitacora.DiffDocuments(a.Document, b.Document, a.Identities, b.Identities)
	d.From, d.To = from, to
	lo, hi := min(from, to), max(from, to)
	prev := a // version lo
	if from > to {
		prev = b
	}
	reasons := map[string][]string{}
	for k := lo + 1; k <= hi; k++ {
		ver := b
		if k == from {
			ver = a
		} else if k != to {
			if ver, err = db.VersionDocument(ctx, slug, k); err != nil {
				return d, err
			}
		}
		before := prev
		prev = ver
		if ver.RevisionID == 0 {
			continue // a version not made by a revision: an edition imported whole
		}
		rev, err := db.Revision(ctx, slug, ver.RevisionID)
		if err != nil {
			return d, err
		}
		targets, err := bitacora.ChangeTargets(before.Document, before.Identities, rev.Changes)
		if err != nil {
			// The reasons are a gloss on the diff, which stands without
			// them: a revision whose changes no longer place on the
			// version before leaves its activities without a reason.
			continue
		}
		for i, id := range targets {
			if id != "" {
				// A new activity's identity is known once approved: find it
				// by its code in the version that added it.
				if strings.HasPrefix(id, "new:") {
					id = ver.Identities[rev.Changes[i].Code]
				}
				reasons[id] = append(reasons[id], rev.Changes[i].Reason)
			}
		}
	}
	for i := range d.Activities {
		d.Activities[i].Reasons = reasons[d.Activities[i].Identity]
	}
	return d, nil
}
