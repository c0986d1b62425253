#!/usr/bin/env bash
# The one test command (`make test`, and what .ci/run calls): formatting,
# vet, then every Go test with the race detector on SQLite and on a real,
# throwaway PostgreSQL server that this script starts and removes.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step says when it starts, in seconds since the script began, so a
# run's log shows where its time went.
say() { printf '== [%ds] %s\n' "$SECONDS" "$*"; }

say "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.tmp/*'))
if [ -n "$unformatted" ]; then
	printf 'gofmt would change:\n%s\n' "$unformatted" >&2
	exit 1
fi

# The race detector also turns on checkptr, which checks every unsafe
# pointer conversion; modernc.org's SQLite, C translated to Go, makes
# millions of them. Checking them is that project's business, not a race:
# off there, the web tests take 8 % less CPU (182 against 198 CPU-seconds
# for the crawl, the authorization matrix and the reflow check), and every
# package of ours keeps both checks. vet takes the same flags, so that the
# tests reuse its builds.
race=(-race "-gcflags=modernc.org/...=-d=checkptr=0")

say "go vet"
# With -race, vet type-checks against the race-instrumented build that the
# tests below reuse: on an empty build cache this saves compiling every
# package twice (544 CPU-seconds against 844 for vet and the test builds,
# measured on two cores with GOCACHE emptied).
go vet "${race[@]}" ./...

# shellcheck source=scripts/browser-tools.sh
. scripts/browser-tools.sh
say "browser tools (Chromium, Java, axe-core, vnu)"
browser_tools_install

# xmllint validates the IATI export against the official schema, offline.
if ! command -v xmllint >/dev/null 2>&1; then
	say "installing libxml2-utils (xmllint)"
	if [ "$(id -u)" = 0 ]; then s=""; else s="sudo"; fi
	$s env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-utils >/dev/null 2>&1 ||
		{ $s apt-get update -qq && $s env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libxml2-utils >/dev/null; }
fi

# pdftotext reads the follow-up report's PDF back in the tests.
if ! command -v pdftotext >/dev/null 2>&1; then
	say "installing poppler-utils (pdftotext)"
	if [ "$(id -u)" = 0 ]; then s=""; else s="sudo"; fi
	$s env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null 2>&1 ||
		{ $s apt-get update -qq && $s env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; }
fi

# shellcheck source=scripts/postgres.sh
. scripts/postgres.sh
postgres_start
trap postgres_stop EXIT

export BITACORA_TEST_POSTGRES="$PG_URL"
export BITACORA_REQUIRE_POSTGRES=1

say "go test -race ./... (SQLite and PostgreSQL ${PG_VERSION})"
# Tests run two at a time (go test's default on two cores): four at a time
# was slower (11 min 28–43 s against 10 min 46 s from a clean clone). The
# web package is named first: its tests take longest (about ten minutes of
# the suite's run), and go test builds and starts packages in the order
# named, so the others fill the second core around it instead of holding
# its start back (alphabetically it came last).
go test "${race[@]}" -count=1 -timeout 60m "$@" ./web ./...
say "done"
