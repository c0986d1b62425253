#!/usr/bin/env bash
# Load benchmark, loopback only, bounded in time: Bitácora's home page, an
# activity page and three JSON API answers against the same bytes served
# from memory by a minimal Go handler (internal/cmd/ceiling), in one run.
# Bitácora runs with its default configuration (SQLite, info-level request
# log written to a file). Prints requests/s, p50, p99 and the ratio to the
# ceiling. Then the Go benchmarks.
#   DURATION=5s ROUNDS=3 CONNECTIONS=32 PATHS=/es/,/en/ bash scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}

if ! command -v wrk >/dev/null; then
	echo "installing wrk" >&2
	apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
fi

tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT

go build -o "$tmp/bitacora" ./cmd/bitacora
go build -o "$tmp/ceiling" ./internal/cmd/ceiling

port=$((20000 + RANDOM % 20000))
# The load is the measurement: no API rate limit (it would answer 429s).
BITACORA_API_RATE=0 BITACORA_API_TOKEN_RATE=0 "$tmp/bitacora" serve --addr "127.0.0.1:$port" --data "$tmp/data" >"$tmp/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

paths=${PATHS:-/es/,/es/elac2020/activities/1.1,/api/v1/programmes/elac2020,/api/v1/programmes/elac2020/activities/1.1,/api/v1/programmes/elac2020/progress}
"$tmp/ceiling" -from "http://127.0.0.1:$port" -paths "$paths" >"$tmp/ceiling.addr" &
pids+=($!)
for _ in $(seq 100); do [ -s "$tmp/ceiling.addr" ] && break; sleep 0.1; done
ceiling=$(cat "$tmp/ceiling.addr")

# run URL → "rps p50 p99"
run() {
	wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$1" >"$tmp/wrk.out" 2>&1
	awk '
		/Requests\/sec/ {rps=$2}
		/^ +50%/ {p50=$2}
		/^ +99%/ {p99=$2}
		/Non-2xx/ {bad=$NF}
		END {print rps, p50, p99, (bad ? bad : 0)}' "$tmp/wrk.out"
}

# The two servers share the machine's cores with wrk, so one run is noisy:
# each page is measured ROUNDS times, alternating ceiling and Bitácora, and
# the median of each is reported.
ROUNDS=${ROUNDS:-3}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-34s %12s %10s %10s %8s\n' "page (wrk -t$THREADS -c$CONNECTIONS -d$DURATION, median of $ROUNDS)" "req/s" "p50" "p99" "non-2xx"
IFS=, read -ra list <<<"$paths"
for p in "${list[@]}"; do
	run "http://$ceiling$p" >/dev/null # warm up both
	run "http://127.0.0.1:$port$p" >/dev/null
	: >"$tmp/c" ; : >"$tmp/b"
	for _ in $(seq "$ROUNDS"); do
		run "http://$ceiling$p" >>"$tmp/c"
		run "http://127.0.0.1:$port$p" >>"$tmp/b"
	done
	c_rps=$(awk '{print $1}' "$tmp/c" | median)
	b_rps=$(awk '{print $1}' "$tmp/b" | median)
	read -r _ c_p50 c_p99 c_bad < <(awk -v m="$c_rps" '$1 == m' "$tmp/c" | head -1)
	read -r _ b_p50 b_p99 b_bad < <(awk -v m="$b_rps" '$1 == m' "$tmp/b" | head -1)
	printf '%-34s %12s %10s %10s %8s\n' "ceiling $p" "$c_rps" "$c_p50" "$c_p99" "$c_bad"
	printf '%-34s %12s %10s %10s %8s\n' "bitacora $p" "$b_rps" "$b_p50" "$b_p99" "$b_bad"
	awk -v b="$b_rps" -v c="$c_rps" -v p="$p" 'BEGIN {printf "%-34s %12.2f\n", "ratio " p, b / c}'
done

if [ "${GO_BENCH:-1}" = 1 ]; then
	echo
	go test -run '^$' -bench . -benchtime 1s ./programmedoc/ ./search/ 2>&1 | grep -E '^(Benchmark|ok|PASS)'
fi
