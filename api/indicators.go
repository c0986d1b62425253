package api

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/elac/bitacora"
	"github.com/elac/bitacora/indicatorfile"
	"github.com/elac/bitacora/param"
)

// Indicators: definitions read by anyone and written by the secretariat
// (bitacora.Indicators), and the upload of observations, whose body is
// the file itself as a source publishes it (text/csv or application/json).

var indicatorCode = param.Matcher(bitacora.ValidIndicatorCode)

// maxObservationsBody bounds an upload of observations.
const maxObservationsBody = 8 << 20

func (a *API) indicators(w http.ResponseWriter, r *http.Request) error {
	list, err := a.d.Store.Indicators(r.Context())
	if err != nil {
		return err
	}
	if list == nil {
		list = []bitacora.Indicator{}
	}
	WriteJSON(w, http.StatusOK, map[string]any{"indicators": list})
	return nil
}

// indicator answers the definition with its series: the source's
// regional line and each member State's latest value.
func (a *API) indicator(w http.ResponseWriter, r *http.Request) error {
	code, err := param.Path(r, "code", indicatorCode)
	if err != nil {
		return err
	}
	s, err := a.d.Store.Series(r.Context(), code)
	if err != nil {
		return err
	}
	if s.Regional == nil {
		s.Regional = []bitacora.Observation{}
	}
	if s.Latest == nil {
		s.Latest = []bitacora.Observation{}
	}
	WriteJSON(w, http.StatusOK, s)
	return nil
}

func (a *API) addIndicator(w http.ResponseWriter, r *http.Request) error {
	var in bitacora.Indicator
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p, err := a.d.Principal(r)
	if err != nil {
		return err
	}
	if err := a.d.Indicators.Add(bitacora.WithPrincipal(r.Context(), p), in); err != nil {
		return err
	}
	r.SetPathValue("code", strings.TrimSpace(in.Code))
	return a.indicatorAfterWrite(w, r, http.StatusCreated)
}

func (a *API) updateIndicator(w http.ResponseWriter, r *http.Request) error {
	code, err := param.Path(r, "code", indicatorCode)
	if err != nil {
		return err
	}
	var in bitacora.Indicator
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.Code != "" && in.Code != code {
		return bitacora.FieldErrors{"code": "indicator_error_code"}.Check()
	}
	p, err := a.d.Principal(r)
	if err != nil {
		return err
	}
	if err := a.d.Indicators.Update(bitacora.WithPrincipal(r.Context(), p), code, in); err != nil {
		return err
	}
	return a.indicatorAfterWrite(w, r, http.StatusOK)
}

func (a *API) indicatorAfterWrite(w http.ResponseWriter, r *http.Request, status int) error {
	i, err := a.d.Store.Indicator(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	WriteJSON(w, status, i)
	return nil
}

// importObservations reads the body as a file of observations and
// replaces the indicator's, all or nothing; ?dry_run=1 only reads it.
// The answer says what the file held (and, refused, its problems by line
// and column).
func (a *API) importObservations(w http.ResponseWriter, r *http.Request) error {
	code, err := param.Path(r, "code", indicatorCode)
	if err != nil {
		return err
	}
	if _, err := a.d.Store.Indicator(r.Context(), code); err != nil {
		return err
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxObservationsBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return bitacora.Errorf(bitacora.ETOOLARGE, "the body is larger than %d bytes", maxObservationsBody).WithKey("error_body_too_large", "Count", maxObservationsBody)
		}
		return bitacora.Errorf(bitacora.EINVALID, "unreadable body").WithKey("error_body_unreadable")
	}
	q := r.URL.Query()
	opts := indicatorfile.Options{JSON: strings.HasPrefix(r.Header.Get("Content-Type"), "application/json")}
	switch q.Get("decimal") {
	case "":
	case ".", ",":
		opts.Decimal = q.Get("decimal")[0]
	default:
		return bitacora.Errorf(bitacora.EINVALID, "decimal is . or ,").WithKey("error_json_malformed")
	}
	res, readErr := indicatorfile.Read(data, opts)
	answer := map[string]any{"shape": res.Shape, "observations": len(res.Observations), "countries": res.Countries,
		"aggregates": res.Aggregates, "missing": res.Missing, "skipped": res.Skipped, "decimal": res.Decimal,
		"decimal_inferred": res.Inferred, "converted_from_windows_1252": res.Converted, "stored": false}
	if readErr != nil {
		answer["error"] = readErr.Error()
		answer["problems"] = res.Problems
		WriteJSON(w, http.StatusUnprocessableEntity, answer)
		return nil
	}
	if q.Get("dry_run") == "" {
		p, err := a.d.Principal(r)
		if err != nil {
			return err
		}
		err = a.d.Indicators.Import(bitacora.WithPrincipal(r.Context(), p), bitacora.ObservationImport{Indicator: code,
			Programme: q.Get("programme"), Observations: res.Observations, Source: "api"})
		if err != nil {
			return err
		}
		answer["stored"] = true
	}
	WriteJSON(w, http.StatusOK, answer)
	return nil
}
