// TypeScript's moduleResolution "node" ignores package.json "exports", so the
// WebGPU entry of onnxruntime-web has no types of its own here: it is the same API.
declare module 'onnxruntime-web/webgpu' {
  export * from 'onnxruntime-web';
}
