#!/usr/bin/env bash
# Issue 14: throughput of the HJ 212 receiver. STATIONS simulated stations (500), each on its own connection, each
# sending HOURS hourly CN=2061 packets (Flag=5) and waiting for every CN=9014 before the next, into a store that
# registers them through stations.csv. Prints packets/s and the receiver's resident memory before and after.
#   bench/stations.sh                                   500 stations × 24 hours into a fresh SQLite store
#   STATIONS=500 HOURS=48 STORE='Host=/tmp/pg;Port=5432;Database=bench;Username=me' bench/stations.sh   into PostgreSQL
#   NO_BUILD=1 bench/stations.sh                        skip the Release build
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
stations=${STATIONS:-500}
hours=${HOURS:-24}
port=${PORT:-9212}
work=$(mktemp -d /tmp/liuyu-stations-XXXXXX)
store=${STORE:-$work/bench.db}
[ "${NO_BUILD:-}" ] || dotnet build src/Liuyu.Cli -c Release -nologo -v q -clp:NoSummary 1>&2
liuyu=(dotnet src/Liuyu.Cli/bin/Release/net10.0/liuyu.dll)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; [ "${KEEP:-}" ] && echo "work folder kept: $work" || rm -rf "$work"; }
trap cleanup EXIT

# The demo registry, and STATIONS stations spread over its sections.
"${liuyu[@]}" demo --export "$work/demo" >/dev/null
"${liuyu[@]}" import --store "$store" --data "$work/demo" >/dev/null
mkdir "$work/stations"
mapfile -t sections < <(tail -n +2 "$work/demo/sections.csv" | cut -d, -f1)
{
  echo "mn,section,password,name"
  for i in $(seq 1 "$stations"); do
    printf 'BENCH%04d,%s,123456,bench %d\n' "$i" "${sections[$(( (i - 1) % ${#sections[@]} ))]}" "$i"
  done
} > "$work/stations/stations.csv"
"${liuyu[@]}" import --store "$store" --data "$work/stations" >/dev/null

"${liuyu[@]}" station serve --store "$store" --port "$port" --address 127.0.0.1 >"$work/serve.log" 2>&1 &
pid=$!
until grep -q "HJ 212 receiver on" "$work/serve.log" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
before=$(rss)
from=2025-06-01
to=$(date -d "$from + $hours hours" '+%Y-%m-%dT%H')
echo "engine: $([[ "$store" == *Host=* ]] && echo PostgreSQL || echo SQLite); $(nproc) cores; $stations stations × $hours hours"
"${liuyu[@]}" station simulate --port "$port" --mn BENCH --password 123456 --count "$stations" --from "$from" --to "$to" \
  --values "w01001=7.5,w01009=7.0,w01010=21.3,w01014=412,w01003=17,w01019=3.5,w21003=0.4,w21011=0.08,w21001=1.9" || status=$?
after=$(rss)
echo "receiver RSS: ${before} kB before, ${after} kB after"
kill -INT "$pid"; wait "$pid" 2>/dev/null || true; pid=
tail -n 1 "$work/serve.log"
exit "${status:-0}"
