package bitacora

import (
	"errors"
	"fmt"
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
