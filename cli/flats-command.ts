/**
 * `deepcolor flats page.png [--hint page.hint.png] -o out/page-flats.png`
 * (or `deepcolor flats pages/ -o flats/`: NAME.flats.png for every page):
 * every region the lines enclose filled with one flat colour (the hint's
 * where it is painted), the lines shared out between the regions beside
 * them, the page around the figure transparent: flats for a colourist to
 * select with the magic wand (src/model/flats.ts). No network runs, so no
 * model is loaded (only its contract: line weights, gap closing).
 */
import * as fs from 'fs';
import * as path from 'path';
import { flatsLayer } from '../src/model/index';
import type { Contract } from '../src/model/types';
import { planFolderRun, runPages } from './batch-command';
import { installSignalCleanup } from './cleanup';
import { requirePngOutput } from './colorize-command';
import { CliError, EXIT_OK, EXIT_USAGE } from './errors';
import { encodePng } from './image-io';
import { loadContractOnly } from './model-files';
import type { CommonOptions } from './options';
import { checkNotOverwritingInputs, psdLayersOf, readPageInputs, reservePageOutputs, withPsdLayers, type PageJob } from './page';

export interface FlatsCommandOptions extends Pick<CommonOptions, 'output' | 'closeGaps' | 'model' | 'contract' | 'lineartLayer' | 'hintLayer'> {
  hint?: string;
  minRegion?: number;
}

/** What the result line says of one page's flats. */
interface FlatsWritten {
  readonly written: string;
  readonly width: number;
  readonly height: number;
  readonly layersRead?: string;
}

/**
 * Writes the flats of one page (its lineart and hint as the job names them)
 * to the job's output; returns its path. Notes go to `note` (a folder run's
 * progress, which keeps them off its bar's line).
 */
async function flatPage(job: PageJob, contract: Contract, opts: FlatsCommandOptions, note: (message: string) => void): Promise<FlatsWritten> {
  const inputs = await readPageInputs(job);
  for (const message of inputs.notes) note(`note: ${message}`);
  const [out] = await reservePageOutputs(job);
  try {
    const flats = flatsLayer(inputs.lineart, inputs.hint, contract, { gapRadius: opts.closeGaps, minRegionPixels: opts.minRegion });
    await out.write(await encodePng(flats, true, inputs.density)); // the page around the figure is transparent
    await out.commit();
  } catch (err) {
    out.discard();
    throw err;
  }
  return { written: out.finalPath, width: inputs.lineart.width, height: inputs.lineart.height, ...(inputs.layersRead ? { layersRead: inputs.layersRead } : {}) };
}

export async function runFlats(lineartPath: string, opts: FlatsCommandOptions): Promise<number> {
  // Nothing to stop on a signal (a page's flats are one synchronous step): only the temp files to remove.
  installSignalCleanup(() => undefined);
  if (fs.statSync(lineartPath, { throwIfNoEntry: false })?.isDirectory()) {
    if (opts.hint) throw new CliError('--hint is for one page; in a folder, NAME.hint.png is the hint for NAME.png.', EXIT_USAGE);
    // A folder of pages as `batch` finds them (NAME.png with NAME.hint.png): NAME.flats.png for each.
    const plan = planFolderRun(lineartPath, opts.output, false, `deepcolor flats ${lineartPath}/PAGE.png -o out.png`, '.flats.png');
    const contract = loadContractOnly(opts.model, opts.contract);
    return runPages(plan, lineartPath, opts.output, async (job, progress) => [
      (await flatPage(withPsdLayers(job, opts), contract, opts, (message) => progress.note(message))).written,
    ]);
  }
  requirePngOutput(opts.output, lineartPath);
  const job: PageJob = {
    lineartPath,
    hintPath: opts.hint,
    outPath: opts.output,
    psd: false,
    ...psdLayersOf(opts),
  };
  checkNotOverwritingInputs(job);
  const started = performance.now();
  const contract = loadContractOnly(opts.model, opts.contract);
  const { written, width, height, layersRead } = await flatPage(job, contract, opts, (message) => process.stderr.write(`${message}\n`));
  process.stdout.write(
    `Wrote ${path.relative(process.cwd(), written) || written} (${width}x${height} flats${layersRead ? ` from ${layersRead}` : ''}, ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s, no network run)\n`,
  );
  return EXIT_OK;
}
