#!/usr/bin/env bash
# The tests: installs what a fresh machine lacks, then runs every test project once.
# Each test assembly starts one PostgreSQL cluster and isolates tests by schema.
set -euo pipefail
cd "$(dirname "$0")"
# As root with apt-get, pgBackRest too, so the restore drill's pgBackRest tests run instead of skipping.
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then export HARNESS_INSTALL_PGBACKREST="${HARNESS_INSTALL_PGBACKREST:-1}"; fi
bash scripts/ensure-prerequisites.sh
bash scripts/ensure-browser.sh   # headless Chromium for the HTML report's browser test
dotnet build Harness.sln -c Release --nologo -v quiet
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test --solution Harness.sln -c Release --no-build "$@" 2>&1 | tee "$log" || status=$?
# One plain closing line with the run's totals (the summary block above has the same numbers).
count() { grep -E "^\s+$1: [0-9]+" "$log" | tail -n 1 | grep -oE '[0-9]+' || echo 0; }
echo "$(count succeeded) passed, $(count failed) failed, $(count skipped) skipped"
exit "$status"
