package bitacora

import (
	"errors"
	"fmt"
)

// Error codes of the domain. The web layer maps each to one HTTP status.
const (
	ECONFLICT     = "conflict"      // the thing exists already, or changed meanwhile
	EINTERNAL     = "internal"      // a fault of ours, never the caller's
	EINVALID      = "invalid"       // the input is wrong; the message says where
	ENOTFOUND     = "not_found"     // no such thing
	ETOOLARGE     = "too_large"     // the input is over a size limit
	EUNAVAILABLE  = "unavailable"   // a dependency (the database) cannot be reached
	EUNAUTHORIZED = "unauthorized"  // who are you?
	EFORBIDDEN    = "forbidden"     // you may not
	EUNSUPPORTED  = "not_supported" // a version or format this build does not know
	ERATELIMITED  = "rate_limited"  // too many requests from one client: wait and try again
)

// ErrorCodes lists the codes above: the interface has a generic message
// for each ("error_" + code), for an error that carries no key.
var ErrorCodes = []string{ECONFLICT, EINTERNAL, EINVALID, ENOTFOUND, ETOOLARGE, EUNAVAILABLE, EUNAUTHORIZED, EFORBIDDEN, EUNSUPPORTED, ERATELIMITED}

// Error is an error of the domain: a code from the list above, a message in
// English that is safe to show (logs, the command line), and the key of the
// same message in the interface's catalogue with its template data, so that
// the web says it in the reader's language.
type Error struct {
	Code    string
	Message string
	Key     string // message id in locale/messages; "" for a generic message by code
	Args    []any  // name/value pairs for the message's template; "Count" picks the plural form
}

func (e *Error) Error() string { return e.Message }

// WithKey returns a copy of e that the interface says with the catalogue's
// message key, filled with args (name/value pairs; an int "Count" chooses
// the plural form, a value that is an error is said in the reader's
// language too). A copy, so that a shared error value is never changed.
func (e *Error) WithKey(key string, args ...any) *Error {
	c := *e
	c.Key, c.Args = key, args
	return &c
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	var fe *InvalidFields
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	case errors.As(err, &fe):
		return EINVALID
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the message of the first *Error in err's chain, or a
// generic message for any other error, so that internal detail never reaches
// a user.
func ErrorMessage(err error) string {
	var e *Error
	var fe *InvalidFields
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Message
	case errors.As(err, &fe):
		return fe.Error()
	default:
		return "Internal error."
	}
}
