#!/usr/bin/env bash
# Stages, HERE (the CPU machine with npm and Debian's apt), everything the GPU
# machine lacks for bench/gpu/run-on-device.sh, into the git-ignored .device/:
#   node.xz                 this machine's node binary, xz-compressed (the GPU machine has no node)
#   debs/*.deb              libvulkan1 libglvnd0 libgl1 libglx0 libegl1 libgles2 libopengl0 (Dawn's Vulkan loader and GL libs)
#   node_modules.tar.xz     webgpu (Dawn, linux-x64 only), onnxruntime-web (WebGPU build files only), sharp (+ its libvips)
# and checks that it stays under the 64 MiB the run tool carries (with build/).
# Run after `npm run build` (build/ is carried too).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
D=$ROOT/.device
WEBGPU_VERSION=0.6.2

[ -f build/bench/gpu/webgpu-bench.js ] || { echo "build/bench/gpu/webgpu-bench.js missing: run npm run build first" >&2; exit 1; }
rm -rf "$D"
mkdir -p "$D/debs" "$D/stage/node_modules"

echo "== node $(node --version)"
xz -T2 -6 -c "$(command -v node)" > "$D/node.xz"

echo "== Debian packages"
(cd "$D/debs" && apt-get download libvulkan1 libglvnd0 libgl1 libglx0 libegl1 libgles2 libopengl0 >/dev/null)

echo "== webgpu@$WEBGPU_VERSION (linux-x64 only)"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack --silent "webgpu@$WEBGPU_VERSION" >/dev/null && tar xzf "webgpu-$WEBGPU_VERSION.tgz")
W=$D/stage/node_modules/webgpu
mkdir -p "$W/dist"
cp "$TMP/package/package.json" "$TMP/package/index.js" "$TMP/package/LICENSE.md" "$W/"
cp -r "$TMP/package/dist/linux-x64" "$W/dist/"

echo "== onnxruntime-web (WebGPU build)"
O=$D/stage/node_modules/onnxruntime-web
mkdir -p "$O/dist"
cp node_modules/onnxruntime-web/package.json node_modules/onnxruntime-web/LICENSE "$O/" 2>/dev/null || cp node_modules/onnxruntime-web/package.json "$O/"
for f in ort.webgpu.min.js ort-wasm-simd-threaded.asyncify.mjs ort-wasm-simd-threaded.asyncify.wasm ort-wasm-simd-threaded.jsep.mjs ort-wasm-simd-threaded.jsep.wasm; do
  cp "node_modules/onnxruntime-web/dist/$f" "$O/dist/"
done

echo "== sharp"
for p in sharp @img/colour @img/sharp-linux-x64 @img/sharp-libvips-linux-x64 detect-libc semver; do
  mkdir -p "$D/stage/node_modules/$(dirname "$p")"
  cp -r "node_modules/$p" "$D/stage/node_modules/$p"
done

tar -C "$D/stage" -cf - node_modules | xz -T2 -6 > "$D/node_modules.tar.xz"
rm -rf "$D/stage"

du -sh "$D"/* build
TOTAL=$(du -sbc "$D" build | tail -1 | cut -f1)
echo "carried total: $((TOTAL / 1048576)) MiB (limit 64)"
[ "$TOTAL" -lt $((64 * 1048576)) ] || { echo "too large to carry" >&2; exit 1; }
