#!/usr/bin/env bash
# Publishes the CLI into DIR (default artifacts/cli) as ./run.sh COMMAND, bench/run.sh and the tests run it:
#   DIR/liuyu.dll  the full CLI (src/Liuyu.Cli), ReadyToRun with its libraries;
#   DIR/liuyu      the native front (src/Liuyu.Cli.Native, NativeAOT): answers `evaluate`, `account`, `import` and
#                  `settle` itself (with a store, where the store needs no EF Core) and hands every other command line
#                  to liuyu.dll. Made only where the NativeAOT toolchain (gcc, binutils) is at hand; where it
#                  cannot be made, any older one is removed, so DIR/liuyu is never a stale build.
# Prints what to run: DIR/liuyu, or DIR/liuyu.dll (run with dotnet) where there is no native front.
# Everything else goes to standard error.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${1:-$root/artifacts/cli}"
mkdir -p "$dir"
rm -f "$dir/liuyu"
dotnet publish "$root/src/Liuyu.Cli" -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
  -o "$dir" -nologo -v q -clp:NoSummary >&2
staging="$dir.native"
if command -v gcc >/dev/null 2>&1 && command -v objcopy >/dev/null 2>&1 \
  && dotnet publish "$root/src/Liuyu.Cli.Native" -c Release --use-current-runtime -o "$staging" -nologo -v q -clp:NoSummary >&2; then
  cp "$staging/liuyu" "$dir/liuyu"
  echo "$dir/liuyu"
else
  echo "publish.sh: the native front (NativeAOT, needs gcc and binutils) was not made; the full CLI answers every command" >&2
  echo "$dir/liuyu.dll"
fi
