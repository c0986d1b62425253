#!/usr/bin/env bash
# Scale benchmark, loopback only, bounded in time (issue 11, item 6): builds
# internal/cmd/scale and runs it. It imports PROGRAMMES programmes of
# ACTIVITIES activities (the eLAC2020 document repeated) as `bitacora import`
# does, sets PERIODS half-year periods, imports one accepted report per
# activity and period through the site's CSV import as a signed-in
# secretariat user, then measures the running server (default
# configuration) and prints a table: warm page and API latencies, the first
# public read after a write, the write, CSV import rows/s, RSS and the
# database's size. SQLite in a temporary folder unless DB=postgres://… (an
# empty database).
#   PROGRAMMES=4 ACTIVITIES=1000 PERIODS=5 bash scripts/scale.sh
#   DB=postgres://user@127.0.0.1/empty bash scripts/scale.sh
# Other flags pass through: bash scripts/scale.sh -requests 500
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/scale" ./internal/cmd/scale
exec_args=(-programmes "${PROGRAMMES:-1}" -activities "${ACTIVITIES:-1000}" -periods "${PERIODS:-5}"
	-requests "${REQUESTS:-200}" -timeout "${TIMEOUT:-15m}")
if [ -n "${DB:-}" ]; then exec_args+=(-db "$DB"); fi
"$tmp/scale" "${exec_args[@]}" "$@"
