package store

import (
	"database/sql"
	"strings"
)

// Multi-row statements. A bulk write sends many rows to a statement
// instead of one statement a row, so that its cost is the rows' and not
// the round trips'. A statement may bind at most maxParams parameters:
// SQLite's SQLITE_MAX_VARIABLE_NUMBER is 32,766 since 3.32
// (modernc.org/sqlite v1.62 is SQLite 3.5x; the older default was 999),
// PostgreSQL's protocol counts them in 16 bits (65,535). maxBatchRows
// keeps each statement's text and arguments small whatever the width.
const (
	maxParams    = 32766
	maxBatchRows = 500
)

// batch gathers the rows of one multi-row statement, prefix + "(?, …), …"
// + suffix, and runs it whenever it is full and at flush. With scan set,
// the statement returns rows (a RETURNING suffix) and scan reads each.
type batch struct {
	w              *writer
	prefix, suffix string
	cols, max      int
	args           []any
	scan           func(scanner) error
	marks          string // "(?, ?, …)" for one row
}

func (w *writer) batch(prefix string, cols int, suffix string) *batch {
	return &batch{w: w, prefix: prefix, suffix: suffix, cols: cols, max: batchRows(cols),
		marks: "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"}
}

// batchRows is how many rows of cols parameters one statement takes.
func batchRows(cols int) int {
	return min(maxBatchRows, maxParams/cols)
}

// add queues one row, its values in column order.
func (b *batch) add(args ...any) {
	b.args = append(b.args, args...)
	if len(b.args) >= b.max*b.cols {
		b.flush()
	}
}

// flush runs the statement on the rows queued, if any.
func (b *batch) flush() {
	w := b.w
	n := len(b.args) / b.cols
	if w.err != nil || n == 0 {
		return
	}
	var q strings.Builder
	q.Grow(len(b.prefix) + n*(len(b.marks)+2) + len(b.suffix))
	q.WriteString(b.prefix)
	for i := 0; i < n; i++ {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(b.marks)
	}
	q.WriteString(b.suffix)
	args := b.args
	b.args = b.args[:0]
	if b.scan == nil {
		w.exec(q.String(), args...)
		return
	}
	var rows *sql.Rows
	rows, w.err = w.tx.QueryContext(w.ctx, w.s.dialect.rebind(q.String()), args...)
	if w.err != nil {
		return
	}
	defer rows.Close()
	for rows.Next() {
		if w.err = b.scan(rows); w.err != nil {
			return
		}
	}
	w.err = rows.Err()
}

// inMarks returns "?, ?, …" for n values, for an IN list.
func inMarks(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
