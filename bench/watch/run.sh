#!/usr/bin/env bash
# `make bench-watch` (part of `make bench`): an annotator's edit through
# files, at BENCH_WATCH_SOURCES synthetic sources (default 10000; the corpus
# of evidence_bench written as a folder, bench/corpus_files.cpp).
#
#   bench/watch/run.sh [BUILD_DIR]
#   env: BENCH_WATCH_SOURCES=10000, BENCH_WATCH_EDITS=5
#
# 1. `evidence index --full` against `evidence index` after one source file
#    is edited (an incremental update), both through the command line, so
#    both read and validate the whole corpus folder: the ratio a user sees.
# 2. `evidence serve --watch` on the folder: a word appended to one source
#    file, then /api/search polled every 10 ms until the word is found;
#    the time from the write to the first answer that finds it, for each of
#    BENCH_WATCH_EDITS edits (each a new word in another file).
# Everything runs under the caller's priority (make bench runs it with nice).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
n=${BENCH_WATCH_SOURCES:-10000}
edits=${BENCH_WATCH_EDITS:-5}
for tool in curl python3; do
  command -v "$tool" >/dev/null || { echo "bench-watch: $tool is missing (scripts/install-deps.sh)" >&2; exit 3; }
done
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
corpus=$work/corpus
db=$work/db
now() { date +%s.%N; }
# Runs a command, its output into the file $1; prints "WALL CPU" in seconds
# (CPU: user + system of the command): on a machine shared with other work,
# wall times measure the others too.
timed() {
  local out=$1
  shift
  python3 - "$out" "$@" <<'PY'
import resource, subprocess, sys, time
t = time.time()
with open(sys.argv[1], "w") as f:
    rc = subprocess.run(sys.argv[2:], stdout=f, stderr=subprocess.STDOUT).returncode
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{time.time() - t:.3f} {r.ru_utime + r.ru_stime:.3f}")
sys.exit(rc)
PY
}
# CPU seconds (user + system) a process has used so far.
cpu_of() { python3 -c "import os, sys; f = open(f'/proc/{sys.argv[1]}/stat').read().rsplit(')', 1)[1].split(); print((int(f[11]) + int(f[12])) / os.sysconf('SC_CLK_TCK'))" "$1"; }
secs() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$1" "$2"; }

"$build/evidence_bench" --sizes "$n" --write-corpus "$corpus" 2>/dev/null
files=($(ls "$corpus/sources" | sort))
count=${#files[@]}
echo "bench-watch: $count synthetic sources written as files ($(du -sm "$corpus" | cut -f1) MB)"

read -r check_s check_cpu < <(timed "$work/check.log" "$build/evidence" check --corpus "$corpus")
read -r full_s full_cpu < <(timed "$work/full.log" "$build/evidence" index --corpus "$corpus" --db "$db" --full --no-history)
echo " quixoticedit" >>"$corpus/sources/${files[$((count / 2))]}"
read -r inc_s inc_cpu < <(timed "$work/inc.log" "$build/evidence" index --corpus "$corpus" --db "$db" --no-history)
grep -q "updated the live index: 1 source rewritten" "$work/inc.log" || {
  echo "bench-watch: the second run was not an incremental update of one source:" >&2
  cat "$work/inc.log" >&2
  exit 3
}
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.1f}')" "$1" "$2"; }
r=$(ratio "$full_s" "$inc_s")
verdict=$(python3 -c "import sys; print('met' if float(sys.argv[1]) >= 20 else 'MISSED')" "$r")
echo "  evidence check (reading and validating the folder): ${check_s} s, ${check_cpu} s CPU"
echo "  evidence index --full: ${full_s} s; evidence index after one edited file: ${inc_s} s (incremental):" \
  "${r}x faster (target >= 20x: $verdict)"
echo "    CPU time: --full ${full_cpu} s, incremental ${inc_cpu} s: $(ratio "$full_cpu" "$inc_cpu")x"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port
"$build/evidence" serve --watch --corpus "$corpus" --db "$db" --port "$port" --web web 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 600); do
  grep -q "watching" "$work/serve.log" && curl -fsS -o /dev/null "$url/api/health" 2>/dev/null && break
  sleep 0.1
done
grep -q "watching" "$work/serve.log" || { echo "bench-watch: serve --watch did not start" >&2; cat "$work/serve.log" >&2; exit 3; }

times=()
cpus=()
for i in $(seq "$edits"); do
  c0=$(cpu_of "$server_pid")
  # Words far apart (no "did you mean" from one to another): ten letters from a hash of i.
  word=$(python3 -c "import hashlib, sys; print(''.join(chr(97 + b % 26) for b in hashlib.sha256(sys.argv[1].encode()).digest()[:10]))" "$i")
  file=$corpus/sources/${files[$(( (count * i) / (edits + 1) ))]}
  t0=$(now)
  echo " $word" >>"$file"
  found=""
  for _ in $(seq 3000); do
    # Found as typed: exactly one hit, and not through a corrected spelling.
    answer=$(curl -fsS "$url/api/search?q=$word&size=1" 2>/dev/null || true)
    if grep -qE '"total":1[,}]' <<<"$answer" && ! grep -q '"corrected":' <<<"$answer"; then found=1; break; fi
    sleep 0.01
  done
  t=$(secs "$t0" "$(now)")
  cpus+=("$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$c0" "$(cpu_of "$server_pid")")")
  [ -n "$found" ] || { echo "bench-watch: edit $i not visible after 30 s" >&2; tail -5 "$work/serve.log" >&2; exit 3; }
  times+=("$t")
  sleep 0.5  # let the watcher settle before the next edit
done
python3 - "${times[*]}" "${cpus[*]}" <<'PY'
import statistics, sys
t = [float(x) for x in sys.argv[1].split()]
c = [float(x) for x in sys.argv[2].split()]
m = statistics.median(t)
print(f"  serve --watch: an edited file found by /api/search after {', '.join(f'{x:.3f}' for x in t)} s;"
      f" median {m:.3f} s (target < 1 s: {'met' if m < 1 else 'MISSED'})")
print(f"    the server's CPU time over each (re-reading the corpus, updating the index, answering):"
      f" {', '.join(f'{x:.2f}' for x in c)} s; median {statistics.median(c):.2f} s")
PY
