// Package errs holds the few kinds of error huikuan distinguishes. The HTTP
// and CLI layers turn them into statuses and messages in one place; every
// other package returns them wrapped with %w.
package errs

import (
	"errors"
	"fmt"
	"strings"
)

var (
	// ErrNotFound means the thing asked for does not exist or is not
	// visible to the caller.
	ErrNotFound = errors.New("not found")
	// ErrConflict means the write clashes with what is stored, such as a
	// number that already exists with different content.
	ErrConflict = errors.New("conflict")
	// ErrForbidden means the caller may not do this.
	ErrForbidden = errors.New("forbidden")
)

// FieldError is one problem with one field of one input row. Row is the
// line number in the input file (the header is line 1), or 0 when the input
// is not a file.
type FieldError struct {
	File    string `json:"file,omitempty"`
	Row     int    `json:"row,omitempty"`
	Field   string `json:"field"`
	Message string `json:"message"`
	// Code names the kind of problem for programs and for the web pages,
	// which say it in the user's language; empty when only the message
	// says it.
	Code string `json:"code,omitempty"`
}

// Codes of problems a user can make in a form.
const (
	CodeRequired    = "required"     // nothing was given
	CodePositive    = "positive"     // an amount must be above zero
	CodeNegative    = "negative"     // an amount cannot be below zero
	CodeNumber      = "number"       // not an amount of money
	CodeDate        = "date"         // not a date
	CodeBeforeToday = "before_today" // a date before the day it is given on
	CodeTooFar      = "too_far"      // a date too far ahead
	CodeRange       = "range"        // a number outside what is allowed
)

func (e FieldError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(": ")
	}
	if e.Row > 0 {
		fmt.Fprintf(&b, "row %d: ", e.Row)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, "column %s: ", e.Field)
	}
	b.WriteString(e.Message)
	return b.String()
}

// Invalid is returned when input fails validation; nothing was written.
type Invalid struct {
	Fields []FieldError
}

func (e *Invalid) Error() string {
	switch len(e.Fields) {
	case 0:
		return "invalid input"
	case 1:
		return e.Fields[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", e.Fields[0].Error(), len(e.Fields)-1)
}

// Add records one field error.
func (e *Invalid) Add(row int, field, format string, args ...any) {
	e.Fields = append(e.Fields, FieldError{Row: row, Field: field, Message: fmt.Sprintf(format, args...)})
}

// AddCode records one field error with the code of its kind.
func (e *Invalid) AddCode(row int, field, code, format string, args ...any) {
	e.Fields = append(e.Fields, FieldError{Row: row, Field: field, Message: fmt.Sprintf(format, args...), Code: code})
}

// Err returns e if it holds any field error and nil otherwise.
func (e *Invalid) Err() error {
	if len(e.Fields) == 0 {
		return nil
	}
	return e
}

// InFile sets the file name on every field error.
func (e *Invalid) InFile(name string) *Invalid {
	for i := range e.Fields {
		e.Fields[i].File = name
	}
	return e
}

// Also runs a check and keeps only its problems with fields that have none
// yet, so a value that could not be parsed is not reported twice.
func (e *Invalid) Also(check func(*Invalid)) {
	failed := make(map[string]bool, len(e.Fields))
	for _, f := range e.Fields {
		failed[f.Field] = true
	}
	var more Invalid
	check(&more)
	for _, f := range more.Fields {
		if !failed[f.Field] {
			e.Fields = append(e.Fields, f)
		}
	}
}
