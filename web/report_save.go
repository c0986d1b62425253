package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
)

// contentFromForm reads a report's content from the form: links one per
// line ("URL title"), events one per line ("date | place | participants").
func contentFromForm(r *http.Request, a *bitacora.Activity) (bitacora.ReportContent, bitacora.FieldErrors) {
	fe := bitacora.FieldErrors{}
	c := bitacora.ReportContent{Status: bitacora.Status(r.PostFormValue("status")), Completion: bitacora.Completion(r.PostFormValue("completion")),
		Narrative: strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("narrative"), "\r\n", "\n"))}
	for _, line := range strings.Split(r.PostFormValue("links"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			u, title, _ := strings.Cut(line, " ")
			c.Links = append(c.Links, bitacora.Link{URL: u, Title: strings.TrimSpace(title)})
		}
	}
	for _, line := range strings.Split(r.PostFormValue("events"), "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		parts := strings.SplitN(line, "|", 3)
		for len(parts) < 3 {
			parts = append(parts, "")
		}
		c.Events = append(c.Events, bitacora.Event{Date: strings.TrimSpace(parts[0]), Place: strings.TrimSpace(parts[1]), Participants: strings.TrimSpace(parts[2])})
	}
	for i := range a.Components {
		if v := r.PostFormValue("component_" + strconv.Itoa(i)); v != "" {
			c.Components = append(c.Components, bitacora.ComponentState{Index: i, Status: bitacora.Status(v)})
		}
	}
	for k, v := range c.Validate(a) {
		switch {
		case strings.HasPrefix(k, "links"):
			fe["links"] = v
		case strings.HasPrefix(k, "events"):
			fe["events"] = v
		case strings.HasPrefix(k, "components["):
			fe["components"] = v
		default:
			fe[k] = v
		}
	}
	return c, fe
}

// saveReport saves the report's content and, if one is attached, a file of
// evidence. A save based on a stale version answers 409 and shows both the
// user's text and the version it ran into; nothing is overwritten.
func (s *Server) saveReport(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseMultipart(w, r, bitacora.MaxFileSize+(1<<20)); err != nil {
		return err
	}
	t, err := s.reportTarget(r)
	if err != nil {
		return err
	}
	base, _ := strconv.Atoi(r.PostFormValue("version"))
	c, fe := contentFromForm(r, t.Activity)
	upload, _, ufe, err := readUpload(r, "file")
	if err != nil {
		return err
	}
	for k, v := range ufe {
		fe[k] = v
	}
	// A file the report holds already is refused by the store, in the
	// change that would save the text with it: neither is saved, and the
	// form says so below (field_file_duplicate).
	file, fileName, fileType := upload.Data, upload.Name, upload.ContentType
	keep := func(p *reportPage) {
		fillContent(p, p.L, t.Activity, c)
		p.Values["narrative"], p.Values["links"], p.Values["events"] = r.PostFormValue("narrative"), r.PostFormValue("links"), r.PostFormValue("events")
	}
	if err := fe.Check(); err != nil {
		return s.renderReport(w, r, t, http.StatusUnprocessableEntity, func(p *reportPage) {
			keep(p)
			p.fail(err)
		})
	}
	ctx := t.ctx(r)
	// The text and its file are one change: a refused file (or a crash)
	// leaves neither, never the text alone.
	if len(file) > 0 {
		_, err = s.svc.reports.SaveWithFile(ctx, t.Key, base, c, bitacora.Evidence{Name: fileName, ContentType: fileType, Data: file})
	} else {
		_, err = s.svc.reports.Save(ctx, t.Key, base, c)
	}
	var conflict *bitacora.Conflict
	switch {
	case errors.As(err, &conflict):
		return s.renderReport(w, r, t, http.StatusConflict, func(p *reportPage) {
			keep(p)
			p.Alert = p.L.T("report_conflict", "Version", conflict.Current.Version)
			p.Conflict = s.view(p.L, t.Doc, t.Activity, conflict.Current)
			p.Version = conflict.Current.Version
		})
	case err != nil:
		var ife *bitacora.InvalidFields
		if errors.As(err, &ife) || bitacora.ErrorCode(err) == bitacora.ECONFLICT {
			return s.renderReport(w, r, t, http.StatusUnprocessableEntity, func(p *reportPage) {
				keep(p)
				p.fail(err)
			})
		}
		return err
	}
	s.flash(w, "report_saved")
	http.Redirect(w, r, localURL(language(r), "/"+t.Key.Programme+"/activities/"+t.Key.Activity+"/reports/"+t.Key.Period), http.StatusSeeOther)
	return nil
}
