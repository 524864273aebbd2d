#!/usr/bin/env bash
# Python tests of the training pipeline (npm run test:py). Debian's python3 (torch CPU, onnx,
# opencv, skimage); fails when any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
export PYTHONDONTWRITEBYTECODE=1 OMP_NUM_THREADS=1
exec "$PY" -m unittest discover -s training/tests -t . -p 'test_*.py' "$@"
