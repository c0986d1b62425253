#!/usr/bin/env bash
# Fault and load drivers, loopback only, bounded in time (issue 16).
# Builds the server and internal/cmd/cluster, and runs one scenario:
#   bash scripts/faults.sh two      two instances over one PostgreSQL behind HAProxy:
#                                   sessions, ROUNDS rounds of concurrent saves, propagation,
#                                   an instance losing its database, an instance killed
#   bash scripts/faults.sh outage   PostgreSQL stopped for DOWN (30s) under a mixed load
#   bash scripts/faults.sh limits   slow clients, CONNECTIONS (2000) connections, uploads at
#                                   and over the limit, long searches, for DURATION (75s)
# two and outage start a throwaway PostgreSQL cluster (scripts/postgres.sh);
# two installs HAProxy from Debian if it is missing. Other flags pass
# through to the driver: bash scripts/faults.sh two -rounds 1000 -seed 7
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:?usage: faults.sh two|outage|limits [flags]}
shift

apt_install() {
	if [ "$(id -u)" = 0 ]; then
		apt-get install -y -qq "$@" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$@" >/dev/null; }
	else
		sudo apt-get install -y -qq "$@" >/dev/null 2>&1 || { sudo apt-get update -qq && sudo apt-get install -y -qq "$@" >/dev/null; }
	fi
}

tmp=$(mktemp -d)
source scripts/postgres.sh
cleanup() { postgres_stop; rm -rf "$tmp"; }
trap cleanup EXIT

go build -o "$tmp/bitacora" ./cmd/bitacora
go build -o "$tmp/cluster" ./internal/cmd/cluster
args=(-bitacora "$tmp/bitacora")

case "$scenario" in
two)
	command -v haproxy >/dev/null || { echo "installing haproxy" >&2; apt_install haproxy; }
	postgres_start
	args+=(-pg "$PG_URL" -haproxy "$(command -v haproxy)" -rounds "${ROUNDS:-300}")
	;;
outage)
	postgres_start
	port=$(echo "$PG_URL" | sed 's|.*@127.0.0.1:\([0-9]*\)/.*|\1|')
	ctl="${PG_AS[*]} $PG_BINDIR/pg_ctl -D $PG_DIR/data"
	args+=(-pg "$PG_URL" -down "${DOWN:-30s}"
		-stop "$ctl -m fast -w stop"
		-start "$ctl -l $PG_DIR/server.log -w -t 30 start -o '-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200'")
	;;
limits)
	ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
	args+=(-duration "${DURATION:-75s}" -connections "${CONNECTIONS:-2000}")
	;;
*)
	echo "faults.sh: unknown scenario $scenario (two, outage, limits)" >&2
	exit 2
	;;
esac
"$tmp/cluster" "${args[@]}" "$@" "$scenario"
