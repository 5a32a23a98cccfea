# microrisk — two commands on a fresh machine: `make demo` and `make test`.
# Needs only Go (with gcc for cgo: DuckDB is linked in) and, for `make assets`, npm.

GO      ?= go
BIN     := bin/microrisk
BENCH_ROWS      ?= 10000000
BENCH_XLSX_ROWS ?= 300000
BENCH_RUNS      ?= 3
PKGS    := ./...

# DuckDB reads the clean records of large CSV files as Arrow streams: the
# driver's Arrow interface is behind this build tag.
export GOFLAGS := -tags=duckdb_arrow $(GOFLAGS)

.PHONY: all build demo test vet fmt-check bench assets clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/microrisk

## demo: generate the chengdu world and run the whole batch job into reports/
demo: build
	./$(BIN) demo --out reports --work demo

## test: formatting, go vet and every test (peer-reference tests read ../shared/refdata)
test: fmt-check vet
	$(GO) test -count=1 -timeout 30m $(PKGS)

vet:
	$(GO) vet $(PKGS)

fmt-check:
	@out=$$(gofmt -l .); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

## bench: ingest throughput against DuckDB's own read_csv on the same 10M-row
## file (rows/s, wall time, peak memory), then the Go benchmarks of ingest,
## the statistics and Benford
bench:
	$(GO) build -o bin/mrbench ./cmd/mrbench
	./bin/mrbench -rows $(BENCH_ROWS) -xlsx-rows $(BENCH_XLSX_ROWS) -runs $(BENCH_RUNS)
	$(GO) test -run '^$$' -bench . -benchtime 3x ./ingest ./risk/stats ./risk/benford ./ingest/xlsx

## assets: fetch ECharts 5.4.3 from npm again and check it against the embedded copy
assets:
	./scripts/fetch-echarts.sh

clean:
	rm -rf bin reports demo
