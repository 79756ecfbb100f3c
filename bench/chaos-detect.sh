#!/usr/bin/env bash
# Time to detect the session-SET bleed through PgBouncer (bench/README.md, "chaos-detect"): builds Release, then runs the
# sample's chaos scenario (its manifest: 6 tenants, 15 s of faults, PgBouncer when installed) with the planted flaw
# chaos-session-set, ROUNDS times (default 3), and prints each run's "first leak or fail-open after" metric: seconds from
# the app's start behind the proxy to the first answer carrying another tenant's data or the first fail-open query.
# Bounded: each run is killed after 5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || { echo "PgBouncer is missing (apt-get install pgbouncer): the bleed needs a transaction pooler" >&2; exit 2; }
dotnet build Harness.sln -c Release --nologo -v quiet
rounds="${ROUNDS:-3}"
reports="$(mktemp -d)"
trap 'rm -rf "$reports"' EXIT
for round in $(seq 1 "$rounds"); do
    SAMPLE_FLAW=chaos-session-set timeout --kill-after=30 300 dotnet src/Harness.Cli/bin/Release/net10.0/Harness.Cli.dll run \
        --manifest fixtures/SampleTarget/harness.yaml --scenarios chaos --seed "$round" --plain --reports "$reports/$round" >/dev/null || true
    python3 - "$reports/$round" "$round" <<'PY'
import glob, json, sys
report = json.load(open(glob.glob(sys.argv[1] + "/*/report.json")[0]))
chaos = next(s for s in report["scenarios"] if s["id"] == "chaos")
metrics = {m["name"]: m["value"] for m in chaos.get("metrics", [])}
first = metrics.get("first leak or fail-open after")
rules = sorted({f["ruleId"] for f in report["findings"]})
print(f"round {sys.argv[2]}: first leak or fail-open after {first} s; findings {len(report['findings'])} ({', '.join(rules)}); run {report['durationSeconds']:.1f} s")
PY
done
