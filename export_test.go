package bitacora

import "context"

// WithDecisions returns a context that records every policy decision the
// services take in it, and a function that returns them so far: the
// authorization matrix (service_test.go) fails an operation that never
// decides.
func WithDecisions(ctx context.Context) (context.Context, func() []Decision) {
	d := &decisions{}
	return context.WithValue(ctx, decisionsKey{}, d), func() []Decision { return append([]Decision(nil), d.list...) }
}
