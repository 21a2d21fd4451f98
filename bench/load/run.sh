#!/usr/bin/env bash
# `make bench-load`: the HTTP server under load on loopback, next to the same
# queries run in-process, and a reindex swapped in under load.
#
#   bench/load/run.sh [BUILD_DIR]
#   env: BENCH_LOAD_SECONDS=10 (a run), BENCH_LOAD_ROUNDS=5, CORPUS=corpus
#
# This machine's speed drifts by a third within a minute (other VMs share
# its host), so the warm runs are compared in rounds: each round runs the
# in-process probe and then the server for BENCH_LOAD_SECONDS/ROUNDS each,
# and a ratio is the median of the rounds' ratios, each taken between runs
# seconds apart. The server's access log gives a second measure that no
# drift touches: the time the server worked on each request (Server-Timing),
# set against wrk's latency of the same requests.
#
# Runs, each bounded in time: at 1 connection, a cold run (a fresh server),
# the rounds, and a bare HTTP exchange (/api/health, no search); at 32
# connections, a cold run (a fresh server) and the rounds; then 32
# connections while the index is rebuilt and swapped in every second.
# Prints a Markdown table and the ratios the targets are about; writes it
# to BUILD_DIR/bench-load.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
secs=${BENCH_LOAD_SECONDS:-10}
rounds=${BENCH_LOAD_ROUNDS:-5}
corpus=${CORPUS:-corpus}
queries=bench/load/queries.txt
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "bench-load: $tool is missing (scripts/install-deps.sh)" >&2; exit 3; }
done
slice=$(( secs / rounds > 0 ? secs / rounds : 1 ))

work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
db=$work/db
log=$work/access.log
: >"$log"
"$build/evidence" index --corpus "$corpus" --db "$db" >/dev/null 2>&1
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port
field() { local v; v=$(sed -nE "s/.* $2=([0-9.]+).*/\1/p" <<<"$1"); echo "${v:--}"; }

start_server() {
  "$build/evidence" serve --db "$db" --port "$port" --web web --threads 64 2>>"$log" &
  server_pid=$!
  for _ in $(seq 100); do
    curl -fsS -o /dev/null "$url/api/health" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "bench-load: the server did not start" >&2
  exit 3
}
stop_server() {
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
# CPU time the server process has used, in clock ticks.
server_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
tick_us=$((1000000 / $(getconf CLK_TCK)))
# The median server time (µs) of the access-log lines after line $1.
app_p50() {
  tail -n +"$(( $1 + 1 ))" "$log" | python3 -c '
import statistics, sys
ms = [float(l.split()[-1][:-2]) for l in sys.stdin if l.startswith("GET /api/") and l.rstrip().endswith("ms")]
print(round(statistics.median(ms) * 1000) if ms else 0)'
}
# wrk for $2 seconds at $1 connections, with the rotating queries (or
# FIXED_PATH): one RESULT line, plus the server's CPU microseconds a request
# (less sensitive than latency to other load on the machine) and the median
# time the server worked on these requests.
load() {
  local before lines result
  before=$(server_ticks)
  lines=$(wc -l <"$log")
  result=$(QUERIES=$queries wrk -t1 -c"$1" -d"$2s" --timeout 5s -s bench/load/rotate.lua "$url" | grep '^RESULT')
  echo "$result cpu_us=$(( ($(server_ticks) - before) * tick_us / $(field "$result" requests) )) app_p50_us=$(app_p50 "$lines")"
}
# The in-process probe for $1 seconds, one thread (more options after it).
probe() {
  local seconds=$1
  shift
  "$build/evidence_load_probe" --db "$db" --queries "$queries" --seconds "$seconds" --threads 1 "$@" | grep '^RESULT'
}
# The median of the numbers on standard input, to 2 decimals.
median() { python3 -c 'import statistics, sys; print(f"{statistics.median(float(x) for x in sys.stdin.read().split()):.2f}")'; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }

echo "bench-load: $(nproc) cores, runs of ${secs}s, $rounds rounds of ${slice}s, corpus $corpus" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# 1 connection: cold, then rounds of probe / server, then a bare exchange.
start_server
c1_cold=$(load 1 "$secs")
c1_ratios="" c1_app_ratios="" c1_cpu_ratios="" c1_rows=""
for r in $(seq "$rounds"); do
  p=$(probe "$slice")
  s=$(load 1 "$slice")
  c1_ratios+=" $(ratio "$(field "$s" p50_us)" "$(field "$p" p50_us)")"
  c1_app_ratios+=" $(ratio "$(field "$s" p50_us)" "$(field "$s" app_p50_us)")"
  c1_cpu_ratios+=" $(ratio "$(field "$s" cpu_us)" "$(field "$p" cpu_us)")"
  c1_rows+="$p|$s"$'\n'
done
bare=$(FIXED_PATH=/api/health load 1 "$slice")
# The probe again, idle between queries about as long as the HTTP exchange
# keeps the server idle at 1 connection: what idling alone costs here.
paused=$(probe "$slice" --pause-us 300)
last_probe=$p
# The floor under any HTTP server here: loopback TCP round trips, no HTTP.
rtt=$("$build/evidence_load_probe" --tcp-rtt 20000 | grep '^RESULT')
stop_server

# 32 connections: cold, then rounds of probe / server.
start_server
c32_cold=$(load 32 "$secs")
c32_ratios="" c32_rows=""
for r in $(seq "$rounds"); do
  p=$(probe "$slice")
  s=$(load 32 "$slice")
  c32_ratios+=" $(ratio "$(field "$s" rps)" "$(field "$p" rps)")"
  c32_rows+="$p|$s"$'\n'
done

# 32 connections while the index is rebuilt and swapped in every second.
load 32 "$secs" >"$work/swap.out" &
load_pid=$!
swaps=0
end=$((SECONDS + secs - 1))
while [ $SECONDS -lt $end ]; do
  "$build/evidence" index --corpus "$corpus" --db "$db" >/dev/null 2>&1 && swaps=$((swaps + 1))
  sleep 1
done
wait "$load_pid"
c32_swap=$(grep '^RESULT' "$work/swap.out")
stop_server

row() {
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$(field "$2" rps)" "$(field "$2" p50_us)" \
    "$(field "$2" p99_us)" "$(field "$2" app_p50_us)" \
    "$(field "$2" cpu_us)" "$(field "$2" requests)" "$3"
}
fails() { echo "$(( $(field "$1" failed) + $(field "$1" socket_errors) ))"; }
# The rows of the rounds ("probe|server" lines on standard input).
round_rows() {
  local r=0 p s
  while IFS='|' read -r p s; do
    [ -n "$p" ] || continue
    r=$((r + 1))
    row "round $r: $1" "$p" "$(field "$p" errors)"
    row "round $r: $2" "$s" "$(fails "$s")"
  done
}
total_fails() {
  local n=0 line
  while IFS= read -r line; do n=$(( n + $(fails "$line") )); done
  echo "$n"
}
{
  echo "load average before the runs: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| run | req/s | p50 µs | p99 µs | server time p50 µs | CPU µs/req | requests | failed |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  row "server, 1 connection, cold (${secs}s)" "$c1_cold" "$(fails "$c1_cold")"
  round_rows "in-process, 1 thread (search + JSON)" "server, 1 connection" <<<"$c1_rows"
  row "bare HTTP exchange (/api/health), 1 connection" "$bare" "$(fails "$bare")"
  row "in-process, 1 thread, 300 µs idle between queries" "$paused" "$(field "$paused" errors)"
  row "loopback TCP round trip of 100 bytes, no HTTP" "$rtt" 0
  row "server, 32 connections, cold (${secs}s)" "$c32_cold" "$(fails "$c32_cold")"
  round_rows "in-process, 1 thread" "server, 32 connections" <<<"$c32_rows"
  row "server, 32 connections, $swaps reindex swaps (${secs}s)" "$c32_swap" "$(fails "$c32_swap")"
  echo
  echo "- server p50 at 1 connection / in-process p50, median of $rounds rounds: $(median <<<"$c1_ratios") (target <= 1.2; rounds:$c1_ratios)"
  echo "- server p50 at 1 connection / the server's own time for the same requests, median: $(median <<<"$c1_app_ratios") (rounds:$c1_app_ratios)"
  echo "- server CPU a request at 1 connection / in-process, median: $(median <<<"$c1_cpu_ratios") (rounds:$c1_cpu_ratios)"
  echo "- the floor: a loopback TCP round trip p50 $(field "$rtt" p50_us) µs, a bare HTTP exchange p50 $(field "$bare" p50_us) µs; in-process p50 with 300 µs idle between queries / without (last round): $(ratio "$(field "$paused" p50_us)" "$(field "$last_probe" p50_us)")"
  echo "- server req/s at 32 connections / in-process 1-thread req/s, median of $rounds rounds: $(median <<<"$c32_ratios") (target >= 1.6 on 2 cores; rounds:$c32_ratios)"
  echo "- failed requests: $(( $(fails "$c1_cold") + $(fails "$c32_cold") + $(fails "$bare") + $(sed 's/.*|//' <<<"$c1_rows$c32_rows" | grep RESULT | total_fails) )) in the other runs; $(fails "$c32_swap") during $swaps reindex swaps (target 0)"
} | tee "$build/bench-load.md"
