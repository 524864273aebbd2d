/**
 * The artist's first Colorize in a Photoshop session, in a fresh process as
 * Photoshop's panel would be: onnxruntime-web WASM on one thread (UXP has no
 * SharedArrayBuffer), the page at 'auto' as the panel's default.
 *
 * - cold: the click loads the model (read it, create the session), then
 *   colours the page: what the panel did before it prepared the engine.
 * - prepared: the engine was loaded before (what PanelEngine.prepare()
 *   does on WASM when the panel shows: load only, no warm-up page), then
 *   `idleMs` pass (the artist paints hints), then the click.
 * - warmed: as prepared, and the engine has also coloured the warm-up page
 *   (src/model/warm-up.ts; the panel does this on WebGPU only): what a
 *   warm-up page would add on WASM.
 *
 * Either way the same process then colours the page once more: a later
 * click, the reference the first one is compared with. Spawned by run.ts;
 * prints one `BENCH_RESULT {json}` line.
 */
import { decodePng } from './codec';
import { loadEngine } from './engine';
import { loadModelAssets } from './machine';
import { loadOrtWeb } from './page-child';
import { ensurePage } from './synth';
import { runAsChild } from './child-protocol';

export interface FirstClickJob {
  readonly size: number;
  readonly mode: 'cold' | 'prepared' | 'warmed';
  /** Between the end of preparation and the click. */
  readonly idleMs: number;
  readonly threads: number;
  readonly cacheDir: string;
  readonly repoRoot: string;
}

export interface FirstClickResult {
  readonly job: FirstClickJob;
  /** From the click to the coloured page (cold: the model's load included). */
  readonly firstClickMs: number;
  /** Loading the model, and colouring the warm-up page when warmed (0 when cold). */
  readonly prepareMs: number;
  /** The same page coloured again right after: a later click. */
  readonly laterClickMs: number;
}

export async function runFirstClick(job: FirstClickJob): Promise<FirstClickResult> {
  const engine = loadEngine();
  const page = await ensurePage(job.size, job.cacheDir);
  const [lineart, hint] = await Promise.all([decodePng(page.lineartPng), decodePng(page.hintPng)]);
  const options = { workingScale: 'auto' as const };
  const load = async () => {
    const assets = loadModelAssets(job.repoRoot);
    const contract = engine.parseContract(assets.contractJson);
    const ort = loadOrtWeb('wasm');
    ort.env.wasm.proxy = false;
    const backend = await engine.createWebBackend({ ort, modelBytes: assets.modelBytes, prefer: 'wasm', numThreads: job.threads, contract });
    return engine.createColorizer({ contract, backend });
  };

  let prepareMs = 0;
  let colorizer: Awaited<ReturnType<typeof load>> | undefined;
  if (job.mode !== 'cold') {
    const t0 = performance.now();
    colorizer = await load();
    if (job.mode === 'warmed') {
      const warm = engine.warmUpPage();
      await colorizer.colorize(warm.lineart, warm.hint, { workingScale: 1 });
    }
    prepareMs = performance.now() - t0;
    await new Promise((resolve) => setTimeout(resolve, job.idleMs));
  }
  const click = performance.now();
  colorizer ??= await load();
  await colorizer.colorize(lineart, hint, options);
  const firstClickMs = performance.now() - click;
  const later = performance.now();
  await colorizer.colorize(lineart, hint, options);
  const laterClickMs = performance.now() - later;
  await colorizer.dispose();
  return { job, firstClickMs, prepareMs, laterClickMs };
}

if (require.main === module) runAsChild('first-click child', runFirstClick);
