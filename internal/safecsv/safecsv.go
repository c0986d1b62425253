// Package safecsv writes CSV that a spreadsheet opens without running
// anything: every cell goes through Cell, so that no caller can forget.
//
// A spreadsheet reads a cell that starts with = + - or @ as a formula, and
// one that starts with a tab or a carriage return can be made to; a period
// key such as =cmd|'calc'!A0 would run a command on the computer of whoever
// opens the public dashboard.csv. Such a cell is written with a leading
// apostrophe, which spreadsheets read as "this is text" (OWASP's advice
// for CSV injection). A cell that is wholly a decimal number (-5, -0.25)
// is left as it is: it cannot hold a formula, and a spreadsheet reads it
// as the number it is.
package safecsv

import (
	"encoding/csv"
	"io"
	"strings"
)

// Writer writes CSV records, every cell made safe by Cell. It wraps a
// csv.Writer rather than embedding it, so that no method of csv.Writer
// (WriteAll) can write a cell around Cell.
type Writer struct {
	cw  *csv.Writer
	row []string
}

// NewWriter returns a Writer to w separating fields with comma (',' or
// ';').
func NewWriter(w io.Writer, comma rune) *Writer {
	cw := csv.NewWriter(w)
	cw.Comma = comma
	return &Writer{cw: cw}
}

// Write writes one record.
func (w *Writer) Write(record []string) error {
	w.row = w.row[:0]
	for _, c := range record {
		w.row = append(w.row, Cell(c))
	}
	return w.cw.Write(w.row)
}

// Flush writes what is buffered; Error tells whether a write failed.
func (w *Writer) Flush() { w.cw.Flush() }

// Error returns the first error of a Write or Flush.
func (w *Writer) Error() error { return w.cw.Error() }

// Cell returns s as a spreadsheet should read it: as text, with an
// apostrophe before a leading = + - @ tab or carriage return, unless s is
// a decimal number.
func Cell(s string) string {
	if !risky(s) || number(s) {
		return s
	}
	return "'" + s
}

// Uncell undoes Cell for a program that reads back a file written by
// Writer (or the same file saved again by a spreadsheet that kept the
// apostrophe): it drops an apostrophe that Cell would have added.
func Uncell(s string) string {
	if rest, ok := strings.CutPrefix(s, "'"); ok && risky(rest) && !number(rest) {
		return rest
	}
	return s
}

func risky(s string) bool {
	return s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0
}

// number reports whether s is -?digits(.digits)?: a number a spreadsheet
// reads as such and nothing else.
func number(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, dot := strings.Cut(s, ".")
	return digits(whole) && (!dot || digits(frac))
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
