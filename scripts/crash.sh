#!/usr/bin/env bash
# Crash safety, loopback only, bounded in time (issue 16): builds
# bitacora and internal/cmd/crash, then for each database runs the real
# server under a write load (report saves through the API and the form
# with a file, contributions, submissions, reviews, CSV imports, revision
# drafts, proposals and approvals, indicator observations), kills it with
# SIGKILL at a random moment, restarts it and checks that every write
# acknowledged with a 2xx is there, that nothing is half-written and that
# `bitacora audit verify` passes; CYCLES times. Prints a table; exits 1 if
# anything acknowledged was lost.
#
#   bash scripts/crash.sh                      # SQLite, 100 cycles
#   DB=postgres bash scripts/crash.sh          # a throwaway PostgreSQL cluster, killed PG_KILLS times too
#   DB="sqlite postgres" bash scripts/crash.sh # both, one table
#   DB=postgres://user@127.0.0.1/empty bash scripts/crash.sh   # an empty database of yours (PostgreSQL not killed)
#
# CYCLES (default 100), LOAD (longest load before a kill, default 2s),
# PG_KILLS (default 5), TIMEOUT (default 60m). Other flags pass through:
# bash scripts/crash.sh -seed 42
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
cleanup() {
	if [ -n "${PG_DIR:-}" ]; then postgres_stop; fi
	rm -rf "$tmp"
}
trap cleanup EXIT
go build -o "$tmp/bitacora" ./cmd/bitacora
go build -o "$tmp/crash" ./internal/cmd/crash
args=(-bitacora "$tmp/bitacora" -cycles "${CYCLES:-100}" -load "${LOAD:-2s}" -timeout "${TIMEOUT:-60m}")
for db in ${DB:-sqlite}; do
	case "$db" in
	postgres)
		source scripts/postgres.sh
		postgres_start >&2
		# postgres_start runs the cluster for tests with
		# synchronous_commit=off: a commit is acknowledged before its
		# log leaves PostgreSQL's memory, and an immediate stop loses
		# it. Here a commit must be what PostgreSQL promises by default,
		# so the cluster is restarted with synchronous_commit on (on the
		# same port). fsync stays off: a killed process leaves what it
		# wrote in the operating system's cache, and no power is cut
		# here. PG_SYNCHRONOUS_COMMIT=off runs it as the test cluster
		# runs.
		port=${PG_URL#*127.0.0.1:}
		port=${port%%/*}
		"${PG_AS[@]}" "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 restart -m fast \
			-o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off -c full_page_writes=off -c max_connections=200 -c synchronous_commit=${PG_SYNCHRONOUS_COMMIT:-on}" >/dev/null
		restart=$(printf '%q ' "${PG_AS[@]}" "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 restart -m immediate)
		args+=(-db "$PG_URL" -pg-restart "$restart >/dev/null" -pg-kills "${PG_KILLS:-5}")
		;;
	*) args+=(-db "$db") ;;
	esac
done
"$tmp/crash" "${args[@]}" "$@"
