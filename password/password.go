// Package password hashes passwords with argon2id and checks them, in the
// PHC string format ($argon2id$v=19$m=…,t=…,p=…$salt$hash) so that the
// parameters travel with each hash and can be raised later.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Parameters from OWASP's password storage cheat sheet for argon2id: 19 MiB,
// two passes, one lane.
const (
	memoryKiB = 19 * 1024
	passes    = 2
	lanes     = 1
	saltLen   = 16
	keyLen    = 32
)

// MinLength and MaxLength bound what a user may choose.
const (
	MinLength = 12
	MaxLength = 256
)

var b64 = base64.RawStdEncoding

// Hash returns the argon2id hash of pw. It is not bounded: whatever
// answers requests hashes through a Hasher.
func Hash(pw string) (string, error) { return HashCost(pw, memoryKiB, passes) }

// HashCost returns the argon2id hash of pw made with the given memory and
// passes instead of the defaults. Verify reads them back from the hash.
// The site always hashes with Hash; tests make their users' hashes cheap
// with this (the race detector makes the default cost 0.4 s a hash), and
// an operator could raise the cost of an account's hash with it.
func HashCost(pw string, memoryKiB, passes uint32) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, passes, memoryKiB, lanes, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, memoryKiB, passes, lanes,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether pw matches hash. A malformed or empty hash (a
// user who has not set a password yet) matches nothing, but costs the same
// time as a real check, so that timing does not tell the two apart.
func Verify(hash, pw string) bool {
	m, t, p, salt, key, err := decode(hash)
	if err != nil {
		m, t, p, salt, key, _ = decode(dummy)
		argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(key)))
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1
}

// dummy is a valid hash of a random password, checked when there is no
// real hash to check against.
var dummy = func() string {
	h, _ := Hash("dummy password that nobody has")
	return h
}()

func decode(hash string) (m, t uint32, p uint8, salt, key []byte, err error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return 0, 0, 0, nil, nil, errors.New("password: not an argon2id hash")
	}
	var v int
	if _, err = fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return 0, 0, 0, nil, nil, errors.New("password: unknown argon2 version")
	}
	if _, err = fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<22 || t > 16 {
		return 0, 0, 0, nil, nil, errors.New("password: bad parameters")
	}
	if salt, err = b64.DecodeString(parts[4]); err != nil {
		return 0, 0, 0, nil, nil, err
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) < 16 {
		return 0, 0, 0, nil, nil, errors.New("password: bad key")
	}
	return m, t, p, salt, key, nil
}
