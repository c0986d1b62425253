# The README's commands. `make test` is what CI runs.
.PHONY: run test bench load fuzz load-hash

run:
	go run ./cmd/bitacora

test:
	bash scripts/test.sh

bench:
	bash scripts/bench.sh

# Anonymous password-hashing load: peak RSS and /healthz p99 (issue 10).
load-hash:
	bash scripts/load-hash.sh

fuzz:
	go test ./programmedoc -run '^$$' -fuzz FuzzParse -fuzztime 60s
