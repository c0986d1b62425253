package bitacora

import "unicode/utf8"

// Message ids of what makes a text unfit to store. Text that reaches the
// database must be UTF-8 without control characters: PostgreSQL refuses a
// NUL in text outright (a 500 where the caller made the mistake), SQLite
// stores it and every page, feed and export carries it on.
const (
	TextNotUTF8  = "field_text_encoding" // not valid UTF-8
	TextControls = "field_text_control"  // a NUL or another control character
)

// TextProblem says what is wrong with s as stored text: TextNotUTF8,
// TextControls (any C0 or C1 control character or DEL, except tab, line feed
// and carriage return, which multi-line fields carry), or "" when s is fine.
func TextProblem(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f {
				return TextControls
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return TextNotUTF8
		}
		if r >= 0x80 && r <= 0x9f {
			return TextControls
		}
		i += size
	}
	return ""
}

// CheckText adds to fe what is wrong with each text, keyed by its field:
// texts alternate field name and value.
func (fe FieldErrors) CheckText(texts ...string) FieldErrors {
	for i := 0; i+1 < len(texts); i += 2 {
		if p := TextProblem(texts[i+1]); p != "" {
			fe[texts[i]] = p
		}
	}
	return fe
}
