/** The machine, software and model a result was measured with, and how busy the machine was. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly totalMemGiB: number;
  readonly os: string;
  readonly node: string;
  readonly onnxruntimeWeb: string;
  readonly onnxruntimeNode: string;
  readonly sharp: string;
}

export interface ModelInfo {
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly trained: boolean;
  readonly widths: readonly number[];
  readonly parameters: number;
  readonly tileSize: number;
  readonly tileOverlap: number;
}

/** Reads a dependency's version from its package.json without going through its `exports` map. */
export function packageVersion(name: string, repoRoot: string): string {
  const file = path.join(repoRoot, 'node_modules', name, 'package.json');
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'version' in parsed && typeof parsed.version === 'string') {
      return parsed.version;
    }
  } catch {
    // Reported as unknown below: a missing package must not stop the bench from saying what it did measure.
  }
  return 'unknown';
}

export function machineInfo(repoRoot: string): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    totalMemGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    onnxruntimeWeb: packageVersion('onnxruntime-web', repoRoot),
    onnxruntimeNode: packageVersion('onnxruntime-node', repoRoot),
    sharp: packageVersion('sharp', repoRoot),
  };
}

export interface LoadSample {
  readonly at: string;
  /** 1, 5 and 15 minute load averages: on a shared 2-core machine anything near 2 or above disturbs timings. */
  readonly loadavg: readonly [number, number, number];
}

export function loadSample(): LoadSample {
  const [a, b, c] = os.loadavg();
  const r = (x: number): number => Math.round(x * 100) / 100;
  return { at: new Date().toISOString(), loadavg: [r(a), r(b), r(c)] };
}

export interface Contractish {
  readonly model: { readonly file: string; readonly sha256: string; readonly trained: boolean; readonly widths: readonly number[]; readonly parameters: number };
  readonly input: { readonly name: string; readonly channels: readonly string[] };
  readonly output: { readonly name: string };
  readonly geometry: { readonly tileSize: number; readonly tileOverlap: number; readonly sizeMultiple: number };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

/**
 * The few contract fields the bench itself needs, checked just enough to give
 * a clear message; the engine's parseContract does the full validation.
 */
export function readContractFields(json: unknown): Contractish {
  const fail = (what: string): never => {
    throw new Error(`assets/deepcolor.json: ${what} (re-export the model with training/export.py)`);
  };
  if (!isRecord(json)) return fail('not a JSON object');
  const { model, input, output, geometry } = json;
  if (!isRecord(model) || typeof model.file !== 'string' || !Array.isArray(model.widths)) return fail('model.file/model.widths missing');
  if (!isRecord(input) || typeof input.name !== 'string' || !Array.isArray(input.channels)) return fail('input.name/input.channels missing');
  if (!isRecord(output) || typeof output.name !== 'string') return fail('output.name missing');
  if (!isRecord(geometry) || typeof geometry.tileSize !== 'number' || typeof geometry.tileOverlap !== 'number' || typeof geometry.sizeMultiple !== 'number') {
    return fail('geometry.tileSize/tileOverlap/sizeMultiple missing');
  }
  return {
    model: {
      file: model.file,
      sha256: typeof model.sha256 === 'string' ? model.sha256 : '',
      trained: model.trained === true,
      widths: model.widths.map(Number),
      parameters: typeof model.parameters === 'number' ? model.parameters : NaN,
    },
    input: { name: input.name, channels: input.channels.map(String) },
    output: { name: output.name },
    geometry: { tileSize: geometry.tileSize, tileOverlap: geometry.tileOverlap, sizeMultiple: geometry.sizeMultiple },
  };
}

export interface ModelAssets {
  readonly contractJson: unknown;
  readonly contract: Contractish;
  readonly modelBytes: Uint8Array;
  readonly info: ModelInfo;
}

export function loadModelAssets(repoRoot: string): ModelAssets {
  const jsonPath = path.join(repoRoot, 'assets', 'deepcolor.json');
  const contractJson: unknown = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
  const contract = readContractFields(contractJson);
  const modelPath = path.join(repoRoot, 'assets', contract.model.file);
  const buf = fs.readFileSync(modelPath);
  const modelBytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  return {
    contractJson,
    contract,
    modelBytes,
    info: {
      file: contract.model.file,
      bytes: modelBytes.byteLength,
      sha256: contract.model.sha256,
      trained: contract.model.trained,
      widths: contract.model.widths,
      parameters: contract.model.parameters,
      tileSize: contract.geometry.tileSize,
      tileOverlap: contract.geometry.tileOverlap,
    },
  };
}

export interface EngineBuildInfo {
  /** git HEAD of the checkout, and whether src/model differs from it. */
  readonly gitHead: string;
  readonly srcModelDirty: boolean | null;
  /** sha256 (first 12 hex) over the compiled engine files actually loaded: which engine was measured. */
  readonly buildHash: string;
}

export function engineBuildInfo(repoRoot: string, compiledEngineDir: string): EngineBuildInfo {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { execFileSync } = require('child_process') as typeof import('child_process');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createHash } = require('crypto') as typeof import('crypto');
  const git = (args: string[]): string | null => {
    try {
      return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  };
  const status = git(['status', '--porcelain', '--', 'src/model']);
  const hash = createHash('sha256');
  try {
    for (const f of fs.readdirSync(compiledEngineDir).filter((n) => n.endsWith('.js')).sort()) {
      hash.update(f);
      hash.update(fs.readFileSync(path.join(compiledEngineDir, f)));
    }
  } catch {
    hash.update('missing');
  }
  return { gitHead: git(['rev-parse', '--short=12', 'HEAD']) ?? 'unknown', srcModelDirty: status === null ? null : status.length > 0, buildHash: hash.digest('hex').slice(0, 12) };
}
