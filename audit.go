package bitacora

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
)

// AuditEntry is one change in the change record: who made it, when, to what,
// and the thing before and after. Each entry carries the hash of the one
// before it, so that an entry edited, deleted or moved after it was written
// breaks the chain where it happened.
type AuditEntry struct {
	Seq int64 `json:"seq"`
	// At is when the change was made: RFC 3339 in UTC with microseconds,
	// kept as text so that every database hashes the same bytes.
	At      string `json:"at"`
	Actor   string `json:"actor"`   // Actor.String() of who made it
	Action  string `json:"action"`  // "programme.import", "translation.set", "user.create"…
	Subject string `json:"subject"` // "programme:elac2020", "activity:elac2020/1.3", "party:isoc", "user:12"…
	// Before and After are the thing as JSON, null when there was none
	// (before a creation, after a removal).
	Before   json.RawMessage `json:"before"`
	After    json.RawMessage `json:"after"`
	PrevHash string          `json:"prev_hash"`
	Hash     string          `json:"hash"`
}

// AuditGenesis is the previous hash of the first entry.
const AuditGenesis = "0000000000000000000000000000000000000000000000000000000000000000"

// AuditTimeFormat is the layout of AuditEntry.At.
const AuditTimeFormat = "2006-01-02T15:04:05.000000Z07:00"

// ComputeHash returns the hash that e should carry: the hex SHA-256 of its
// previous hash, a newline and its canonical JSON.
func (e *AuditEntry) ComputeHash() string {
	h := sha256.New()
	h.Write([]byte(e.PrevHash))
	h.Write([]byte{'\n'})
	h.Write(e.Canonical())
	return hex.EncodeToString(h.Sum(nil))
}

// Canonical returns what ComputeHash hashes: e without its hash, as JSON
// with the fields in a fixed order and no spaces. Before and After go in
// byte for byte as stored, not re-encoded, so that no edit to them, not
// even of white space, keeps the hash; anyone can recompute it from an
// export.
func (e *AuditEntry) Canonical() []byte {
	b := make([]byte, 0, 256+len(e.Before)+len(e.After))
	b = append(b, `{"seq":`...)
	b = strconv.AppendInt(b, e.Seq, 10)
	b = appendJSONField(b, "at", e.At)
	b = appendJSONField(b, "actor", e.Actor)
	b = appendJSONField(b, "action", e.Action)
	b = appendJSONField(b, "subject", e.Subject)
	b = append(b, `,"before":`...)
	b = append(b, rawOrNull(e.Before)...)
	b = append(b, `,"after":`...)
	b = append(b, rawOrNull(e.After)...)
	b = appendJSONField(b, "prev_hash", e.PrevHash)
	return append(b, '}')
}

func appendJSONField(b []byte, name, value string) []byte {
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	q, _ := json.Marshal(value) // a string always marshals
	return append(b, q...)
}

func rawOrNull(r json.RawMessage) []byte {
	if len(r) == 0 {
		return []byte("null")
	}
	return r
}

// The actions of the change record. This is the one place they are
// declared: every writer in the store uses these constants (a store test
// checks that no literal is passed), and the catalogue has a label for each
// (ActionMessageKey, checked in every language by the locale tests), since
// pages build the label's key at run time.
const (
	ActionProgrammeImport   = "programme.import"
	ActionProgrammeSettings = "programme.settings"
	ActionTranslationSet    = "translation.set"
	ActionPeriodsSet        = "periods.set"
	ActionWeightsSet        = "weights.set"
	ActionDeadlineExtend    = "deadline.extend"
	ActionRemindersSend     = "reminders.send"

	ActionReportSave   = "report.save"
	ActionReportSubmit = "report.submit"
	ActionReportReview = "report.review"
	ActionReportFile   = "report.file"
	// A file removed (or replaced) in a draft by its authors, and one
	// taken down by the secretariat after it was published.
	ActionReportFileRemove   = "report.file_remove"
	ActionReportFileWithdraw = "report.file_withdraw"
	ActionReportContribute   = "report.contribute"
	ActionReportImport       = "report.import"

	ActionRevisionDraft   = "revision.draft"
	ActionRevisionEdit    = "revision.edit"
	ActionRevisionChange  = "revision.change"
	ActionRevisionApprove = "revision.approve"
	ActionRevisionPropose = "revision.propose"
	ActionRevisionReturn  = "revision.return"

	ActionMembershipAdd = "membership.add"
	ActionMembershipEnd = "membership.end"

	ActionTokenCreate = "token.create"
	ActionTokenRevoke = "token.revoke"

	ActionUserCreate         = "user.create"
	ActionUserUpdate         = "user.update"
	ActionUserPasswordLink   = "user.password_link"
	ActionUserPasswordSet    = "user.password_set"
	ActionUserPasswordChange = "user.password_change"

	ActionPartyAdd     = "party.add"
	ActionPartyUpdate  = "party.update"
	ActionPartyAliases = "party.aliases"
	ActionPartyChairs  = "party.chairs"
	ActionPartyMerge   = "party.merge"

	ActionOperationLink   = "operation.link"
	ActionOperationUnlink = "operation.unlink"
	ActionFollowUpCover   = "followup.cover"
	ActionIndicatorAdd    = "indicator.add"
	ActionIndicatorUpdate = "indicator.update"
	ActionIndicatorImport = "indicator.import"
)

// AuditActions lists every action of the change record.
var AuditActions = []string{
	ActionProgrammeImport, ActionProgrammeSettings, ActionTranslationSet, ActionPeriodsSet, ActionWeightsSet, ActionDeadlineExtend, ActionRemindersSend,
	ActionReportSave, ActionReportSubmit, ActionReportReview, ActionReportFile, ActionReportFileRemove, ActionReportFileWithdraw, ActionReportContribute, ActionReportImport,
	ActionRevisionDraft, ActionRevisionEdit, ActionRevisionChange, ActionRevisionApprove, ActionRevisionPropose, ActionRevisionReturn,
	ActionMembershipAdd, ActionMembershipEnd, ActionTokenCreate, ActionTokenRevoke,
	ActionUserCreate, ActionUserUpdate, ActionUserPasswordLink, ActionUserPasswordSet, ActionUserPasswordChange,
	ActionPartyAdd, ActionPartyUpdate, ActionPartyAliases, ActionPartyChairs, ActionPartyMerge,
	ActionOperationLink, ActionOperationUnlink, ActionFollowUpCover,
	ActionIndicatorAdd, ActionIndicatorUpdate, ActionIndicatorImport,
}

// ActionMessageKey is the catalogue key of an action's label:
// "report.save" → "action_report_save".
func ActionMessageKey(action string) string {
	return "action_" + strings.ReplaceAll(action, ".", "_")
}

// PublicOn reports whether the public may see e in the history of a page
// about subject (an activity's or a party's; the activity page also asks
// for its programme's entries). The public sees what is published: a
// report once accepted, a version once approved (the changes it made to
// that activity), a published file withdrawn (said without its name),
// and changes made to the subject itself (its
// translations, its focal points, what the register set of a party, a
// merge into it), plus the programme's import, where
// every activity starts. Drafts, submissions, draft revisions and
// programme-wide settings (weights, periods) are not shown, nor anything
// about accounts.
func (e AuditEntry) PublicOn(subject string) bool {
	switch e.Action {
	case ActionReportReview, ActionReportImport:
		return e.Subject == subject && e.AcceptedReport() != ""
	case ActionRevisionChange, ActionTranslationSet, ActionMembershipAdd, ActionMembershipEnd, ActionReportFileWithdraw,
		ActionPartyAdd, ActionPartyUpdate, ActionPartyAliases, ActionPartyChairs, ActionPartyMerge,
		ActionOperationLink, ActionOperationUnlink:
		return e.Subject == subject
	case ActionProgrammeImport:
		return true
	}
	return false
}

// AcceptedReport returns the period of the report e accepted, or "" when e
// did not leave a report accepted.
func (e AuditEntry) AcceptedReport() string {
	if e.Action != ActionReportReview && e.Action != ActionReportImport {
		return ""
	}
	var after struct {
		Period string      `json:"period"`
		State  ReviewState `json:"state"`
	}
	if json.Unmarshal(e.After, &after) != nil || after.State != StateAccepted {
		return ""
	}
	if after.Period == "" {
		return "?"
	}
	return after.Period
}

// AuditHead is where the change record ended at some moment: the seq and
// hash of its last entry, and when that entry was written. Printed by
// `bitacora audit head` for the operator to keep outside the database (a
// dated, public place: a mail to a list, a signed commit, a minute of a
// Bureau meeting), it lets `bitacora audit verify --against` tell a log
// rewritten whole from the one that was: whoever can write to the database
// can rehash every entry and move the head, but cannot change a copy kept
// elsewhere.
type AuditHead struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
	At   string `json:"at,omitempty"` // the last entry's At; "" for an empty log
}

// Valid reports whether h can be a head: a seq from 0, a hex SHA-256.
func (h AuditHead) Valid() bool {
	if h.Seq < 0 || len(h.Hash) != len(AuditGenesis) {
		return false
	}
	for i := 0; i < len(h.Hash); i++ {
		if c := h.Hash[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return h.Seq > 0 || h.Hash == AuditGenesis
}
