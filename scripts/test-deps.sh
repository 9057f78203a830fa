#!/usr/bin/env bash
# Non-Python test dependencies: Debian's chromium (browser test) and the npm packages of
# tests/web/js (playwright-core drives chromium; ical.js is an independent iCal parser).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Debian's chromium for the browser test"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is not installed and this is not root: the browser test will be skipped" >&2
  fi
fi
if [ -f tests/web/js/package-lock.json ] && [ ! -f tests/web/js/node_modules/.package-lock.json -o tests/web/js/package-lock.json -nt tests/web/js/node_modules/.package-lock.json ]; then
  echo "installing tests/web/js npm packages (npm ci)"
  npm ci --prefix tests/web/js --silent --no-audit --no-fund
fi
