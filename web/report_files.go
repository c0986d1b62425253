package web

import (
	"context"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/param"
)

// The evidence files of a report, from its page: its authors remove a
// file from a draft or replace it; the secretariat withdraws a file that
// an accepted version published by mistake. Each step's service decides
// who may.

// readUpload reads the upload in the form's field: its name, its type told
// from its bytes, and the bytes; field is the form field's error key when
// the upload is not evidence, and ok false when there is no upload.
func readUpload(r *http.Request, field string) (e bitacora.Evidence, ok bool, fe bitacora.FieldErrors, err error) {
	fe = bitacora.FieldErrors{}
	f, hdr, err := r.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) {
		return e, false, fe, nil
	}
	if err != nil {
		return e, false, fe, bitacora.Errorf(bitacora.EINVALID, "malformed upload").WithKey("error_malformed_upload")
	}
	defer f.Close()
	return sniffUpload(f, hdr, field)
}

func sniffUpload(f multipart.File, hdr *multipart.FileHeader, field string) (e bitacora.Evidence, ok bool, fe bitacora.FieldErrors, err error) {
	fe = bitacora.FieldErrors{}
	e.Name = cleanFileName(hdr.Filename)
	data, err := readFormFile(f, hdr, bitacora.MaxFileSize)
	if errors.Is(err, errOverLimit) {
		fe[field] = "field_file_large"
		return e, true, fe, nil
	}
	if err != nil {
		return e, false, fe, err
	}
	e.Data = data
	var sniffed bool
	switch e.ContentType, sniffed = sniffEvidence(data); {
	case len(data) == 0 && hdr.Filename != "":
		fe[field] = "field_file_type"
	case !sniffed && len(data) > 0:
		fe[field] = "field_file_type"
	}
	return e, len(data) > 0 || hdr.Filename != "", fe, nil
}

// removeFile takes a file off the report's working version.
func (s *Server) removeFile(w http.ResponseWriter, r *http.Request) error {
	id, err := param.ID(r, "id")
	if err != nil {
		return err
	}
	return s.transition(w, r, func(ctx context.Context, t *reportTarget, base int) (string, error) {
		_, err := s.svc.reports.RemoveFile(ctx, t.Key, base, id)
		return "file_removed", err
	})
}

// replaceFile puts an upload in the place of the file chosen, in one
// change: the report never lists both, nor neither.
func (s *Server) replaceFile(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseMultipart(w, r, bitacora.MaxFileSize+(1<<20)); err != nil {
		return err
	}
	t, err := s.reportTarget(r)
	if err != nil {
		return err
	}
	base, _ := strconv.Atoi(r.PostFormValue("version"))
	id, _ := strconv.ParseInt(r.PostFormValue("file_id"), 10, 64)
	e, ok, fe, err := readUpload(r, "replacement")
	if err != nil {
		return err
	}
	if !ok {
		fe["replacement"] = "field_required"
	}
	if id <= 0 {
		fe["file_id"] = "field_required"
	}
	err = fe.Check()
	if err == nil {
		_, err = s.svc.reports.ReplaceFile(t.ctx(r), t.Key, base, id, e.Name, e.ContentType, e.Data)
	}
	if err == nil {
		s.flash(w, "file_replaced")
		http.Redirect(w, r, localURL(language(r), reportPath(t.Key)), http.StatusSeeOther)
		return nil
	}
	return s.fileFormFailed(w, r, t, err, map[string]string{"file": "replacement"})
}

// withdrawFile takes down a file of the public version, with the reason.
func (s *Server) withdrawFile(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	t, err := s.reportTarget(r)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PostForm.Get("file_id"), 10, 64)
	if id <= 0 {
		return s.fileFormFailed(w, r, t, &bitacora.InvalidFields{Fields: bitacora.FieldErrors{"withdraw_file": "field_required"}}, nil)
	}
	if err := s.svc.reports.WithdrawFile(t.ctx(r), t.Key, id, r.PostForm.Get("reason")); err != nil {
		return s.fileFormFailed(w, r, t, err, nil)
	}
	s.flash(w, "file_withdrawn")
	http.Redirect(w, r, localURL(language(r), reportPath(t.Key)), http.StatusSeeOther)
	return nil
}

// fileFormFailed shows the report again with what went wrong in a files'
// form, its fields renamed as the form names them (rename: the store's
// field → the form's); an error the form cannot show goes to Server.error.
func (s *Server) fileFormFailed(w http.ResponseWriter, r *http.Request, t *reportTarget, err error, rename map[string]string) error {
	var conflict *bitacora.Conflict
	var ife *bitacora.InvalidFields
	switch {
	case errors.As(err, &conflict):
		return s.renderReport(w, r, t, http.StatusConflict, func(p *reportPage) {
			p.Alert = p.L.T("report_conflict", "Version", conflict.Current.Version)
		})
	case errors.As(err, &ife):
		fields := bitacora.FieldErrors{}
		for k, v := range ife.Fields {
			if to, ok := rename[k]; ok {
				k = to
			}
			fields[k] = v
		}
		err = &bitacora.InvalidFields{Fields: fields}
	case bitacora.ErrorCode(err) != bitacora.ECONFLICT:
		return err
	}
	return s.renderReport(w, r, t, http.StatusUnprocessableEntity, func(p *reportPage) {
		p.fail(err)
		p.Values["reason"] = strings.TrimSpace(r.PostFormValue("reason"))
		p.Values["file_id"] = r.PostFormValue("file_id")
	})
}

// reportPath is a report page's path, without the language.
func reportPath(k bitacora.ReportKey) string {
	return "/" + k.Programme + "/activities/" + k.Activity + "/reports/" + k.Period
}

// formFile reads the file sent in the form's field, at most max bytes: its
// bytes and its base name, ok false when none was sent. A malformed upload
// is a 400, a file over max a 413 that says the limit. The upload forms of
// the workspace (reports, translations, indicators, IATI files) read their
// file through it; evidence files have readUpload, which also tells their
// type.
func formFile(r *http.Request, field string, max int64) (data []byte, name string, ok bool, err error) {
	f, hdr, err := r.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) {
		return nil, "", false, nil
	}
	if err != nil {
		return nil, "", false, bitacora.Errorf(bitacora.EINVALID, "malformed upload").WithKey("error_malformed_upload")
	}
	defer f.Close()
	data, err = readFormFile(f, hdr, max)
	if errors.Is(err, errOverLimit) {
		return nil, "", false, bitacora.Errorf(bitacora.ETOOLARGE, "the file is larger than %d MB", max>>20).WithKey("error_file_too_large", "MB", max>>20)
	}
	if err != nil {
		return nil, "", false, err
	}
	return data, filepath.Base(strings.ReplaceAll(hdr.Filename, `\`, "/")), true, nil
}

// errOverLimit is an upload larger than its form allows.
var errOverLimit = errors.New("the upload is over its limit")

// readFormFile reads an uploaded file of at most limit bytes into one
// buffer of the size the form declares: io.ReadAll, growing as it goes,
// would leave about twice the file as garbage (40 MB for an evidence file
// at its limit). A file over the limit is errOverLimit, and none of it is
// read: the multipart reader counted its bytes (hdr.Size) as it spooled
// them to disk. Reading one refused anyway cost a buffer of the limit's
// size, and growing that buffer by its last byte a copy of 20 MB that the
// runtime cannot interrupt: the collector waited for it with the other
// core, and every request, /healthz too, waited 0.1–0.7 s
// (scripts/faults.sh limits, traced). A size the form got wrong still
// reads at most limit+1 bytes.
func readFormFile(f multipart.File, hdr *multipart.FileHeader, limit int64) ([]byte, error) {
	if hdr.Size > limit {
		return nil, errOverLimit
	}
	data, err := readAllSized(io.LimitReader(f, limit+1), max(hdr.Size, 0)+1)
	if err == nil && int64(len(data)) > limit {
		return nil, errOverLimit
	}
	return data, err
}

// readAllSized is io.ReadAll starting from a buffer of size bytes, which
// the whole of r fits in when size is right (one more byte, for the end).
func readAllSized(r io.Reader, size int64) ([]byte, error) {
	b := make([]byte, 0, size)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // wrong size: grow as io.ReadAll does
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}
