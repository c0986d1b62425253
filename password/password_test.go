package password

import (
	"context"
	"time"

	"github.com/elac/bitacora"
	"strings"
	"testing"
)

func TestHashAndVerify(t *testing.T) {
	h, err := Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not argon2id with the chosen parameters", h)
	}
	if !Verify(h, "correct horse battery staple") {
		t.Error("the right password does not verify")
	}
	if Verify(h, "correct horse battery stapl") || Verify(h, "") {
		t.Error("a wrong password verifies")
	}
	h2, _ := Hash("correct horse battery staple")
	if h2 == h {
		t.Error("two hashes of one password are equal: no salt")
	}
	for _, bad := range []string{"", "plain", "$argon2id$v=19$m=0,t=0,p=0$$", "$bcrypt$x$y$z$w"} {
		if Verify(bad, "anything") {
			t.Errorf("malformed hash %q verified", bad)
		}
	}
}

// A hash made at another cost carries it, and Verify checks with it.
func TestHashCostTravelsWithTheHash(t *testing.T) {
	h, err := HashCost("correct horse battery staple", 64, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash %q does not carry its cost", h)
	}
	if !Verify(h, "correct horse battery staple") || Verify(h, "correct horse battery stapl") {
		t.Error("a cheap hash does not verify as its password")
	}
}

// Over its slots, the hasher refuses with EUNAVAILABLE instead of taking
// another 19 MiB; a freed slot serves again.
func TestHasherIsBounded(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(2, 10*time.Millisecond)
	var held []func()
	for range h.Slots() {
		release, err := h.Acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, release)
	}
	if _, err := h.Hash(ctx, "correct horse battery staple"); bitacora.ErrorCode(err) != bitacora.EUNAVAILABLE {
		t.Fatalf("Hash with every slot taken: %v; want %s", err, bitacora.EUNAVAILABLE)
	}
	if _, err := h.Verify(ctx, dummy, "x"); bitacora.ErrorCode(err) != bitacora.EUNAVAILABLE {
		t.Fatalf("Verify with every slot taken: %v; want %s", err, bitacora.EUNAVAILABLE)
	}
	if h.Hashes() != 0 {
		t.Fatalf("%d hashes computed while the hasher was full", h.Hashes())
	}
	held[0]()
	hash, err := h.Hash(ctx, "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := h.Verify(ctx, hash, "correct horse battery staple"); !ok || err != nil {
		t.Fatalf("Verify after a slot was freed: %v, %v", ok, err)
	}
	if h.Hashes() != 2 {
		t.Errorf("Hashes() = %d; want 2", h.Hashes())
	}
}
