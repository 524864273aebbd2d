#!/usr/bin/env bash
# Python tests of the training pipeline (npm run test:py): training/tests (preprocessing contract,
# lineart, hints, dataset, a few training steps, export) and training/data (data build).
# Debian's python3 (torch CPU, onnx, opencv, skimage); exits non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
# One OpenMP thread: on a shared 2-core machine two threads spin-wait and cost ~9x the CPU.
export PYTHONDONTWRITEBYTECODE=1 OMP_NUM_THREADS=1
"$PY" -m unittest discover -s training/tests -t . -p 'test_*.py' "$@"
if ls training/data/test_*.py >/dev/null 2>&1; then
  "$PY" -m unittest discover -s training/data -t . -p 'test_*.py' "$@"
fi
