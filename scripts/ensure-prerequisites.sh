#!/usr/bin/env bash
# Installs what the suite and the tests need and a fresh machine may lack:
# the PostgreSQL 15 server binaries (initdb, pg_ctl, postgres) and psql, and (optional) PgBouncer for the chaos
# scenarios. With HARNESS_INSTALL_PGBACKREST=1 also pgBackRest, for `harness drill restore --backup-tool pgbackrest`.
# Idempotent and quiet when all is there.
set -euo pipefail

# Installs Debian packages quietly, without letting them start system services: the harness starts its own cluster
# and its own PgBouncer on free ports. A policy-rc.d that was there before is left as it was.
install_quietly() {
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    local guard=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
        guard=yes
    fi
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
    if [ -n "$guard" ]; then rm -f /usr/sbin/policy-rc.d; fi
}

# The PgBouncer the distribution's service runs (its config under /etc/pgbouncer), not one the harness started.
system_pgbouncer_pids() {
    pgrep -f '^(/usr/s?bin/)?pgbouncer .*/etc/pgbouncer/' 2>/dev/null || true
}

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
    install_quietly "${missing[@]}"
fi

# PgBouncer is optional: without it the chaos scenarios run without a pooler and the tests that need one are skipped.
if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing pgbouncer ..." >&2
        before="$(system_pgbouncer_pids)"
        install_quietly pgbouncer
        # Should the package have started the system service anyway (on :6432), stop it: the harness runs its own.
        started="$(system_pgbouncer_pids)"
        if [ -n "$started" ] && [ -z "$before" ]; then
            echo "stopping the system pgbouncer service the package started (the harness starts its own) ..." >&2
            if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet pgbouncer 2>/dev/null; then
                systemctl stop pgbouncer >/dev/null 2>&1 || true
                systemctl disable pgbouncer >/dev/null 2>&1 || true
            fi
            for pid in $(system_pgbouncer_pids); do kill -TERM "$pid" 2>/dev/null || true; done
        fi
    else
        echo "note: pgbouncer is not installed (run this script as root with apt-get, or apt-get install pgbouncer);" \
            "the chaos scenarios will run without PgBouncer and the tests that need it are skipped" >&2
    fi
fi

# pgBackRest only when asked: the restore drill uses pg_basebackup unless --backup-tool pgbackrest, and its tests skip without it.
if [ "${HARNESS_INSTALL_PGBACKREST:-0}" = "1" ] && ! command -v pgbackrest >/dev/null 2>&1 && [ ! -x /usr/bin/pgbackrest ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing pgbackrest ..." >&2
        install_quietly pgbackrest
    else
        echo "error: HARNESS_INSTALL_PGBACKREST=1 but pgbackrest is missing; run this script as root with apt-get, or apt-get install pgbackrest" >&2
        exit 2
    fi
fi

if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: the .NET 10 SDK (dotnet) is not on PATH; install it from your distribution or Microsoft's packages" >&2
    exit 2
fi
