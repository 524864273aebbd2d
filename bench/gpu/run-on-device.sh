#!/usr/bin/env bash
# Runs ON THE GPU MACHINE, from the repository root of the copy the run tool
# makes, with .device/ (from bench/gpu/prepare.sh) and build/ carried:
#   1. unpacks node, the Vulkan/GL libraries (dpkg -x into /, ldconfig) and node_modules;
#   2. PyTorch CUDA on the same weights (bench/gpu/torch_bench.py), which also exports an fp16 variant;
#   3. the engine's WebGPU path in Node (bench/gpu/with-webgpu.mjs), plus raw-session variants;
#   4. merges both into $OUT/gpu-YYYY-MM-DD.json (copy it to bench/results/).
# Logs go to $OUT/*.log. A failing half does not stop the other.
# BENCH_GPU_TINY=1: 64/128 px only (a check). BENCH_DEVICE_SIM=1: skip the
# system changes (for a dry run on the CPU machine with VK_DRIVER_FILES preset).
set -uo pipefail
OUT=${OUT:-$PWD/test-output/gpu-out}
mkdir -p "$OUT"
D=.device
TINY=()
[ "${BENCH_GPU_TINY:-0}" = 1 ] && TINY=(--tiny)
exec > >(tee -a "$OUT/device.log") 2>&1
echo "== $(date -u +%FT%TZ) on $(hostname)"
nvidia-smi -L 2>/dev/null || true

if [ ! -f "$D/node.xz" ]; then echo "$D/node.xz missing: run bench/gpu/prepare.sh here and carry .device and build" >&2; exit 2; fi
NODE=/tmp/deepcolor-node/node
mkdir -p /tmp/deepcolor-node
unxz_to() { # $1 = .xz file, $2 = output; python's lzma where xz is missing
  if command -v xz >/dev/null; then xz -dc "$1" > "$2"
  else python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"; fi
}
unxz_to "$D/node.xz" "$NODE" && chmod +x "$NODE"
"$NODE" --version

if [ "${BENCH_DEVICE_SIM:-0}" != 1 ]; then
  for deb in "$D"/debs/*.deb; do
    if command -v dpkg >/dev/null; then dpkg -x "$deb" /
    else python3 - "$deb" <<'PY'
# No dpkg: a .deb is an ar archive holding data.tar.*; unpack that into /.
import io, sys, tarfile
raw = open(sys.argv[1], 'rb').read()
pos = 8
while pos < len(raw):
    name = raw[pos:pos + 16].decode().strip().rstrip('/')
    size = int(raw[pos + 48:pos + 58].decode().strip())
    body = raw[pos + 60:pos + 60 + size]
    if name.startswith('data.tar'):
        tarfile.open(fileobj=io.BytesIO(body)).extractall('/')
    pos += 60 + size + (size & 1)
PY
    fi
  done
  ldconfig
  if [ -z "${VK_DRIVER_FILES:-}" ]; then
    for f in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
      [ -f "$f" ] && { export VK_DRIVER_FILES=$f; break; }
    done
  fi
fi
echo "VK_DRIVER_FILES=${VK_DRIVER_FILES:-unset}"

mkdir -p node_modules
unxz_to "$D/node_modules.tar.xz" /tmp/deepcolor-node/node_modules.tar && tar -xf /tmp/deepcolor-node/node_modules.tar -C .

echo "== PyTorch"
python3 bench/gpu/torch_bench.py --out "$OUT/torch.json" --export-fp16 /tmp/deepcolor-fp16.onnx ${TINY[@]+"${TINY[@]}"} 2> "$OUT/torch.log"
echo "torch exit $?"; tail -n 30 "$OUT/torch.log"

echo "== WebGPU (Dawn) in Node"
"$NODE" bench/gpu/with-webgpu.mjs --out "$OUT/webgpu.json" --fp16-model /tmp/deepcolor-fp16.onnx ${TINY[@]+"${TINY[@]}"} 2> "$OUT/webgpu.log"
echo "webgpu exit $?"; tail -n 20 "$OUT/webgpu.log"

"$NODE" bench/gpu/merge.mjs "$OUT/webgpu.json" "$OUT/torch.json" "$OUT/gpu-$(date -u +%F).json"
