#!/usr/bin/env bash
# Liuyu — the main job: builds and starts the web application (src/Liuyu.Server) on http://localhost:5080 with the
# embedded SQLite store in .data/server.db, loading the demo scheme (示例, generated from the Chongqing registry) and
# accounting 2023–2024 on first start. On first run it makes a random password for the demo users and the
# administrator and keeps it in .data/demo-credentials (mode 600); the code holds no default password.
#   Liuyu__Port=8080 ./run.sh          another port
#   ./run.sh ledger --store .data/demo.db --river longxihe     any CLI command instead (liuyu, src/Liuyu.Cli)
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ $# -gt 0 ]; then
  # The CLI as the benchmark runs it (src/Liuyu.Cli.Native/publish.sh): the full CLI published with its libraries
  # precompiled (ReadyToRun, see Liuyu.Cli.csproj), so that a store command does not compile EF Core at every start, and
  # the native front that answers `evaluate`, `account`, `import` and `settle` itself (with a store, where the store
  # needs no EF Core) where the NativeAOT toolchain is at hand; the ordinary build where the publish cannot be made.
  if cli=$(src/Liuyu.Cli.Native/publish.sh artifacts/cli); then
    case "$cli" in
      *.dll) exec dotnet "$cli" "$@" ;;
      *) exec "$cli" "$@" ;;
    esac
  fi
  echo "run.sh: the ReadyToRun publish of the CLI failed; running the ordinary build" >&2
  dotnet build src/Liuyu.Cli -c Release -nologo -v q -clp:NoSummary 1>&2
  exec dotnet src/Liuyu.Cli/bin/Release/net10.0/liuyu.dll "$@"
fi

mkdir -p .data
credentials=.data/demo-credentials
if [ ! -f "$credentials" ]; then
  password="Ly-$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 12)-7q"
  ( umask 077; printf 'LIUYU_ADMIN_USER=admin\nLIUYU_PASSWORD=%s\n' "$password" > "$credentials" )
fi
# shellcheck disable=SC1090
. "$credentials"
export Liuyu__DataFolder="$PWD/.data"
export Liuyu__Admin__User="${Liuyu__Admin__User:-$LIUYU_ADMIN_USER}"
export Liuyu__Admin__Password="${Liuyu__Admin__Password:-$LIUYU_PASSWORD}"
export Liuyu__DemoUsers__Password="${Liuyu__DemoUsers__Password:-$LIUYU_PASSWORD}"
# Plain log lines for a person at a terminal; the server's own default is JSON (structured) for a service.
export Logging__Console__FormatterName="${Logging__Console__FormatterName:-simple}"
export Logging__Console__FormatterOptions__TimestampFormat="${Logging__Console__FormatterOptions__TimestampFormat:-HH:mm:ss }"
port="${Liuyu__Port:-5080}"

# Published ReadyToRun (precompiled for this machine's runtime): a restart spends its time starting, not compiling
# (issue 10, P4: 2.5 s → 1.5 s to a healthy /health on the demo store). The tests use the ordinary build. The
# ReadyToRun compiler is a NuGet package: where it cannot be had, the ordinary build runs instead (slower to start).
server=artifacts/server/Liuyu.Server.dll
if ! dotnet publish src/Liuyu.Server -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
  -o artifacts/server -nologo -v q -clp:NoSummary 1>&2; then
  echo "run.sh: the ReadyToRun publish failed; running the ordinary build" >&2
  dotnet build src/Liuyu.Server -c Release -nologo -v q -clp:NoSummary 1>&2
  server=src/Liuyu.Server/bin/Release/net10.0/Liuyu.Server.dll
fi
cat >&2 <<BANNER

  流域 Liuyu  →  http://localhost:${port}/        API: http://localhost:${port}/scalar/   health: /health
  用户 users (password / 密码: ${LIUYU_PASSWORD}, kept in ${credentials}):
    admin · finance 市财政局 · ecology 市生态环境局 · monitoring 监测中心 · auditor 审计
    district users are named after their party id / 区县用户名为主体代码, e.g. liangping 梁平区, dianjiang 垫江县

BANNER
exec dotnet "$server" --contentRoot "$PWD/src/Liuyu.Server"
