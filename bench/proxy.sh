#!/usr/bin/env bash
# The fault proxy's benchmark (bench/README.md, "Harness.Bench proxy"): builds Release and runs
#   Harness.Bench proxy [--rounds 3] [--seconds 10] [--clients 4] [--threads 2] [--scale 5] [--postgres local|<connection string>]
# pgbench -S against a scratch database (created and dropped) on a local cluster it starts and stops, once direct and
# once through a PgFaultProxy per round (pgbench must be on PATH). Bounded: the benchmark cancels itself after 15 minutes
# (--timeout-minutes), and this script is killed after 20.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v pgbench >/dev/null 2>&1 || { echo "pgbench is missing: install the PostgreSQL client tools (Debian/Ubuntu: sudo apt-get install -y postgresql-contrib or postgresql-client)" >&2; exit 2; }
dotnet build bench/Harness.Bench/Harness.Bench.csproj -c Release --nologo -v quiet
exec timeout --kill-after=30 1200 dotnet bench/Harness.Bench/bin/Release/net10.0/Harness.Bench.dll proxy "$@"
