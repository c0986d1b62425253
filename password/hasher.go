package password

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/elac/bitacora"
)

// Hasher computes argon2id hashes, a bounded number at a time. Each hash
// holds 19 MiB for as long as it runs: unbounded, a crowd of anonymous
// sign-in attempts makes the process take 19 MiB per request in flight
// (600 posts took it to 6.8 GB) and starves every other request of CPU. A
// caller waits a little for a free slot, then gets an EUNAVAILABLE error,
// which the web layer answers with 503 and Retry-After.
type Hasher struct {
	slots  chan struct{}
	wait   time.Duration
	hashes atomic.Uint64
}

// NewHasher returns a hasher that runs at most slots hashes at once and
// lets a caller wait up to wait for a slot. With slots <= 0 it takes half
// the cores Go may use (at least one): argon2id with one lane keeps a core
// busy for its whole run, so hashes on every core would leave none for
// the pages and /healthz.
func NewHasher(slots int, wait time.Duration) *Hasher {
	if slots <= 0 {
		slots = max(1, runtime.GOMAXPROCS(0)/2)
	}
	return &Hasher{slots: make(chan struct{}, slots), wait: wait}
}

// RetryAfter is what a refused caller is told to wait, in seconds.
const RetryAfter = 2

// ErrBusy is the answer when every slot stayed taken for the whole wait.
var ErrBusy = bitacora.Errorf(bitacora.EUNAVAILABLE, "too many passwords are being checked right now: try again in a few seconds").WithKey("error_hasher_busy")

// Slots returns how many hashes may run at once.
func (h *Hasher) Slots() int { return cap(h.slots) }

// Hashes returns how many hashes the hasher has computed.
func (h *Hasher) Hashes() uint64 { return h.hashes.Load() }

// Acquire takes a slot, waiting at most the hasher's wait, and returns the
// function that gives it back. Hash and Verify call it; tests call it to
// fill the hasher.
func (h *Hasher) Acquire(ctx context.Context) (release func(), err error) {
	select {
	case h.slots <- struct{}{}:
		return h.release, nil
	default:
	}
	t := time.NewTimer(h.wait)
	defer t.Stop()
	select {
	case h.slots <- struct{}{}:
		return h.release, nil
	case <-t.C:
		return nil, ErrBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (h *Hasher) release() { <-h.slots }

// Hash returns the argon2id hash of pw, once a slot is free.
func (h *Hasher) Hash(ctx context.Context, pw string) (string, error) {
	release, err := h.Acquire(ctx)
	if err != nil {
		return "", err
	}
	defer release()
	h.hashes.Add(1)
	return Hash(pw)
}

// Verify reports whether pw matches hash, once a slot is free. Like the
// function Verify, it costs one hash whether or not hash is valid.
func (h *Hasher) Verify(ctx context.Context, hash, pw string) (bool, error) {
	release, err := h.Acquire(ctx)
	if err != nil {
		return false, err
	}
	defer release()
	h.hashes.Add(1)
	return Verify(hash, pw), nil
}
