package web

import (
	"context"

	"github.com/elac/bitacora/pagecache"
)

// RenderMarkdown exposes renderMarkdown to the package's external tests.
var RenderMarkdown = renderMarkdown

// CachedPages is the number of pages in the current snapshot's page
// caches: the site's and every programme's.
func CachedPages(s *Server) int {
	snap, err := s.content.Get(context.Background())
	if err != nil {
		panic(err)
	}
	return snap.CachedPages()
}

// MaxCachedQueried is the bound on cached pages with a query, per snapshot.
const MaxCachedQueried = pagecache.MaxQueried

// SniffEvidence exposes sniffEvidence to the package's external tests.
var SniffEvidence = sniffEvidence

// Published is a programme's published state in the current snapshot, to
// compare by identity: the same value until a change to that programme.
func Published(s *Server, slug string) any {
	snap, err := s.content.Get(context.Background())
	if err != nil {
		panic(err)
	}
	if pub := snap.Programme(slug); pub != nil {
		return pub
	}
	return nil
}

// CachedKeys are the keys of the responses kept in the current snapshot's
// cache of a programme, without bringing the snapshot up to date.
func CachedKeys(s *Server, slug string) []string {
	snap := s.content.Current()
	if snap == nil {
		return nil
	}
	return snap.CachedKeys(slug)
}

// CurrentPublished is Published without bringing the snapshot up to date.
func CurrentPublished(s *Server, slug string) any {
	if snap := s.content.Current(); snap != nil {
		if pub := snap.Programme(slug); pub != nil {
			return pub
		}
	}
	return nil
}
