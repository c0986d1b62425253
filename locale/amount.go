package locale

import (
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Decimal formats a decimal written with a point ("20000000.25") with the
// language's digit grouping and decimal mark ("20.000.000,25"). What is
// not such a number is returned as it is.
func (l *Localizer) Decimal(s string) string {
	whole, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(whole, "-")
	n, err := strconv.ParseInt(strings.TrimPrefix(whole, "-"), 10, 64)
	if err != nil {
		return s
	}
	out := l.printer.Sprintf("%d", n)
	if frac = strings.TrimRight(frac, "0"); frac != "" {
		if len(frac) == 1 {
			frac += "0"
		}
		mark := ","
		if l.Lang == "en" {
			mark = "."
		}
		out += mark + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// Country names an ISO 3166-1 alpha-2 code in the language ("BR" →
// "Brasil"), or returns the code when it names no country.
func (l *Localizer) Country(code string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	tag, err := language.Parse(l.Lang)
	if err != nil {
		return code
	}
	if name := display.Regions(tag).Name(r); name != "" {
		return name
	}
	return code
}

// DecimalText writes a decimal kept as text ("10.65", as sources publish it)
// with the language's decimal mark, every digit kept: "10,65" in Spanish.
func (l *Localizer) DecimalText(s string) string {
	if l.Lang == "en" {
		return s
	}
	return strings.Replace(s, ".", ",", 1)
}
