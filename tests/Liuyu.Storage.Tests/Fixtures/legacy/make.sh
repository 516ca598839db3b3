#!/usr/bin/env bash
# Makes a store with the version before the ledger-integrity change (the old CLI): the worked example 1 imported and
# accounted, every party's confirmation, the clearance and closing of 2023, then a revised 2023 result that posts an
# adjustment into 2024, and an exemption reason carried as a note.
set -euo pipefail
OLD="dotnet /work/old/src/Liuyu.Cli/bin/Release/net10.0/liuyu.dll"
S="$1"
$OLD import --store "$S" --data /work/shared/examples/account/1 >/dev/null
$OLD account --store "$S" --year 2023 >/dev/null
for p in $(python3 -c "import json,sys;print(' '.join(x['party'] for x in json.load(sys.stdin)['parties']))" < <($OLD settle --store "$S" --year 2023 --json)); do
  $OLD confirm --store "$S" --year 2023 --party "$p" >/dev/null 2>&1 || true
done
$OLD clear --store "$S" --year 2023 >/dev/null
$OLD close --store "$S" --year 2023 >/dev/null
d=$(mktemp -d)
printf 'section,month,class,source,note\nS1,2023-01,V,municipal,复核\n' > "$d/results.csv"
$OLD import --store "$S" --data "$d" >/dev/null
$OLD account --store "$S" --year 2023 >/dev/null
