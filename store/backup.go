package store

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/elac/bitacora"
)

// A backup is the whole database in one format for both databases, so that
// a SQLite backup restores into PostgreSQL and the other way round. It is a
// gzip stream of JSON lines:
//
//	{"bitacora_backup":1,"schema":20,"source":"sqlite","taken":"…"}
//	{"table":"programmes","columns":["id","slug",…]}
//	[1,"elac2020",…]                      one line a row
//	…                                     the next table, its rows
//	{"end":true,"tables":31,"rows":12345}
//
// A value is JSON null, a number, a string, {"t":"RFC 3339 time"} or
// {"b":"base64 bytes"}. Tables come parents first, so a restore inserts
// rows its foreign keys already find; the last line counts what came before
// it, so a cut-off file is refused rather than restored in part.
//
// The job queue's tables (river_*) are left out: they differ between the
// databases, and the periodic jobs are scheduled again when the server
// starts. schema_migrations is left out too: the header's schema number
// says where the restore brings the schema first.
const backupFormat = 1

type backupHeader struct {
	Format int       `json:"bitacora_backup"`
	Schema int       `json:"schema"`
	Source string    `json:"source"`
	Taken  time.Time `json:"taken"`
}

type backupTable struct {
	Table   string   `json:"table,omitempty"`
	Columns []string `json:"columns,omitempty"`
	End     bool     `json:"end,omitempty"`
	Tables  int      `json:"tables,omitempty"`
	Rows    int64    `json:"rows,omitempty"`
}

// BackupSummary says what a backup or a restore held.
type BackupSummary struct {
	Schema int
	Tables int
	Rows   int64
}

// Backup writes a consistent copy of the database to w while the database
// keeps serving: every table is read in one read-only transaction, a
// snapshot of the moment it began (SQLite's WAL, PostgreSQL's repeatable
// read), so writes that go on meanwhile are either wholly in the copy or
// wholly out of it.
func (s *DB) Backup(ctx context.Context, w io.Writer) (BackupSummary, error) {
	var sum BackupSummary
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return sum, fmt.Errorf("backup: %w", err)
	}
	defer conn.Close()
	var q queryer
	if s.dialect.name == "sqlite" {
		// The pool's transactions take the write lock up front
		// (_txlock=immediate); a snapshot needs none. A deferred
		// transaction holds its snapshot from its first read on.
		if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
			return sum, fmt.Errorf("backup: begin: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		q = conn
	} else {
		tx, err := conn.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
		if err != nil {
			return sum, fmt.Errorf("backup: begin: %w", err)
		}
		defer tx.Rollback()
		q = tx
	}
	if sum.Schema, err = s.currentVersion(ctx, q); err != nil {
		return sum, fmt.Errorf("backup: %w", err)
	}
	tables, err := s.backupTables(ctx, q)
	if err != nil {
		return sum, fmt.Errorf("backup: %w", err)
	}
	gz := gzip.NewWriter(w)
	bw := bufio.NewWriterSize(gz, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(backupHeader{backupFormat, sum.Schema, s.dialect.name, s.now()}); err != nil {
		return sum, fmt.Errorf("backup: %w", err)
	}
	for _, t := range tables {
		n, err := s.backupTable(ctx, q, enc, t)
		if err != nil {
			return sum, fmt.Errorf("backup: table %s: %w", t.name, err)
		}
		sum.Tables++
		sum.Rows += n
	}
	if err := enc.Encode(backupTable{End: true, Tables: sum.Tables, Rows: sum.Rows}); err != nil {
		return sum, fmt.Errorf("backup: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return sum, fmt.Errorf("backup: %w", err)
	}
	if err := gz.Close(); err != nil {
		return sum, fmt.Errorf("backup: %w", err)
	}
	return sum, nil
}

// tableInfo is what a backup and a restore need to know of one table.
type tableInfo struct {
	name    string
	key     []string          // the primary key's columns, in order
	parents map[string]string // column → the table its foreign key names
}

// backupTables lists the tables to copy, parents before children.
func (s *DB) backupTables(ctx context.Context, q queryer) ([]tableInfo, error) {
	var list string
	if s.dialect.name == "sqlite" {
		list = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
	} else {
		list = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
	}
	names, err := queryStrings(ctx, q, list)
	if err != nil {
		return nil, err
	}
	var tables []tableInfo
	for _, name := range names {
		if name == "schema_migrations" || strings.HasPrefix(name, "river_") {
			continue
		}
		t := tableInfo{name: name, parents: map[string]string{}}
		if s.dialect.name == "sqlite" {
			t.key, err = queryStrings(ctx, q, "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", name)
			if err == nil {
				err = queryPairs(ctx, q, t.parents, `SELECT "from", "table" FROM pragma_foreign_key_list(?)`, name)
			}
		} else {
			t.key, err = queryStrings(ctx, q, `SELECT a.attname FROM pg_index i
				JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
				WHERE i.indrelid = $1::regclass AND i.indisprimary
				ORDER BY array_position(i.indkey, a.attnum)`, name)
			if err == nil {
				err = queryPairs(ctx, q, t.parents, `SELECT a.attname, c.confrelid::regclass::text FROM pg_constraint c
					JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
					WHERE c.contype = 'f' AND c.conrelid = $1::regclass`, name)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", name, err)
		}
		tables = append(tables, t)
	}
	return parentsFirst(tables)
}

// parentsFirst orders tables so that each comes after every table its
// foreign keys name (a table naming itself aside), by name where the
// order is free, so that two backups of one database list them alike.
func parentsFirst(tables []tableInfo) ([]tableInfo, error) {
	slices.SortFunc(tables, func(a, b tableInfo) int { return cmp.Compare(a.name, b.name) })
	done := map[string]bool{}
	var out []tableInfo
	for len(out) < len(tables) {
		progress := false
		for _, t := range tables {
			if done[t.name] {
				continue
			}
			ready := true
			for _, p := range t.parents {
				if p != t.name && !done[p] {
					ready = false
				}
			}
			if ready {
				done[t.name] = true
				out = append(out, t)
				progress = true
			}
		}
		if !progress {
			return nil, errors.New("the tables' foreign keys name each other in a cycle")
		}
	}
	return out, nil
}

func queryStrings(ctx context.Context, q queryer, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func queryPairs(ctx context.Context, q queryer, into map[string]string, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		into[k] = v
	}
	return rows.Err()
}

// backupTable writes one table's line and its rows, in primary key order.
func (s *DB) backupTable(ctx context.Context, q queryer, enc *json.Encoder, t tableInfo) (int64, error) {
	query := "SELECT * FROM " + quoteIdent(t.name)
	if len(t.key) > 0 {
		keys := make([]string, len(t.key))
		for i, k := range t.key {
			keys[i] = quoteIdent(k)
		}
		query += " ORDER BY " + strings.Join(keys, ", ")
	}
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	if err := enc.Encode(backupTable{Table: t.name, Columns: cols}); err != nil {
		return 0, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	out := make([]any, len(cols))
	var n int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		for i, v := range vals {
			if out[i], err = backupValue(v); err != nil {
				return n, fmt.Errorf("column %s: %w", cols[i], err)
			}
		}
		if err := enc.Encode(out); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// backupValue shapes one scanned value for the file. Times are kept to the
// microsecond, in UTC: PostgreSQL keeps no finer, so a copy between the
// databases reads back the same.
func backupValue(v any) (any, error) {
	switch v := v.(type) {
	case nil, int64, string, bool:
		return v, nil
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%v has no JSON number", v)
		}
		return v, nil
	case []byte:
		return map[string]string{"b": base64.StdEncoding.EncodeToString(v)}, nil
	case time.Time:
		return map[string]string{"t": v.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)}, nil
	}
	return nil, fmt.Errorf("a value of type %T", v)
}

func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// Restore reads a backup made by Backup, from either database, into this
// one, which must hold nothing yet: a new SQLite file, or an empty
// PostgreSQL database. The schema is brought to the backup's version, the
// rows are written in one transaction (all of them, or none if anything
// is wrong with the file), and then the schema is brought up to date, so
// an older backup restores into a newer Bitácora. The change record's
// hashes are copied as they were; verify it after.
func (s *DB) Restore(ctx context.Context, r io.Reader) (BackupSummary, error) {
	var sum BackupSummary
	gz, err := gzip.NewReader(r)
	if err != nil {
		return sum, bitacora.Errorf(bitacora.EINVALID, "restore: not a Bitácora backup (not gzip): %v", err)
	}
	dec := json.NewDecoder(bufio.NewReaderSize(gz, 64<<10))
	dec.UseNumber()
	var h backupHeader
	if err := dec.Decode(&h); err != nil || h.Format == 0 {
		return sum, bitacora.Errorf(bitacora.EINVALID, "restore: line 1: not a Bitácora backup header")
	}
	if h.Format != backupFormat {
		return sum, bitacora.Errorf(bitacora.EINVALID, "restore: backup format %d; this Bitácora reads format %d", h.Format, backupFormat)
	}
	ms, err := loadMigrations(migrationFS, s.dialect)
	if err != nil {
		return sum, err
	}
	upTo := slices.IndexFunc(ms, func(m migration) bool { return m.version > h.Schema })
	if upTo < 0 {
		upTo = len(ms)
	}
	if upTo == 0 || ms[upTo-1].version != h.Schema {
		return sum, bitacora.Errorf(bitacora.EINVALID, "restore: the backup's schema is version %d, which this Bitácora does not know (it knows 1 to %d): restore it with a Bitácora as new as the one that made it", h.Schema, ms[len(ms)-1].version)
	}
	have, err := s.currentVersion(ctx, s.db)
	if err != nil {
		return sum, err
	}
	if have > h.Schema {
		return sum, bitacora.Errorf(bitacora.EINVALID, "restore: the database's schema is already at version %d, newer than the backup's %d: restore into a new database", have, h.Schema)
	}
	if err := s.migrate(ctx, ms[:upTo]); err != nil {
		return sum, err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		tables, err := s.backupTables(ctx, tx)
		if err != nil {
			return err
		}
		info := map[string]tableInfo{}
		seeded := seededTables(ms[:upTo])
		for _, t := range tables {
			info[t.name] = t
			if seeded[t.name] {
				continue
			}
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quoteIdent(t.name)).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return bitacora.Errorf(bitacora.ECONFLICT, "restore: the database is not empty (table %s has %d rows): restore into a new database", t.name, n)
			}
		}
		// What the migrations wrote themselves (the change record's
		// head, the generation counter) the backup holds too.
		for name := range seeded {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+quoteIdent(name)); err != nil {
				return err
			}
		}
		rr := restorer{s: s, tx: tx, ctx: ctx, dec: dec, info: info, line: 1}
		sum, err = rr.run()
		return err
	})
	if err != nil {
		return sum, err
	}
	sum.Schema = h.Schema
	if err := s.Migrate(ctx); err != nil {
		return sum, err
	}
	return sum, nil
}

// seededTables names the tables the migrations write rows into
// themselves (INSERT INTO … VALUES), which a new database holds already.
func seededTables(ms []migration) map[string]bool {
	seeded := map[string]bool{}
	for _, m := range ms {
		for _, match := range seededRow.FindAllStringSubmatch(m.sql, -1) {
			seeded[match[1]] = true
		}
	}
	return seeded
}

var seededRow = regexp.MustCompile(`(?i)INSERT INTO\s+(\w+)\s*\([^)]*\)\s*VALUES`)

type restorer struct {
	s    *DB
	tx   *sql.Tx
	ctx  context.Context
	dec  *json.Decoder
	info map[string]tableInfo
	line int
}

// run reads the tables and their rows up to the end line.
func (r *restorer) run() (BackupSummary, error) {
	var sum BackupSummary
	seen := map[string]bool{}
	var t *tableLoad
	for {
		r.line++
		var raw json.RawMessage
		if err := r.dec.Decode(&raw); err != nil {
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				return sum, r.errorf("the file ends before its last line: it was cut off")
			}
			return sum, r.errorf("%v", err)
		}
		if len(raw) > 0 && raw[0] == '[' {
			if t == nil {
				return sum, r.errorf("a row before any table")
			}
			if err := t.add(raw); err != nil {
				return sum, r.errorf("table %s: %v", t.name, err)
			}
			sum.Rows++
			continue
		}
		if t != nil {
			if err := t.finish(); err != nil {
				return sum, r.errorf("table %s: %v", t.name, err)
			}
			t = nil
		}
		var next backupTable
		if err := json.Unmarshal(raw, &next); err != nil {
			return sum, r.errorf("%v", err)
		}
		if next.End {
			if next.Tables != sum.Tables || next.Rows != sum.Rows {
				return sum, r.errorf("the file says %d tables and %d rows, but holds %d and %d", next.Tables, next.Rows, sum.Tables, sum.Rows)
			}
			if err := r.dec.Decode(&raw); !errors.Is(err, io.EOF) {
				return sum, r.errorf("more after the last line")
			}
			return sum, r.resetCounters()
		}
		if seen[next.Table] {
			return sum, r.errorf("table %s comes twice", next.Table)
		}
		seen[next.Table] = true
		var err error
		if t, err = r.table(next); err != nil {
			return sum, r.errorf("%v", err)
		}
		sum.Tables++
	}
}

func (r *restorer) errorf(format string, args ...any) error {
	return bitacora.Errorf(bitacora.EINVALID, "restore: line %d: %s", r.line, fmt.Sprintf(format, args...))
}

// colKind is how a column's values are written back.
type colKind int

const (
	colText colKind = iota
	colInt
	colFloat
	colTime
	colBytes
)

// tableLoad writes one table's rows, many to a statement.
type tableLoad struct {
	r     *restorer
	name  string
	cols  []string
	kinds []colKind
	// self holds the columns whose foreign key names the table itself:
	// written as NULL first, and set once every row is in, since a row
	// may name one that comes after it.
	self    []int
	key     []int // the primary key's columns, to set self columns by
	pending [][]any
	args    []any
	max     int
	insert  string
}

// table checks a table line against the database and readies its rows.
func (r *restorer) table(bt backupTable) (*tableLoad, error) {
	info, ok := r.info[bt.Table]
	if !ok {
		return nil, fmt.Errorf("table %q is not in this database's schema", bt.Table)
	}
	rows, err := r.tx.QueryContext(r.ctx, "SELECT * FROM "+quoteIdent(bt.Table)+" WHERE 1 = 0")
	if err != nil {
		return nil, err
	}
	types, err := rows.ColumnTypes()
	rows.Close()
	if err != nil {
		return nil, err
	}
	kind := map[string]colKind{}
	for _, ct := range types {
		kind[ct.Name()] = kindOf(ct.DatabaseTypeName())
	}
	if len(bt.Columns) != len(types) {
		return nil, fmt.Errorf("table %s: %d columns in the file, %d in the database", bt.Table, len(bt.Columns), len(types))
	}
	t := &tableLoad{r: r, name: bt.Table, cols: bt.Columns, max: batchRows(len(bt.Columns))}
	quoted := make([]string, len(bt.Columns))
	for i, c := range bt.Columns {
		k, ok := kind[c]
		if !ok {
			return nil, fmt.Errorf("table %s has no column %q", bt.Table, c)
		}
		t.kinds = append(t.kinds, k)
		quoted[i] = quoteIdent(c)
		if info.parents[c] == bt.Table {
			t.self = append(t.self, i)
		}
	}
	if len(t.self) > 0 {
		for _, k := range info.key {
			t.key = append(t.key, slices.Index(bt.Columns, k))
		}
		if len(t.key) == 0 || slices.Contains(t.key, -1) {
			return nil, fmt.Errorf("table %s names itself but has no primary key to set it by", bt.Table)
		}
	}
	t.insert = "INSERT INTO " + quoteIdent(bt.Table) + " (" + strings.Join(quoted, ", ") + ") VALUES "
	return t, nil
}

// kindOf reads a column's declared type, as either database names it.
func kindOf(typ string) colKind {
	typ = strings.ToUpper(typ)
	switch {
	case strings.Contains(typ, "INT"):
		return colInt
	case strings.Contains(typ, "DOUBLE"), strings.Contains(typ, "FLOAT"), strings.Contains(typ, "REAL"), strings.Contains(typ, "NUMERIC"):
		return colFloat
	case strings.Contains(typ, "TIME"), typ == "DATE":
		return colTime
	case typ == "BLOB", typ == "BYTEA":
		return colBytes
	}
	return colText
}

// add reads one row and queues it.
func (t *tableLoad) add(raw json.RawMessage) error {
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	var row []any
	if err := dec.Decode(&row); err != nil {
		return err
	}
	if len(row) != len(t.cols) {
		return fmt.Errorf("a row of %d values, for %d columns", len(row), len(t.cols))
	}
	for i, v := range row {
		var err error
		if row[i], err = restoreValue(v, t.kinds[i]); err != nil {
			return fmt.Errorf("column %s: %v", t.cols[i], err)
		}
	}
	if len(t.self) > 0 {
		t.pending = append(t.pending, slices.Clone(row))
		for _, i := range t.self {
			row[i] = nil
		}
	}
	t.args = append(t.args, row...)
	if len(t.args) >= t.max*len(t.cols) {
		return t.flush()
	}
	return nil
}

// restoreValue turns a value of the file into one for the column.
func restoreValue(v any, kind colKind) (any, error) {
	switch v := v.(type) {
	case nil, bool:
		return v, nil
	case string:
		return v, nil
	case json.Number:
		switch kind {
		case colInt:
			return v.Int64()
		case colText:
			return v.String(), nil
		}
		return v.Float64()
	case map[string]any:
		if s, ok := v["t"].(string); ok && len(v) == 1 {
			at, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				return nil, err
			}
			return at, nil
		}
		if s, ok := v["b"].(string); ok && len(v) == 1 {
			return base64.StdEncoding.DecodeString(s)
		}
	}
	return nil, fmt.Errorf("%v is not a value of a backup", v)
}

// flush inserts the rows queued.
func (t *tableLoad) flush() error {
	n := len(t.args) / len(t.cols)
	if n == 0 {
		return nil
	}
	marks := "(" + inMarks(len(t.cols)) + ")"
	var q strings.Builder
	q.WriteString(t.insert)
	for i := range n {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(marks)
	}
	_, err := t.r.tx.ExecContext(t.r.ctx, t.r.s.dialect.rebind(q.String()), t.args...)
	t.args = t.args[:0]
	return err
}

// finish inserts what is left and sets the columns that name the table.
func (t *tableLoad) finish() error {
	if err := t.flush(); err != nil {
		return err
	}
	for _, row := range t.pending {
		var sets, where []string
		var args []any
		for _, i := range t.self {
			if row[i] == nil {
				continue
			}
			sets = append(sets, quoteIdent(t.cols[i])+" = ?")
			args = append(args, row[i])
		}
		if len(sets) == 0 {
			continue
		}
		for _, i := range t.key {
			where = append(where, quoteIdent(t.cols[i])+" = ?")
			args = append(args, row[i])
		}
		q := "UPDATE " + quoteIdent(t.name) + " SET " + strings.Join(sets, ", ") + " WHERE " + strings.Join(where, " AND ")
		if _, err := t.r.tx.ExecContext(t.r.ctx, t.r.s.dialect.rebind(q), args...); err != nil {
			return err
		}
	}
	return nil
}

// resetCounters moves PostgreSQL's identity sequences past the ids
// restored, so that the next row gets a new one. SQLite's rowids follow
// the largest id by themselves.
func (r *restorer) resetCounters() error {
	if r.s.dialect.name != "postgres" {
		return nil
	}
	for name := range r.info {
		// A failed statement would end PostgreSQL's transaction: ask
		// only of tables that have an id column.
		var seq sql.NullString
		err := r.tx.QueryRowContext(r.ctx, `SELECT pg_get_serial_sequence($1, 'id') FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = $2 AND column_name = 'id'`, quoteIdent(name), name).Scan(&seq)
		if errors.Is(err, sql.ErrNoRows) || err == nil && !seq.Valid {
			continue
		}
		if err != nil {
			return fmt.Errorf("restore: %s: %w", name, err)
		}
		q := "SELECT setval($1, COALESCE((SELECT MAX(id) FROM " + quoteIdent(name) + "), 0) + 1, false)"
		if _, err := r.tx.ExecContext(r.ctx, q, seq.String); err != nil {
			return fmt.Errorf("restore: resetting %s: %w", seq.String, err)
		}
	}
	return nil
}
