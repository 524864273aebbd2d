import * as fs from 'fs';
import * as path from 'path';
import { threadsFor } from './backends';
import { installSignalCleanup } from './cleanup';
import { CliError, EXIT_OK } from './errors';
import { loadModelFiles } from './model-files';
import { checkScaleForModel, type CommonOptions } from './options';
import { checkNotOverwritingInputs, pageRunOptions, psdLayersOf, readPageInputs, renderPage, reservePageOutputs, type PageJob } from './page';
import { createProgress } from './progress';
import { openColorizer } from './session';

export interface ColorizeCommandOptions extends CommonOptions {
  hint?: string;
}

/** Whether `p` is an existing folder; a path that cannot be looked at is left to the write to report. */
function isFolder(p: string): boolean {
  try {
    return fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}

/**
 * Refuses an output that is not a PNG file name. `input`, the page, names
 * the PNG suggested inside a folder given as the output (-o out/ for -o
 * out/page.png).
 */
export function requirePngOutput(outPath: string, input?: string): void {
  const suggestion = (): string => path.join(outPath || '.', `${input ? path.parse(input).name : 'page'}.png`);
  if (outPath === '' || /[/\\]$/.test(outPath) || ['.', '..'].includes(path.basename(outPath))) {
    throw new CliError(`Output "${outPath}" names a folder, not a file. Give the PNG's name, e.g. -o ${suggestion()}`);
  }
  if (isFolder(outPath)) {
    // Before the extension: "-o coloured" for an existing folder means "into it", not "coloured.png".
    throw new CliError(`Cannot write "${outPath}": it is a folder. Give a file name, e.g. -o ${suggestion()}`);
  }
  if (path.extname(outPath).toLowerCase() !== '.png') {
    throw new CliError(`Output "${outPath}" must end in .png (deepcolor writes PNG; --psd adds a .psd next to it). Try -o ${outPath.replace(/\.[^./\\]*$/, '')}.png`);
  }
}

/**
 * `deepcolor colorize`: inputs are read and checked first, then the model,
 * then the output files are reserved, and only then does inference start,
 * so every bad-input case fails fast and leaves nothing behind.
 */
export async function runColorize(lineartPath: string, opts: ColorizeCommandOptions): Promise<number> {
  requirePngOutput(opts.output, lineartPath);
  const job: PageJob = {
    lineartPath,
    hintPath: opts.hint,
    outPath: opts.output,
    psd: opts.psd === true,
    ...psdLayersOf(opts),
  };
  checkNotOverwritingInputs(job);

  const abort = new AbortController();
  installSignalCleanup(() => abort.abort());

  const inputs = await readPageInputs(job);
  const model = loadModelFiles(opts.model, opts.contract);
  checkScaleForModel(opts.scale, model.contract);
  const outputs = await reservePageOutputs(job);
  // Notes to stderr, apart from the result line; through the progress, which keeps them off its bar's line.
  const progress = createProgress(false, process.stderr);
  let colorizer;
  try {
    colorizer = await openColorizer(model, opts.backend, threadsFor(opts.threads));
  } catch (err) {
    for (const o of outputs) o.discard();
    throw err;
  }
  try {
    const name = path.basename(lineartPath);
    for (const note of inputs.notes) progress.note(`note: ${note}`);
    progress.startPage(name, 0, 1);
    const result = await renderPage(colorizer, job, inputs, outputs, pageRunOptions(opts, abort.signal, progress));
    for (const note of result.notes) progress.note(`note: ${note}`);
    progress.endPage(name, true, result.written.map((f) => path.relative(process.cwd(), f) || f).join(', '));
    progress.stop();
    process.stdout.write(
      `Wrote ${result.written.map((f) => path.relative(process.cwd(), f)).join(' and ')} ` +
        `(${result.width}x${result.height}${inputs.layersRead ? ` from ${inputs.layersRead}` : ''}, ${colorizer.backend}, working scale ${result.workingScale.toFixed(3)}, ` +
        `${result.tilesTotal} tile${result.tilesTotal === 1 ? '' : 's'}, ${(result.totalMs / 1000).toFixed(1)} s)\n`,
    );
    return EXIT_OK;
  } catch (err) {
    progress.stop();
    throw err;
  } finally {
    await colorizer.dispose();
  }
}
