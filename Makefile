# The README's commands. `make test` is what CI runs.
.PHONY: run test bench load fuzz load-hash scale

run:
	go run ./cmd/bitacora

test:
	bash scripts/test.sh

bench:
	bash scripts/bench.sh

# Anonymous password-hashing load: peak RSS and /healthz p99 (issue 10).
load-hash:
	bash scripts/load-hash.sh

# Scale benchmark: N programmes × M activities × P periods of accepted
# reports, then page, API, write and import figures (issue 11).
#   make scale PROGRAMMES=4 ACTIVITIES=1000 PERIODS=5
scale:
	bash scripts/scale.sh

fuzz:
	go test ./programmedoc -run '^$$' -fuzz FuzzParse -fuzztime 60s
