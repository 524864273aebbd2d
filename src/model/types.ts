/**
 * The engine's public types. Everything that crosses the engine boundary is
 * declared here so that host, panel, demo, cli and bench code against one
 * shape. Nothing in src/model imports Photoshop, the DOM or Node APIs.
 */

/** 8-bit RGBA pixels, row-major, straight (non-premultiplied) alpha. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** length === width * height * 4 */
  readonly data: Uint8Array | Uint8ClampedArray;
}

/** Where the generator runs. `native` is onnxruntime-node (CLI and bench only). */
export type BackendName = 'webgpu' | 'wasm' | 'native';

/**
 * One network evaluation on one padded tile. Implementations wrap an
 * onnxruntime session; the engine never branches on which one it has.
 */
export interface InferenceBackend {
  readonly name: BackendName;
  /**
   * Runs the generator on an NCHW float32 tensor of shape
   * [1, contract.input.channels.length, height, width] and returns the
   * NCHW float32 output of shape [1, 3, height, width].
   */
  run(input: Float32Array, height: number, width: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export interface ColorizeProgress {
  /** 0..1, monotonic, ends at exactly 1 on success. */
  readonly fraction: number;
  /** Tiles finished so far and in all. */
  readonly tilesDone: number;
  readonly tilesTotal: number;
}

export interface ColorizeOptions {
  /** Multiplies hint colour and mask; 0 = ignore hints. Default: contract.hint.defaultStrength. */
  hintStrength?: number;
  /**
   * Scale from the page to the working resolution the network sees.
   * 'auto' (default) measures the lineart's stroke width and picks the scale at
   * which strokes look like training strokes (contract.geometry.lineWidthPx).
   */
  workingScale?: number | 'auto';
  /** Tile edge and overlap in working pixels. Defaults from the contract. */
  tileSize?: number;
  tileOverlap?: number;
  /** Multiply the full-resolution lineart over the result so lines stay crisp. Default true. */
  restoreLines?: boolean;
  onProgress?: (progress: ColorizeProgress) => void;
  /** Checked before every tile; aborting rejects with a DOMException-like error named 'AbortError'. */
  signal?: AbortSignal;
}

export interface ColorizeResult {
  /** Same size as the lineart; alpha 255 everywhere. */
  readonly image: RgbaImage;
  readonly backend: BackendName;
  readonly workingScale: number;
  readonly tilesTotal: number;
  /** Milliseconds spent inside InferenceBackend.run, summed over tiles. */
  readonly inferenceMs: number;
  readonly totalMs: number;
}
