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
)

// Error is an error of the domain: a code from the list above and a message
// that is safe to show to the user.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

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
