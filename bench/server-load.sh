#!/usr/bin/env bash
# P3/P4 of the speed issue: the web server under load, beside a static file of the same server.
#   bench/server-load.sh                 build, first start with the demo, restart, then wrk at 64 connections
#   CONNECTIONS=64 DURATION=10s bench/server-load.sh
# Needs wrk (Debian: apt-get install wrk). Prints first start and restart to a healthy /health, then req/s and p99
# of a static file (/app.css), a 100-line page of /api/ledger for a year and /api/overview/2023, signed in as finance.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
connections=${CONNECTIONS:-64}
duration=${DURATION:-10s}
port=${PORT:-5091}
data=$(mktemp -d /tmp/liuyu-load-XXXXXX)
password="Ly-bench-$(head -c 9 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')-7q"
[ "${NO_BUILD:-}" ] || dotnet publish src/Liuyu.Server -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
  -o artifacts/server -nologo -v q -clp:NoSummary 1>&2   # as ./run.sh runs it (ReadyToRun)
dll=artifacts/server/Liuyu.Server.dll
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT

start() {
  Liuyu__DataFolder="$data" Liuyu__Admin__User=admin Liuyu__Admin__Password="$password" Liuyu__DemoUsers__Password="$password" \
    Logging__LogLevel__Default=Warning ASPNETCORE_URLS="http://127.0.0.1:$port" \
    dotnet "$dll" --contentRoot "$PWD/src/Liuyu.Server" >"$data/server.log" 2>&1 &
  pid=$!
  local t0; t0=$(date +%s.%N)
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { cat "$data/server.log" >&2; exit 1; }
    sleep 0.05
  done
  elapsed=$(echo "$(date +%s.%N) - $t0" | bc)
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }

start; first=$elapsed; stop
start; restart=$elapsed
printf 'first start with the demo to a healthy /health: %.2f s\n' "$first"
printf 'restart to a healthy /health:                    %.2f s\n' "$restart"
# Wait for any work the start left in the background (the chain verification) before measuring.
sleep "${SETTLE:-3}"

jar="$data/cookies"
base="http://127.0.0.1:$port"
token=$(curl -fsS -c "$jar" -b "$jar" "$base/api/account/antiforgery" | sed -E 's/.*"token":"([^"]+)".*/\1/')
curl -fsS -o /dev/null -c "$jar" -b "$jar" -H "X-CSRF-TOKEN: $token" -H 'Content-Type: application/json' \
  -d "{\"userName\":\"finance\",\"password\":\"$password\"}" "$base/api/account/login"
cookie=$(awk '$6=="liuyu.auth"{print $6"="$7}' "$jar")

run() {
  local name=$1 path=$2; shift 2
  curl -fsS -o /dev/null -H "Cookie: $cookie" "$@" "$base$path" # warm
  local out; out=$(wrk -t2 -c"$connections" -d"$duration" --latency -H "Cookie: $cookie" "$@" "$base$path")
  local rps p99 errors
  rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
  p99=$(awk '$1=="99%"{print $2}' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/{printf "%s ", $0}' <<<"$out")
  printf '%-48s %10s req/s  p99 %8s  %s\n' "$name" "$rps" "$p99" "$errors"
}
echo "wrk, $connections connections, $duration, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
run "static file /app.css" /app.css
run "/api/ledger 2023, 100 lines" "/api/ledger?from=2023-01&to=2023-12&limit=100"
run "/api/ledger 2023, 100 lines (br)" "/api/ledger?from=2023-01&to=2023-12&limit=100" -H 'Accept-Encoding: br, gzip'
run "/api/overview/2023" /api/overview/2023
run "/api/overview/2023 (br)" /api/overview/2023 -H 'Accept-Encoding: br, gzip'
run "/api/scheme" /api/scheme
