/**
 * `deepcolor flats page.png [--hint page.hint.png] -o out/page-flats.png`:
 * every region the lines enclose filled with one flat colour (the hint's
 * where it is painted), the lines shared out between the regions beside
 * them, the page around the figure transparent: flats for a colourist to
 * select with the magic wand (src/model/flats.ts). No network runs, so no
 * model is loaded (only its contract: line weights, gap closing).
 */
import * as path from 'path';
import { flatsLayer } from '../src/model/index';
import { installSignalCleanup } from './cleanup';
import { requirePngOutput } from './colorize-command';
import { EXIT_OK } from './errors';
import { encodePng } from './image-io';
import { loadContractOnly } from './model-files';
import type { CommonOptions } from './options';
import { checkNotOverwritingInputs, readPageInputs, reservePageOutputs, type PageJob } from './page';

export interface FlatsCommandOptions extends Pick<CommonOptions, 'output' | 'closeGaps' | 'model' | 'contract'> {
  hint?: string;
  minRegion?: number;
}

export async function runFlats(lineartPath: string, opts: FlatsCommandOptions): Promise<number> {
  requirePngOutput(opts.output);
  const job: PageJob = { lineartPath, hintPath: opts.hint, outPath: opts.output, psd: false };
  checkNotOverwritingInputs(job);
  const abort = new AbortController();
  installSignalCleanup(() => abort.abort());

  const started = performance.now();
  const inputs = await readPageInputs(job);
  const contract = loadContractOnly(opts.model, opts.contract);
  const [out] = await reservePageOutputs(job);
  try {
    const flats = flatsLayer(inputs.lineart, inputs.hint, contract, { gapRadius: opts.closeGaps, minRegionPixels: opts.minRegion });
    await out.write(await encodePng(flats, true)); // the page around the figure is transparent
    await out.commit();
  } catch (err) {
    out.discard();
    throw err;
  }
  const { width, height } = inputs.lineart;
  process.stdout.write(
    `Wrote ${path.relative(process.cwd(), out.finalPath) || out.finalPath} (${width}x${height} flats, ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s, no network run)\n`,
  );
  return EXIT_OK;
}
