#!/usr/bin/env bash
# The load engine's benchmark (bench/README.md, "Harness.Bench load"): builds Release, installs wrk when missing
# (apt-get, as root; says so), and runs
#   Harness.Bench load [--soak-minutes 10] ...   (extra arguments are passed on, e.g. --soak-minutes 2 or --only accuracy)
# Bounded: the benchmark cancels itself after the soak plus 10 minutes (--timeout-minutes), wrk is killed 30 s after its
# duration, the endpoint servers stop when the benchmark exits, and this script is killed after the soak plus 20 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "wrk is missing: installing it (apt-get install -y wrk) ..."
    apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    echo "wrk is missing: installing it (sudo apt-get install -y wrk) ..."
    sudo apt-get install -y wrk >/dev/null 2>&1 || { sudo apt-get update >/dev/null && sudo apt-get install -y wrk >/dev/null; } \
      || echo "could not install wrk: the wrk reference and the top-rate ratio are skipped" >&2
  else
    echo "wrk is missing: install it (Debian/Ubuntu: sudo apt-get install -y wrk); the wrk reference and the top-rate ratio are skipped" >&2
  fi
fi

soak=10
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [ "${args[$i]}" = "--soak-minutes" ] && [ $((i + 1)) -lt ${#args[@]} ]; then soak="${args[$((i + 1))]}"; fi
done
limit=$(awk -v m="$soak" 'BEGIN { printf "%d", (m + 20) * 60 }')

dotnet build bench/Harness.Bench/Harness.Bench.csproj -c Release --nologo -v quiet
exec timeout --kill-after=30 "$limit" dotnet bench/Harness.Bench/bin/Release/net10.0/Harness.Bench.dll load --soak-minutes "$soak" "$@"
