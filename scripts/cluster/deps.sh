#!/usr/bin/env bash
# The Python side of `make cluster` and tests/cluster/: requirements-cluster.txt into .venv/, once
# per change of that file (pip would otherwise take ~10 s to find that nothing is to do).
set -euo pipefail
cd "$(dirname "$0")/../.."
stamp=.venv/.cluster-installed
if [ ! -f "$stamp" ] || [ requirements-cluster.txt -nt "$stamp" ] || [ requirements.txt -nt "$stamp" ]; then
  echo "cluster: installing requirements-cluster.txt into .venv/" >&2
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-cluster.txt \
    2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
  touch "$stamp"
fi
