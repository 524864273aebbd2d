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
import { planFolderRun, reportBatch, type BatchFailure } from './batch-command';
import { cleanupAll, installSignalCleanup } from './cleanup';
import { requirePngOutput } from './colorize-command';
import { CliError, EXIT_OK, messageOf } from './errors';
import { createProgress } from './progress';
import { encodePng } from './image-io';
import { loadContractOnly } from './model-files';
import type { CommonOptions } from './options';
import { checkNotOverwritingInputs, readPageInputs, reservePageOutputs, type PageJob } from './page';

export interface FlatsCommandOptions extends Pick<CommonOptions, 'output' | 'closeGaps' | 'model' | 'contract'> {
  hint?: string;
  minRegion?: number;
}

export async function runFlats(lineartPath: string, opts: FlatsCommandOptions): Promise<number> {
  if (fs.statSync(lineartPath, { throwIfNoEntry: false })?.isDirectory()) {
    if (opts.hint) throw new CliError('--hint is for one page; in a folder, NAME.hint.png is the hint for NAME.png.');
    return runFlatsFolder(lineartPath, opts);
  }
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

/**
 * A folder of pages (as `batch` finds them: NAME.png with NAME.hint.png):
 * NAME.flats.png for each, in `-o`'s folder; a bad page is reported and
 * skipped; exit 1 if any failed.
 */
async function runFlatsFolder(inDir: string, opts: FlatsCommandOptions): Promise<number> {
  const plan = planFolderRun(inDir, opts.output, false, `deepcolor flats ${inDir}/PAGE.png -o out.png`, '.flats.png');
  const contract = loadContractOnly(opts.model, opts.contract);
  installSignalCleanup(() => undefined);
  const progress = createProgress(true);
  for (const hint of plan.orphanHints) progress.note(`warning: hint "${path.join(inDir, hint)}" has no page of the same name; it is ignored.`);
  const failures: BatchFailure[] = [];
  let ok = 0;
  try {
    for (const [index, page] of plan.pages.entries()) {
      progress.startPage(page.name, index, plan.pages.length);
      const job = page.job;
      try {
        if (page.problem) throw new CliError(page.problem);
        checkNotOverwritingInputs(job);
        const inputs = await readPageInputs(job);
        const [out] = await reservePageOutputs(job);
        try {
          await out.write(await encodePng(flatsLayer(inputs.lineart, inputs.hint, contract, { gapRadius: opts.closeGaps, minRegionPixels: opts.minRegion }), true));
          await out.commit();
        } catch (err) {
          out.discard();
          throw err;
        }
        ok += 1;
        progress.endPage(page.name, true, path.relative(process.cwd(), out.finalPath) || out.finalPath);
      } catch (err) {
        const reason = messageOf(err);
        failures.push({ name: page.name, reason });
        progress.endPage(page.name, false, reason);
      }
    }
  } finally {
    progress.stop();
    cleanupAll(); // an output folder this run created stays only if something was written into it
  }
  return reportBatch(ok, failures, plan.pages.length, opts.output);
}
