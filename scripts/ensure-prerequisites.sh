#!/usr/bin/env bash
# Installs what the suite and the tests need and a fresh machine may lack:
# the PostgreSQL 15 server binaries (initdb, pg_ctl, postgres) and psql. Idempotent and quiet when all is there.
set -euo pipefail

have_postgres() {
    command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}

missing=()
have_postgres || missing+=(postgresql-15)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client-15)

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "error: missing ${missing[*]}; install them (sudo apt-get install ${missing[*]}) and run again" >&2
        exit 2
    fi
    echo "installing ${missing[*]} ..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    # policy-rc.d keeps the package from starting a system-wide cluster: the harness starts its own.
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    rm -f /usr/sbin/policy-rc.d
fi

if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: the .NET 10 SDK (dotnet) is not on PATH; install it from your distribution or Microsoft's packages" >&2
    exit 2
fi
