#!/usr/bin/env bash
# Non-Python test dependencies: Debian's chromium (browser test) and docker-compose (validates
# docker/docker-compose.yml without an engine), and the npm packages of tests/web/js
# (playwright-core drives chromium; ical.js is an independent iCal parser).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Debian's ${missing[*]} for the browser and compose tests"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "${missing[*]} not installed and this is not root: the tests that need them will be skipped" >&2
  fi
fi
if [ -f tests/web/js/package-lock.json ] && [ ! -f tests/web/js/node_modules/.package-lock.json -o tests/web/js/package-lock.json -nt tests/web/js/node_modules/.package-lock.json ]; then
  echo "installing tests/web/js npm packages (npm ci)"
  npm ci --prefix tests/web/js --silent --no-audit --no-fund
fi
