package locale

import "testing"

// A period is said as people say it, in each language, from its dates or
// its key; what is neither a half, a quarter nor a year keeps its key.
func TestPeriodAsPeopleSayIt(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		lang, key, starts, ends, want string
	}{
		{"es", "2019-H1", "2019-01-01", "2019-06-30", "1.er semestre de 2019"},
		{"en", "2019-H1", "2019-01-01", "2019-06-30", "First half of 2019"},
		{"pt", "2019-H1", "2019-01-01", "2019-06-30", "1º semestre de 2019"},
		{"fr", "2019-H1", "2019-01-01", "2019-06-30", "1er semestre 2019"},
		{"es", "2018-H2", "", "", "2.º semestre de 2018"},
		{"en", "2018-H2", "", "", "Second half of 2018"},
		{"pt", "2018-H2", "", "", "2º semestre de 2018"},
		{"fr", "2018-H2", "", "", "2e semestre 2018"},
		{"es", "2020-Q3", "", "", "3.er trimestre de 2020"},
		{"en", "2020-Q4", "", "", "Fourth quarter of 2020"},
		{"fr", "2020-Q1", "", "", "1er trimestre 2020"},
		{"pt", "2021", "", "", "2021"},
		// The dates say more than a key chosen by hand.
		{"es", "primavera", "2021-04-01", "2021-06-30", "2.º trimestre de 2021"},
		{"en", "anual", "2022-01-01", "2022-12-31", "2022"},
		// Neither: the key, as stored.
		{"es", "2019-ciclo-a", "2019-02-01", "2019-08-31", "2019-ciclo-a"},
		{"en", "2019-H3", "", "", "2019-H3"},
		{"fr", "", "", "", ""},
	}
	for _, tc := range cases {
		if got := c.Localizer(tc.lang).Period(tc.key, tc.starts, tc.ends); got != tc.want {
			t.Errorf("%s Period(%q, %q, %q) = %q; want %q", tc.lang, tc.key, tc.starts, tc.ends, got, tc.want)
		}
	}
}
