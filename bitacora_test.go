package bitacora

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Red GEALC": "red-gealc",
		"Grupo de Trabajo sobre Cultura, Inclusión y Habilidades Digitales": "grupo-de-trabajo-sobre-cultura-inclusion-y-habilidades-digitales",
		"  Países — que componen  ":                                         "paises-que-componen",
		"A4AI":                                                              "a4ai",
		"":                                                                  "",
		"¿?":                                                                "",
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestErrorCodeAndMessage(t *testing.T) {
	wrapped := fmt.Errorf("store: activity 1.1: %w", Errorf(ENOTFOUND, "no activity %q", "1.1"))
	if ErrorCode(wrapped) != ENOTFOUND || ErrorMessage(wrapped) != `no activity "1.1"` {
		t.Errorf("wrapped domain error: %q %q", ErrorCode(wrapped), ErrorMessage(wrapped))
	}
	plain := errors.New("connection reset by peer at 10.0.0.3")
	if ErrorCode(plain) != EINTERNAL || ErrorMessage(plain) != "Internal error." {
		t.Errorf("an internal error leaks: %q %q", ErrorCode(plain), ErrorMessage(plain))
	}
	if ErrorCode(nil) != "" || ErrorMessage(nil) != "" {
		t.Error("nil is not an error")
	}
}

// Every slug Slugify makes, even of a very long name, is an id the URLs
// accept (ValidID), with room for the "-N" a taken id gets.
func TestSlugsAreValidIDs(t *testing.T) {
	long := strings.Repeat("Grupo de Trabajo sobre Gobernanza de Internet y de la Sociedad de la Información ", 5)
	for _, name := range []string{"Red GEALC", "Grupo de Trabajo sobre Cultura, Inclusión y Habilidades Digitales", long} {
		s := Slugify(name)
		if !ValidID(s) || !ValidID(s+"-99") || strings.HasSuffix(s, "-") {
			t.Errorf("Slugify(%.40q…) = %q (%d bytes): not a valid id", name, s, len(s))
		}
	}
	for _, bad := range []string{"", "-a", "A", "a b", "a/b", strings.Repeat("a", MaxIDLength+1)} {
		if ValidID(bad) {
			t.Errorf("ValidID(%.40q) = true", bad)
		}
	}
}
