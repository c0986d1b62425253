package store

import (
	"context"
	"errors"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/store/storetest"
)

// Junk text is refused by the store itself, naming the field, whatever the
// way in: a NUL in a translation is a 422 on both databases, never the 500
// PostgreSQL's refusal of a NUL in text would make.
func TestStoreRefusesJunkText(t *testing.T) {
	Migrated.Each(t, func(t *testing.T, b storetest.Backend) {
		ctx := context.Background()
		db := openAuditDB(t, b)
		if err := db.ImportProgramme(ctx, auditDoc("p"), "the text"); err != nil {
			t.Fatal(err)
		}
		field := func(err error) string {
			var fe *bitacora.InvalidFields
			if !errors.As(err, &fe) {
				return "not InvalidFields: " + errorString(err)
			}
			for k, v := range fe.Fields {
				return k + " " + v
			}
			return ""
		}
		for _, tc := range []struct{ text, want string }{
			{"Identify\x00.", "text " + bitacora.TextControls},
			{"Identify\x1b[31m.", "text " + bitacora.TextControls},
			{"Identify\xff.", "text " + bitacora.TextNotUTF8},
		} {
			if got := field(db.SetTranslation(ctx, "p", "activity:1.1", "text", "en", tc.text)); got != tc.want {
				t.Errorf("translation %q: %s; want %s", tc.text, got, tc.want)
			}
		}
		if err := db.SetTranslation(ctx, "p", "activity:1.1", "text", "en", "Line one\n\tline two\r\n"); err != nil {
			t.Errorf("tabs and line breaks are text: %v", err)
		}
		for _, tc := range []struct{ email, name, want string }{
			{"ana@example.org", "Ana\x00", "name " + bitacora.TextControls},
			{"ana@example.org", "Ana\xc3", "name " + bitacora.TextNotUTF8},
			{"ana@example.org", "Ana\u0085", "name " + bitacora.TextControls}, // C1: NEL
		} {
			_, _, err := db.CreateUser(ctx, tc.email, tc.name, "es", nil)
			if got := field(err); got != tc.want {
				t.Errorf("user %q: %s; want %s", tc.name, got, tc.want)
			}
		}
		if users, err := db.Users(ctx); err != nil || len(users) != 0 {
			t.Errorf("users after refusals: %d, %v", len(users), err)
		}
		if n, err := db.VerifyAudit(ctx); n != 2 || err != nil {
			t.Errorf("audit: %d entries, %v; want the import and the one translation", n, err)
		}
	})
}

func errorString(err error) string {
	if err == nil {
		return "nil"
	}
	return err.Error()
}
