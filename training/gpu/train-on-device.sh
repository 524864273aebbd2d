#!/usr/bin/env bash
# Runs ON THE GPU MACHINE (the device tool), from the repository root of the copy it makes, with
# .gpu/data.npz carried (made here by `python3 -m training.data.pack`; see training/gpu/README.md):
#   1. unpacks the data into shards under /tmp;
#   2. trains two runs side by side on the one GPU, both warm-started from the shipped model
#      (assets/deepcolor.onnx): $RUN (conditional GAN + L1) and ${RUN}l1 (the L1-only ablation,
#      same recipe without the discriminator), for $MINUTES minutes of training each;
#   3. writes to $OUT the slim (EMA-only) best and last checkpoints of both and a tarball of their
#      logs, validation summaries and latest sample grids. Everything else stays there and is lost.
# The data workers are split between the runs (the GAN run does more work per step).
set -uo pipefail
OUT=${OUT:-$PWD/test-output/gpu-train}
RUN=${RUN:-gpu1}
MINUTES=${MINUTES:-6}
EXTRA=${EXTRA:-}
INIT=${INIT-assets/deepcolor.onnx}   # INIT= (empty) trains from scratch, e.g. with EXTRA="--widths ..."
ABLATION=${ABLATION:-1}              # 0: no L1-only run beside it; all data workers go to $RUN
mkdir -p "$OUT"
exec > >(tee -a "$OUT/train-device.log") 2>&1
export PYTHONUNBUFFERED=1 OMP_NUM_THREADS=1
# train.py keeps freed memory in the process (training/malloc_tuning.py): page faults are the
# suspect for the first GPU run's ~20 samples/s per run; the diagnosis below says.
echo "== $(date -u +%FT%TZ) run $RUN, $MINUTES min"
nvidia-smi -L 2>/dev/null || true
python3 -c "import torch; print('torch', torch.__version__, torch.cuda.get_device_name(0) if torch.cuda.is_available() else 'NO CUDA')"
W=/tmp/deepcolor-train
rm -rf "$W"; mkdir -p "$W"
python3 -m training.data.pack --unpack .gpu/data.npz --out "$W/shards" --workers "$(nproc)" || exit 2
# 2 x ~20 s (30 at most): the cost of a sample in one process and in 15, and of one G step, so a slow run says why.
timeout 30 python3 -m training.gpu.diagnose --shards "$W/shards" --glibc-default || true
timeout 30 python3 -m training.gpu.diagnose --shards "$W/shards" || true
CPUS=$(nproc)
if [ "$ABLATION" = 1 ]; then GAN_WORKERS=$(( CPUS * 3 / 5 )); else GAN_WORKERS=$(( CPUS - 1 )); fi
L1_WORKERS=$(( CPUS - GAN_WORKERS - 1 ))
common=(--shards "$W/shards" --checkpoint-dir "$W/ck" --log-dir "$W/runs" ${INIT:+--init-from "$INIT"}
        --disc-base 16 --crop 256 --batch 32 --lr-g 4e-4 --gan-start 0 --hint-l1-boost 8
        --val-every 250 --log-every 50 --max-minutes "$MINUTES" --threads 2)
# shellcheck disable=SC2086
python3 -m training.train "${common[@]}" --run "$RUN" --workers "$GAN_WORKERS" $EXTRA > "$W/$RUN.out" 2>&1 &
GAN_PID=$!
L1_PID=
if [ "$ABLATION" = 1 ]; then
  # shellcheck disable=SC2086
  python3 -m training.train "${common[@]}" --run "${RUN}l1" --l1-only --workers "$L1_WORKERS" $EXTRA > "$W/${RUN}l1.out" 2>&1 &
  L1_PID=$!
fi
sleep 60; nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv 2>/dev/null || true
# By pid: a bare `wait` would also wait for the tee of the log above, which never ends.
wait "$GAN_PID"; echo "$RUN exit $?"
if [ -n "$L1_PID" ]; then wait "$L1_PID"; echo "${RUN}l1 exit $?"; fi
tail -n 5 "$W"/*.out
for r in "$RUN" "${RUN}l1"; do
  for w in best last; do
    [ -f "$W/ck/$r/$w.pt" ] && python3 -m training.checkpoint_io --slim "$W/ck/$r/$w.pt" "$OUT/$r-$w.pt"
  done
done
# Logs, summaries and the last three sample grids of each run (all grids would pass 16 MiB).
( cd "$W" && tar -czf "$OUT/runs.tgz" ./*.out shards/index.json runs/*/log.txt runs/*/summary.json \
    $(for r in "$RUN" "${RUN}l1"; do ls runs/$r/samples-*.png 2>/dev/null | tail -n 3; done) )
ls -la "$OUT"
sleep 1  # let the tee of the log flush before the call returns
