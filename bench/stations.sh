#!/usr/bin/env bash
# Issue 14: throughput of the HJ 212 receiver. STATIONS simulated stations (500), each on its own connection, each
# sending HOURS (96) hourly CN=2061 packets (Flag=5) and waiting for every CN=9014 before the next, into a store that
# registers them through stations.csv. Prints packets/s, connections and the receiver's resident memory (before,
# peak during, after), RUNS times (3).
#   bench/stations.sh                                   500 stations × 96 hours into PostgreSQL (a cluster it starts)
#   ENGINE=sqlite bench/stations.sh                     the same into a fresh SQLite store
#   STORE='Host=…;Database=…' bench/stations.sh         into an existing PostgreSQL database (emptied stations only if new)
#   NO_BUILD=1 bench/stations.sh                        skip the Release build
#   LIUYU_DLL=/other/liuyu.dll NO_BUILD=1 bench/stations.sh   measure another build (an older commit, for before/after)
# 48,000 packets a run: a shorter run measures mostly the receiver's first seconds (JIT), not its steady rate.
# The PostgreSQL cluster lives in PG_DIR (/tmp/liuyu-stations-pg): created on first use (initdb, trust auth, loopback,
# a free port), started when stopped, reused when running, stopped again at the end unless KEEP_PG=1; each run gets a
# fresh database. It runs with PostgreSQL's durable defaults (fsync, synchronous_commit on): an acknowledged packet is
# on disk, which is what the receiver promises. PG_FAST=1 turns fsync and synchronous_commit off (the tests' settings).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
stations=${STATIONS:-500}
hours=${HOURS:-96}
runs=${RUNS:-3}
port=${PORT:-9212}
engine=${ENGINE:-postgres}
[ -n "${STORE:-}" ] && engine=given
work=$(mktemp -d /tmp/liuyu-stations-XXXXXX)
[ "${NO_BUILD:-}" ] || dotnet build src/Liuyu.Cli -c Release -nologo -v q -clp:NoSummary 1>&2
liuyu=(dotnet "${LIUYU_DLL:-src/Liuyu.Cli/bin/Release/net10.0/liuyu.dll}")
pid= sampler= pg_started=
pg_dir=${PG_DIR:-/tmp/liuyu-stations-pg}
pg_run() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  wait 2>/dev/null
  if [ -n "$pg_started" ] && [ -z "${KEEP_PG:-}" ]; then pg_run "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true; fi
  [ "${KEEP:-}" ] && echo "work folder kept: $work" || rm -rf "$work"
}
trap cleanup EXIT

# --- PostgreSQL: a cluster of our own, idempotently ------------------------------------------------------------------
pg_up() {
  pg_bin=
  for d in $(command -v initdb >/dev/null 2>&1 && dirname "$(readlink -f "$(command -v initdb)")") $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { pg_bin=$d; break; }
  done
  [ -n "$pg_bin" ] || { echo "bench/stations.sh: PostgreSQL server binaries (initdb, pg_ctl) not found" >&2; exit 1; }
  if [ ! -f "$pg_dir/data/PG_VERSION" ]; then
    rm -rf "$pg_dir"; mkdir -p "$pg_dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir"
    pg_run "$pg_bin/initdb" -D "$pg_dir/data" -U liuyu --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if pg_run "$pg_bin/pg_ctl" -D "$pg_dir/data" status >/dev/null 2>&1; then
    pg_port=$(cat "$pg_dir/port")
  else
    pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    echo "$pg_port" > "$pg_dir/port"
    local fast=
    [ "${PG_FAST:-}" ] && fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    pg_run "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -t 60 start \
      -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $pg_dir -c max_connections=200 $fast" >/dev/null
    pg_started=1
  fi
}
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U liuyu -d postgres "$@"; }
[ "$engine" = postgres ] && pg_up

# The demo registry, and STATIONS stations spread over its sections (the same folders for every run).
"${liuyu[@]}" demo --export "$work/demo" >/dev/null
mkdir "$work/stations"
mapfile -t sections < <(tail -n +2 "$work/demo/sections.csv" | cut -d, -f1)
{
  echo "mn,section,password,name"
  for i in $(seq 1 "$stations"); do
    printf 'BENCH%04d,%s,123456,bench %d\n' "$i" "${sections[$(( (i - 1) % ${#sections[@]} ))]}" "$i"
  done
} > "$work/stations/stations.csv"

rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
# CPU seconds (user + system) of a process, and of every PostgreSQL server process alive: a figure the machine's other
# load changes much less than the rate (CPU per 1,000 packets).
tck=$(getconf CLK_TCK)
cpu() { awk -v t="$tck" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"; }
pg_cpu() {
  local total=0 p master
  [ "$engine" = postgres ] || { echo 0; return; }
  master=$(head -n 1 "$pg_dir/data/postmaster.pid")
  for p in "$master" $(pgrep -P "$master"); do total=$(awk -v a="$total" -v t="$tck" '{ printf "%.2f", a + ($14 + $15) / t }' "/proc/$p/stat" 2>/dev/null || echo "$total")
  done
  echo "$total"
}
from=2025-06-01
to=$(date -d "$from + $hours hours" '+%Y-%m-%dT%H')
case $engine in
  postgres) engine_text="PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}')$([ "${PG_FAST:-}" ] && echo ', fsync off' || echo ', fsync on')" ;;
  sqlite) engine_text=SQLite ;;
  given) engine_text="PostgreSQL (given)" ;;
esac
echo "engine: $engine_text; $(nproc) cores; $stations stations (connections) × $hours hours; load average $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
rates=()
for run in $(seq 1 "$runs"); do
  case $engine in
    postgres) psql_ -c "DROP DATABASE IF EXISTS stations_bench" -c "CREATE DATABASE stations_bench"
              store="Host=127.0.0.1;Port=$pg_port;Username=liuyu;Database=stations_bench;Timeout=30;Command Timeout=300" ;;
    sqlite) rm -f "$work/bench.db"*; store=$work/bench.db ;;
    given) store=$STORE ;;
  esac
  "${liuyu[@]}" import --store "$store" --data "$work/demo" >/dev/null
  "${liuyu[@]}" import --store "$store" --data "$work/stations" >/dev/null
  : > "$work/serve.log"
  "${liuyu[@]}" station serve --store "$store" --port "$port" --address 127.0.0.1 >"$work/serve.log" 2>&1 &
  pid=$!
  until grep -q "HJ 212 receiver on" "$work/serve.log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 0.1
  done
  before=$(rss)
  cpu_before=$(cpu "$pid"); pg_before=$(pg_cpu)
  # The receiver's resident memory once a second while the stations send; the peak is printed.
  ( while sleep 1; do rss; done > "$work/rss" 2>/dev/null ) &
  sampler=$!
  out=$(/usr/bin/time -f 'simulator CPU %U %S' "${liuyu[@]}" station simulate --port "$port" --mn BENCH --password 123456 --count "$stations" --from "$from" --to "$to" \
    --values "w01001=7.5,w01009=7.0,w01010=21.3,w01014=412,w01003=17,w01019=3.5,w21003=0.4,w21011=0.08,w21001=1.9" 2>&1) || status=$?
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true; sampler=
  after=$(rss)
  cpu_after=$(cpu "$pid"); pg_after=$(pg_cpu)
  sim_cpu=$(echo "$out" | awk '/^simulator CPU/ { printf "%.2f", $3 + $4 }')
  packets=$((stations * hours))
  peak=$(sort -n "$work/rss" | tail -n 1)
  rate=$(echo "$out" | sed -n 's/.*: \([0-9]*\) packets\/s/\1/p')
  rates+=("${rate:-0}")
  echo "run $run: ${rate:-?} packets/s, $stations connections; receiver RSS ${before} kB before, ${peak:-?} kB peak, ${after} kB after"
  echo "  $(echo "$out" | head -n 1)"
  awk -v r="$cpu_before" -v R="$cpu_after" -v p="$pg_before" -v P="$pg_after" -v s="$sim_cpu" -v n="$packets" 'BEGIN {
    printf "  CPU per 1,000 packets: receiver %.2f s, PostgreSQL %.2f s, simulator %.2f s\n", (R - r) * 1000 / n, (P - p) * 1000 / n, s * 1000 / n }'
  # SIGTERM, not SIGINT: a background job of a script ignores SIGINT. The receiver stops on either and prints its totals.
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=
  echo "  receiver: $(tail -n 1 "$work/serve.log")"
done
# The side-by-side baseline (README, benchmarks are ratios): the same values written by the engine's own bulk loader, one
# transaction, into a table with the receiver's key (MN, CN, DataTime, code) and its columns: psql \copy into PostgreSQL,
# sqlite3 .import into SQLite. It has no network, no protocol, no CRC, no acknowledgement and no per-packet commit, so
# it is the floor the receiver's rate is compared with, not a like-for-like rival.
values=$((stations * hours * 9))
python3 - "$stations" "$hours" "$from" > "$work/values.csv" <<'PY'
import sys, datetime
n, hours, start = int(sys.argv[1]), int(sys.argv[2]), datetime.datetime.fromisoformat(sys.argv[3])
codes = {"w01001": "7.5", "w01009": "7.0", "w01010": "21.3", "w01014": "412", "w01003": "17", "w01019": "3.5", "w21003": "0.4", "w21011": "0.08", "w21001": "1.9"}
out = sys.stdout
for i in range(1, n + 1):
    mn = f"BENCH{i:04d}"
    for h in range(hours):
        t = start + datetime.timedelta(hours=h)
        stamp, month = t.strftime("%Y-%m-%d %H:%M:%S"), t.year * 100 + t.month
        for code, value in codes.items():
            out.write(f"{mn},S,2061,{stamp},{month},{code},{value},N,{stamp}\n")
PY
table="CREATE TABLE baseline_values (mn text NOT NULL, section_id text NOT NULL, cn text NOT NULL, data_time timestamp NOT NULL, month integer NOT NULL, code text NOT NULL, value numeric NOT NULL, flag text, received_at timestamp NOT NULL, PRIMARY KEY (mn, cn, data_time, code))"
case $engine in
  postgres)
    PGOPTIONS="-c client_min_messages=warning" psql_ -c "DROP DATABASE IF EXISTS stations_baseline" -c "CREATE DATABASE stations_baseline"
    t0=$(date +%s%N)
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U liuyu -d stations_baseline \
      -c "BEGIN" -c "$table" -c "\\copy baseline_values FROM '$work/values.csv' WITH (FORMAT csv)" -c "COMMIT"
    baseline_s=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
    baseline_text="psql \\copy" ;;
  sqlite)
    rm -f "$work/baseline.db"
    t0=$(date +%s%N)
    printf '%s;\n.mode csv\n.import %s baseline_values\n' "$table" "$work/values.csv" | sqlite3 "$work/baseline.db"
    baseline_s=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
    baseline_text="sqlite3 .import" ;;
  *) baseline_s= ;;
esac
if [ -n "$baseline_s" ]; then
  awk -v s="$baseline_s" -v n="$values" -v p="$packets" -v t="$baseline_text" 'BEGIN {
    printf "baseline: %s of the same %d values (%d packets × 9) into a table with the receiver key, one transaction: %.2f s = %d packets/s (%d values/s)\n", t, n, p, s, p / s, n / s }'
  for i in "${!rates[@]}"; do
    awk -v r="${rates[$i]}" -v s="$baseline_s" -v p="$packets" -v k="$((i + 1))" 'BEGIN { printf "  run %d: %.1f %% of the baseline rate\n", k, 100 * r / (p / s) }'
  done
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
