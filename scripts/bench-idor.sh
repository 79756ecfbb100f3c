#!/usr/bin/env bash
# Probe-throughput benchmark of the IDOR family on the bundled sample (bench/README.md):
# builds Release, installs wrk when missing (apt-get, as root), and runs
#   Harness.Bench idor [--tenants 50] ...   (extra arguments are passed on)
# Bounded: the benchmark times out after 15 minutes (--timeout-minutes), wrk runs 10 s, and the whole script is
# killed after 20 minutes; the targets and PostgreSQL clusters it starts are stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing wrk (apt-get install -y wrk) ..."
    apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  else
    echo "wrk is missing: install it (Debian/Ubuntu: sudo apt-get install -y wrk); the wrk reference is skipped without it" >&2
  fi
fi

dotnet build bench/Harness.Bench/Harness.Bench.csproj -c Release --nologo -v quiet
exec timeout --kill-after=30 1200 dotnet bench/Harness.Bench/bin/Release/net10.0/Harness.Bench.dll idor "$@"
