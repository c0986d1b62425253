package opendata

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/published"
	"github.com/elac/bitacora/store"
)

// The datasets, in the order the open data page lists them.
const (
	Activities = "activities"
	Parties    = "parties"
	Reports    = "reports"
	Indicators = "indicators"
	Versions   = "versions"
	Changes    = "changes"
)

// listSep joins the items of a list in one cell (parties, reasons).
const listSep = "; "

// Build makes a programme's datasets from the published snapshot (the
// document, its parties, periods and accepted reports) and, for what the
// snapshot does not hold, the store: versions, indicators and the change
// record, read as the public pages read them.
func Build(ctx context.Context, snap *published.Snapshot, db *store.DB, slug string) ([]*Dataset, error) {
	doc, err := snap.Document(slug)
	if err != nil {
		return nil, err
	}
	var partySubjects []string
	for _, p := range doc.Parties {
		partySubjects = append(partySubjects, store.PartySubject(p.ID))
	}
	record, err := db.ProgrammeRecord(ctx, slug, partySubjects...)
	if err != nil {
		return nil, err
	}
	record = public(record)
	versions, err := versionsDataset(ctx, db, slug)
	if err != nil {
		return nil, err
	}
	indicators, err := indicatorsDataset(ctx, db, slug)
	if err != nil {
		return nil, err
	}
	sets := []*Dataset{
		activitiesDataset(doc),
		partiesDataset(doc),
		reportsDataset(snap, doc),
		indicators,
		versions,
		changesDataset(record),
	}
	// Each dataset's last change is the newest public entry of the change
	// record that changes what it holds; the programme's import at least.
	var issued time.Time
	for _, e := range record {
		if e.Action == bitacora.ActionProgrammeImport {
			if at, err := time.Parse(time.RFC3339Nano, e.At); err == nil {
				issued = at.UTC().Truncate(time.Second)
				break
			}
		}
	}
	for _, d := range sets {
		d.Issued, d.Modified = issued, issued
		for _, e := range record {
			if changes(d.Name, e) {
				if at, err := time.Parse(time.RFC3339Nano, e.At); err == nil && at.After(d.Modified) {
					d.Modified = at.UTC().Truncate(time.Second)
				}
			}
		}
	}
	return sets, nil
}

// public keeps the entries the public may see: those its pages show
// (AuditEntry.PublicOn) and the approval of each version, which the
// versions page shows.
func public(record []bitacora.AuditEntry) []bitacora.AuditEntry {
	var out []bitacora.AuditEntry
	for _, e := range record {
		if e.PublicOn(e.Subject) || e.Action == bitacora.ActionRevisionApprove {
			out = append(out, e)
		}
	}
	return out
}

// changes tells whether a public entry of the change record changes a
// dataset.
func changes(dataset string, e bitacora.AuditEntry) bool {
	if e.Action == bitacora.ActionProgrammeImport {
		return true
	}
	party := strings.HasPrefix(e.Action, "party.")
	approve := e.Action == bitacora.ActionRevisionApprove || e.Action == bitacora.ActionRevisionChange
	switch dataset {
	case Activities, Parties:
		return party || approve
	case Reports:
		return e.AcceptedReport() != "" || e.Action == bitacora.ActionReportFileWithdraw
	case Versions:
		return approve
	case Changes:
		return true
	}
	return false
}

func tr(es, en, pt, fr string) map[string]string {
	return map[string]string{"es": es, "en": en, "pt": pt, "fr": fr}
}

// partyNames returns the names of parties by id, and their ids, each
// joined in one cell.
func partyNames(doc *bitacora.Document, ids []string) (names, joined string) {
	list := make([]string, len(ids))
	for i, id := range ids {
		list[i] = id
		if p := doc.Party(id); p != nil {
			list[i] = p.Name
		}
	}
	return strings.Join(list, listSep), strings.Join(ids, listSep)
}

func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func activitiesDataset(doc *bitacora.Document) *Dataset {
	areas := &Table{Name: "areas", Title: "Action areas", Description: "The programme's action areas.",
		Fields: []Field{
			{Name: "number", Type: Integer, Required: true, Unique: true, Description: "The area's number in the programme."},
			{Name: "title", Type: String, Required: true, Description: "The area's title, as the document writes it."},
		}, PrimaryKey: []string{"number"}}
	objectives := &Table{Name: "objectives", Title: "Objectives", Description: "The programme's numbered objectives, each in its area.",
		Fields: []Field{
			{Name: "number", Type: Integer, Required: true, Unique: true, Description: "The objective's number."},
			{Name: "area", Type: Integer, Required: true, Description: "The number of its action area (areas.number)."},
			{Name: "text", Type: String, Required: true, Description: "The objective as the document writes it."},
		}, PrimaryKey: []string{"number"}}
	activities := &Table{Name: "activities", Title: "Activities with their parties",
		Description: "One row per activity: where it stands in the programme, its text and components, and the parties responsible and co-responsible for it (names and ids, several separated by \"; \").",
		Fields: []Field{
			{Name: "code", Type: String, Required: true, Unique: true, Description: "The activity's code, e.g. 1.3."},
			{Name: "area", Type: Integer, Required: true, Description: "The number of its action area."},
			{Name: "objective", Type: Integer, Required: true, Description: "The number of its objective."},
			{Name: "text", Type: String, Required: true, Description: "The activity as the document writes it."},
			{Name: "components", Type: String, Description: "Its components (deliverables, list items), separated by \" | \"."},
			{Name: "responsible", Type: String, Description: "The names of the responsible parties, separated by \"; \"."},
			{Name: "co_responsible", Type: String, Description: "The names of the co-responsible parties, separated by \"; \"."},
			{Name: "responsible_ids", Type: String, Description: "The ids of the responsible parties (parties.id), separated by \"; \"."},
			{Name: "co_responsible_ids", Type: String, Description: "The ids of the co-responsible parties, separated by \"; \"."},
		}, PrimaryKey: []string{"code"}}
	roles := &Table{Name: "activity_parties", Title: "Parties of each activity and their roles",
		Description: "One row per party of an activity and role (long form of activities.responsible and co_responsible).",
		Fields: []Field{
			{Name: "activity", Type: String, Required: true, Description: "The activity's code (activities.code)."},
			{Name: "party", Type: String, Required: true, Description: "The party's id (parties.id)."},
			{Name: "name", Type: String, Required: true, Description: "The party's name."},
			{Name: "role", Type: String, Required: true, Description: "responsible or co_responsible."},
			{Name: "position", Type: Integer, Required: true, Description: "Its place among the activity's parties of that role, from 1, as the document lists them."},
		}, PrimaryKey: []string{"activity", "party", "role"}}
	for _, a := range doc.Areas {
		areas.Rows = append(areas.Rows, []any{a.Number, a.Title})
		for _, o := range a.Objectives {
			objectives.Rows = append(objectives.Rows, []any{o.Number, a.Number, o.Text})
			for _, act := range o.Activities {
				rn, ri := partyNames(doc, act.Responsible)
				cn, ci := partyNames(doc, act.CoResponsible)
				activities.Rows = append(activities.Rows, []any{act.Code, a.Number, o.Number, act.Text,
					orNil(strings.Join(act.Components, " | ")), orNil(rn), orNil(cn), orNil(ri), orNil(ci)})
				for role, ids := range [][]string{act.Responsible, act.CoResponsible} {
					for i, id := range ids {
						name := id
						if p := doc.Party(id); p != nil {
							name = p.Name
						}
						roles.Rows = append(roles.Rows, []any{act.Code, id, name, []string{"responsible", "co_responsible"}[role], i + 1})
					}
				}
			}
		}
	}
	return &Dataset{Name: Activities,
		Title: tr("Estructura del programa: áreas, objetivos y actividades con sus partes", "Programme structure: areas, objectives and activities with their parties",
			"Estrutura do programa: áreas, objetivos e atividades com suas partes", "Structure du programme : domaines, objectifs et activités avec leurs parties"),
		Description: tr("Cada actividad con su objetivo, su área y las partes responsables y corresponsables, con sus roles.",
			"Each activity with its objective, its area and the responsible and co-responsible parties, with their roles.",
			"Cada atividade com seu objetivo, sua área e as partes responsáveis e corresponsáveis, com seus papéis.",
			"Chaque activité avec son objectif, son domaine et les parties responsables et coresponsables, avec leurs rôles."),
		Tables: []*Table{activities, roles, objectives, areas}}
}

func partiesDataset(doc *bitacora.Document) *Dataset {
	t := &Table{Name: "parties", Title: "Parties", Description: "The parties the programme names, as the register knows them.",
		Fields: []Field{
			{Name: "id", Type: String, Required: true, Unique: true, Description: "The party's id, as in its address /parties/{id}."},
			{Name: "name", Type: String, Required: true, Description: "Its name."},
			{Name: "acronym", Type: String, Description: "Its acronym."},
			{Name: "kind", Type: String, Required: true, Description: "Its kind: country, group, organisation, network, body…"},
			{Name: "countries", Type: String, Description: "The countries named with it (the chairs of a group), separated by \"; \"."},
			{Name: "country_codes", Type: String, Description: "Their ISO 3166-1 alpha-3 codes, separated by \"; \"."},
			{Name: "parent", Type: String, Description: "The id of the party it belongs to."},
			{Name: "responsible_for", Type: Integer, Required: true, Description: "How many activities it is responsible for."},
			{Name: "co_responsible_for", Type: Integer, Required: true, Description: "How many activities it is co-responsible for."},
		}, PrimaryKey: []string{"id"}}
	leads, supports := map[string]int{}, map[string]int{}
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				for _, id := range act.Responsible {
					leads[id]++
				}
				for _, id := range act.CoResponsible {
					supports[id]++
				}
			}
		}
	}
	for _, p := range doc.Parties {
		t.Rows = append(t.Rows, []any{p.ID, p.Name, orNil(p.Acronym), string(p.Kind), orNil(strings.Join(p.Countries, listSep)),
			orNil(strings.Join(p.CountryCodes, listSep)), orNil(p.Parent), leads[p.ID], supports[p.ID]})
	}
	return &Dataset{Name: Parties,
		Title:       tr("Registro de partes", "Party register", "Registro de partes", "Registre des parties"),
		Description: tr("Las partes que nombra el programa, con cuántas actividades lideran y apoyan.", "The parties the programme names, with how many activities they lead and support.", "As partes que o programa nomeia, com quantas atividades lideram e apoiam.", "Les parties que nomme le programme, avec le nombre d'activités qu'elles dirigent et appuient."),
		Tables:      []*Table{t}}
}

func reportsDataset(snap *published.Snapshot, doc *bitacora.Document) *Dataset {
	slug := doc.Programme.Slug
	periods := &Table{Name: "periods", Title: "Reporting periods", Description: "The periods the programme's progress is reported on.",
		Fields: []Field{
			{Name: "period", Type: String, Required: true, Unique: true, Description: "The period's key, e.g. 2019-H1."},
			{Name: "starts_on", Type: DateT, Required: true, Description: "Its first day."},
			{Name: "ends_on", Type: DateT, Required: true, Description: "Its last day."},
			{Name: "deadline", Type: DateT, Required: true, Description: "The day reports on it are due."},
		}, PrimaryKey: []string{"period"}}
	reports := &Table{Name: "reports", Title: "Accepted progress reports", Description: "One row per activity and period with a report accepted by the Bureau: its status and completion. Drafts and reports under review are not published.",
		Fields: []Field{
			{Name: "activity", Type: String, Required: true, Description: "The activity's code (activities.code)."},
			{Name: "period", Type: String, Required: true, Description: "The period's key (periods.period)."},
			{Name: "status", Type: String, Required: true, Description: "not_started, under_way, completed, delayed, suspended or cancelled."},
			{Name: "completion", Type: String, Description: "not_started, limited, substantial or complete."},
			{Name: "version", Type: Integer, Required: true, Description: "The accepted version of the report."},
		}, PrimaryKey: []string{"activity", "period"}}
	for _, p := range snap.Periods[slug] {
		periods.Rows = append(periods.Rows, []any{p.Key, Date(p.StartsOn), Date(p.EndsOn), Date(p.Deadline)})
	}
	for _, st := range snap.Standings(slug) {
		reports.Rows = append(reports.Rows, []any{st.Activity, st.Period, string(st.Status), orNil(string(st.Completion)), st.Version})
	}
	return &Dataset{Name: Reports,
		Title:       tr("Informes de avance aceptados", "Accepted progress reports", "Relatórios de progresso aceitos", "Rapports d'avancement acceptés"),
		Description: tr("El estado y el avance de cada actividad en cada periodo, según los informes aceptados por la Mesa.", "The status and completion of each activity in each period, as the reports accepted by the Bureau give them.", "A situação e o avanço de cada atividade em cada período, segundo os relatórios aceitos pela Mesa.", "L'état et l'avancement de chaque activité pour chaque période, selon les rapports acceptés par le Bureau."),
		Tables:      []*Table{reports, periods}}
}

func indicatorsDataset(ctx context.Context, db *store.DB, slug string) (*Dataset, error) {
	inds := &Table{Name: "indicators", Title: "Indicators", Description: "The indicators that measure the programme's objectives and activities.",
		Fields: []Field{
			{Name: "code", Type: String, Required: true, Unique: true, Description: "The indicator's code, as its source gives it."},
			{Name: "name", Type: String, Required: true, Description: "Its name (Spanish)."},
			{Name: "name_en", Type: String, Description: "Its name in English."},
			{Name: "unit", Type: String, Required: true, Description: "The unit of its values."},
			{Name: "source", Type: String, Required: true, Description: "Who publishes the series."},
			{Name: "measures", Type: String, Description: "The objectives (and activities) it measures, separated by \"; \"."},
		}, PrimaryKey: []string{"code"}}
	obs := &Table{Name: "observations", Title: "Indicator observations", Description: "One row per indicator, country or aggregate, and year.",
		Fields: []Field{
			{Name: "indicator", Type: String, Required: true, Description: "The indicator's code (indicators.code)."},
			{Name: "country", Type: String, Description: "The country's ISO 3166-1 alpha-3 code; empty for an aggregate."},
			{Name: "aggregate", Type: String, Description: "The aggregate's code (LCN: Latin America and the Caribbean), or its name as the source wrote it; empty for a country."},
			{Name: "year", Type: Integer, Required: true, Description: "The year observed."},
			{Name: "value", Type: Number, Required: true, Description: "The value, in the indicator's unit."},
			{Name: "flags", Type: String, Description: "e (estimate), p (provisional), b (break in the series), separated by spaces."},
			{Name: "note", Type: String, Description: "The source's note."},
		}}
	list, err := db.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	for _, i := range list {
		if !i.MeasuresProgramme(slug) {
			continue
		}
		var measures []string
		for _, m := range i.Measures {
			if m.Programme != slug {
				continue
			}
			if m.Activity != "" {
				measures = append(measures, "activity "+m.Activity)
			} else {
				measures = append(measures, "objective "+strconv.Itoa(m.Objective))
			}
		}
		inds.Rows = append(inds.Rows, []any{i.Code, i.NameIn("es"), orNil(i.Name["en"]), i.Unit, i.Source, orNil(strings.Join(measures, listSep))})
		values, err := db.Observations(ctx, i.Code)
		if err != nil {
			return nil, err
		}
		for _, o := range values {
			agg := o.Aggregate
			if strings.HasPrefix(agg, "NAME:") || agg == "" && o.Country == "" {
				agg = o.AggregateName
			}
			obs.Rows = append(obs.Rows, []any{i.Code, orNil(o.Country), orNil(agg), o.Year, Decimal(o.Value), orNil(o.Flags.Codes()), orNil(o.Note)})
		}
	}
	return &Dataset{Name: Indicators,
		Title:       tr("Indicadores y observaciones", "Indicators and observations", "Indicadores e observações", "Indicateurs et observations"),
		Description: tr("Los indicadores que miden el programa y sus valores por país, agregado y año.", "The indicators that measure the programme and their values by country, aggregate and year.", "Os indicadores que medem o programa e seus valores por país, agregado e ano.", "Les indicateurs qui mesurent le programme et leurs valeurs par pays, agrégat et année."),
		Tables:      []*Table{inds, obs}}, nil
}

func versionsDataset(ctx context.Context, db *store.DB, slug string) (*Dataset, error) {
	versions := &Table{Name: "versions", Title: "Versions", Description: "Every approved version of the programme: version 1 as adopted, each later one made by a revision the Bureau approved.",
		Fields: []Field{
			{Name: "version", Type: Integer, Required: true, Unique: true, Description: "The version's number."},
			{Name: "approved_on", Type: DateT, Required: true, Description: "The day it was adopted or approved."},
			{Name: "title", Type: String, Description: "The revision's title."},
			{Name: "reasons", Type: String, Description: "The reasons of its changes, separated by \"; \"."},
		}, PrimaryKey: []string{"version"}}
	diffs := &Table{Name: "activity_changes", Title: "Differences between consecutive versions",
		Description: "One row per activity that changed from one version to the next: added, retired, moved, reworded or reassigned, with its text and parties before and after.",
		Fields: []Field{
			{Name: "from_version", Type: Integer, Required: true, Description: "The version before."},
			{Name: "to_version", Type: Integer, Required: true, Description: "The version after."},
			{Name: "identity", Type: String, Required: true, Description: "The activity's identity, the same across versions whatever its code."},
			{Name: "code", Type: String, Description: "Its code after; empty when retired."},
			{Name: "old_code", Type: String, Description: "Its code before; empty when added."},
			{Name: "kinds", Type: String, Required: true, Description: "added, retired, moved, reworded, reassigned, separated by \"; \"."},
			{Name: "text_before", Type: String, Description: "Its text before."},
			{Name: "text_after", Type: String, Description: "Its text after."},
			{Name: "responsible_before", Type: String, Description: "The ids of its responsible parties before, when reassigned."},
			{Name: "responsible_after", Type: String, Description: "The ids of its responsible parties after, when reassigned."},
			{Name: "co_responsible_before", Type: String, Description: "The ids of its co-responsible parties before, when reassigned."},
			{Name: "co_responsible_after", Type: String, Description: "The ids of its co-responsible parties after, when reassigned."},
			{Name: "reasons", Type: String, Description: "The reasons the revision gave, separated by \"; \"."},
		}, PrimaryKey: []string{"to_version", "identity"}}
	list, err := db.Versions(ctx, slug)
	if err != nil {
		return nil, err
	}
	for _, v := range list {
		versions.Rows = append(versions.Rows, []any{v.Number, Date(v.ApprovedOn), orNil(v.Title), orNil(strings.Join(v.Reasons, listSep))})
	}
	for i := 1; i < len(list); i++ {
		from, to := list[i-1].Number, list[i].Number
		d, err := published.Diff(ctx, db, slug, from, to)
		if err != nil {
			return nil, err
		}
		for _, a := range d.Activities {
			before, after := sides(a.Text)
			diffs.Rows = append(diffs.Rows, []any{from, to, a.Identity, orNil(a.Code), orNil(a.OldCode), strings.Join(a.Kinds, listSep),
				orNil(before), orNil(after), orNil(strings.Join(a.ResponsibleBefore, listSep)), orNil(strings.Join(a.ResponsibleAfter, listSep)),
				orNil(strings.Join(a.CoResponsibleBefore, listSep)), orNil(strings.Join(a.CoResponsibleAfter, listSep)), orNil(strings.Join(a.Reasons, listSep))})
		}
	}
	return &Dataset{Name: Versions,
		Title:       tr("Versiones y diferencias", "Versions and differences", "Versões e diferenças", "Versions et différences"),
		Description: tr("Cada versión aprobada del programa y lo que cambió en cada actividad de una versión a la siguiente, con las razones.", "Each approved version of the programme and what changed in each activity from one version to the next, with the reasons.", "Cada versão aprovada do programa e o que mudou em cada atividade de uma versão para a seguinte, com os motivos.", "Chaque version approuvée du programme et ce qui a changé dans chaque activité d'une version à la suivante, avec les motifs."),
		Tables:      []*Table{versions, diffs}}, nil
}

// sides returns the old and new texts of a word diff.
func sides(ops []bitacora.WordOp) (before, after string) {
	var b, a strings.Builder
	for _, op := range ops {
		if op.Op != bitacora.WordInsert {
			b.WriteString(op.Text)
		}
		if op.Op != bitacora.WordDelete {
			a.WriteString(op.Text)
		}
	}
	return b.String(), a.String()
}

func changesDataset(record []bitacora.AuditEntry) *Dataset {
	t := &Table{Name: "changes", Title: "Public change record",
		Description: "What the public pages' histories show of the change record: when and what, never who, and only what is published (accepted reports, approved versions and their changes, translations, the register's changes to the programme's parties). Drafts, submissions and accounts are left out.",
		Fields: []Field{
			{Name: "date", Type: DateT, Required: true, Description: "The day of the change (UTC)."},
			{Name: "action", Type: String, Required: true, Description: "What was done: programme.import, report.review (an accepted report), revision.approve, revision.change, translation.set, party.update…"},
			{Name: "subject", Type: String, Required: true, Description: "What it was done to: programme:{slug}, activity:{slug}/{code}, party:{id}."},
			{Name: "period", Type: String, Description: "The period of the accepted report."},
		}}
	for _, e := range record {
		period := e.AcceptedReport()
		if period == "?" {
			period = ""
		}
		t.Rows = append(t.Rows, []any{Date(e.At[:min(10, len(e.At))]), e.Action, e.Subject, orNil(period)})
	}
	return &Dataset{Name: Changes,
		Title:       tr("Registro público de cambios", "Public change record", "Registro público de alterações", "Registre public des modifications"),
		Description: tr("Cuándo y qué cambió en lo publicado del programa (nunca quién).", "When and what changed in what the programme publishes (never who).", "Quando e o que mudou no que o programa publica (nunca quem).", "Quand et quoi a changé dans ce que publie le programme (jamais qui)."),
		Tables:      []*Table{t}}
}
