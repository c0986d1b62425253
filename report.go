package bitacora

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Period is a reporting period of a programme, with its deadline.
type Period struct {
	Key      string `json:"key"`       // "2019-H1"
	StartsOn string `json:"starts_on"` // YYYY-MM-DD
	EndsOn   string `json:"ends_on"`
	Deadline string `json:"deadline"` // reports are due by this day
}

// Closed reports whether the period's deadline has passed on the day.
func (p Period) Closed(today string) bool { return p.Deadline < today }

// HalfYears returns the half-year periods from the first half named to the
// last (for example 2018-H2 to 2020-H2), each due 45 days after it ends.
func HalfYears(from, to string) ([]Period, error) {
	fy, fh, err := parseHalf(from)
	if err != nil {
		return nil, err
	}
	ty, th, err := parseHalf(to)
	if err != nil {
		return nil, err
	}
	var ps []Period
	for y, h := fy, fh; y < ty || y == ty && h <= th; {
		start := time.Date(y, time.Month(1+6*(h-1)), 1, 0, 0, 0, 0, time.UTC)
		end := start.AddDate(0, 6, -1)
		ps = append(ps, Period{Key: fmt.Sprintf("%d-H%d", y, h), StartsOn: start.Format(time.DateOnly),
			EndsOn: end.Format(time.DateOnly), Deadline: end.AddDate(0, 0, 45).Format(time.DateOnly)})
		if h == 2 {
			y, h = y+1, 1
		} else {
			h = 2
		}
	}
	return ps, nil
}

func parseHalf(s string) (year, half int, err error) {
	if _, err := fmt.Sscanf(s, "%d-H%d", &year, &half); err != nil || half < 1 || half > 2 || year < 1900 || year > 2200 {
		return 0, 0, fmt.Errorf("%q is not a half-year like 2019-H1", s)
	}
	return year, half, nil
}

// ValidPeriodKey reports whether key can name a reporting period: 1 to 20
// bytes, none of them a space or one of "/?#". The web layer accepts in a
// URL exactly the keys this accepts, so that every period it lists can be
// opened.
func ValidPeriodKey(key string) bool {
	return key != "" && len(key) <= 20 && !strings.ContainsAny(key, " /?#")
}

// ValidatePeriods checks a programme's periods: keys unique and short,
// dates valid and in order, periods not overlapping.
func ValidatePeriods(ps []Period) FieldErrors {
	fe := FieldErrors{}
	seen := map[string]bool{}
	for i, p := range ps {
		f := fmt.Sprintf("periods[%d]", i)
		switch {
		case !ValidPeriodKey(p.Key):
			fe[f+".key"] = "field_period_key_invalid"
		case seen[p.Key]:
			fe[f+".key"] = "field_period_key_taken"
		}
		seen[p.Key] = true
		if !ValidDate(p.StartsOn) || !ValidDate(p.EndsOn) || p.EndsOn < p.StartsOn {
			fe[f+".ends_on"] = "field_end_date_invalid"
		}
		if !ValidDate(p.Deadline) || p.Deadline < p.EndsOn {
			fe[f+".deadline"] = "field_deadline_invalid"
		}
		if i > 0 && p.StartsOn <= ps[i-1].EndsOn {
			fe[f+".starts_on"] = "field_period_overlap"
		}
	}
	return fe
}

// Status is where an activity stands, after the IATI activity status
// codelist, with "delayed" added as follow-up needs it.
type Status string

const (
	StatusNotStarted Status = "not_started"
	StatusUnderWay   Status = "under_way"
	StatusCompleted  Status = "completed"
	StatusDelayed    Status = "delayed"
	StatusSuspended  Status = "suspended"
	StatusCancelled  Status = "cancelled"
	// StatusNotReported is no status: no accepted report. It never counts
	// as zero progress.
	StatusNotReported Status = "not_reported"
)

// Statuses lists the statuses a report may give, in display order.
var Statuses = []Status{StatusNotStarted, StatusUnderWay, StatusDelayed, StatusSuspended, StatusCompleted, StatusCancelled}

// Valid reports whether s is a status a report may give.
func (s Status) Valid() bool {
	for _, k := range Statuses {
		if s == k {
			return true
		}
	}
	return false
}

// Completion is how far a commitment got, after the Open Government
// Partnership's assessment levels.
type Completion string

const (
	CompletionNotStarted  Completion = "not_started"
	CompletionLimited     Completion = "limited"
	CompletionSubstantial Completion = "substantial"
	CompletionComplete    Completion = "complete"
)

// Completions lists the levels, lowest first.
var Completions = []Completion{CompletionNotStarted, CompletionLimited, CompletionSubstantial, CompletionComplete}

// Level returns the completion as 0 (not started) to 3 (complete), or -1.
func (c Completion) Level() int {
	for i, k := range Completions {
		if c == k {
			return i
		}
	}
	return -1
}

// ReviewState is where a report stands in the Bureau's review.
type ReviewState string

const (
	StateDraft     ReviewState = "draft"
	StateSubmitted ReviewState = "submitted"
	StateReturned  ReviewState = "returned"
	StateAccepted  ReviewState = "accepted"
)

// Link is a piece of evidence on the web.
type Link struct {
	URL   string `json:"url"`
	Title string `json:"title"`
}

// Event is a meeting, workshop or other event held for the activity.
type Event struct {
	Date         string `json:"date"`
	Place        string `json:"place"`
	Participants string `json:"participants"`
}

// ComponentState is where one component of the activity stands.
type ComponentState struct {
	Index  int    `json:"index"` // position in Activity.Components
	Status Status `json:"status"`
}

// File is an uploaded piece of evidence, without its bytes.
type File struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
}

// Contribution is what a co-responsible party adds to the lead's report.
type Contribution struct {
	PartyID string `json:"party_id"`
	Text    string `json:"text"`
	At      string `json:"at"`
}

// ReportContent is what a report says: the part its authors write.
type ReportContent struct {
	Status     Status           `json:"status"`
	Completion Completion       `json:"completion"`
	Narrative  string           `json:"narrative"` // Markdown
	Links      []Link           `json:"links"`
	Events     []Event          `json:"events"`
	Components []ComponentState `json:"components"`
}

// Report is the progress report on one activity for one period.
type Report struct {
	Programme string      `json:"programme"`
	Activity  string      `json:"activity"`
	Period    string      `json:"period"`
	Version   int         `json:"version"` // bumped by every change; edits carry the version they started from
	State     ReviewState `json:"state"`
	ReportContent
	Files         []File         `json:"files"`
	Contributions []Contribution `json:"contributions"`
	// ReviewComment is the Bureau's comment when it returned the report.
	ReviewComment string `json:"review_comment,omitempty"`
	UpdatedAt     string `json:"updated_at"`
	SubmittedAt   string `json:"submitted_at,omitempty"`
	AcceptedAt    string `json:"accepted_at,omitempty"`
}

// Limits on what a report may hold.
const (
	MaxNarrative = 20000
	MaxLinks     = 30
	MaxEvents    = 50
	MaxFileSize  = 20 << 20
)

// Validate checks a report's content against its activity.
func (c *ReportContent) Validate(a *Activity) FieldErrors {
	fe := FieldErrors{}
	if !c.Status.Valid() {
		fe["status"] = "field_status_invalid"
	}
	if c.Completion.Level() < 0 {
		fe["completion"] = "field_completion_invalid"
	}
	if utf8.RuneCountInString(c.Narrative) > MaxNarrative {
		fe["narrative"] = "field_narrative_long"
	}
	if len(c.Links) > MaxLinks {
		fe["links"] = "field_too_many"
	}
	for i, l := range c.Links {
		u, err := url.Parse(l.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(l.URL) > 2000 || len(l.Title) > 300 {
			fe[fmt.Sprintf("links[%d]", i)] = "field_link_invalid"
		}
	}
	if len(c.Events) > MaxEvents {
		fe["events"] = "field_too_many"
	}
	for i, e := range c.Events {
		if !ValidDate(e.Date) || strings.TrimSpace(e.Place) == "" || len(e.Place) > 300 || len(e.Participants) > 2000 {
			fe[fmt.Sprintf("events[%d]", i)] = "field_event_invalid"
		}
	}
	for i, cs := range c.Components {
		if a == nil || cs.Index < 0 || cs.Index >= len(a.Components) || !cs.Status.Valid() {
			fe[fmt.Sprintf("components[%d]", i)] = "field_component_invalid"
		}
	}
	return fe
}

// ReportKey names a report: a programme, an activity and a period.
type ReportKey struct {
	Programme, Activity, Period string
}

// Conflict is the error of a stale edit: the report changed since the
// version the edit started from. It carries the report as it is now, so
// that the form can show both.
type Conflict struct {
	Current *Report
}

func (c *Conflict) Error() string {
	return fmt.Sprintf("the report changed meanwhile: it is at version %d", c.Current.Version)
}

// ErrorCode makes a Conflict an ECONFLICT for the web layer.
func (c *Conflict) Unwrap() error {
	return Errorf(ECONFLICT, "%s", c.Error()).WithKey("error_report_changed", "Version", c.Current.Version)
}
