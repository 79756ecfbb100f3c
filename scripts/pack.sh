#!/usr/bin/env bash
# Packs every package (the libraries and the harness tool) into artifacts/packages, a folder a NuGet feed can point at.
# Extra arguments go to dotnet pack (e.g. -p:Version=0.2.0).
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/artifacts/packages"
mkdir -p "$out"
dotnet pack Harness.sln -c Release --nologo -v quiet -p:PackageOutputPath="$out" "$@"
ls -1 "$out"
