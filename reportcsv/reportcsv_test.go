package reportcsv_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/reportcsv"
)

func testDoc() *bitacora.Document {
	act := func(code string, components ...string) bitacora.Activity {
		return bitacora.Activity{Code: code, Text: "Actividad " + code, Components: components}
	}
	return &bitacora.Document{
		Programme: bitacora.Programme{Slug: "p"},
		Areas: []bitacora.Area{{Number: 1, Objectives: []bitacora.Objective{
			{Number: 1, Activities: []bitacora.Activity{act("1.1", "Panel"), act("1.2"), act("1.10")}},
			{Number: 2, Activities: []bitacora.Activity{act("2.1")}},
		}}},
	}
}

func testPeriods(t testing.TB) []bitacora.Period {
	ps, err := bitacora.HalfYears("2019-H1", "2020-H2")
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func parse(t *testing.T, file string) ([]bitacora.ReportImport, error) {
	t.Helper()
	return reportcsv.Parse(strings.NewReader(file), testDoc(), testPeriods(t))
}

func TestParseEnglishWithCommas(t *testing.T) {
	rows, err := parse(t, "activity,period,status,completion,narrative,links,state\n"+
		"1.1,2019-H1,under_way,limited,Se avanzó.,https://example.org/a | https://example.org/b,draft\n"+
		"1.2,2019-H2,completed,complete,,,\n"+
		"2.1,2020-h1,delayed,substantial,\"Dos talleres, en Lima y Quito.\",https://example.org/c,accepted\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []bitacora.ReportImport{
		{Line: 2, Activity: "1.1", Period: "2019-H1", State: bitacora.StateDraft, HasNarrative: true, HasLinks: true,
			Content: bitacora.ReportContent{Status: bitacora.StatusUnderWay, Completion: bitacora.CompletionLimited, Narrative: "Se avanzó.",
				Links: []bitacora.Link{{URL: "https://example.org/a"}, {URL: "https://example.org/b"}}}},
		{Line: 3, Activity: "1.2", Period: "2019-H2", State: bitacora.StateSubmitted, HasNarrative: true, HasLinks: true,
			Content: bitacora.ReportContent{Status: bitacora.StatusCompleted, Completion: bitacora.CompletionComplete, Links: []bitacora.Link{}}},
		{Line: 4, Activity: "2.1", Period: "2020-H1", State: bitacora.StateAccepted, HasNarrative: true, HasLinks: true,
			Content: bitacora.ReportContent{Status: bitacora.StatusDelayed, Completion: bitacora.CompletionSubstantial,
				Narrative: "Dos talleres, en Lima y Quito.", Links: []bitacora.Link{{URL: "https://example.org/c"}}}},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows =\n%+v\nwant\n%+v", rows, want)
	}
}

// What a spreadsheet set to Spanish saves: a byte-order mark, semicolons,
// CRLF, Spanish column names in another order, names of values with
// capitals and accents, and a narrative over several lines.
func TestParseSpanishSpreadsheet(t *testing.T) {
	file := "\uFEFFEstado;Período;ACTIVIDAD;Avance;Narrativa;Enlaces;Estado_Revisión\r\n" +
		"En Curso;2019-H1;1.1;Sustancial;\"Primera línea.\r\nSegunda línea.\r\nTercera.\";https://example.org/a;Aceptado\r\n" +
		";;;;;;\r\n" +
		"completada;2019-H1;1,2;completo;;;borrador\r\n" +
		"no iniciada;2019-H2;1.10.;no iniciado;;;\r\n" +
		"Retrasada;2020-H1;2.1;limitado;;;enviado\r\n" +
		"suspendida;2020-H2;2.1;LIMITADO;;;\r\n" +
		"cancelada;2019-H2;1.1;completo;;;\r\n"
	rows, err := parse(t, file)
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		Line             int
		Activity, Period string
		Status           bitacora.Status
		Completion       bitacora.Completion
		State            bitacora.ReviewState
	}
	var list []got
	for _, r := range rows {
		list = append(list, got{r.Line, r.Activity, r.Period, r.Content.Status, r.Content.Completion, r.State})
	}
	want := []got{
		{2, "1.1", "2019-H1", bitacora.StatusUnderWay, bitacora.CompletionSubstantial, bitacora.StateAccepted},
		// Line 3 is blank; lines count spreadsheet rows, not the
		// narrative's line breaks.
		{4, "1.2", "2019-H1", bitacora.StatusCompleted, bitacora.CompletionComplete, bitacora.StateDraft},
		{5, "1.10", "2019-H2", bitacora.StatusNotStarted, bitacora.CompletionNotStarted, bitacora.StateSubmitted},
		{6, "2.1", "2020-H1", bitacora.StatusDelayed, bitacora.CompletionLimited, bitacora.StateSubmitted},
		{7, "2.1", "2020-H2", bitacora.StatusSuspended, bitacora.CompletionLimited, bitacora.StateSubmitted},
		{8, "1.1", "2019-H2", bitacora.StatusCancelled, bitacora.CompletionComplete, bitacora.StateSubmitted},
	}
	if !reflect.DeepEqual(list, want) {
		t.Errorf("rows =\n%+v\nwant\n%+v", list, want)
	}
	if rows[0].Content.Narrative != "Primera línea.\nSegunda línea.\nTercera." {
		t.Errorf("narrative = %q", rows[0].Content.Narrative)
	}
}

func TestParseNamesInEveryLanguage(t *testing.T) {
	for _, tc := range []struct {
		status     string
		want       bitacora.Status
		completion string
		wantC      bitacora.Completion
	}{
		{"not_started", bitacora.StatusNotStarted, "not_started", bitacora.CompletionNotStarted},
		{"Not started", bitacora.StatusNotStarted, "not-started", bitacora.CompletionNotStarted},
		{"under way", bitacora.StatusUnderWay, "substantial", bitacora.CompletionSubstantial},
		{"em andamento", bitacora.StatusUnderWay, "substancial", bitacora.CompletionSubstantial},
		{"en cours", bitacora.StatusUnderWay, "substantiel", bitacora.CompletionSubstantial},
		{"concluída", bitacora.StatusCompleted, "completa", bitacora.CompletionComplete},
		{"achevée", bitacora.StatusCompleted, "complète", bitacora.CompletionComplete},
		{"ATRASADA", bitacora.StatusDelayed, "limitée", bitacora.CompletionLimited},
		{"annulee", bitacora.StatusCancelled, "não iniciado", bitacora.CompletionNotStarted},
		{"  canceled ", bitacora.StatusCancelled, "non commencé", bitacora.CompletionNotStarted},
	} {
		rows, err := parse(t, "activity,period,status,completion\n1.1,2019-H1,"+tc.status+","+tc.completion+"\n")
		if err != nil {
			t.Errorf("%s / %s: %v", tc.status, tc.completion, err)
			continue
		}
		if c := rows[0].Content; c.Status != tc.want || c.Completion != tc.wantC {
			t.Errorf("%s / %s = %s / %s", tc.status, tc.completion, c.Status, c.Completion)
		}
		if rows[0].HasNarrative || rows[0].HasLinks {
			t.Errorf("a file without narrative and links columns sets them: %+v", rows[0])
		}
	}
}

func TestParseSkipsRowsThatSayNothing(t *testing.T) {
	rows, err := parse(t, "actividad;periodo;estado;avance\n1.1;2019-H1;;\n1.2;2019-H1;en curso;limitado\n;;;\n2.1;2019-H1; ; \n")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Activity != "1.2" || rows[0].Line != 3 {
		t.Errorf("rows = %+v", rows)
	}
}

type problem struct {
	Line         int
	Column, Code string
}

func problems(t *testing.T, err error) []problem {
	t.Helper()
	var le *reportcsv.LineErrors
	if !errors.As(err, &le) {
		t.Fatalf("error %v (%T); want *LineErrors", err, err)
	}
	if bitacora.ErrorCode(err) != bitacora.EINVALID {
		t.Errorf("code %s; want invalid", bitacora.ErrorCode(err))
	}
	var list []problem
	for _, e := range le.List {
		list = append(list, problem{e.Line, e.Column, e.Code})
	}
	return list
}

func TestParseErrors(t *testing.T) {
	long := strings.Repeat("x", bitacora.MaxNarrative+1)
	manyLinks := strings.TrimSpace(strings.Repeat("https://example.org/x ", bitacora.MaxLinks+1))
	for _, tc := range []struct {
		name, file string
		want       []problem
	}{
		{"empty", "", []problem{{0, "", "empty"}}},
		{"only a BOM", "\uFEFF", []problem{{0, "", "empty"}}},
		{"header only", "activity,period,status,completion\n", []problem{{0, "", "no_rows"}}},
		{"missing columns", "actividad;narrativa\n1.1;x\n", []problem{
			{1, "period", "column_missing"}, {1, "status", "column_missing"}, {1, "completion", "column_missing"}}},
		{"unknown and duplicate columns", "activity,period,status,estado,completion,comments\n1.1,2019-H1,under_way,under_way,limited,x\n",
			[]problem{{1, "estado", "column_duplicate"}, {1, "comments", "column_unknown"}}},
		{"unknown column, rows still read", "activity,period,status,completion,comments\n1.1,2019-H1,finished,limited,x\n",
			[]problem{{1, "comments", "column_unknown"}, {2, "status", "status_invalid"}}},
		{"value without a column", "activity,period,status,completion,\n1.1,2019-H1,under_way,limited,,\n1.2,2019-H1,under_way,limited,,oops\n",
			[]problem{{3, "F", "column_unnamed"}}},
		{"required values", "activity,period,status,completion,narrative\n,,,,Algo.\n",
			[]problem{{2, "activity", "required"}, {2, "period", "required"}, {2, "status", "required"}, {2, "completion", "required"}}},
		{"unknown activity and period", "activity,period,status,completion\n9.9,2031-H1,under_way,limited\n",
			[]problem{{2, "activity", "activity_unknown"}, {2, "period", "period_unknown"}}},
		{"bad values", "activity,period,status,completion,state\n1.1,2019-H1,finished,half,returned\n",
			[]problem{{2, "status", "status_invalid"}, {2, "completion", "completion_invalid"}, {2, "state", "state_invalid"}}},
		{"the same report twice", "activity,period,status,completion\n1.1,2019-H1,under_way,limited\n1.2,2019-H1,under_way,limited\n1.1,2019-h1,delayed,limited\n",
			[]problem{{4, "", "duplicate"}}},
		{"content", "activity,period,status,completion,narrative,links\n1.1,2019-H1,under_way,limited," + long + ",https://example.org ftp://example.org|notaurl\n" +
			"1.2,2019-H1,under_way,limited,," + manyLinks + "\n",
			[]problem{{2, "narrative", "narrative_long"}, {2, "links", "link_invalid"}, {2, "links", "link_invalid"}, {3, "links", "links_too_many"}}},
		{"column names as the file spells them", "Actividad;Periodo;Estado;Avance\n1.1;2019-H1;terminado;x\n",
			[]problem{{2, "Estado", "status_invalid"}, {2, "Avance", "completion_invalid"}}},
		{"every bad row listed", "activity,period,status,completion\n1.1,2019-H1,under_way,limited\n1.2,2019-H1,bad,limited\n" +
			"\"1.10\",\"2019-H1\",\"under_way\",\"limited\"\n2.1,2019-H1,under_way,worse\n",
			[]problem{{3, "status", "status_invalid"}, {5, "completion", "completion_invalid"}}},
		{"line numbers after a cell with line breaks", "activity,period,status,completion,narrative\n1.1,2019-H1,under_way,limited,\"a\nb\nc\"\n1.2,2019-H1,bad,limited,\n",
			[]problem{{3, "status", "status_invalid"}}},
		{"a stray quotation mark", "activity,period,status,completion\n1.1,2019-H1,under_way,limited\n1.2,2019-\"H1,under_way,limited\n",
			[]problem{{3, "", "quote"}}},
		{"an unclosed quotation mark", "activity,period,status,completion\n1.1,2019-H1,under_way,\"limited\n",
			[]problem{{2, "", "quote"}}},
		{"Latin-1", "activity,period,status,completion,narrative\n1.1,2019-H1,under_way,limited,Se avanz\xf3.\n",
			[]problem{{2, "narrative", "not_utf8"}}},
		{"a NUL byte", "activity,period,status,completion,narrative\n1.1,2019-H1,under_way,limited,Se avanz\x00o.\n",
			[]problem{{2, "narrative", "control"}}},
		{"control characters on two lines, line breaks and tabs kept", "activity,period,status,completion,narrative\n" +
			"1.1,2019-H1,under_way,limited,\"Uno\tdos\r\ntres\"\n1.2,2019-H1,under\x1b_way,limited,\n2.1,2019-H1,under_way,limited,\x7f\n",
			[]problem{{3, "status", "control"}, {4, "narrative", "control"}}},
		{"a NUL in the header", "activity,period,status,completion\x00\n1.1,2019-H1,under_way,limited\n",
			[]problem{{1, "D", "control"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := parse(t, tc.file)
			if rows != nil {
				t.Errorf("rows returned with errors: %+v", rows)
			}
			if got := problems(t, err); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("problems =\n%+v\nwant\n%+v\n(%v)", got, tc.want, err)
			}
		})
	}
}

func TestParseMessages(t *testing.T) {
	_, err := parse(t, "activity,period,status,completion\n1.1,2019-H1,under_way,limited\n1.2,2019-H1,under_way,limited\n"+
		"1.1,2019-H2,under_way,limited\n1.2,2019-H2,finished,limited\n1.1,2019-H1,delayed,limited\n")
	var le *reportcsv.LineErrors
	if !errors.As(err, &le) || len(le.List) != 2 {
		t.Fatalf("err = %v", err)
	}
	for i, want := range []string{
		`line 5, column "status": "finished" is not a status (use not_started, under_way, completed, delayed, suspended or cancelled)`,
		`line 6: 1.1 / 2019-H1 is already on line 2`,
	} {
		if got := le.List[i].Error(); got != want {
			t.Errorf("message %d = %s\nwant %s", i, got, want)
		}
	}
	_, err = parse(t, "activity,period\n")
	if want := `line 1, column "status": the file has no such column, and it is required (name it status, estado)`; !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v\nwant it to hold %s", err, want)
	}
	for _, code := range reportcsv.Codes {
		e := reportcsv.LineError{Line: 2, Column: "status", Code: code, Value: "v", Detail: "d"}
		if code != "invalid" && strings.HasSuffix(e.Message(), "is not valid") {
			t.Errorf("%s has no message of its own", code)
		}
	}
}

func TestParseLimits(t *testing.T) {
	big := "activity,period,status,completion,narrative\n" + strings.Repeat("x", reportcsv.MaxBytes)
	if got := problems(t, parseErr(t, big)); !reflect.DeepEqual(got, []problem{{0, "", "too_large"}}) {
		t.Errorf("too large: %+v", got)
	}
	var b strings.Builder
	b.WriteString("activity,period,status,completion\n")
	ps := testPeriods(t)
	for i := 0; i <= bitacora.MaxReportImport; i++ {
		// Repeats are problems too, but the count stops the reading first.
		fmt.Fprintf(&b, "1.1,%s,under_way,limited\n", ps[i%len(ps)].Key)
	}
	got := problems(t, parseErr(t, b.String()))
	if last := got[len(got)-1]; last != (problem{bitacora.MaxReportImport + 2, "", "too_many_rows"}) {
		t.Errorf("too many rows: last problem %+v", last)
	}
}

func parseErr(t *testing.T, file string) error {
	t.Helper()
	_, err := parse(t, file)
	return err
}

func TestTemplate(t *testing.T) {
	for _, tc := range []struct {
		lang, header string
	}{
		{"es", "\uFEFFactividad;periodo;estado;avance;narrativa;enlaces;estado_revision\n1.1;2019-H2;;;;;\n"},
		{"en", "\uFEFFactivity,period,status,completion,narrative,links,state\n1.1,2019-H2,,,,,\n"},
		{"pt", "\uFEFFactivity;period;status;completion;narrative;links;state\n1.1;2019-H2;;;;;\n"},
	} {
		var b bytes.Buffer
		if err := reportcsv.WriteTemplate(&b, testDoc(), "2019-H2", tc.lang); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if !strings.HasPrefix(out, tc.header) || strings.Count(out, "\n") != 5 {
			t.Errorf("%s template:\n%s", tc.lang, out)
		}
		// As it comes, it imports nothing; filled in, it imports.
		if got := problems(t, parseErr(t, out)); !reflect.DeepEqual(got, []problem{{0, "", "no_rows"}}) {
			t.Errorf("%s: empty template: %+v", tc.lang, got)
		}
		sep := ";"
		if tc.lang == "en" {
			sep = ","
		}
		filled := strings.Replace(out, "1.2"+sep+"2019-H2"+sep+sep, "1.2"+sep+"2019-H2"+sep+"under_way"+sep+"limited", 1)
		rows, err := parse(t, filled)
		if err != nil || len(rows) != 1 || rows[0].Activity != "1.2" || rows[0].Line != 3 {
			t.Errorf("%s: filled template: %+v %v", tc.lang, rows, err)
		}
	}
}

// A period key that a spreadsheet would read as a formula is written as
// text, and the filled-in template imports it back under its own key.
func TestTemplateCellsAreNotFormulas(t *testing.T) {
	const key = "=cmd|'calc'!A0"
	periods := []bitacora.Period{{Key: key, StartsOn: "2019-01-01", EndsOn: "2019-06-30", Deadline: "2019-07-31"}}
	var b bytes.Buffer
	if err := reportcsv.WriteTemplate(&b, testDoc(), key, "en"); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range records[1:] {
		if rec[1] != "'"+key {
			t.Fatalf("template row %q: the period is not written as text", rec)
		}
	}
	filled := strings.Replace(b.String(), "1.2,'"+key+",,", "1.2,'"+key+",under_way,limited", 1)
	rows, err := reportcsv.Parse(strings.NewReader(filled), testDoc(), periods)
	if err != nil || len(rows) != 1 || rows[0].Period != key {
		t.Errorf("filled template: %+v %v", rows, err)
	}
}

// FuzzParse checks that no file makes Parse panic, and that it returns
// either reports that a store would take or problems with a place.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"activity,period,status,completion\n1.1,2019-H1,under_way,limited\n",
		"\uFEFFactividad;período;estado;avance;narrativa;enlaces;estado_revision\r\n1.1;2019-H1;en curso;sustancial;\"a\r\nb\";https://example.org;aceptado\r\n",
		"activity,period,status,completion,\n1.1,2019-H1,bad,limited,x\n\"",
		"a\"b,c\n",
		";;;\n,,,\n",
		"activity,period,status,completion,links\n1.1,2019-H1,delayed,complete,http://[::1]:namedport\n",
	} {
		f.Add([]byte(seed))
	}
	doc, periods := testDoc(), testPeriods(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := reportcsv.Parse(bytes.NewReader(data), doc, periods)
		if err != nil {
			var le *reportcsv.LineErrors
			if !errors.As(err, &le) || len(le.List) == 0 || rows != nil {
				t.Fatalf("err = %v, rows = %v", err, rows)
			}
			for _, e := range le.List {
				if e.Line < 0 || e.Code == "" || e.Error() == "" {
					t.Fatalf("problem without a place: %+v", e)
				}
			}
			return
		}
		if len(rows) == 0 {
			t.Fatal("no reports and no error")
		}
		for _, r := range rows {
			if doc.Activity(r.Activity) == nil || !bitacora.ValidImportState(r.State) || r.Line < 2 {
				t.Fatalf("row %+v", r)
			}
			if fe := r.Content.Validate(doc.Activity(r.Activity)); len(fe) > 0 {
				t.Fatalf("row %+v: %v", r, fe)
			}
		}
	})
}
