#!/usr/bin/env bash
# The snapshot benchmark (bench/README.md, "Harness.Bench snapshot"): builds Release and runs
#   Harness.Bench snapshot [--tenants 1000] [--rows 1000000] [--repeat 5] [--postgres local|<connection string>]
# on a local cluster it starts and stops (psql must be on PATH). Bounded: the benchmark cancels itself after 15 minutes
# (--timeout-minutes), and this script is killed after 20.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v psql >/dev/null 2>&1 || { echo "psql is missing: install the PostgreSQL client (Debian/Ubuntu: sudo apt-get install -y postgresql-client)" >&2; exit 2; }
dotnet build bench/Harness.Bench/Harness.Bench.csproj -c Release --nologo -v quiet
exec timeout --kill-after=30 1200 dotnet bench/Harness.Bench/bin/Release/net10.0/Harness.Bench.dll snapshot "$@"
