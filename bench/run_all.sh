#!/usr/bin/env bash
# Run every benchmark; each writes bench/results/<name>.json.
# Usage: bench/run_all.sh   (from anywhere; uses the repo's .venv)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
for name in local_write apply_changes import_threads; do
    echo "== $name"
    "$PY" "bench/$name.py"
done
