package web

import "testing"

// After signing in, only a path on this site is followed: the attack of
// issue 10 (a tab between two slashes) and its variants come back "".
func TestSafeNext(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"/es/account", "/es/account"},
		{"/es/elac2020/activities/1.1?lang=en&x=1", "/es/elac2020/activities/1.1?lang=en&x=1"},
		{"/es/parties/caf%C3%A9", "/es/parties/caf%C3%A9"},
		{"/es/a#frag", "/es/a"},
		{"", ""},
		{"/\t/evil.example/phish", ""},                   // next=%2F%09%2Fevil.example%2Fphish, decoded by the form
		{"/%09/evil.example/phish", ""},                  // the tab still encoded
		{"/\n/evil.example", ""},                         // a newline
		{"/%0a/evil.example", ""},                        // an encoded newline
		{"/%0d%0aSet-Cookie:x=1", ""},                    // header injection
		{"//evil.example/phish", ""},                     // scheme-relative
		{"///evil.example", ""},                          // more slashes
		{"/\\evil.example", ""},                          // a backslash, read as a slash
		{"/%5Cevil.example", ""},                         // an encoded backslash
		{"/%2F/evil.example", ""},                        // an encoded slash makes it scheme-relative
		{"/%2f%2fevil.example", ""},                      // lower case
		{"https://evil.example/", ""},                    // absolute
		{"javascript:alert(1)", ""},                      // a script
		{"/javascript:alert(1)", "/javascript:alert(1)"}, // a path on this site, harmless
		{"evil.example", ""},                             // relative
		{"/ok?next=%0a", ""},                             // a control character in the query
		{"/ok?q=%zz", ""},                                // a malformed query
		{"/@evil.example", "/@evil.example"},             // a path, not user info
		{"/" + string(rune(0x7f)) + "/evil.example", ""},
	} {
		if got := safeNext(tc.in); got != tc.want {
			t.Errorf("safeNext(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}
