#!/usr/bin/env bash
# The main job: the full suite against the bundled sample target on an embedded PostgreSQL.
# Installs what a fresh machine lacks, builds, and runs `harness run`; extra arguments go to it
# (e.g. --tenants 200, --scenarios audit, --postgres local). Exit: 0 clean, 1 findings, 2 could not run.
# run-suite.ps1 is its PowerShell twin and must run the same dotnet commands (a test checks this).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/ensure-prerequisites.sh
dotnet build Harness.sln -c Release --nologo -v quiet
dotnet src/Harness.Cli/bin/Release/net10.0/Harness.Cli.dll run --manifest fixtures/SampleTarget/harness.yaml --postgres "${HARNESS_POSTGRES:-auto}" "$@"
