# The README's commands. `make test` is what CI runs.
.PHONY: run test bench load fuzz

run:
	go run ./cmd/bitacora

test:
	bash scripts/test.sh

bench:
	bash scripts/bench.sh

fuzz:
	go test ./programmedoc -run '^$$' -fuzz FuzzParse -fuzztime 60s
