package bitacora

import (
	"context"
	"strconv"
)

// Actor is who makes a change: a signed-in user, a command-line operator,
// or the system itself. Every write records its actor in the audit log.
type Actor struct {
	UserID int64  // 0 when not a user
	Name   string // the user's e-mail, or "system", or "cli"
}

// String is how the change record names the actor: a user by id only, so
// that no address is written into a record that can never be erased.
func (a Actor) String() string {
	if a.UserID == 0 {
		return a.Name
	}
	return "user:" + strconv.FormatInt(a.UserID, 10)
}

type actorKey struct{}

// WithActor returns a context whose writes are made by a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the context's actor, or "system".
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok && a.Name != "" {
		return a
	}
	return Actor{Name: "system"}
}
