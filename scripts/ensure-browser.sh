#!/usr/bin/env bash
# Installs Debian's headless-capable chromium, which the HTML report tests render the report in.
# Idempotent and silent when /usr/bin/chromium is there. Without root it installs nothing and exits 0:
# the browser tests then skip and say why.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "note: chromium is missing and this is not root; the HTML report's browser tests will be skipped (sudo apt-get install chromium)" >&2
    exit 0
fi

echo "installing chromium ..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends chromium >/dev/null
