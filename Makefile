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

.PHONY: all build demo test race vet fmt-check bench bench-province bench-scale assets clean dist dist-amd64 dist-arm64 dist-test-binary dist-check dist-check-arm64

all: build

build:
	$(GO) build -o $(BIN) ./cmd/microrisk

## demo: generate the chengdu world and run the whole batch job into reports/
demo: build
	./$(BIN) demo --out reports --work demo

## test: formatting, go vet and every test (peer-reference tests read ../shared/refdata);
## it builds the static amd64 release binary first, which cmd/mrdist's test checks
test: fmt-check vet dist-test-binary
	$(GO) test -count=1 -timeout 30m $(PKGS)
	$(MAKE) race

## race: the concurrent parts under the race detector: the scan's workers
## and the score's background computation (about 30 s)
race:
	$(GO) test -race -count=1 ./risk/scan
	$(GO) test -race -count=1 -run 'TestScore|TestSpaceCluster' ./risk

# The release binary for the test; a machine that cannot build it (no
# static glibc, not x86_64) skips it loudly, and cmd/mrdist's test skips.
dist-test-binary:
	@GO=$(GO) ./scripts/dist.sh amd64 || { rc=$$?; [ $$rc -eq 3 ] || exit $$rc; \
	  echo "*** SKIP: dist/microrisk-linux-amd64 not built (reason above); its test will skip ***"; \
	  rm -f dist/microrisk-linux-amd64; }

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

## bench-province: the whole batch job (ingest, score, plan, report) on the
## province profile (52,000 scored units, 14M ledger rows): wall time, CPU time
## and peak memory per stage, BENCH_RUNS rounds (cmd/mrscale; worlds are kept
## in BENCH_DIR, default $TMPDIR/mrscale, for the next run)
BENCH_DIR ?=
MRSCALE = ./bin/mrscale -microrisk $(BIN) $(if $(BENCH_DIR),-dir $(BENCH_DIR)) -runs $(BENCH_RUNS)
bench-province: build
	$(GO) build -o bin/mrscale ./cmd/mrscale
	$(MRSCALE) -profile province

## bench-scale: the batch job at 1, 3 and 10 times Chengdu (1.9M to 19M rows):
## per stage time, peak memory and growth exponent against n log n
bench-scale: build
	$(GO) build -o bin/mrscale ./cmd/mrscale
	$(MRSCALE) -scales 1,3,10

## assets: fetch ECharts 5.4.3 from npm again and check it against the embedded copy
assets:
	./scripts/fetch-echarts.sh

## dist: static, stripped release binaries for linux/amd64 and linux/arm64 and
## their SHA-256 sums in dist/ (arm64 needs Debian's gcc-aarch64-linux-gnu,
## g++-aarch64-linux-gnu and lld; see README "Carrying the binary")
dist: dist-amd64 dist-arm64
	./scripts/dist.sh sums

dist-amd64:
	GO=$(GO) ./scripts/dist.sh amd64

dist-arm64:
	GO=$(GO) ./scripts/dist.sh arm64

## dist-check: the amd64 binary's glibc needs and a demo run with it;
## dist-check-arm64: the same for arm64 under qemu-user (slow: minutes)
dist-check: dist-amd64
	$(GO) run ./cmd/mrdist dist/microrisk-linux-amd64

dist-check-arm64: dist-arm64
	$(GO) run ./cmd/mrdist -exec qemu-aarch64-static dist/microrisk-linux-arm64

clean:
	rm -rf bin reports demo dist
