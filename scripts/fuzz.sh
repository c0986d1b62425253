#!/usr/bin/env bash
# Fuzzes every parser that takes outside input (issue 16): each Fuzz target
# of the repository, found at run time, for FUZZTIME (default 10 minutes),
# one after the other, loopback only (the API target calls its handler in
# process). The test command runs each target's seeds only; this is the long
# run.
#
#   bash scripts/fuzz.sh                     # every target, 10 minutes each
#   FUZZTIME=30s bash scripts/fuzz.sh        # a quick pass
#   bash scripts/fuzz.sh programmedoc        # the targets of matching packages
#
# The corpus is kept: what Go's fuzzer finds interesting goes to its build
# cache, which a clean machine does not have, so the script copies each
# target's corpus into fuzz/corpus/PACKAGE/TARGET (root for the module's
# own package) after the run and back
# into the cache before the next, and a run continues where the last one
# stopped. An input that fails is written by Go to the package's
# testdata/fuzz/TARGET/, where `go test` runs it from then on: commit it with
# the fix, as a regression test.
#
# Prints a table (target, result, time, executions, corpus size) and exits
# non-zero if any target failed.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime=${FUZZTIME:-10m}
workers=${FUZZ_WORKERS:-$(nproc)}
filter=${1:-}
module=$(go list -m)
cache=$(go env GOCACHE)/fuzz

# Every Fuzz target, as "package-dir target", from the test files as they are
# now: a target added later is fuzzed without a line here.
mapfile -t targets < <(git ls-files --cached --others --exclude-standard '*_test.go' | xargs grep -H '^func Fuzz[A-Za-z0-9_]*(f \*testing.F)' |
	sed -E 's#^(.*)/[^/]*_test\.go:func (Fuzz[A-Za-z0-9_]*)\(.*#\1 \2#; s#^[^/ ]*_test\.go:func (Fuzz[A-Za-z0-9_]*)\(.*#. \1#' | sort -u)
if [ ${#targets[@]} -eq 0 ]; then
	echo "no Fuzz targets found" >&2
	exit 1
fi

results=()
failed=0
for entry in "${targets[@]}"; do
	dir=${entry% *}
	target=${entry#* }
	if [ -n "$filter" ] && [[ "$dir" != *"$filter"* ]]; then
		continue
	fi
	pkg=$module
	[ "$dir" != "." ] && pkg=$module/$dir
	kept=fuzz/corpus/${dir/#./root}/$target
	live=$cache/$pkg/$target
	mkdir -p "$kept" "$live"
	cp -n "$kept"/* "$live"/ 2>/dev/null || true
	log=$(mktemp)
	printf '== %s %s (%s, %d workers)\n' "$dir" "$target" "$fuzztime" "$workers"
	start=$SECONDS
	if go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" -parallel "$workers" "./$dir" 2>&1 | tee "$log"; then
		result=ok
	else
		result=FAILED
		failed=1
	fi
	cp -n "$live"/* "$kept"/ 2>/dev/null || true
	# The fuzzer's last progress line: "fuzz: elapsed: 10m0s, execs: 123 (…/sec), new interesting: 4 (total: 60)".
	execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
	rm -f "$log"
	results+=("$(printf '%-16s %-24s %-7s %6ss %12s %8s' "$dir" "$target" "$result" "$((SECONDS - start))" "${execs:-?}" "$(find "$kept" -type f | wc -l)")")
done

printf '\n%-16s %-24s %-7s %7s %12s %8s\n' package target result time execs corpus
printf '%s\n' "${results[@]}"
exit $failed
