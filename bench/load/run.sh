#!/usr/bin/env bash
# `make bench-load`: the HTTP server under load on loopback, next to the same
# queries run in-process, and a reindex swapped in under load.
#
#   bench/load/run.sh [BUILD_DIR]     (env: BENCH_LOAD_SECONDS=10, CORPUS=corpus)
#
# Runs, each bounded in time: the in-process probe (1 thread); the server at
# 1 connection and at 32, each cold (a fresh server process: no worker has
# opened the index yet) then warm; then 32 connections while the index is
# rebuilt and swapped in every second. Prints a Markdown table and the
# ratios the targets are about; writes it to BUILD_DIR/bench-load.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
secs=${BENCH_LOAD_SECONDS:-10}
corpus=${CORPUS:-corpus}
queries=bench/load/queries.txt
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "bench-load: $tool is missing (scripts/install-deps.sh)" >&2; exit 3; }
done

work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
db=$work/db
"$build/evidence" index --corpus "$corpus" --db "$db" >/dev/null 2>&1
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port
field() { sed -E "s/.* $2=([0-9.]+).*/\1/" <<<"$1"; }

start_server() {
  "$build/evidence" serve --db "$db" --port "$port" --web web --threads 64 2>>"$work/access.log" &
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
# wrk with the rotating queries: one RESULT line, plus the server's CPU
# microseconds a request (less sensitive than latency to other load on the
# machine).
load() {
  local before result
  before=$(server_ticks)
  result=$(QUERIES=$queries wrk -t1 -c"$1" -d"${secs}s" --timeout 5s -s bench/load/rotate.lua "$url" | grep '^RESULT')
  echo "$result cpu_us=$(( ($(server_ticks) - before) * tick_us / $(field "$result" requests) ))"
}

echo "bench-load: $(nproc) cores, ${secs}s a run, corpus $corpus ($(curl -s "$url/api/health" 2>/dev/null || true))" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
probe=$("$build/evidence_load_probe" --db "$db" --queries "$queries" --seconds "$secs" --threads 1 | grep '^RESULT')

start_server
c1_cold=$(load 1)
c1_warm=$(load 1)
stop_server
start_server
c32_cold=$(load 32)
c32_warm=$(load 32)

# 32 connections while the index is rebuilt and swapped in every second.
load 32 >"$work/swap.out" &
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
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$(field "$2" rps)" "$(field "$2" p50_us)" "$(field "$2" p99_us)" \
    "$(field "$2" cpu_us)" "$(field "$2" requests)" "$3"
}
fails() { echo "$(( $(field "$1" failed) + $(field "$1" socket_errors) ))"; }
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
{
  echo "load average before the runs: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| run | req/s | p50 µs | p99 µs | CPU µs/req | requests | failed |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  row "in-process, 1 thread (search + JSON)" "$probe" "$(field "$probe" errors)"
  row "server, 1 connection, cold" "$c1_cold" "$(fails "$c1_cold")"
  row "server, 1 connection, warm" "$c1_warm" "$(fails "$c1_warm")"
  row "server, 32 connections, cold" "$c32_cold" "$(fails "$c32_cold")"
  row "server, 32 connections, warm" "$c32_warm" "$(fails "$c32_warm")"
  row "server, 32 connections, $swaps reindex swaps" "$c32_swap" "$(fails "$c32_swap")"
  echo
  echo "- server p50 at 1 connection (warm) / in-process p50: $(ratio "$(field "$c1_warm" p50_us)" "$(field "$probe" p50_us)") (target <= 1.2)"
  echo "- server CPU a request at 1 connection (warm) / in-process: $(ratio "$(field "$c1_warm" cpu_us)" "$(field "$probe" cpu_us)")"
  echo "- server req/s at 32 connections (warm) / in-process 1-thread req/s: $(ratio "$(field "$c32_warm" rps)" "$(field "$probe" rps)") (target >= 1.6 on 2 cores)"
  echo "- failed requests during $swaps reindex swaps: $(fails "$c32_swap") (target 0)"
} | tee "$build/bench-load.md"
