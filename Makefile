# The two commands of the README: `make run` and `make test`. Both install
# what is missing first (scripts/install-deps.sh), then build.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
CORPUS     ?= corpus
DB         ?= index
PORT       ?= 8080
# Benchmark sizes in sources (~3 assertions each); 300000 (~1M assertions)
# takes several more minutes: make bench BENCH_SIZES=10000,100000,300000
BENCH_SIZES ?= 10000,100000
BENCH_ARGS  ?=
# The edit-to-visible path through files (bench/watch/run.sh); 0 leaves it out.
BENCH_WATCH ?= 1
EVIDENCE   := $(BUILD)/evidence

FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= source yaml markdown pubmed query export

.PHONY: all deps build run index check report test asan fuzz format tidy bench bench-load bench-watch eval clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/Makefile: CMakeLists.txt
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null

build: deps $(BUILD)/Makefile
	@cmake --build $(BUILD) -j $(JOBS)

index: build
	$(EVIDENCE) index --corpus $(CORPUS) --db $(DB)

check: build
	$(EVIDENCE) check --corpus $(CORPUS)

# The coverage report, committed so reviewers can read it on the page.
report: build
	$(EVIDENCE) report --corpus $(CORPUS) --out docs/COVERAGE.md

run: index
	$(EVIDENCE) serve --db $(DB) --port $(PORT)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# AddressSanitizer + UndefinedBehaviorSanitizer build, running the same tests.
asan: deps
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DEVIDENCE_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

# libFuzzer harnesses (tests/fuzz/README.md), built with clang in their own
# folder, each run for FUZZ_SECONDS at the lowest priority. `make test`
# replays their committed seeds and past crashes without libFuzzer.
fuzz: deps
	@tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Every C++ file rewritten in .clang-format's style; make test checks it.
format:
	@scripts/format.sh

# clang-tidy's checks of .clang-tidy over src/, each warning an error.
tidy: build
	@command -v clang-tidy >/dev/null || { echo "clang-tidy is not installed (Debian package clang-tidy)" >&2; exit 1; }
	@clang-tidy -p $(BUILD) --quiet $$(git ls-files 'src/*.cpp')

# Claim matching measured: plain questions and leave-one-source-out, the
# product beside the naive baseline (tests/eval/evaluate.hpp).
eval: build
	nice -n 19 $(BUILD)/evidence_eval $(CORPUS) tests/eval/questions.tsv

# The product's Xapian build and search against SQLite FTS5 and over 2
# shard servers (xapian-tcpsrv) beside one database, then questions and
# claim matching against a plain search on the bundled corpus
# (docs/BENCHMARKS.md).
bench: build
	$(BUILD)/evidence_bench --sizes $(BENCH_SIZES) --dir $(BUILD)/bench-data $(BENCH_ARGS)
	nice -n 19 $(BUILD)/evidence_bench --sizes 10000 --write-corpus $(BUILD)/bench-data/synthetic-10k
	nice -n 19 $(BUILD)/evidence_eval $(CORPUS) tests/eval/questions.tsv --timing $(BUILD)/bench-data/synthetic-10k
	@$(MAKE) --no-print-directory bench-load
	@if [ "$(BENCH_WATCH)" != 0 ]; then $(MAKE) --no-print-directory bench-watch; fi

# One edited file of 10k synthetic sources: `evidence index` incremental
# against --full, and the time until `serve --watch` answers with it.
bench-watch: build
	bench/watch/run.sh $(BUILD)

# The HTTP server under load (wrk) next to the same queries in-process, and a
# reindex swapped in under load (docs/BENCHMARKS.md, "Server").
bench-load: build
	bench/load/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
