// Gives Node a navigator.gpu from the npm package `webgpu` (Dawn), then runs
// the compiled WebGPU bench (build/bench/gpu/webgpu-bench.js) with the same
// arguments. Plain JavaScript (not compiled): `webgpu` is an ES module, and the
// build is CommonJS.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const { create, globals } = await import('webgpu');

Object.assign(globalThis, globals);
const gpu = create(process.env.DAWN_FLAGS ? process.env.DAWN_FLAGS.split(' ') : []);
// Node 20 has no navigator; ORT and the engine both look for navigator.gpu.
if (!globalThis.navigator) globalThis.navigator = {};
Object.defineProperty(globalThis.navigator, 'gpu', { value: gpu, configurable: true });

// Dawn's queue.writeBuffer rejects views of a SharedArrayBuffer, which the
// threaded WASM build's memory is: copy such data to a plain ArrayBuffer first.
const { GPUQueue } = globals;
const writeBuffer = GPUQueue.prototype.writeBuffer;
GPUQueue.prototype.writeBuffer = function (buffer, bufferOffset, data, dataOffset, size) {
  if (typeof SharedArrayBuffer !== 'undefined') {
    if (data instanceof SharedArrayBuffer) data = new Uint8Array(data).slice().buffer;
    else if (ArrayBuffer.isView(data) && data.buffer instanceof SharedArrayBuffer) {
      // TypedArray.slice keeps the element type (dataOffset/size count elements) and copies into a plain buffer.
      data = data instanceof DataView
        ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
        : data.slice();
    }
  }
  return writeBuffer.call(this, buffer, bufferOffset, data, dataOffset, size);
};

createRequire(import.meta.url)(path.join(root, 'build', 'bench', 'gpu', 'webgpu-bench.js'));
