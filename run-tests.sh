#!/usr/bin/env bash
# The tests: installs what a fresh machine lacks, then runs every test project once.
# Each test assembly starts one PostgreSQL cluster and isolates tests by schema.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/ensure-prerequisites.sh
bash scripts/ensure-browser.sh   # headless Chromium for the HTML report's browser test
dotnet build Harness.sln -c Release --nologo -v quiet
dotnet test --solution Harness.sln -c Release --no-build "$@"
