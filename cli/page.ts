import * as path from 'path';
import { clearedShare, mostlyClearedNote, multiplyInPlace, opaqueHintNote, paperAsUnpainted, type Colorizer } from '../src/model/index';
import type { RgbaImage, ShadingOptions } from '../src/model/types';
import { reserveOutput, type PendingOutput } from './atomic-output';
import { multiplyLinesInPlace } from './compose';
import { CliError, EXIT_USAGE, messageOf } from './errors';
import { encodePng, readImage, readInputFile } from './image-io';
import { sameFile } from './same-file';
import { shadingFrom, type CommonOptions } from './options';
import type { ProgressReporter } from './progress';
import { buildPsd, readPagePsd, type PsdLayerChoice } from './psd';

/** One page to colour: where its inputs are and where its outputs go. */
export interface PageJob {
  /** A PNG, JPEG or WebP image, or a PSD page (its lineart and hint layers: psd.readPagePsd). */
  readonly lineartPath: string;
  /** A hint image; for a PSD page it takes the place of the PSD's hint layer. */
  readonly hintPath?: string;
  /** For a PSD page: its layers chosen by name (--lineart-layer, --hint-layer). */
  readonly layers?: PsdLayerChoice;
  /** The PNG; with `psd` a layered .psd is written next to it under the same name. */
  readonly outPath: string;
  readonly psd: boolean;
}

export interface PageInputs {
  readonly lineart: RgbaImage;
  readonly hint?: RgbaImage;
  /** What the artist should know about how the inputs were read (a hint without transparency). */
  readonly notes: readonly string[];
}

export interface PageRunOptions {
  readonly hintStrength?: number;
  readonly workingScale: number | 'auto';
  /** Default: the contract's. */
  readonly gapRadius?: number;
  /** Keep hint strokes as painted (ColorizeOptions.blendStrokes false). */
  readonly keepStrokes?: boolean;
  /** Unpainted balloons and gutters made white (ColorizeOptions.whitePaper); only false turns it off. */
  readonly whitePaper?: boolean;
  /** The page around the drawing left as paper (ColorizeOptions.clearAround). */
  readonly leaveMargins?: boolean;
  /** Form shading: a Multiply layer in the PSD, multiplied into the PNG. */
  readonly shading?: ShadingOptions;
  readonly signal?: AbortSignal;
  readonly onProgress?: (fraction: number) => void;
}

/** A colouring command's options as one page's run options (colorize and batch alike). */
export function pageRunOptions(opts: CommonOptions, signal: AbortSignal, progress: ProgressReporter): PageRunOptions {
  return {
    hintStrength: opts.strength,
    workingScale: opts.scale,
    gapRadius: opts.closeGaps,
    keepStrokes: opts.keepStrokes,
    whitePaper: opts.whitePaper,
    leaveMargins: opts.leaveMargins,
    shading: shadingFrom(opts),
    signal,
    onProgress: (f) => progress.pageProgress(f),
  };
}

export interface PageResult {
  /** What the artist should know about how the page came out (most of it left as paper). */
  readonly notes: readonly string[];
  readonly written: string[];
  readonly width: number;
  readonly height: number;
  readonly workingScale: number;
  readonly tilesTotal: number;
  readonly totalMs: number;
}

export function psdPathFor(pngPath: string): string {
  return path.join(path.dirname(pngPath), `${path.basename(pngPath, path.extname(pngPath))}.psd`);
}

/** Refuses to overwrite an input with an output (sameFile: links and case-insensitive names included), and a hint that is the lineart. */
export function checkNotOverwritingInputs(job: PageJob): void {
  const outputs = [job.outPath, ...(job.psd ? [psdPathFor(job.outPath)] : [])];
  for (const input of [job.lineartPath, job.hintPath]) {
    const output = input === undefined ? undefined : outputs.find((out) => sameFile(out, input));
    if (input !== undefined && output !== undefined) {
      const which = output === job.outPath ? `Output "${output}"` : `The PSD written with --psd ("${output}")`;
      throw new CliError(`${which} would overwrite the input "${input}". Choose another output path with -o.`);
    }
  }
  if (job.hintPath !== undefined && sameFile(job.hintPath, job.lineartPath)) {
    throw new CliError(`The hint "${job.hintPath}" is the lineart file itself. Give the image with your colour strokes as --hint, or leave --hint out.`);
  }
}

/** A PSD page (by its name): read with ag-psd for its layers, not decoded as one image. */
export const PSD_PAGE = /\.psd$/i;

/** A job's `layers`: those --lineart-layer and --hint-layer name, or nothing when neither was given. */
export function psdLayersOf(opts: Pick<CommonOptions, 'lineartLayer' | 'hintLayer'>): Pick<PageJob, 'layers'> {
  return opts.lineartLayer === undefined && opts.hintLayer === undefined ? {} : { layers: { lineartLayer: opts.lineartLayer, hintLayer: opts.hintLayer } };
}

/** The layers named on the command line, for a job whose page is a PSD (in a folder, the other pages have no layers to choose). */
export function withPsdLayers(job: PageJob, opts: Pick<CommonOptions, 'lineartLayer' | 'hintLayer'>): PageJob {
  return PSD_PAGE.test(job.lineartPath) ? { ...job, ...psdLayersOf(opts) } : job;
}

/** Reads and checks a page's images; every problem names the file and the fix. */
export async function readPageInputs(job: PageJob): Promise<PageInputs> {
  let lineart: RgbaImage;
  let psdHint: RgbaImage | undefined;
  if (PSD_PAGE.test(job.lineartPath)) {
    if (job.hintPath && job.layers?.hintLayer !== undefined) {
      throw new CliError(
        `"${job.lineartPath}" has a hint file ("${job.hintPath}") and --hint-layer "${job.layers.hintLayer}" names a layer for its hint: use one (leave out --hint-layer, or the hint file).`,
      );
    }
    const page = readPagePsd(await readInputFile(job.lineartPath, 'lineart'), job.lineartPath, job.layers);
    lineart = page.lineart;
    psdHint = page.hint;
  } else {
    if (job.layers?.lineartLayer !== undefined || job.layers?.hintLayer !== undefined) {
      throw new CliError(`--lineart-layer and --hint-layer choose layers of a PSD page; "${job.lineartPath}" is not a .psd. Leave them out, or give the page's PSD.`, EXIT_USAGE);
    }
    lineart = await readImage(job.lineartPath, 'lineart');
  }
  if (!job.hintPath) return psdHint ? withHint(lineart, psdHint, `the hint layer of "${job.lineartPath}"`) : { lineart, notes: [] };
  const hint = await readImage(job.hintPath, 'hint');
  if (hint.width !== lineart.width || hint.height !== lineart.height) {
    throw new CliError(
      `Hint "${job.hintPath}" is ${hint.width}x${hint.height} but lineart "${job.lineartPath}" is ${lineart.width}x${lineart.height}. ` +
        'Export the hint at exactly the size of the lineart (same canvas), or leave --hint out.',
    );
  }
  return withHint(lineart, hint, `hint "${job.hintPath}"`, ' Save it as PNG with transparency.');
}

/** A page's inputs with its hint, whose white is read as unpainted when it has no transparency (with a note naming it as `what`). */
function withHint(lineart: RgbaImage, hint: RgbaImage, what: string, advice = ''): PageInputs {
  const paper = paperAsUnpainted(hint);
  return { lineart, hint, notes: paper === undefined ? [] : [`${opaqueHintNote(what, paper)}${advice}`] };
}

/** Reserves the page's output files (temp files in the target folder) so an unwritable path fails before the slow part. */
export async function reservePageOutputs(job: PageJob): Promise<PendingOutput[]> {
  const outputs: PendingOutput[] = [];
  try {
    outputs.push(await reserveOutput(job.outPath));
    if (job.psd) outputs.push(await reserveOutput(psdPathFor(job.outPath)));
  } catch (err) {
    for (const o of outputs) o.discard();
    throw err;
  }
  return outputs;
}

/** An image over white paper, opaque; an opaque image is left as it is. */
function overWhiteInPlace(image: RgbaImage): void {
  const d = image.data;
  for (let i = 3; i < d.length; i += 4) {
    const a = d[i];
    if (a === 255) continue;
    for (let c = i - 3; c < i; c++) d[c] = Math.round((d[c] * a + 255 * (255 - a)) / 255);
    d[i] = 255;
  }
}

function copyImage(image: RgbaImage): RgbaImage {
  return { width: image.width, height: image.height, data: new Uint8Array(image.data) };
}

/**
 * Writes a page's reserved outputs from its layers: the PNG, flattened as the
 * PSD's layers flatten (bottom to top: colour, shading in Multiply, lines in
 * Multiply), and the PSD when one was reserved (its commit first, so the PNG,
 * the main output, is never half of a pair). Takes `colour` over: it is
 * flattened in place unless the PSD needs it as it is. The caller discards
 * the outputs if this throws.
 */
export async function writePageOutputs(
  outputs: readonly PendingOutput[],
  layers: { colour: RgbaImage; shading?: RgbaImage; lineart: RgbaImage; hint?: RgbaImage },
): Promise<void> {
  const [pngOut, psdOut] = outputs;
  const flattened = psdOut ? copyImage(layers.colour) : layers.colour;
  // Where the colour layer is transparent (a Deepcolor layer coloured a panel at a time), the page is white paper.
  overWhiteInPlace(flattened);
  if (layers.shading) multiplyInPlace(flattened, layers.shading);
  multiplyLinesInPlace(flattened, layers.lineart);
  await pngOut.write(await encodePng(flattened));
  if (psdOut) await psdOut.write(buildPsd({ ...layers, composite: flattened }));
  if (psdOut) await psdOut.commit();
  await pngOut.commit();
}

/**
 * Colours one page and writes its outputs atomically: nothing appears under
 * the final names unless everything succeeded; on any failure the temp files
 * are removed.
 */
export async function renderPage(
  colorizer: Colorizer,
  job: PageJob,
  inputs: PageInputs,
  outputs: readonly PendingOutput[],
  opts: PageRunOptions,
): Promise<PageResult> {
  try {
    // restoreLines off: the CLI multiplies the lineart itself, exactly as the
    // PSD's Multiply layer does, so the PNG equals the flattened PSD.
    const result = await colorizer.colorize(inputs.lineart, inputs.hint, {
      hintStrength: opts.hintStrength,
      workingScale: opts.workingScale,
      gapRadius: opts.gapRadius,
      restoreLines: false,
      blendStrokes: !opts.keepStrokes,
      whitePaper: opts.whitePaper !== false,
      clearAround: opts.leaveMargins === true,
      shading: opts.shading,
      // Without a PSD nothing reads the hint after (the PSD's hint layer is the hint as painted).
      consumeHint: !job.psd,
      signal: opts.signal,
      onProgress: opts.onProgress ? (p) => opts.onProgress?.(p.fraction) : undefined,
    });
    // Measured before the outputs are written: the PNG's flattening fills the cleared paper with white.
    const marginsNote = opts.leaveMargins ? mostlyClearedNote(clearedShare(result.image), 'leave out --leave-margins (or raise --close-gaps)') : null;
    await writePageOutputs(outputs, { colour: result.image, shading: result.shading, lineart: inputs.lineart, hint: inputs.hint });
    return {
      notes: marginsNote === null ? [] : [marginsNote],
      written: outputs.map((o) => o.finalPath),
      width: result.image.width,
      height: result.image.height,
      workingScale: result.workingScale,
      tilesTotal: result.tilesTotal,
      totalMs: result.totalMs,
    };
  } catch (err) {
    for (const o of outputs) o.discard();
    if (err instanceof CliError) throw err;
    if (err instanceof Error && err.name === 'AbortError') throw err;
    throw new CliError(`Colourising "${job.lineartPath}" failed: ${messageOf(err)}`);
  }
}
