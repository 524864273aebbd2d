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
   * True when a run computes while the caller goes on (WebGPU: the GPU
   * works while JavaScript waits): the engine then writes the next tile's
   * input and blends the last one during a run, at the cost of a second
   * input tensor and line band (tile-pipeline.ts). CPU backends compute
   * on the caller's thread, where that would only cost memory.
   */
  readonly computesInBackground?: boolean;
  /**
   * Runs the generator on an NCHW float32 tensor of shape
   * [1, contract.input.channels.length, height, width] and returns the
   * NCHW float32 output of shape [1, 3, height, width]. The output may be
   * an array the backend reuses (the native backend does: a fresh one per
   * tile was a sixth of its time), but not by the very next run: the engine
   * blends a tile while the next one runs. The input is not kept after the
   * promise settles.
   */
  run(input: Float32Array, height: number, width: number): Promise<Float32Array>;
  dispose(): Promise<void>;
}

/** Where the light comes from, as an artist names it (form-shading.ts LIGHT_DIRECTIONS). */
export type LightDirection = 'right' | 'top-right' | 'top' | 'top-left' | 'left' | 'bottom-left' | 'bottom' | 'bottom-right';

export interface ShadingOptions {
  /** Where the light comes from: a named direction or degrees counter-clockwise from the right (135 = top left). */
  readonly light: LightDirection | number;
  /** How dark the side turned fully away from the light gets: 0 = no shading, 1 = black. */
  readonly strength: number;
}

/**
 * Which sides of an image are the page's own edges. Paper touching them is
 * taken for the page around the figure (not filled, not shaded, left out of
 * the flats). A crop of a page (Photoshop's selection) passes false for the
 * sides that lie inside the page, so a region the crop cuts is not mistaken
 * for the paper around the figure.
 */
export interface PageEdges {
  readonly left: boolean;
  readonly top: boolean;
  readonly right: boolean;
  readonly bottom: boolean;
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
   * 'auto' (default) measures how far the paper the lines enclose is from the
   * nearest line and shrinks open figures, never enlarging a page
   * (contract.geometry.autoScale, interior-distance.ts); with an older
   * contract it matches stroke widths to the training strokes
   * (contract.geometry.lineWidthPx).
   */
  workingScale?: number | 'auto';
  /** Tile edge and overlap in working pixels. Defaults from the contract. */
  tileSize?: number;
  tileOverlap?: number;
  /**
   * Closes gaps in the lines up to 2 * gapRadius working pixels wide before
   * the hint is spread over the line-bounded regions, so a dab does not leak
   * through an open outline (0 = no closing; at most 16). Default:
   * contract.fill.gapRadius, what the model was trained with. Only models
   * with the region fill use it.
   */
  gapRadius?: number;
  /** Multiply the full-resolution lineart over the result so lines stay crisp. Default true. */
  restoreLines?: boolean;
  /**
   * Blend hint strokes into the colour the network gave the rest of their
   * region, so a rough stroke does not show as a flat streak; strokes of a
   * clearly different colour (a detail) stay as painted (stroke-blend.ts).
   * Default true. Only models with the region fill use it.
   */
  blendStrokes?: boolean;
  /**
   * Fill paper-white pixels the network left inside a shape it coloured with
   * that shape's colour, and in a shape the artist painted (a sky) beside
   * the paint with the painted colour (white-fill.ts); painted hint pixels
   * are never changed. Default true.
   */
  fillWhitePatches?: boolean;
  /**
   * Bring each shape the artist painted to the painted colour where the
   * network's lies more than a few delta E off, keeping its shading
   * (region-tint.ts); painted hint pixels are never changed. Default true.
   */
  tintToPaint?: boolean;
  /**
   * Fill a shape the artist painted a base colour and accents in (blush on
   * a face, a highlight on an apple) with the base, the colour of its
   * longest stroke, rather than the mean of its paint (base-colour.ts).
   * Default true; off gives the training preprocessing's region fill, the
   * mean.
   */
  baseColours?: boolean;
  /**
   * Give the network's outermost rows along the work area's top and bottom
   * the colour just inside them: it paints them dark (edge-rows.ts).
   * Default true; off shows the network's page as it is.
   */
  repairEdgeRows?: boolean;
  /**
   * Read a scanned drawing as if levelled: its paper as white and its
   * darkest lines as black, measured from the page (levels.ts). Clean
   * digital lineart is left as it is. Default true; off reads the lineart's
   * lightness as it is (the training preprocessing's reference).
   */
  levelLineart?: boolean;
  /**
   * Give the paper beside the lines the colour of its shape, taking away the
   * dark rim the network paints along them (line-halo.ts), at working scales
   * up to 2/3 (nearer 1 the rim is a pixel, under the lines' own edge).
   * Default true.
   */
  clearLineHalo?: boolean;
  /**
   * Keep a comic page's paper white where the artist left it unpainted:
   * speech balloons and caption boxes (an enclosed shape whose ink inside
   * reads as lines of lettering, text-balloons.ts) are read as painted
   * white, and the gutters and margins between and around the panels and
   * the panels' backgrounds (page-gutters.ts) are made white. Painted ones
   * are the artist's. Where the artist painted anything, the page around
   * the figures that they left unpainted is made paper-white too where the
   * network took it for paper, with its narrow pockets (page-pockets.ts).
   * Default true; ignored at hint strength 0.
   */
  whitePaper?: boolean;
  /**
   * Leave the page around the drawing as paper: make margins, comic gutters
   * and the paper around a figure (paper touching the page's edge, unless
   * at least 64 opaque pixels of hint paint lie in it, ends of strokes that
   * slipped over a line not counted) transparent in the result (page-around.ts).
   * Default false: where an outline has a gap wider than gapRadius, the
   * inside of the figure touches the edge too and would be cleared.
   */
  clearAround?: boolean;
  /**
   * Form shading (form-shading.ts): the side of each drawn shape away from
   * the light, darkened, returned as ColorizeResult.shading, a separate
   * layer for Multiply. Default: none.
   */
  shading?: ShadingOptions;
  /**
   * The caller will not read the hint's pixels again, so the engine may work
   * on them in place instead of on a page-sized copy of its own (64 MiB for
   * a 4,096 px page, the largest single allocation it can save): it takes
   * the ends of strokes that slipped over a line out of them, and paints
   * unpainted balloons white there while the network runs (taken off again
   * after it, as transparent pixels with zero colour bytes). After a cancel
   * or an error the pixels are left part way. Default false: the hint is
   * left exactly as given. Ignored where the hint's pixels are the
   * lineart's too (one buffer). The plugin passes pixels it read for this
   * run only; the CLI, when it writes no PSD (whose hint layer is the hint
   * as painted).
   */
  consumeHint?: boolean;
  /** Which sides of the lineart are the page's edges (see PageEdges). Default: all four, a whole page. */
  pageEdges?: PageEdges;
  onProgress?: (progress: ColorizeProgress) => void;
  /** Checked before every tile; aborting rejects with a DOMException-like error named 'AbortError'. */
  signal?: AbortSignal;
}

export interface ColorizeResult {
  /** Same size as the lineart; alpha 255 everywhere. The flat colour: shading is never in it. */
  readonly image: RgbaImage;
  /**
   * With ColorizeOptions.shading: an opaque grey layer of the page's size for
   * Multiply over `image` (white = untouched); multiplyInPlace flattens it.
   */
  readonly shading?: RgbaImage;
  readonly backend: BackendName;
  readonly workingScale: number;
  readonly tilesTotal: number;
  /**
   * Milliseconds the engine waited on InferenceBackend.run (in the call and
   * for its promise), summed over tiles. Where a backend computes while the
   * engine goes on (WebGPU), the engine's work during a run is in neither
   * this nor what is left of totalMs: totalMs - inferenceMs is the engine's
   * own time that inference did not hide.
   */
  readonly inferenceMs: number;
  readonly totalMs: number;
}

/**
 * The preprocessing contract (assets/deepcolor.json) after validation by
 * parseContract. Written by training/export.py from training/contract.py.
 */
/**
 * How 'auto' picks the working scale (auto-scale.ts): d = the `percentile`
 * of the distance from enclosed paper to the nearest ink, w = the median
 * stroke width, both in page pixels; scale = (geometric mean of
 * interiorPx / d and strokePx / w) ** exponent, at most maxScale (and within
 * the geometry's working-scale range); a measure that cannot be taken is
 * left out of the mean.
 */
export interface AutoScalePolicy {
  readonly by: 'interior-and-stroke';
  readonly percentile: number;
  readonly interiorPx: number;
  readonly strokePx: number;
  readonly exponent: number;
  readonly maxScale: number;
}

export interface Contract {
  readonly format: 'deepcolor-contract';
  readonly version: number;
  readonly model: {
    readonly file: string;
    readonly sha256: string;
    readonly opset: number;
    readonly trained: boolean;
  };
  readonly input: {
    readonly name: string;
    readonly layout: 'NCHW';
    readonly dtype: 'float32';
    /**
     * ['line', 'hint_r', 'hint_g', 'hint_b', 'hint_mask'], followed in
     * version 2 models by the region fill: 'fill_r', 'fill_g', 'fill_b', 'fill_mask'.
     */
    readonly channels: readonly string[];
  };
  readonly output: {
    readonly name: string;
    readonly layout: 'NCHW';
    readonly dtype: 'float32';
    readonly channels: readonly string[];
    readonly range: readonly [number, number];
  };
  readonly lineart: {
    readonly composite: 'alpha-over-white';
    readonly luma: readonly [number, number, number];
    readonly range: readonly [number, number];
  };
  readonly hint: {
    readonly colorRange: readonly [number, number];
    readonly premultiplied: boolean;
    readonly mask: 'alpha';
    /** Gaussian sigma of the hint blur as a fraction of the working long side; 0 = no blur. */
    readonly blurSigmaFraction: number;
    readonly defaultStrength: number;
  };
  readonly geometry: {
    readonly sizeMultiple: number;
    readonly trainingSize: number;
    /** Median ink stroke width (px) of training lineart at training size. */
    readonly lineWidthPx: number;
    readonly minWorkingScale: number;
    readonly maxWorkingScale: number;
    readonly tileSize: number;
    readonly tileOverlap: number;
    /** How 'auto' picks the working scale; absent in older contracts, which match stroke widths (lineWidthPx). */
    readonly autoScale?: AutoScalePolicy;
  };
  /** The region fill's parameters (regions.ts); gapRadius 0 when the contract has no "fill" section. */
  readonly fill: {
    /** Gaps in the lines up to 2 * gapRadius working pixels wide are closed before regions are found. */
    readonly gapRadius: number;
  };
}
