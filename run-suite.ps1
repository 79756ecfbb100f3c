#!/usr/bin/env pwsh
# PowerShell twin of run-suite.sh: the same dotnet commands, nothing more (a test compares the two).
# Exit: 0 clean, 1 findings, 2 could not run.
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
if ($IsLinux) { bash scripts/ensure-prerequisites.sh; if ($LASTEXITCODE -ne 0) { exit 2 } }
$postgres = if ($env:HARNESS_POSTGRES) { $env:HARNESS_POSTGRES } else { 'auto' }
dotnet build Harness.sln -c Release --nologo -v quiet
if ($LASTEXITCODE -ne 0) { exit 2 }
dotnet src/Harness.Cli/bin/Release/net10.0/Harness.Cli.dll run --manifest fixtures/SampleTarget/harness.yaml --postgres $postgres @args
exit $LASTEXITCODE
