#!/bin/sh
# `make fuzz`: builds the harnesses with clang, libFuzzer, ASan and UBSan in
# their own build folder and fuzzes each in turn, at the lowest priority, for
# FUZZ_SECONDS seconds, starting from the committed seeds. New inputs go to
# BUILD/corpus/NAME (not committed); a crash, leak or sanitizer report stops
# the run and leaves the input in BUILD/artifacts/. See tests/fuzz/README.md.
#   tests/fuzz/run.sh BUILD SECONDS [HARNESS...]
set -eu
build=${1:-build-fuzz}
seconds=${2:-60}
shift 2 || true
src=$(cd "$(dirname "$0")/../.." && pwd)
harnesses=${*:-source yaml markdown pubmed query export}

CC=clang CXX=clang++ cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEVIDENCE_FUZZ=ON >/dev/null
targets=""
for h in $harnesses; do targets="$targets fuzz_$h"; done
# shellcheck disable=SC2086
nice -n 19 cmake --build "$build" -j "${JOBS:-2}" --target $targets

mkdir -p "$build/artifacts"
for h in $harnesses; do
    case $h in
        query) max_len=4096 ;;        # a query is at most 1000 bytes, the request a few lines
        export) max_len=65536 ;;
        *) max_len=1048576 ;;         # file parsers: deep nesting and long lines need room
    esac
    mkdir -p "$build/corpus/$h"
    echo "== fuzz_$h: ${seconds}s, -max_len=$max_len"
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        nice -n 19 "$build/fuzz_$h" -max_total_time="$seconds" -max_len="$max_len" -timeout=30 \
        -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$build/artifacts/$h-" \
        "$build/corpus/$h" "$src/tests/fuzz/corpus/$h"
done
