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
	reasons := map[string][]string{}
	for k := lo + 1; k <= hi; k++ {
		ver, err := db.VersionDocument(ctx, slug, k)
		if err != nil || ver.RevisionID == 0 {
			continue
		}
		prev, err := db.VersionDocument(ctx, slug, k-1)
		if err != nil {
			return d, err
		}
		rev, err := db.Revision(ctx, slug, ver.RevisionID)
		if err != nil {
			return d, err
		}
		targets, err := bitacora.ChangeTargets(prev.Document, prev.Identities, rev.Changes)
		if err != nil {
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
