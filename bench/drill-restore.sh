#!/usr/bin/env bash
# The restore drill benchmark (bench/README.md, "harness drill restore"): builds Release and runs
#   harness drill restore --tenants 1000 --tenant largest --plain
# on the bundled sample with about 1,000,000 rows (a copy of its manifest with seed.rowsPerTable 142 and seed.skew 0.4, so the
# largest tenant has about 10,000 rows), then prints the wall time of each step from the report. Seeding is reported apart
# from the drill. Bounded: the script is killed after 20 minutes. Extra arguments go to the drill (e.g. --target time).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Harness.Cli/Harness.Cli.csproj -c Release --nologo -v quiet
manifest=fixtures/SampleTarget/.harness-bench-drill.yaml
reports=$(mktemp -d /tmp/harness-drill-bench-XXXXXX)
trap 'rm -f "$manifest"; rm -rf "$reports"' EXIT
sed -e 's/^  rowsPerTable: .*/  rowsPerTable: 142\n  skew: 0.4/' fixtures/SampleTarget/harness.yaml > "$manifest"
grep -q 'rowsPerTable: 142' "$manifest" || { echo "could not set seed.rowsPerTable in the copy of the sample's manifest" >&2; exit 2; }
set +e
/usr/bin/time -f "whole command: %e s wall, %M KB max RSS" timeout --kill-after=30 1200 \
  dotnet src/Harness.Cli/bin/Release/net10.0/Harness.Cli.dll drill restore --manifest "$manifest" --tenants 1000 --tenant largest \
  --rto-budget 120s --reports "$reports" --plain "$@"
code=$?
set -e
report=$(ls -d "$reports"/*/report.json 2>/dev/null | head -n 1)
if [ -n "$report" ]; then
  python3 - "$report" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
print(f"tenants {report.get('tenants')}, seeded rows {report.get('seededRows')}")
for scenario in report["scenarios"]:
    for m in scenario.get("metrics", []):
        if m["name"] in ("RTO", "RTO total", "wall time", "single-tenant rows copied"):
            print(f"  {m['name']:<26} {m.get('subject') or m.get('tenant') or '':<55} {m['value']:>10} {m['unit']}")
    rpo = [m["value"] for m in scenario.get("metrics", []) if m["name"] == "RPO"]
    if rpo:
        print(f"  RPO over {len(rpo)} tenants with journaled writes: max {max(rpo)} s")
PY
fi
exit $code
