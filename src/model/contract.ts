/**
 * Reads assets/deepcolor.json into a typed Contract. This is the one place
 * that knows the file's shape; everything downstream gets the typed object,
 * so a malformed or newer contract fails here with a message that names the
 * field, not later as a wrong colour.
 */
import { MAX_GAP_RADIUS } from './paper-regions';
import type { AutoScalePolicy, Contract } from './types';

export class ContractError extends Error {
  constructor(message: string) {
    super(`Invalid model contract (deepcolor.json): ${message}`);
    this.name = 'ContractError';
  }
}

const SUPPORTED_VERSIONS = [1, 2];
const HINT_CHANNELS = ['line', 'hint_r', 'hint_g', 'hint_b', 'hint_mask'] as const;
/** Version 2 may add the region fill (regions.ts) after the hint channels. */
const FILL_CHANNELS = [...HINT_CHANNELS, 'fill_r', 'fill_g', 'fill_b', 'fill_mask'] as const;
const OUTPUT_CHANNELS = ['r', 'g', 'b'] as const;


type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function section(root: Json, key: string): Json {
  const v = root[key];
  if (!isObject(v)) throw new ContractError(`"${key}" must be an object, got ${describe(v)}`);
  return v;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing (missing)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

function str(obj: Json, path: string, key: string): string {
  const v = obj[key];
  if (typeof v !== 'string' || v.length === 0) throw new ContractError(`"${path}.${key}" must be a non-empty string, got ${describe(v)}`);
  return v;
}

function literal<T extends string>(obj: Json, path: string, key: string, expected: T): T {
  const v = obj[key];
  if (v !== expected) throw new ContractError(`"${path}.${key}" must be "${expected}", got ${describe(v)}`);
  return expected;
}

function num(obj: Json, path: string, key: string, check: (n: number) => boolean, what: string): number {
  const v = obj[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || !check(v)) {
    throw new ContractError(`"${path}.${key}" must be ${what}, got ${describe(v)}`);
  }
  return v;
}

function bool(obj: Json, path: string, key: string): boolean {
  const v = obj[key];
  if (typeof v !== 'boolean') throw new ContractError(`"${path}.${key}" must be true or false, got ${describe(v)}`);
  return v;
}

function numberTuple(obj: Json, path: string, key: string, length: number): number[] {
  const v = obj[key];
  if (!Array.isArray(v) || v.length !== length || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new ContractError(`"${path}.${key}" must be an array of ${length} finite numbers, got ${describe(v)}`);
  }
  return v as number[];
}

function channelList(obj: Json, path: string, ...allowed: (readonly string[])[]): string[] {
  const v = obj.channels;
  const matches = (expected: readonly string[]): boolean =>
    Array.isArray(v) && v.length === expected.length && v.every((c, i) => c === expected[i]);
  if (!allowed.some(matches)) {
    const options = allowed.map((a) => JSON.stringify(a)).join(' or ');
    throw new ContractError(`"${path}.channels" must be ${options} (this engine's channel order), got ${describe(v)}`);
  }
  return v as string[];
}

/** Whether the model takes the region-fill channels (contract version 2 with fill_*). */
export function hasRegionFill(contract: Contract): boolean {
  return contract.input.channels.length === FILL_CHANNELS.length;
}

// Version 1 engines implement exactly these encodings; anything else is a
// contract this engine would silently misread, so it is refused.
function unitRange(obj: Json, path: string, key: string): readonly [number, number] {
  const r = numberTuple(obj, path, key, 2);
  if (r[0] !== 0 || r[1] !== 1) throw new ContractError(`"${path}.${key}" must be [0, 1] in version 1, got ${JSON.stringify(r)}`);
  return [0, 1];
}

function premultipliedOnly(hint: Json): true {
  if (bool(hint, 'hint', 'premultiplied') !== true) {
    throw new ContractError('"hint.premultiplied" must be true in version 1 (the engine premultiplies hint colour by the mask)');
  }
  return true;
}

const positive = (n: number): boolean => n > 0;
const nonNegative = (n: number): boolean => n >= 0;
const positiveInt = (n: number): boolean => Number.isInteger(n) && n > 0;

function autoScalePolicy(json: unknown): AutoScalePolicy {
  const path = 'geometry.autoScale';
  if (!isObject(json)) throw new ContractError(`"${path}" must be an object, got ${describe(json)}`);
  return {
    by: literal(json, path, 'by', 'interior-and-stroke'),
    percentile: num(json, path, 'percentile', (n) => n >= 0 && n <= 1, 'a number from 0 to 1'),
    interiorPx: num(json, path, 'interiorPx', positive, 'a positive number'),
    strokePx: num(json, path, 'strokePx', positive, 'a positive number'),
    exponent: num(json, path, 'exponent', positive, 'a positive number'),
    maxScale: num(json, path, 'maxScale', positive, 'a positive number'),
  };
}

export function parseContract(json: unknown): Contract {
  if (!isObject(json)) throw new ContractError(`expected a JSON object, got ${describe(json)}`);
  literal(json, 'contract', 'format', 'deepcolor-contract');
  const version = num(json, 'contract', 'version', positiveInt, 'a positive integer');
  if (!SUPPORTED_VERSIONS.includes(version)) {
    throw new ContractError(`version ${version} is not supported by this engine (supports ${SUPPORTED_VERSIONS.join(' and ')}); update Deepcolor`);
  }

  const model = section(json, 'model');
  const input = section(json, 'input');
  const output = section(json, 'output');
  const lineart = section(json, 'lineart');
  const hint = section(json, 'hint');
  const geometry = section(json, 'geometry');

  const outRange = numberTuple(output, 'output', 'range', 2);
  if (!(outRange[0] < outRange[1])) throw new ContractError(`"output.range" must be [low, high] with low < high, got ${JSON.stringify(outRange)}`);
  const luma = numberTuple(lineart, 'lineart', 'luma', 3);
  const lumaSum = luma[0] + luma[1] + luma[2];
  if (luma.some((w) => w < 0) || Math.abs(lumaSum - 1) > 1e-3) {
    throw new ContractError(`"lineart.luma" weights must be non-negative and sum to 1, got ${JSON.stringify(luma)}`);
  }

  const sizeMultiple = num(geometry, 'geometry', 'sizeMultiple', positiveInt, 'a positive integer');
  const minWorkingScale = num(geometry, 'geometry', 'minWorkingScale', positive, 'a positive number');
  const maxWorkingScale = num(geometry, 'geometry', 'maxWorkingScale', positive, 'a positive number');
  if (minWorkingScale > maxWorkingScale) {
    throw new ContractError(`"geometry.minWorkingScale" (${minWorkingScale}) exceeds "geometry.maxWorkingScale" (${maxWorkingScale})`);
  }
  const tileSize = num(geometry, 'geometry', 'tileSize', positiveInt, 'a positive integer');
  const tileOverlap = num(geometry, 'geometry', 'tileOverlap', (n) => Number.isInteger(n) && n >= 0, 'a non-negative integer');
  if (tileOverlap * 2 >= tileSize) {
    throw new ContractError(`"geometry.tileOverlap" (${tileOverlap}) must be less than half of "geometry.tileSize" (${tileSize})`);
  }

  // Optional: contracts written before session 9 have no "autoScale" and match stroke widths.
  const autoScale = geometry.autoScale === undefined ? undefined : autoScalePolicy(geometry.autoScale);

  // Optional: contracts written before gap closing have no "fill" section and mean radius 0.
  const fill = json.fill === undefined ? {} : section(json, 'fill');
  const gapRadius = fill.gapRadius === undefined ? 0 : num(fill, 'fill', 'gapRadius', (n) => Number.isInteger(n) && n >= 0 && n <= MAX_GAP_RADIUS, `an integer from 0 to ${MAX_GAP_RADIUS}`);

  return {
    format: 'deepcolor-contract',
    version,
    model: {
      file: str(model, 'model', 'file'),
      sha256: str(model, 'model', 'sha256'),
      opset: num(model, 'model', 'opset', positiveInt, 'a positive integer'),
      trained: bool(model, 'model', 'trained'),
    },
    input: {
      name: str(input, 'input', 'name'),
      layout: literal(input, 'input', 'layout', 'NCHW'),
      dtype: literal(input, 'input', 'dtype', 'float32'),
      channels: version === 1 ? channelList(input, 'input', HINT_CHANNELS) : channelList(input, 'input', HINT_CHANNELS, FILL_CHANNELS),
    },
    output: {
      name: str(output, 'output', 'name'),
      layout: literal(output, 'output', 'layout', 'NCHW'),
      dtype: literal(output, 'output', 'dtype', 'float32'),
      channels: channelList(output, 'output', OUTPUT_CHANNELS),
      range: [outRange[0], outRange[1]],
    },
    lineart: {
      composite: literal(lineart, 'lineart', 'composite', 'alpha-over-white'),
      luma: [luma[0], luma[1], luma[2]],
      range: unitRange(lineart, 'lineart', 'range'),
    },
    hint: {
      colorRange: unitRange(hint, 'hint', 'colorRange'),
      premultiplied: premultipliedOnly(hint),
      mask: literal(hint, 'hint', 'mask', 'alpha'),
      blurSigmaFraction: num(hint, 'hint', 'blurSigmaFraction', nonNegative, 'a non-negative number'),
      defaultStrength: num(hint, 'hint', 'defaultStrength', nonNegative, 'a non-negative number'),
    },
    geometry: {
      sizeMultiple,
      trainingSize: num(geometry, 'geometry', 'trainingSize', positiveInt, 'a positive integer'),
      lineWidthPx: num(geometry, 'geometry', 'lineWidthPx', positive, 'a positive number'),
      minWorkingScale,
      maxWorkingScale,
      tileSize,
      tileOverlap,
      ...(autoScale ? { autoScale } : {}),
    },
    fill: { gapRadius },
  };
}
