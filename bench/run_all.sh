#!/usr/bin/env bash
# Run every benchmark; each writes bench/results/<name>.json.
# Usage: bench/run_all.sh   (from anywhere; uses the repo's .venv)
# The sync server ones need wrk (`apt-get install -y wrk`) and PostgreSQL's
# server binaries (`apt-get install -y postgresql`, as for the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
for name in local_write apply_changes import_threads rest_latency sync_throughput sync_client; do
    echo "== $name"
    "$PY" "bench/$name.py"
done
