package countries

import "testing"

func TestList(t *testing.T) {
	if n := len(All()); n != 249 {
		t.Errorf("%d countries, want the 249 of ISO 3166-1", n)
	}
	ms := Members()
	if len(ms) != 33 {
		t.Fatalf("%d members, want 33", len(ms))
	}
	for _, m := range ms {
		if len(m.Names["es"]) == 0 || len(m.Names["en"]) == 0 || len(m.Names["pt"]) == 0 || len(m.Names["fr"]) == 0 {
			t.Errorf("member %s (%s) has no name in a language: %v", m.Alpha3, m.Alpha2, m.Names)
		}
	}
	// Every alpha-2 code of the member names is a member of the list.
	for _, m := range MemberNames() {
		c, ok := ByAlpha2(m.Code)
		if !ok || !c.Member {
			t.Errorf("member %s is not marked in iso3166.csv", m.Code)
		}
	}
	for _, tc := range []struct {
		code   string
		name   string
		member bool
	}{{"mex", "México", true}, {"BRA", "Brasil", true}, {"PRI", "Puerto Rico", false}, {"ABW", "Aruba", false}, {"USA", "United States", false}} {
		c, ok := ByAlpha3(tc.code)
		if !ok || c.NameIn("es") != tc.name || c.Member != tc.member {
			t.Errorf("ByAlpha3(%q) = %+v, %v; want %s member=%v", tc.code, c, ok, tc.name, tc.member)
		}
	}
	for _, code := range []string{"LCN", "WLD", "OWID_WRL", ""} {
		if _, ok := ByAlpha3(code); ok {
			t.Errorf("ByAlpha3(%q) found a country", code)
		}
	}
}
