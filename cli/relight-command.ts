/**
 * `deepcolor relight page.psd --light right -o out/page.png [--psd]`: the
 * form shading of a page coloured earlier with `colorize --psd`, made again
 * for another light from the PSD's own layers (its Deepcolor colour, as the
 * artist may have touched it up, and its Lineart), without running the
 * network. Writes the flattened PNG and, with --psd, the PSD with the new
 * Shading layer; both atomically, nothing partial on any failure.
 */
import * as fs from 'fs';
import * as path from 'path';
import { keepShadingWhereColoured, shadeLayer } from '../src/model/index';
import { reserveOutput, type PendingOutput } from './atomic-output';
import { installSignalCleanup } from './cleanup';
import { requirePngOutput } from './colorize-command';
import { CliError, errnoCode, EXIT_OK, EXIT_USAGE, messageOf } from './errors';
import { loadContractOnly } from './model-files';
import { shadingFrom, type CommonOptions } from './options';
import { psdPathFor, writePageOutputs } from './page';
import { readDeepcolorPsd } from './psd';
import { sameFile } from './same-file';

export type RelightCommandOptions = Pick<CommonOptions, 'output' | 'psd' | 'light' | 'shade' | 'model' | 'contract'>;

async function readPsdBytes(file: string): Promise<Uint8Array> {
  try {
    return await fs.promises.readFile(file);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT') throw new CliError(`PSD "${file}" does not exist. Check the path (it is relative to ${process.cwd()}).`);
    if (code === 'EISDIR') throw new CliError(`"${file}" is a folder; give the .psd that \`deepcolor colorize --psd\` wrote.`);
    throw new CliError(`PSD "${file}" cannot be read (${messageOf(err)}).`);
  }
}

export async function runRelight(psdPath: string, opts: RelightCommandOptions): Promise<number> {
  requirePngOutput(opts.output, psdPath);
  if (opts.light === undefined && opts.shade === undefined) {
    throw new CliError('Say which light to relight for: --light top-left (or top, right, an angle in degrees...), or --light off for none.', EXIT_USAGE);
  }
  const outPaths = [opts.output, ...(opts.psd ? [psdPathFor(opts.output)] : [])];
  if (outPaths.some((out) => sameFile(out, psdPath))) {
    throw new CliError(`Output would overwrite the PSD being relit ("${psdPath}"). Choose another output path with -o.`);
  }
  // Nothing to stop on a signal (the shading is one synchronous step): only the temp files to remove.
  installSignalCleanup(() => undefined);

  const started = performance.now();
  const layers = readDeepcolorPsd(await readPsdBytes(psdPath), psdPath);
  const contract = loadContractOnly(opts.model, opts.contract);
  const shading = shadingFrom(opts);
  const outputs: PendingOutput[] = [];
  try {
    for (const out of outPaths) outputs.push(await reserveOutput(out));
    const shadingLayer = shading ? shadeLayer(layers.lineart, layers.colour, contract, shading) : undefined;
    // A Deepcolor layer coloured a panel at a time in Photoshop is transparent beyond its panels.
    if (shadingLayer) keepShadingWhereColoured(shadingLayer, layers.colour);
    // Written as colorize writes its page (the same flattening, the same PSD).
    await writePageOutputs(outputs, { ...layers, ...(shadingLayer ? { shading: shadingLayer } : {}) });
  } catch (err) {
    for (const o of outputs) o.discard();
    throw err;
  }
  const light = shading ? `light ${String(shading.light)}, shade ${shading.strength}` : 'no shading';
  const { width, height } = layers.lineart;
  process.stdout.write(
    `Relit ${outPaths.map((f) => path.relative(process.cwd(), f) || f).join(' and ')} ` +
      `(${width}x${height}, ${light}, ${((performance.now() - started) / 1000).toFixed(1)} s, no network run)\n`,
  );
  return EXIT_OK;
}
