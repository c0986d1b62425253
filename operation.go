package bitacora

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/elac/bitacora/iatiread"
)

// Operation is a partner's IATI activity (a loan, a grant, a technical
// cooperation: an "operation") linked by the secretariat to a programme
// activity as evidence of what carries it out. It keeps what the file
// said when it was linked; linking the same identifier again refreshes
// it.
type Operation struct {
	Programme string            `json:"-"`
	Activity  string            `json:"activity"` // the programme activity's code
	IATI      iatiread.Activity `json:"iati"`
	Source    string            `json:"source,omitempty"` // the file's name
	LinkedAt  string            `json:"linked_at"`        // AuditTimeFormat
}

// OperationLink asks for one IATI activity to be linked to a programme
// activity.
type OperationLink struct {
	Activity string // the programme activity's code
	IATI     iatiread.Activity
}

// DPortalURL is where anyone reads the publisher's own record of an IATI
// activity: d-portal shows every activity published to the IATI
// registry by its identifier.
func DPortalURL(identifier string) string {
	return "https://d-portal.org/ctrack.html#view=act&aid=" + url.QueryEscape(identifier)
}

// FollowUpCover is what the follow-up report's cover says, as the
// secretariat sets it: the report's title in each language it chose (a
// language without one gets the catalogue's) and its date.
type FollowUpCover struct {
	Titles map[string]string `json:"titles,omitempty"` // by language
	Date   string            `json:"date,omitempty"`   // YYYY-MM-DD; "" is the day it is made
}

// Title is the cover's title in lang, "" when the secretariat set none.
func (c FollowUpCover) Title(lang string) string { return c.Titles[lang] }

// Check refuses a cover that is not one: a date that is not a date, a
// title over a line's length or in a language the site does not speak.
func (c FollowUpCover) Check() error {
	fe := FieldErrors{}
	if c.Date != "" {
		if _, err := time.Parse(time.DateOnly, c.Date); err != nil {
			fe["date"] = "field_date_invalid"
		}
	}
	for lang, t := range c.Titles {
		switch lang {
		case "es", "en", "pt", "fr":
		default:
			fe["title_"+lang] = "field_lang_invalid"
			continue
		}
		if len(t) > 300 || strings.ContainsAny(t, "\r\n") {
			fe["title_"+lang] = "field_followup_title_invalid"
		}
	}
	return fe.Check()
}

// OperationStore keeps the operations linked to a programme's activities
// and the follow-up report's cover.
type OperationStore interface {
	LinkOperations(ctx context.Context, slug, source string, links []OperationLink) error
	UnlinkOperation(ctx context.Context, slug, activity, identifier string) error
	SetFollowUpCover(ctx context.Context, slug string, c FollowUpCover) error
}

// Operations are the partners' IATI activities linked to programme
// activities, and the follow-up report the Bureau takes to the
// Conference: the secretariat links, unlinks and sets the report's cover
// (Principal.CanEditContent).
type Operations struct{ store OperationStore }

// NewOperations returns the operations service over s.
func NewOperations(s OperationStore) *Operations { return &Operations{store: s} }

// Link links each IATI activity to its programme activity, all or
// nothing, from the file named source.
func (s *Operations) Link(ctx context.Context, slug, source string, links []OperationLink) error {
	if err := decide(ctx, "Operations.Link", PrincipalFrom(ctx).CanEditContent(), errMayNot); err != nil {
		return err
	}
	if len(links) == 0 {
		return Errorf(EINVALID, "nothing to link").WithKey("error_nothing_to_link")
	}
	return s.store.LinkOperations(ctx, slug, source, links)
}

// Unlink removes the link of the IATI activity identifier from the
// programme activity.
func (s *Operations) Unlink(ctx context.Context, slug, activity, identifier string) error {
	if err := decide(ctx, "Operations.Unlink", PrincipalFrom(ctx).CanEditContent(), errMayNot); err != nil {
		return err
	}
	return s.store.UnlinkOperation(ctx, slug, activity, identifier)
}

// SetCover sets the follow-up report's title and date.
func (s *Operations) SetCover(ctx context.Context, slug string, c FollowUpCover) error {
	if err := decide(ctx, "Operations.SetCover", PrincipalFrom(ctx).CanEditContent(), errMayNot); err != nil {
		return err
	}
	if err := c.Check(); err != nil {
		return err
	}
	return s.store.SetFollowUpCover(ctx, slug, c)
}
