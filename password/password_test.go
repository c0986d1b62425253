package password

import (
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
