/**
 * The bench harness, run for real in its tiny mode (64-128 px pages, one run):
 * what it writes must be complete and well-formed. Times are never asserted.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { median, summarize } from '../../bench/stats';

const root = path.resolve(__dirname, '..', '..');
const runJs = path.join(root, 'build', 'bench', 'run.js');

const REQUIRED = [
  'tile512_wasm_ms',
  'tile512_native_ms',
  'wasm_native_ratio',
  'page1024_wasm_ms',
  'page2048_wasm_ms',
  'page4096_wasm_ms',
  'page4096_peak_rss_mb',
  'page4096_inference_share',
  'cost_per_mp_1mp_ms',
  'cost_per_mp_4mp_ms',
  'cost_per_mp_16mp_ms',
];

describe('bench statistics', () => {
  it('takes the middle sample, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('summarises samples as median within min and max', () => {
    const f = summarize([30, 10, 20, 50, 40], 'ms');
    expect(f).toEqual({ median: 30, min: 10, max: 50, runs: 5, unit: 'ms' });
  });

  it('refuses to summarise nothing or a non-finite sample', () => {
    expect(() => summarize([], 'ms')).toThrow(/no samples/);
    expect(() => summarize([1, NaN], 'ms')).toThrow(/non-finite/);
  });
});

describe('npm run bench in tiny mode', () => {
  const outDir = path.join(root, 'test-output', 'bench', `tiny-${process.pid}`);
  let result: { mode: string; figures: Record<string, { median: number; min: number; max: number; runs: number }>; machine: Record<string, unknown>; model: { widths: number[]; parameters: number }; engine: { buildHash: string; gitHead: string }; load: Record<string, { loadavg: number[] }> };

  beforeAll(() => {
    if (!fs.existsSync(runJs)) throw new Error(`${runJs} is missing: run \`npm run build\` first`);
    fs.rmSync(outDir, { recursive: true, force: true });
    const run = spawnSync(process.execPath, [runJs], {
      cwd: root,
      env: { ...process.env, BENCH_MODE: 'tiny', BENCH_OUT: outDir },
      encoding: 'utf8',
      timeout: 240_000,
    });
    if (run.status !== 0) throw new Error(`bench exited with ${run.status}:\n${run.stderr}`);
    result = JSON.parse(fs.readFileSync(path.join(outDir, 'latest.json'), 'utf8'));
  }, 300_000);

  afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

  it('writes every required figure as a median between its min and max', () => {
    expect(result.mode).toBe('tiny');
    for (const key of REQUIRED) {
      const f = result.figures[key];
      expect({ key, ok: f !== undefined }).toEqual({ key, ok: true });
      for (const v of [f.median, f.min, f.max]) expect(Number.isFinite(v)).toBe(true);
      expect(f.min).toBeLessThanOrEqual(f.median);
      expect(f.median).toBeLessThanOrEqual(f.max);
      expect(f.runs).toBeGreaterThanOrEqual(1);
    }
  });

  it('keeps the inference share a fraction and the ratio the quotient of the two tiles', () => {
    const share = result.figures.page4096_inference_share.median;
    expect(share).toBeGreaterThan(0);
    expect(share).toBeLessThanOrEqual(1);
    const { tile512_wasm_ms: w, tile512_native_ms: n, wasm_native_ratio: r } = result.figures;
    // One run: the per-run ratio is exactly the quotient of the two figures (to the 4 digits kept).
    expect(r.median).toBeCloseTo(w.median / n.median, 1);
  });

  it('records the machine, the software versions, the model, the engine build and the load', () => {
    expect(result.machine).toEqual(expect.objectContaining({ cores: expect.any(Number), node: process.version }));
    expect(result.machine.onnxruntimeWeb).toMatch(/^\d+\.\d+/);
    expect(result.machine.onnxruntimeNode).toMatch(/^\d+\.\d+/);
    expect(result.model.widths.length).toBeGreaterThan(0);
    expect(result.model.parameters).toBeGreaterThan(0);
    expect(result.load.start.loadavg).toHaveLength(3);
    expect(result.engine.buildHash).toMatch(/^[0-9a-f]{12}$/);
  });

  it('writes a markdown table beside the JSON and no dated copy for a tiny run', () => {
    const md = fs.readFileSync(path.join(outDir, 'latest.md'), 'utf8');
    expect(md).toMatch(/\| tile512_wasm_ms \|/);
    expect(fs.readdirSync(outDir).filter((f) => /^\d{4}-\d\d-\d\d\.json$/.test(f))).toEqual([]);
  });
});
