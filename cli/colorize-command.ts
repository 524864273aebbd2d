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

export function requirePngOutput(outPath: string): void {
  if (outPath === '' || /[/\\]$/.test(outPath) || ['.', '..'].includes(path.basename(outPath))) {
    throw new CliError(`Output "${outPath}" names a folder, not a file. Give the PNG's name, e.g. -o ${path.join(outPath || '.', 'page.png')}`);
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
  requirePngOutput(opts.output);
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
  const progress = createProgress(false);
  let colorizer;
  try {
    colorizer = await openColorizer(model, opts.backend, threadsFor(opts.threads));
  } catch (err) {
    for (const o of outputs) o.discard();
    throw err;
  }
  try {
    const name = path.basename(lineartPath);
    for (const note of inputs.notes) process.stderr.write(`note: ${note}\n`); // before the bar starts
    progress.startPage(name, 0, 1);
    const result = await renderPage(colorizer, job, inputs, outputs, pageRunOptions(opts, abort.signal, progress));
    for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
    progress.endPage(name, true, result.written.map((f) => path.relative(process.cwd(), f) || f).join(', '));
    progress.stop();
    process.stdout.write(
      `Wrote ${result.written.map((f) => path.relative(process.cwd(), f)).join(' and ')} ` +
        `(${result.width}x${result.height}, ${colorizer.backend}, working scale ${result.workingScale.toFixed(3)}, ` +
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
