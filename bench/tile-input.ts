/** Tile tensors for timing; imports no runtime, so the GPU bench can use it where only the WebGPU build is carried. */

/** A deterministic input that looks like a page tile: mostly paper, some ink, sparse hint. */
export function tileInput(channels: number, size: number): Float32Array {
  const plane = size * size;
  const x = new Float32Array(channels * plane);
  let s = 12345;
  for (let i = 0; i < plane; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    x[i] = (s >>> 16) % 16 === 0 ? 0.1 : 1;
  }
  for (let c = 1; c < channels; c++) {
    for (let i = 0; i < plane; i++) x[c * plane + i] = (i % 97 < 5 ? 0.7 : 0);
  }
  return x;
}
