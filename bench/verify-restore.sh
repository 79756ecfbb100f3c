#!/usr/bin/env bash
# The verify-restore benchmark (bench/README.md, "Harness.Bench verify-restore"): builds Release and runs
#   Harness.Bench verify-restore [--tenants 1000] [--rows 1000000] [--repeat 5] [--postgres local|<connection string>]
# on a local cluster it starts and stops: RestoreVerifier's read of the restored side against a plain psql run of the same
# per-tenant hash statements (sum(hashtextextended(...)) grouped by tenant), in the same process, round by round.
# psql must be on PATH. Bounded: the benchmark cancels itself after 15 minutes (--timeout-minutes), this script is killed after 20.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v psql >/dev/null 2>&1 || { echo "psql is missing: install the PostgreSQL client (Debian/Ubuntu: sudo apt-get install -y postgresql-client)" >&2; exit 2; }
dotnet build bench/Harness.Bench/Harness.Bench.csproj -c Release --nologo -v quiet
exec timeout --kill-after=30 1200 dotnet bench/Harness.Bench/bin/Release/net10.0/Harness.Bench.dll verify-restore "$@"
