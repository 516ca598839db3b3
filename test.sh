#!/usr/bin/env bash
# Liuyu — run every test on a fresh machine (also what CI runs through .ci/run).
# Installs what the tests need, idempotently (PostgreSQL 15 server binaries, chromium and npm from Debian; ECharts
# from the npm registry), then builds the solution in Release and runs every test project: domain, data, storage on
# SQLite and on a throw-away PostgreSQL cluster the tests start themselves on a free loopback port, the CLI, and the
# web server (integration tests through WebApplicationFactory, browser tests through Playwright and chromium).
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=0
apt_install() {
  if [ $apt_updated -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET SDK (see global.json) is not on PATH; install it first" >&2
  exit 1
fi

# PostgreSQL server binaries: initdb and pg_ctl (on PATH or under /usr/lib/postgresql/*/bin).
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "test.sh: installing PostgreSQL server binaries"
  apt_install postgresql
fi
# PostgreSQL refuses to run as root; the tests then run the cluster as the 'postgres' system user.
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres
fi
if [ "$(id -u)" -eq 0 ] && ! command -v runuser >/dev/null 2>&1; then
  apt_install util-linux
fi

# PDF documents: the CJK font (a plain .ttf, which PDFsharp can embed), the Latin font for digits and amounts,
# and poppler's pdftotext/pdftoppm/pdffonts with which the tests read and render the PDFs back.
pdf_packages=()
[ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || pdf_packages+=(fonts-droid-fallback)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || pdf_packages+=(fonts-dejavu-core)
command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || pdf_packages+=(poppler-utils)
if [ ${#pdf_packages[@]} -gt 0 ]; then
  echo "test.sh: installing ${pdf_packages[*]}"
  apt_install "${pdf_packages[@]}"
fi

# The browser tests drive Debian's chromium through Playwright (never Playwright's own browser download).
if ! command -v chromium >/dev/null 2>&1; then
  echo "test.sh: installing chromium for the browser tests"
  apt_install chromium
fi
# The CLI's native front (src/Liuyu.Cli.Native, NativeAOT) is linked by gcc with binutils; its tests run it.
if ! command -v gcc >/dev/null 2>&1 || ! command -v objcopy >/dev/null 2>&1 || [ ! -f /usr/include/zlib.h ]; then
  echo "test.sh: installing gcc, binutils and zlib1g-dev for the CLI's native front"
  apt_install gcc binutils libc6-dev zlib1g-dev
fi
# The server build bundles Apache ECharts from web/ (npm ci, from the npm cache when it has it).
if ! command -v npm >/dev/null 2>&1; then
  echo "test.sh: installing npm for the web build"
  apt_install nodejs npm
fi
if [ ! -f web/node_modules/echarts/dist/echarts.min.js ]; then
  (cd web && npm ci --prefer-offline --no-audit --no-fund --loglevel=error)
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet tool restore >/dev/null
dotnet build Liuyu.slnx -c Release -nologo -v q
# The CLI as ./run.sh COMMAND and the benchmark run it, full and native (tests/Liuyu.Cli.Tests/Native).
src/Liuyu.Cli.Native/publish.sh "$PWD/artifacts/test-cli" >/dev/null

log=$(mktemp)
status=0
dotnet test Liuyu.slnx -c Release --no-build -nologo 2>&1 | tee "$log" || status=$?

# One plain closing line over all test projects: "tests: N passed, N failed, N skipped".
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
