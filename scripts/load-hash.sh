#!/usr/bin/env bash
# Password-hashing load, loopback only, bounded in time (issue 10, item 1).
# Builds the server, starts it with its default configuration on a free
# loopback port over a temporary data folder, takes a CSRF cookie and field
# as a browser would, then for DURATION sends CONCURRENCY anonymous posts
# that would each cost an argon2id hash (half to /login with a wrong
# password, half to /password/set with an unknown link) while a second,
# gentle client measures /healthz. The server's memory (VmRSS, and its peak
# VmHWM, from /proc/PID/status) is sampled during the load and after it.
# Targets: peak RSS under 300 MB, /healthz p99 under 100 ms.
#   DURATION=30s CONCURRENCY=200 bash scripts/load-hash.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-30s}
CONCURRENCY=${CONCURRENCY:-200}
AFTER=${AFTER:-15} # seconds to watch memory after the load

command -v hey >/dev/null || { echo "load-hash: needs hey (apt-get install hey)" >&2; exit 1; }

tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

go build -o "$tmp/bitacora" ./cmd/bitacora

# A free loopback port: ask the kernel for one.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
BITACORA_ADDR="127.0.0.1:$port" BITACORA_DATA="$tmp/data" "$tmp/bitacora" serve >"$tmp/serve.log" 2>&1 &
server=$!
pids+=("$server")
for _ in $(seq 300); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.1; done
curl -sf "$base/readyz" >/dev/null || { echo "load-hash: the server did not start" >&2; cat "$tmp/serve.log" >&2; exit 1; }

mem() { awk -v k="$1" '$1 == k":" {print int($2 / 1024)}' "/proc/$server/status"; }
echo "server pid $server on $base, idle: VmRSS $(mem VmRSS) MB, VmHWM $(mem VmHWM) MB"

# The anti-forgery cookie and field, as a browser gets them.
csrf=$(curl -sf -c "$tmp/jar" "$base/es/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
[ -n "$csrf" ] || { echo "load-hash: no csrf field on /es/login" >&2; exit 1; }
cookie="bitacora_csrf=$csrf"
form=application/x-www-form-urlencoded
half=$((CONCURRENCY / 2))

# Memory, every half second, until told to stop.
touch "$tmp/sampling"
( while [ -e "$tmp/sampling" ]; do echo "$(mem VmRSS) $(mem VmHWM)"; sleep 0.5; done >"$tmp/during" ) &
pids+=($!)

hey -z "$DURATION" -c "$half" -m POST -T "$form" -H "Cookie: $cookie" \
	-d "csrf=$csrf&email=victim%40example.org&password=wrong+password+guess+1&next=%2F" \
	"$base/es/login" >"$tmp/login.out" 2>&1 &
h1=$!
pids+=("$h1")
hey -z "$DURATION" -c "$((CONCURRENCY - half))" -m POST -T "$form" -H "Cookie: $cookie" \
	-d "csrf=$csrf&token=pw_unknown-link&password=a+long+new+password&confirm=a+long+new+password" \
	"$base/es/password/set" >"$tmp/set.out" 2>&1 &
h2=$!
pids+=("$h2")
# /healthz at low concurrency: 2 clients, 20 requests a second each.
hey -z "$DURATION" -c 2 -q 20 "$base/healthz" >"$tmp/healthz.out" 2>&1 &
h3=$!
pids+=("$h3")
wait "$h1" "$h2" "$h3"
rm -f "$tmp/sampling"
sleep 1

: >"$tmp/after"
for _ in $(seq "$AFTER"); do sleep 1; echo "$(mem VmRSS) $(mem VmHWM)" >>"$tmp/after"; done

# hey's summary → "requests p50 p99 statuses"
summary() {
	awk '
		/Requests\/sec/ {rps=$2}
		/ 50% in / {p50=$3 * 1000}
		/ 99% in / {p99=$3 * 1000}
		/^  \[[0-9]+\]/ {gsub(/[\[\]]/, "", $1); st = st $1 "×" $2 " "}
		/^Error distribution/ {err=1}
		END {printf "%10.1f %10.1f %10.1f   %s%s\n", rps, p50, p99, st, (err ? "(errors: see hey output)" : "")}' "$1"
}

echo
printf '%-34s %10s %10s %10s   %s\n' "hey -z $DURATION" "req/s" "p50 ms" "p99 ms" "statuses"
printf '%-34s %s\n' "POST /es/login (-c $half)" "$(summary "$tmp/login.out")"
printf '%-34s %s\n' "POST /es/password/set (-c $((CONCURRENCY - half)))" "$(summary "$tmp/set.out")"
printf '%-34s %s\n' "GET /healthz (-c 2 -q 20)" "$(summary "$tmp/healthz.out")"
echo
peak_during=$(awk 'max < $1 {max = $1} END {print max + 0}' "$tmp/during")
hwm=$(tail -1 "$tmp/after" | awk '{print $2}')
end_rss=$(tail -1 "$tmp/after" | awk '{print $1}')
printf '%-34s %10s\n' "memory" "MB"
printf '%-34s %10s\n' "VmRSS peak sampled during load" "$peak_during"
printf '%-34s %10s\n' "VmHWM (peak RSS, whole run)" "$hwm"
printf '%-34s %10s\n' "VmRSS ${AFTER}s after the load" "$end_rss"
p99=$(summary "$tmp/healthz.out" | awk '{print $3}')
awk -v h="$hwm" -v p="$p99" 'BEGIN {
	printf "\ntarget: peak RSS < 300 MB: %s (%d MB); /healthz p99 < 100 ms: %s (%.1f ms)\n",
		(h < 300 ? "met" : "MISSED"), h, (p < 100 ? "met" : "MISSED"), p
	exit !(h < 300 && p < 100)
}'
