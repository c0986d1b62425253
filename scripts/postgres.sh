# A throwaway PostgreSQL cluster on a free loopback port, for tests and
# benchmarks. Source this file, then call postgres_start; it sets PG_URL
# (a superuser URL to the "postgres" database) and PG_VERSION. Call
# postgres_stop to stop it and remove its folder.

postgres_bindir() {
	local d
	for d in "$(command -v pg_config >/dev/null 2>&1 && pg_config --bindir)" /usr/lib/postgresql/*/bin; do
		if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			echo "$d"
			return 0
		fi
	done
	return 1
}

postgres_start() {
	local bindir
	if ! bindir=$(postgres_bindir); then
		echo "PostgreSQL server not found: installing it with apt-get" >&2
		if [ "$(id -u)" = 0 ]; then
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
		else
			sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
		fi
		bindir=$(postgres_bindir) || { echo "PostgreSQL could not be installed" >&2; return 1; }
	fi
	PG_VERSION=$("$bindir/pg_ctl" --version | awk '{print $3}')
	PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/bitacora-pg.XXXXXX")
	# initdb refuses to run as root: run the server as the postgres user.
	local as=()
	if [ "$(id -u)" = 0 ]; then
		id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
		chown postgres "$PG_DIR"
		as=(runuser -u postgres --)
	fi
	"${as[@]}" "$bindir/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
		{ cat "$PG_DIR/initdb.log" >&2; return 1; }
	local port tries=0
	while :; do
		port=$((20000 + RANDOM % 20000))
		if "${as[@]}" "$bindir/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 start \
			-o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null; then
			break
		fi
		tries=$((tries + 1))
		if [ "$tries" -ge 5 ]; then
			cat "$PG_DIR/server.log" >&2
			echo "PostgreSQL did not start" >&2
			return 1
		fi
	done
	PG_BINDIR=$bindir
	PG_AS=("${as[@]}")
	PG_URL="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
	export PG_URL PG_VERSION
	echo "PostgreSQL $PG_VERSION on 127.0.0.1:$port ($PG_DIR)"
}

postgres_stop() {
	if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
		"${PG_AS[@]}" "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	[ -n "${PG_DIR:-}" ] && rm -rf "$PG_DIR"
	PG_DIR=
}
