#!/usr/bin/env bash
# Liuyu — the benchmark anyone can run (issue 10): generates the national-scale data, runs each baseline and the
# Liuyu command side by side N times, and prints one table of medians and ratios against the issue's targets, with
# the machine, the commit and the load averages before and after each group. Figures only; nothing is asserted.
#
#   bench/run.sh                     everything at full size (P1 20,000 sections; P2 4 M and 8 M samples), 3 runs
#   bench/run.sh --quick             small sizes, 1 run: a check that the script and the commands work
#   bench/run.sh --only p1,p3 --runs 5
#   options: --runs N   --only p1,p2,p3,p4,p5   --quick   --duration S (P3 load per endpoint, default 10)
#            --connections C (default 64)   --no-build   --no-save (print only)   --keep (keep the work folder)
#
# P1 scenario: account --data, and import + account + settle into SQLite and into PostgreSQL (a throw-away cluster
#    started here on a free loopback port), against sqlite3 .import / psql \copy of the same CSVs plus one ledger-like
#    row per section-month, all in one transaction. Beside them, PostgreSQL's floor (not a target): psql \copy of the
#    very rows Liuyu's store holds after the three commands, into its own schema and indexes, in the same runs.
# P2 samples: evaluate --json against sqlite3 .import + a monthly avg GROUP BY, and against wc -l of the cached file;
#    samples import against sqlite3 .import + index + the same GROUP BY.
# P3 server: wrk at 64 connections on a static file of the same server, a 100-line page of /api/ledger and
#    /api/overview/2023, signed in, on the store of P1 (one SQLite store holding the accounted national year).
# P4 server start: time from launch until /health answers 200 — restart on an existing store, first start with the demo.
# P5 pages: the first answer of each page of a working year after a start, and the same page again, on P3's store.
#
# Installs what it needs when missing (GNU time, sqlite3, wrk, curl, PostgreSQL server binaries), as test.sh does.
# Builds Release once at the start and calls the built programs directly (no dotnet run). The table is printed and
# written to bench/results/<UTC date and time>.md (unless --no-save). Work files live in a temporary folder that is
# removed at the end, with the PostgreSQL cluster and any server this script started.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
unset LIUYU_CHAIN_KEY LIUYU_STORE LIUYU_LANG

runs='' only='p1,p2,p3,p4,p5' quick=0 build=1 save=1 keep=0 duration=10 connections=64
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --quick) quick=1; shift ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --no-save) save=0; shift ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
has() { case ",$only," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
case "$runs" in '') runs=$([ $quick -eq 1 ] && echo 1 || echo 3) ;; *[!0-9]*|0) echo "bench/run.sh: --runs wants a positive number" >&2; exit 2 ;; esac

# Sizes. Full: the issue's national scale. Quick: a tenth of the sections, a twentieth of the samples.
year=2023
if [ $quick -eq 1 ]; then
  p1_sections=2000 p1_districts=300 p2_sections=200 p2_sizes='200000 400000'
  [ "$duration" = 10 ] && duration=3
else
  p1_sections=20000 p1_districts=3000 p2_sections=2000 p2_sizes='4000000 8000000'
fi
per_river=7

# --- setup, idempotent (as test.sh) ---------------------------------------------------------------------------------
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  if [ $apt_updated -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  echo "bench: installing $*" >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
command -v dotnet >/dev/null 2>&1 || { echo "bench/run.sh: the .NET SDK (see global.json) is not on PATH; install it first" >&2; exit 1; }
need=()
[ -x /usr/bin/time ] || need+=(time)
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
command -v curl >/dev/null 2>&1 || need+=(curl)
if has p3; then command -v wrk >/dev/null 2>&1 || need+=(wrk); fi
if has p1; then
  command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
  if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then need+=(postgresql); fi
fi
[ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"
if has p1 && [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres
  command -v runuser >/dev/null 2>&1 || apt_install util-linux
fi
if has p3 || has p4; then
  if [ ! -f web/node_modules/echarts/dist/echarts.min.js ]; then (cd web && npm ci --prefer-offline --no-audit --no-fund --loglevel=error); fi
fi

if [ $build -eq 1 ]; then
  echo "bench: building Release (CLI, server, data generator)" >&2
  dotnet build bench/Liuyu.Bench -c Release -nologo -v q -clp:NoSummary >&2
  # The CLI as ./run.sh runs it (src/Liuyu.Cli.Native/publish.sh): the full CLI precompiled (ReadyToRun) with its
  # libraries, and the native front (NativeAOT) that answers `evaluate`, `account`, `import` and `settle` where gcc and
  # binutils are at hand.
  "$ROOT/src/Liuyu.Cli.Native/publish.sh" "$ROOT/artifacts/cli" >/dev/null
  # The server as ./run.sh runs it: published ReadyToRun for this machine's runtime (README, P4).
  dotnet publish src/Liuyu.Server -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
    -o "$ROOT/artifacts/server" -nologo -v q -clp:NoSummary >&2
fi
# The native front where it was made (it hands every command but evaluate, account, import and settle to liuyu.dll, and
# those too where the store's work needs EF Core), else the full CLI.
if [ -x "$ROOT/artifacts/cli/liuyu" ]; then cli=("$ROOT/artifacts/cli/liuyu"); else cli=(dotnet "$ROOT/artifacts/cli/liuyu.dll"); fi
server_dll="$ROOT/artifacts/server/Liuyu.Server.dll"
generator=(dotnet "$ROOT/bench/Liuyu.Bench/bin/Release/net10.0/Liuyu.Bench.dll")
for f in "$ROOT/artifacts/cli/liuyu.dll" "$server_dll" "${generator[1]}"; do [ -f "$f" ] || { echo "bench/run.sh: $f is missing; run without --no-build" >&2; exit 1; }; done

# --- work folder, cleanup -------------------------------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/liuyu-bench.XXXXXX")
mkdir -p "$work/m"
pg_dir='' pg_bin='' pg_port='' server_pid=''
cleanup() {
  set +e
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill "$server_pid"; wait "$server_pid" 2>/dev/null; fi
  if [ -n "$pg_dir" ] && [ -d "$pg_dir/data" ]; then pg_run "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1; fi
  [ -n "$pg_dir" ] && rm -rf "$pg_dir"
  if [ $keep -eq 1 ]; then echo "bench: work folder kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "bench/run.sh: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
  || awk 'BEGIN{srand(); print 20000+int(rand()*20000)}'; }
fmt_int() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# timed CMD…: runs CMD with standard output discarded; sets T_S (wall seconds) and T_KIB (peak RSS, KiB, GNU time).
timed() {
  local t0 t1
  t0=$(date +%s%N)
  if ! /usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>"$work/last.err"; then
    echo "bench/run.sh: failed: $*" >&2; tail -n 30 "$work/last.err" >&2; exit 1
  fi
  t1=$(date +%s%N)
  T_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
  T_KIB=$(tail -n 1 "$work/rss")
}
# record LABEL SECONDS [KIB]: one run's figures; median LABEL [COLUMN]: the median over the runs.
record() { echo "$2 ${3:-0}" >> "$work/m/$1"; }
median() { sort -n -k"${2:-1}","${2:-1}" "$work/m/$1" | awk -v c="${2:-1}" '{ a[NR] = $c } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
secs() { awk -v s="$1" 'BEGIN { if (s < 10) printf "%.2f s", s; else printf "%.1f s", s }'; }
mib() { awk -v k="$1" 'BEGIN { m = k / 1024; if (m >= 1024) printf "%.2f GiB", m / 1024; else printf "%.0f MiB", m }'; }
ratio() { awk -v l="$1" -v b="$2" 'BEGIN { r = l / b; if (r < 10) printf "%.2f×", r; else printf "%.1f×", r }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
yes_no() { if "$@"; then echo yes; else echo no; fi; }
say() { echo "bench: $*" >&2; }

table=() notes=() loads=()
row() { table+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }
group_start() { group_load=$(loadavg); say "$1 (load $group_load)"; }
group_end() { loads+=("- $1: load average before $group_load, after $(loadavg)"); }

# --- data -----------------------------------------------------------------------------------------------------------
p1_dir="$work/p1"
p1_parties=$((p1_districts + 1)) p1_rivers=$(((p1_sections + per_river - 1) / per_river))
p1_data() {
  [ -d "$p1_dir/scenario" ] && return
  mkdir -p "$p1_dir"
  "${generator[@]}" --generate-only "$p1_dir/scenario" --sections "$p1_sections" --districts "$p1_districts" --per-river "$per_river" \
    --ledger-csv "$p1_dir/ledger.csv" >&2
  # The same scheme with signatures and payments tracked (R-FUND-1, R-PEN-1): every district of every river signs in July
  # to November but every tenth, which never signs; every upstream party pays its downstream one 1,000 yuan for the year.
  mkdir -p "$p1_dir/tracked"
  cp "$p1_dir/scenario"/*.csv "$p1_dir/tracked/"
  awk -F, 'NR == FNR { if (FNR > 1 && $3 == "district") d[$1] = 1; next }
    FNR == 1 { print "river,party,signed_on"; next }
    { for (k = 4; k <= 5; k++) { key = $3 "," $k; if (($k in d) && !(key in seen)) { seen[key] = 1; if (n++ % 10) printf "%s,2023-%02d-15\n", key, 7 + n % 5 } } }' \
    "$p1_dir/scenario/parties.csv" "$p1_dir/scenario/sections.csv" > "$p1_dir/tracked/signatures.csv"
  awk -F, 'FNR == 1 { print "year,payer,payee,amount,paid_on"; next } !(($4 "," $5) in seen) { seen[$4 "," $5] = 1; print "2023," $4 "," $5 ",1000,2024-05-01" }' \
    "$p1_dir/scenario/sections.csv" > "$p1_dir/tracked/payments.csv"
}
# The store the server benchmarks read: the national year imported and accounted (kept from P1 when it ran).
national="$work/national.db"
national_store() {
  [ -f "$national" ] && return
  p1_data
  say "preparing the national store for the server (import + account, not timed)"
  "${cli[@]}" import --store "$national" --data "$p1_dir/scenario" --who bench >/dev/null
  "${cli[@]}" account --store "$national" --year $year >/dev/null
}

# --- P1 -------------------------------------------------------------------------------------------------------------
pg_run() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_start() {
  for d in $(command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)") $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { pg_bin=$d; break; }
  done
  [ -n "$pg_bin" ] || fail "PostgreSQL server binaries (initdb, pg_ctl) not found"
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/liuyu-bench-pg.XXXXXX")
  [ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir"
  pg_port=$(free_port)
  pg_run "$pg_bin/initdb" -D "$pg_dir/data" -U liuyu --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # The tests' settings: a throw-away cluster without fsync, for both the baseline and Liuyu alike.
  pg_run "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -t 60 start \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $pg_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
}
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U liuyu "$@"; }  # (timed below as a plain command)
pg_conn() { echo "Host=127.0.0.1;Port=$pg_port;Username=liuyu;Database=$1;Pooling=false;Timeout=30;Command Timeout=3600"; }

# The floor of P1 on PostgreSQL: what the server alone needs to store what Liuyu stores. A store is filled once by the
# three commands (not timed); each of its non-empty tables is copied out as CSV, and an empty copy of its schema (every
# index and constraint the migrations made) is kept as the template floor_empty. Each run then times psql \copy of
# those CSVs into a new database from that template, one transaction, as the baseline copies its own CSVs.
pg_floor_prepare() {
  local store t
  say "preparing PostgreSQL's floor: a store filled by import + account + settle, copied out (not timed)"
  psql_ -d postgres -c "CREATE DATABASE floor_full"
  store=$(pg_conn floor_full)
  "${cli[@]}" import --store "$store" --data "$p1_dir/scenario" --who bench >/dev/null
  "${cli[@]}" account --store "$store" --year $year >/dev/null
  "${cli[@]}" settle --store "$store" --year $year >/dev/null
  mkdir -p "$p1_dir/floor"
  echo 'BEGIN;' > "$p1_dir/floor.sql"
  # Every table of the schema but the EF history, in the order the migrations made them (the schema has no foreign keys;
  # were one added, the TRUNCATE below would say so). Read into variables first: a psql that fails stops the script.
  local tables has copied=0
  tables=$(psql_ -d floor_full -tA -c "SELECT c.relname FROM pg_class c WHERE c.relkind IN ('r', 'p') AND c.relnamespace = 'public'::regnamespace AND NOT c.relispartition AND c.relname <> '__EFMigrationsHistory' ORDER BY c.oid")
  [ -n "$tables" ] || fail "the floor's store has no tables"
  for t in $tables; do
    has=$(psql_ -d floor_full -tA -c "SELECT EXISTS (SELECT 1 FROM \"$t\")")
    [ "$has" = t ] || continue
    # Through a query: \copy of a partitioned table itself is refused.
    psql_ -d floor_full -c "\\copy (SELECT * FROM \"$t\") TO '$p1_dir/floor/$t.csv' WITH (FORMAT csv, HEADER true)"
    echo "\\copy \"$t\" FROM '$p1_dir/floor/$t.csv' WITH (FORMAT csv, HEADER true)" >> "$p1_dir/floor.sql"
    psql_ -d floor_full -c "TRUNCATE \"$t\""
    copied=$((copied + 1))
  done
  # At least the results and the ledger, or the floor would time an empty transaction.
  [ -f "$p1_dir/floor/results.csv" ] && [ -f "$p1_dir/floor/ledger_lines.csv" ] || fail "the floor's store holds no results or no ledger ($copied tables copied)"
  echo 'COMMIT;' >> "$p1_dir/floor.sql"
  psql_ -d postgres -c "ALTER DATABASE floor_full RENAME TO floor_empty"
}

p1() {
  group_start "P1 scenario, $(fmt_int $p1_sections) sections × 12 months"
  p1_data
  local scen="$p1_dir/scenario" ledger="$p1_dir/ledger.csv"
  # The baselines: every CSV of the folder and the ledger-like rows, one transaction.
  {
    echo 'BEGIN;'
    for f in "$scen"/*.csv; do echo ".import --csv '$f' $(basename "$f" .csv)"; done
    echo 'CREATE TABLE ledger (seq INTEGER PRIMARY KEY, section TEXT NOT NULL, river TEXT NOT NULL, month TEXT NOT NULL, purpose TEXT NOT NULL, rule TEXT NOT NULL, payer TEXT, payee TEXT, amount_fen INTEGER NOT NULL, digest TEXT NOT NULL);'
    echo ".import --csv --skip 1 '$ledger' ledger"
    echo 'COMMIT;'
  } > "$p1_dir/sqlite.sql"
  {
    echo 'BEGIN;'
    for f in "$scen"/*.csv; do
      t=$(basename "$f" .csv)
      echo "CREATE TABLE $t ($(head -n 1 "$f" | tr -d '\r' | awk -F, '{ for (i = 1; i <= NF; i++) printf "%s\"%s\" text", (i > 1 ? ", " : ""), $i }'));"
      echo "\\copy $t FROM '$f' WITH (FORMAT csv, HEADER true)"
    done
    echo 'CREATE TABLE ledger (seq bigint PRIMARY KEY, section text NOT NULL, river text NOT NULL, month text NOT NULL, purpose text NOT NULL, rule text NOT NULL, payer text, payee text, amount_fen bigint NOT NULL, digest text NOT NULL);'
    echo "\\copy ledger FROM '$ledger' WITH (FORMAT csv, HEADER true)"
    echo 'COMMIT;'
  } > "$p1_dir/pg.sql"
  pg_start
  local i db store
  pg_floor_prepare
  for i in $(seq 1 "$runs"); do
    say "P1 run $i/$runs"
    rm -f "$p1_dir/base.db"; timed sqlite3 "$p1_dir/base.db" ".read $p1_dir/sqlite.sql"; record p1_sqlite "$T_S" "$T_KIB"
    timed "${cli[@]}" account --data "$scen" --year $year --json; record p1_oneshot "$T_S" "$T_KIB"
    timed "${cli[@]}" account --data "$p1_dir/tracked" --year $year --json; record p1_tracked "$T_S" "$T_KIB"

    store="$p1_dir/run$i.db"
    timed "${cli[@]}" import --store "$store" --data "$scen" --who bench; local s1=$T_S k1=$T_KIB; record p1_sq_import "$T_S" "$T_KIB"
    timed "${cli[@]}" account --store "$store" --year $year; local s2=$T_S k2=$T_KIB; record p1_sq_account "$T_S" "$T_KIB"
    timed "${cli[@]}" settle --store "$store" --year $year; local s3=$T_S k3=$T_KIB; record p1_sq_settle "$T_S" "$T_KIB"
    record p1_sq "$(awk "BEGIN { print $s1 + $s2 + $s3 }")" "$(printf '%s\n' "$k1" "$k2" "$k3" | sort -n | tail -n 1)"
    if [ "$i" -eq "$runs" ]; then rm -f "$national"*; for f in "$store"*; do mv "$f" "$national${f#"$store"}"; done; else rm -f "$store"*; fi

    db="b$i"; psql_ -d postgres -c "CREATE DATABASE $db"
    timed psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U liuyu -d "$db" -f "$p1_dir/pg.sql"; record p1_pgcopy "$T_S" "$T_KIB"
    db="l$i"; psql_ -d postgres -c "CREATE DATABASE $db"; store=$(pg_conn "$db")
    timed "${cli[@]}" import --store "$store" --data "$scen" --who bench; s1=$T_S k1=$T_KIB; record p1_pg_import "$T_S" "$T_KIB"
    timed "${cli[@]}" account --store "$store" --year $year; s2=$T_S k2=$T_KIB; record p1_pg_account "$T_S" "$T_KIB"
    timed "${cli[@]}" settle --store "$store" --year $year; s3=$T_S k3=$T_KIB; record p1_pg_settle "$T_S" "$T_KIB"
    record p1_pg "$(awk "BEGIN { print $s1 + $s2 + $s3 }")" "$(printf '%s\n' "$k1" "$k2" "$k3" | sort -n | tail -n 1)"
    psql_ -d postgres -c "DROP DATABASE b$i" -c "DROP DATABASE l$i"
    db="f$i"; psql_ -d postgres -c "CREATE DATABASE $db TEMPLATE floor_empty"
    timed psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U liuyu -d "$db" -f "$p1_dir/floor.sql"; record p1_pgfloor "$T_S" "$T_KIB"
    psql_ -d postgres -c "DROP DATABASE $db"
  done
  local b l
  b=$(median p1_sqlite); l=$(median p1_oneshot)
  row "P1 \`account --data DIR --year $year --json\`, $(fmt_int $p1_sections) sections × 12 months ($(fmt_int $p1_parties) parties, $(fmt_int $p1_rivers) rivers)" \
    "sqlite3 \`.import\` of the CSVs + $(fmt_int $((p1_sections * 12))) ledger-like rows, one transaction: $(secs "$b")" \
    "$(secs "$l"), $(mib "$(median p1_oneshot 2)")" "$(ratio "$l" "$b")" "≤ 2×" "$(yes_no le "$l" "$(awk "BEGIN { print 2 * $b }")")"
  l=$(median p1_tracked)
  row "P1 the same one-shot with signatures and payments tracked ($(fmt_int "$(($(wc -l < "$p1_dir/tracked/signatures.csv") - 1))") signatures, $(fmt_int "$(($(wc -l < "$p1_dir/tracked/payments.csv") - 1))") payments: R-FUND-1, R-PEN-1)" \
    "same: $(secs "$b")" "$(secs "$l"), $(mib "$(median p1_tracked 2)")" "$(ratio "$l" "$b")" "≤ 2×" "$(yes_no le "$l" "$(awk "BEGIN { print 2 * $b }")")"
  l=$(median p1_sq)
  row "P1 \`import\` + \`account\` + \`settle\` into one SQLite store" "same: $(secs "$b")" \
    "$(secs "$l") (import $(secs "$(median p1_sq_import)"), account $(secs "$(median p1_sq_account)"), settle $(secs "$(median p1_sq_settle)")), $(mib "$(median p1_sq 2)")" \
    "$(ratio "$l" "$b")" "≤ 4×" "$(yes_no le "$l" "$(awk "BEGIN { print 4 * $b }")")"
  b=$(median p1_pgcopy); l=$(median p1_pg)
  row "P1 the same into PostgreSQL" "psql \`\\copy\` of the same rows, one transaction: $(secs "$b")" \
    "$(secs "$l") (import $(secs "$(median p1_pg_import)"), account $(secs "$(median p1_pg_account)"), settle $(secs "$(median p1_pg_settle)")), $(mib "$(median p1_pg 2)")" \
    "$(ratio "$l" "$b")" "≤ 2×" "$(yes_no le "$l" "$(awk "BEGIN { print 2 * $b }")")"
  local f; f=$(median p1_pgfloor)
  row "P1 PostgreSQL's floor (not a Liuyu command): psql \`\\copy\` of the very rows Liuyu's store holds after the three commands, into its own schema and indexes, one transaction" \
    "psql \`\\copy\` as above: $(secs "$b")" "$(secs "$f"); Liuyu's three commands take $(ratio "$l" "$f") of it" "$(ratio "$f" "$b")" "—" "—"
  pg_run "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null; rm -rf "$pg_dir"; pg_dir=''
  group_end P1
}

# --- P2 -------------------------------------------------------------------------------------------------------------
p2() {
  group_start "P2 samples, $(fmt_int $p2_sections) sections × 9 indicators"
  local dir="$work/p2" n file mb i b l first=1
  mkdir -p "$dir"
  # A store that knows the sections the samples name, copied fresh for every samples import (not timed).
  "${generator[@]}" --generate-only "$dir/scenario" --sections "$p2_sections" --districts $((p2_sections / 5)) --per-river "$per_river" >&2
  "${cli[@]}" import --store "$dir/template.db" --data "$dir/scenario" --who bench >/dev/null
  for n in $p2_sizes; do
    file="$dir/samples-$n.csv"
    "${generator[@]}" --generate-samples "$file" --rows "$n" --sections "$p2_sections" >&2
    mb=$(awk -v b="$(stat -c %s "$file")" 'BEGIN { printf "%.0f", b / 1e6 }')
    cat > "$dir/group.sql" <<SQL
CREATE TABLE samples (section TEXT, sampled_at TEXT, indicator TEXT, value REAL, unit TEXT, flag TEXT, detection_limit REAL);
BEGIN;
.import --csv --skip 1 '$file' samples
COMMIT;
SELECT section, indicator, substr(sampled_at, 1, 7) AS month, avg(value), count(*) FROM samples GROUP BY section, indicator, month;
SQL
    cat > "$dir/import.sql" <<SQL
CREATE TABLE samples (section TEXT NOT NULL, sampled_at TEXT NOT NULL, indicator TEXT NOT NULL, value REAL, unit TEXT, flag TEXT, detection_limit REAL);
BEGIN;
.import --csv --skip 1 '$file' samples
CREATE INDEX samples_key ON samples (section, indicator, sampled_at);
CREATE TABLE monthly AS SELECT section, indicator, substr(sampled_at, 1, 7) AS month, avg(value) AS mean, count(*) AS n FROM samples GROUP BY section, indicator, month;
COMMIT;
SQL
    wc -l "$file" >/dev/null   # cached
    for i in $(seq 1 "$runs"); do
      say "P2 $(fmt_int "$n") samples, run $i/$runs"
      rm -f "$dir/base.db"; timed sqlite3 "$dir/base.db" ".read $dir/group.sql"; record "p2_group_$n" "$T_S" "$T_KIB"
      timed "${cli[@]}" evaluate --samples "$file" --json; record "p2_eval_$n" "$T_S" "$T_KIB"
      timed wc -l "$file"; record "p2_wc_$n" "$T_S" "$T_KIB"
      if [ $first -eq 1 ]; then
        rm -f "$dir/base.db"; timed sqlite3 "$dir/base.db" ".read $dir/import.sql"; record p2_sqlimport "$T_S" "$T_KIB"
        rm -f "$dir/run.db"*; cp "$dir/template.db" "$dir/run.db"
        timed "${cli[@]}" samples import --store "$dir/run.db" --samples "$file" --who bench; record p2_import "$T_S" "$T_KIB"
      fi
    done
    rm -f "$dir/base.db" "$dir/run.db"*
    b=$(median "p2_group_$n"); l=$(median "p2_eval_$n")
    local kib; kib=$(median "p2_eval_$n" 2)
    row "P2 \`evaluate --json\`, $(fmt_int "$n") samples ($mb MB)" "sqlite3 \`.import\` + monthly \`avg\` GROUP BY: $(secs "$b")" \
      "$(secs "$l") ($(awk -v m="$mb" -v s="$l" 'BEGIN { r = m / s; printf (r < 10 ? "%.1f" : "%.0f"), r }') MB/s), $(mib "$kib")" "$(ratio "$l" "$b")" "≤ 0.10× (10× faster), ≤ 400 MB" \
      "$(met_both "$(yes_no le "$l" "$(awk "BEGIN { print 0.1 * $b }")")" "$(yes_no le "$((kib * 1024))" 400000000)")"
    b=$(median "p2_wc_$n")
    row "P2 same file" "\`wc -l\` (cached): $(secs "$b")" "$(secs "$l")" "$(ratio "$l" "$b")" "—" "—"
    if [ $first -eq 1 ]; then
      b=$(median p2_sqlimport); l=$(median p2_import)
      row "P2 \`samples import\` of that file into a SQLite store" "sqlite3 \`.import\` + index + the monthly GROUP BY into a table, one transaction: $(secs "$b")" \
        "$(secs "$l"), $(mib "$(median p2_import 2)")" "$(ratio "$l" "$b")" "≤ 1×" "$(yes_no le "$l" "$b")"
      first=0
    fi
    rm -f "$file"
  done
  group_end P2
}
# met_both TIME_MET MEMORY_MET: "yes", or which of the two was missed.
met_both() {
  case "$1 $2" in "yes yes") echo yes ;; "no yes") echo "no (time)" ;; "yes no") echo "no (memory)" ;; *) echo "no (time, memory)" ;; esac
}

# --- the server (P3, P4) --------------------------------------------------------------------------------------------
password="Ly-load-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 12)-7q"
port=''
# server_start DATA_FOLDER STORE DEMO: launches the server in the background; sets server_pid and T_START.
server_start() {
  port=$(free_port)
  local t0
  t0=$(date +%s%N)
  Liuyu__DataFolder="$1" Liuyu__Port="$port" Liuyu__Demo="$3" ConnectionStrings__Liuyu="$2" \
    Liuyu__Admin__User=bench Liuyu__Admin__Password="$password" Liuyu__DemoUsers__Password="$([ "$3" = true ] && echo "$password")" \
    dotnet "$server_dll" --contentRoot "$ROOT/src/Liuyu.Server" >>"$work/server.log" 2>&1 &
  server_pid=$!
  local code=000 deadline=$(( $(date +%s) + 600 ))
  while [ "$code" != 200 ]; do
    kill -0 "$server_pid" 2>/dev/null || { tail -n 40 "$work/server.log" >&2; fail "the server stopped while starting"; }
    [ "$(date +%s)" -lt $deadline ] || fail "the server did not answer /health within 600 s"
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/health" || true)
    [ "$code" = 200 ] || sleep 0.05
  done
  T_START=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
}
server_stop() {
  [ -n "$server_pid" ] || return 0
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=''
}

# wrk_run LABEL URL: one load run; records req/s, p99 (ms), and errors (timeouts, socket errors, non-2xx).
wrk_run() {
  wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s --latency -H "Cookie: $cookie" -H 'Accept-Encoding: gzip, br' "$2" > "$work/wrk.out" 2>&1 \
    || { cat "$work/wrk.out" >&2; fail "wrk failed on $2"; }
  local rps p99 errors done
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk.out")
  done=$(awk '/ requests in / { print $1; exit }' "$work/wrk.out")
  p99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /m$/) { sub(/m$/, "", v); v *= 60000 } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } print v }' "$work/wrk.out")
  errors=$(awk '/Socket errors/ { gsub(/,/, ""); s += $4 + $6 + $8 + $10 } /Non-2xx/ { s += $NF } END { print s + 0 }' "$work/wrk.out")
  [ -n "$rps" ] && [ -n "$done" ] || { cat "$work/wrk.out" >&2; fail "could not read wrk's output"; }
  # No request finished within the run: wrk prints no latency; count it as slower than the run itself.
  if [ "$done" = 0 ] || [ -z "$p99" ]; then p99=$((duration * 1000)); fi
  echo "$rps $p99 $errors $done" >> "$work/m/$1"
}

# sign_in BASE: signs in as the administrator (the anti-forgery token, then the sign-in with it); sets $cookie.
sign_in() {
  local token code
  rm -f "$work/jar"
  token=$(curl -s --max-time 60 -c "$work/jar" -b "$work/jar" "$1/api/account/antiforgery" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p') \
    || fail "no anti-forgery token from $1"
  code=$(curl -s --max-time 60 -o "$work/login.out" -w '%{http_code}' -c "$work/jar" -b "$work/jar" -H "X-CSRF-TOKEN: $token" -H 'Content-Type: application/json' \
    -d "{\"userName\":\"bench\",\"password\":\"$password\"}" "$1/api/account/login") || fail "the sign-in did not answer"
  [ "$code" = 200 ] || { cat "$work/login.out" >&2; fail "sign-in failed ($code)"; }
  cookie=$(awk '(!/^#/ || /^#HttpOnly_/) && NF >= 7 { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$work/jar")
}

p3() {
  group_start "P3 server under load, $connections connections, ${duration} s each"
  national_store
  mkdir -p "$work/p3"
  server_start "$work/p3" "$national" false
  local base="http://127.0.0.1:$port" code
  sign_in "$base"
  local static="$base/app.js" ledger="$base/api/ledger?from=$year-01&to=$year-12&offset=0&limit=100" overview="$base/api/overview/$year"
  local url name
  for url in "$static" "$ledger" "$overview"; do  # each answers, and is warm
    code=$(curl -s -o "$work/probe.out" -w '%{http_code}' -H "Cookie: $cookie" "$url")
    [ "$code" = 200 ] || { head -c 500 "$work/probe.out" >&2; fail "$url answered $code"; }
  done
  local lines
  curl -s -o "$work/probe.out" -H "Cookie: $cookie" "$ledger"
  lines=$(grep -o '"sequence"' "$work/probe.out" | wc -l)
  local i
  for i in $(seq 1 "$runs"); do
    say "P3 run $i/$runs"
    wrk_run p3_static "$static"; wrk_run p3_ledger "$ledger"; wrk_run p3_overview "$overview"
  done
  local hwm; hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$server_pid/status")
  server_stop
  local srps sp99 rps p99 err
  srps=$(median p3_static 1); sp99=$(median p3_static 2)
  row "P3 a static file of the same server (\`/app.js\`, $(fmt_int "$(stat -c %s "$ROOT/src/Liuyu.Server/wwwroot/app.js")") bytes), $connections connections" "—" \
    "$(printf '%.0f' "$srps") req/s, p99 $(printf '%.1f' "$sp99") ms$(err=$(median p3_static 3); [ "$err" = 0 ] || echo ", $err errors")" "100 %" "(the baseline)" "—"
  for name in ledger overview; do
    rps=$(median "p3_$name" 1); p99=$(median "p3_$name" 2); err=$(median "p3_$name" 3)
    local what shown
    if [ "$(median "p3_$name" 4)" = 0 ]; then shown="no request finished within ${duration} s"
    else shown="$(printf '%.0f' "$rps") req/s, p99 $(printf '%.1f' "$p99") ms$([ "$err" = 0 ] || echo ", $err errors (timeouts, non-2xx)")"; fi
    if [ $name = ledger ]; then what="P3 \`GET /api/ledger?from=$year-01&to=$year-12&limit=100\` (a $lines-line page)"; else what="P3 \`GET /api/overview/$year\`"; fi
    row "$what" "static file: $(printf '%.0f' "$srps") req/s, p99 $(printf '%.1f' "$sp99") ms" \
      "$shown" \
      "$(awk -v a="$rps" -v b="$srps" 'BEGIN { printf "%.1f %%", 100 * a / b }')" "p99 < 50 ms, ≥ 30 %" \
      "$(if le "$p99" 49.999 && le "$(awk "BEGIN { print 0.3 * $srps }")" "$rps" && [ "$err" = 0 ]; then echo yes; else echo no; fi)"
  done
  notes+=("- P3: the server's peak RSS over the load runs: $(mib "$hwm"); the store holds the accounted national year ($(fmt_int $((p1_sections * 12))) section-months).")
  group_end P3
}

p4() {
  group_start "P4 server start"
  national_store
  local i demo="$work/p4-demo"
  for i in $(seq 1 "$runs"); do
    say "P4 run $i/$runs"
    rm -rf "$demo"; mkdir -p "$demo"
    server_start "$demo" "$demo/server.db" true; record p4_first "$T_START"; server_stop
    server_start "$demo" "$demo/server.db" true; record p4_restart_demo "$T_START"; server_stop
    mkdir -p "$work/p4-national"
    server_start "$work/p4-national" "$national" false; record p4_restart_national "$T_START"; server_stop
  done
  local l
  l=$(median p4_restart_demo)
  row "P4 server restart to a healthy \`/health\` (the demo store)" "—" "$(secs "$l")" "—" "< 2 s" "$(yes_no le "$l" 1.999)"
  l=$(median p4_restart_national)
  row "P4 the same on the national store ($(fmt_int $((p1_sections * 12))) section-months accounted)" "—" "$(secs "$l")" "—" "< 2 s" "$(yes_no le "$l" 1.999)"
  l=$(median p4_first)
  row "P4 first start with the demo (empty data folder: demo scheme, accounting, demo users)" "—" "$(secs "$l")" "—" "< 8 s" "$(yes_no le "$l" 7.999)"
  group_end P4
}

# P5: each page of a working year answered once after a start (nothing of the store in memory yet, as after any change of
# the store: the pages' answers and the year's statement are kept per store version) and once again, one reader, on
# the national store; the server's own chain verification after start is waited for first (/api/integrity waits).
# The pages are asked in the order listed, as a reader goes through them: the rivers, the settlement and the payments
# find the year's statement the overview had built (YearStatements), which is what a reader after a change meets too.
p5_ms() { awk -v s="$(median "$1")" 'BEGIN { printf "%.0f ms", s * 1000 }'; }
p5() {
  group_start "P5 pages of a working year, first answer and again"
  national_store
  mkdir -p "$work/p5"
  local pages=("/app.js" "/api/overview/$year" "/api/overview/$year/warnings" "/api/rivers/R0001/$year" "/api/rivers/R0002/$year"
    "/api/settlement/$year" "/api/settlement/$year/payments" "/api/agreements" "/api/exemptions" "/api/joint" "/api/registry/targets/$year"
    "/api/sections/S000100" "/api/sections/S000100/months/$year-05" "/api/ledger?river=R0001&limit=100" "/api/stations")
  local i p n code t
  for i in $(seq 1 "$runs"); do
    say "P5 run $i/$runs"
    server_start "$work/p5" "$national" false
    local base="http://127.0.0.1:$port"
    sign_in "$base"
    code=$(curl -s -o "$work/probe.out" -w '%{http_code}' --max-time 600 -H "Cookie: $cookie" "$base/api/integrity") || fail "the chain verification after start did not answer"
    [ "$code" = 200 ] || { head -c 500 "$work/probe.out" >&2; fail "/api/integrity answered $code"; }
    n=0
    for p in "${pages[@]}"; do
      n=$((n + 1))
      for t in first again; do
        code=$(curl -s -o "$work/probe.out" -w '%{http_code} %{time_total}' --max-time 600 -H "Cookie: $cookie" -H 'Accept-Encoding: gzip, br' "$base$p") \
          || fail "$p did not answer"
        [ "${code%% *}" = 200 ] || { head -c 500 "$work/probe.out" >&2; fail "$p answered ${code%% *}"; }
        echo "${code#* }" >> "$work/m/p5_${n}_$t"
      done
    done
    server_stop
  done
  local static
  static="$(p5_ms p5_1_first) / $(p5_ms p5_1_again)"
  n=1
  for p in "${pages[@]:1}"; do
    n=$((n + 1))
    row "P5 \`GET $p\`: first answer / again" "static file: $static" "$(p5_ms "p5_${n}_first") / $(p5_ms "p5_${n}_again")" "—" "—" "—"
  done
  group_end P5
}

# --- run ------------------------------------------------------------------------------------------------------------
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo ' (with uncommitted changes)' || true)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
load_start=$(uptime)

has p1 && p1
has p2 && p2
has p3 && p3
has p4 && p4
has p5 && p5

{
  echo "## bench/run.sh — $started"
  echo
  echo "commit $commit$dirty; $(nproc) cores ($cpu), $mem; .NET $(dotnet --version); $(sqlite3 --version | cut -d' ' -f1-1 | sed 's/^/sqlite3 /')$(has p1 && echo "; PostgreSQL $("$pg_bin/postgres" --version 2>/dev/null | awk '{ print $3 }')")"
  echo "runs: $runs (medians)$([ $quick -eq 1 ] && echo '; --quick sizes')"
  echo "uptime at start: $load_start"
  echo
  echo "| work | baseline (time) | Liuyu (time, peak RSS) | ratio | target | met? |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${table[@]}"
  echo
  printf '%s\n' "${loads[@]}"
  [ ${#notes[@]} -eq 0 ] || printf '%s\n' "${notes[@]}"
  echo "- uptime at the end: $(uptime)"
  echo "- every run (seconds and peak KiB; P3: req/s, p99 ms, errors, requests finished; P4, P5: seconds; P5's pages numbered from 1, the static file):"
  for f in "$work"/m/*; do echo "  - $(basename "$f"): $(awk '{ printf "%s%s", (NR > 1 ? " · " : ""), $0 }' "$f")"; done
  echo "- ratio: Liuyu's time over the baseline's (P3: Liuyu's rate as a share of the static file's); peak RSS of the Liuyu process (GNU time)."
} > "$work/result.md"

echo
cat "$work/result.md"
if [ $save -eq 1 ]; then
  mkdir -p bench/results
  out="bench/results/$(date -u +%Y-%m-%dT%H%MZ)"
  if [ $quick -eq 1 ]; then out="$out-quick.md"; else out="$out.md"; fi
  cp "$work/result.md" "$out"
  echo
  echo "written to $out"
fi
