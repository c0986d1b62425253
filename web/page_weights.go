package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/published"
)

// The weights of a programme's activities in its progress: a form by
// objective, grouped by area, whose "Preview" shows the rollup before and
// after without saving, and whose "Save" saves through Weights.Set.

type weightRow struct {
	Code, Name, Value, Error string
	Text                     text
}

type weightObjective struct {
	Number int
	Text   text
	Rows   []weightRow
}

type weightArea struct {
	Number     int
	Title      text
	Objectives []weightObjective
}

// rollupChange is one line of the preview: a programme, area or
// objective's progress before and after.
type rollupChange struct {
	Label, Before, After string
	Changed              bool
	Level                int // 0 programme, 1 area, 2 objective
}

type weightsPage struct {
	formPage
	Action  string
	Areas   []weightArea
	Preview []rollupChange
}

func (s *Server) weights(w http.ResponseWriter, r *http.Request) error {
	return s.renderWeights(w, r, nil, nil)
}

// renderWeights shows the form with values (by activity code; nil: the
// saved weights), and fill's additions.
func (s *Server) renderWeights(w http.ResponseWriter, r *http.Request, values map[string]string, fill func(*weightsPage)) error {
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	l := s.localizer(r)
	v := viewer{l: l, snap: snap, doc: doc}
	data := weightsPage{formPage: s.newFormPage(w, r, l.T("desk_weights_title")), Action: v.url(v.programmePath() + "/weights")}
	data.Crumbs = v.crumbs(crumb{Text: l.T("desk_weights_title")})
	saved := snap.Weights[doc.Programme.Slug]
	for _, a := range doc.Areas {
		wa := weightArea{Number: a.Number, Title: v.areaTitle(&a)}
		for _, o := range a.Objectives {
			wo := weightObjective{Number: o.Number, Text: v.objectiveText(&o)}
			for _, act := range o.Activities {
				row := weightRow{Code: act.Code, Name: "w_" + act.Code, Text: v.text("activity:"+act.Code, "text", act.Text)}
				if values != nil {
					row.Value = values[act.Code]
				} else {
					row.Value = formatWeight(1)
					if wt, ok := saved[act.Code]; ok {
						row.Value = formatWeight(wt)
					}
				}
				wo.Rows = append(wo.Rows, row)
			}
			wa.Objectives = append(wa.Objectives, wo)
		}
		data.Areas = append(data.Areas, wa)
	}
	if fill != nil {
		fill(&data)
		for ai := range data.Areas {
			for oi := range data.Areas[ai].Objectives {
				for ri := range data.Areas[ai].Objectives[oi].Rows {
					row := &data.Areas[ai].Objectives[oi].Rows[ri]
					row.Error = data.Errors["weights."+row.Code]
				}
			}
		}
	}
	return s.renderForm(w, r, http.StatusOK, "weights", &data.formPage, data)
}

func formatWeight(w float64) string { return strconv.FormatFloat(w, 'f', -1, 64) }

// parseWeight reads a weight as people type it: "2", "0.5" or "0,5".
func parseWeight(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
}

// setWeights previews (action=preview) or saves the weights of the form.
// An activity left empty weighs 1.
func (s *Server) setWeights(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	ctx, err := s.acting(r)
	if err != nil {
		return err
	}
	snap, doc, err := s.programmeDoc(r)
	if err != nil {
		return err
	}
	values := map[string]string{}
	weights := map[string]float64{}
	fe := bitacora.FieldErrors{}
	for _, a := range doc.Areas {
		for _, o := range a.Objectives {
			for _, act := range o.Activities {
				raw := r.PostForm.Get("w_" + act.Code)
				values[act.Code] = raw
				if strings.TrimSpace(raw) == "" {
					continue
				}
				wt, ok := parseWeight(raw)
				switch {
				case !ok:
					fe["weights."+act.Code] = "field_number_invalid"
				case wt <= 0 || wt > 1000:
					fe["weights."+act.Code] = "field_weight_invalid"
				case wt != 1:
					weights[act.Code] = wt
				}
			}
		}
	}
	err = fe.Check()
	if err == nil && r.PostForm.Get("action") == "preview" {
		return s.renderWeights(w, r, values, func(pg *weightsPage) {
			pg.Preview, err = weightsPreview(pg, snap, doc, weights)
			if err != nil {
				pg.fail(err)
			}
		})
	}
	if err == nil {
		err = s.svc.weights.Set(ctx, doc.Programme.Slug, weights)
	}
	if err != nil {
		return s.renderWeights(w, r, values, func(pg *weightsPage) { pg.fail(err) })
	}
	s.flash(w, "weights_saved")
	http.Redirect(w, r, localURL(language(r), "/"+doc.Programme.Slug+"/weights"), http.StatusSeeOther)
	return nil
}

// weightsPreview rolls the programme up today with the saved weights and
// with the new ones: the programme's, each area's and each objective's
// completion, before and after.
func weightsPreview(pg *weightsPage, snap *published.Snapshot, doc *bitacora.Document, weights map[string]float64) ([]rollupChange, error) {
	slug := doc.Programme.Slug
	today := published.Today()
	before, err := bitacora.RollupStandings(doc, snap.Periods[slug], snap.Standings(slug), snap.Weights[slug], today)
	if err != nil {
		return nil, err
	}
	after, err := bitacora.RollupStandings(doc, snap.Periods[slug], snap.Standings(slug), weights, today)
	if err != nil {
		return nil, err
	}
	l := pg.L
	say := func(t bitacora.Tally) string {
		if t.Reported == 0 {
			return l.T("desk_not_reported")
		}
		return l.T("percent", "Value", l.Number(t.Percent))
	}
	change := func(label string, level int, b, a bitacora.Tally) rollupChange {
		return rollupChange{Label: label, Level: level, Before: say(b), After: say(a), Changed: b.Completion != a.Completion}
	}
	out := []rollupChange{change(l.T("desk_preview_programme"), 0, before.Tally, after.Tally)}
	for i, ap := range after.Areas {
		bp := before.Areas[i]
		out = append(out, change(l.T("desk_group_area", "Number", ap.Number), 1, bp.Tally, ap.Tally))
		for j, op := range ap.Objectives {
			out = append(out, change(l.T("desk_field_objective", "Number", strconv.Itoa(op.Number)), 2, bp.Objectives[j].Tally, op.Tally))
		}
	}
	return out, nil
}
