#!/usr/bin/env bash
# Liuyu — the main job on the embedded store: builds the CLI and runs the demo (示例) scheme generated from the
# Chongqing registry in its own SQLite file (.data/demo.db), accounting 2023 and 2024 and printing both settlements.
# Any other CLI command can be given instead: ./run.sh ledger --store .data/demo.db --river longxihe
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Liuyu.Cli -c Release -nologo -v q -clp:NoSummary 1>&2
if [ $# -eq 0 ]; then set -- demo; fi
exec dotnet src/Liuyu.Cli/bin/Release/net10.0/liuyu.dll "$@"
