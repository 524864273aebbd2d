import * as path from 'path';
import { clearedShare, invertedLineartNote, mostlyClearedNote, multiplyInPlace, opaqueHintNote, paperAsUnpainted, type Colorizer } from '../src/model/index';
import type { RgbaImage, ShadingOptions } from '../src/model/types';
import { reserveOutput, type PendingOutput } from './atomic-output';
import { multiplyLinesInPlace } from './compose';
import { CliError, EXIT_USAGE, messageOf } from './errors';
import { encodePng, readImage, readInputFile } from './image-io';
import { sameFile } from './same-file';
import { shadingFrom, type CommonOptions } from './options';
import type { ProgressReporter } from './progress';
import { buildPsd, readPagePsd, type PsdLayerChoice, type PsdPage } from './psd';

/** One page to colour: where its inputs are and where its outputs go. */
export interface PageJob {
  /** A PNG, JPEG or WebP image, or a PSD page (its lineart and hint layers: psd.readPagePsd). */
  readonly lineartPath: string;
  /** A hint image; for a PSD page it takes the place of the PSD's hint layer. */
  readonly hintPath?: string;
  /** The hint was found beside the page (NAME.hint.png in a folder), not given with --hint: advice differs. */
  readonly hintBesidePage?: boolean;
  /** For a PSD page: its layers chosen by name (--lineart-layer, --hint-layer). */
  readonly layers?: PsdLayerChoice;
  /** The PNG; with `psd` a layered .psd is written next to it under the same name. */
  readonly outPath: string;
  readonly psd: boolean;
}

export interface PageInputs {
  readonly lineart: RgbaImage;
  readonly hint?: RgbaImage;
  /** What the artist should know about how the inputs were read (a hint without transparency, a PSD page without a hint layer). */
  readonly notes: readonly string[];
  /** For a PSD page, the layers read, for the result line: `layer "Lineart"`, `layers "Lineart" and "Colors" (hint)`. */
  readonly layersRead?: string;
  /** The page's print resolution (pixels per inch), if it records one: the outputs keep it. */
  readonly density?: number;
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
  const { layers, ...read } = PSD_PAGE.test(job.lineartPath) ? await readPsdPage(job) : await readImagePage(job);
  // White lines on black come out as one dark mass: said, not changed (light lines may be meant).
  const inverted = invertedLineartNote(read.lineart, `The lineart "${job.lineartPath}"`, 'invert it (white to black) in your editor');
  const page = inverted === undefined ? read : { ...read, notes: [...read.notes, inverted] };
  if (!job.hintPath) {
    const read = { ...page, ...layersRead(layers?.lineart, layers?.hint) };
    return page.hint ? withHint(read, page.hint, `the hint layer of "${job.lineartPath}"`) : read;
  }
  const hint = (await readImage(job.hintPath, 'hint')).image;
  const { lineart } = page;
  if (hint.width !== lineart.width || hint.height !== lineart.height) {
    const fix = job.hintBesidePage
      ? `or rename "${path.basename(job.hintPath)}" if it is not this page's hint (NAME.hint.png is the hint for NAME)`
      : 'or leave --hint out';
    throw new CliError(
      `Hint "${job.hintPath}" is ${hint.width}x${hint.height} but lineart "${job.lineartPath}" is ${lineart.width}x${lineart.height}. ` +
        `Export the hint at exactly the size of the lineart (same canvas), ${fix}.`,
    );
  }
  // The hint file takes the place of a PSD's hint layer: of its layers, only the lineart's was read.
  return withHint({ ...page, ...layersRead(layers?.lineart, null) }, hint, `hint "${job.hintPath}"`, ' Save it as PNG with transparency.');
}

/** A page as read before its hint file, with the PSD layers its images came from (none for an image or a flattened PSD). */
type PageRead = PageInputs & { readonly layers?: { readonly lineart: string; readonly hint: string | null } };

/** `layersRead` for the lineart (and hint) layers of a PSD page, or nothing when no layer was read. */
function layersRead(lineart: string | undefined, hint: string | null | undefined): Pick<PageInputs, 'layersRead'> {
  if (lineart === undefined) return {};
  return { layersRead: hint ? `layers "${lineart}" and "${hint}" (hint)` : `layer "${lineart}"` };
}

/** A PNG, JPEG or WebP page. */
async function readImagePage(job: PageJob): Promise<PageRead> {
  if (job.layers?.lineartLayer !== undefined || job.layers?.hintLayer !== undefined) {
    throw new CliError(`--lineart-layer and --hint-layer choose layers of a PSD page; "${job.lineartPath}" is not a .psd. Leave them out, or give the page's PSD.`, EXIT_USAGE);
  }
  const { image, density } = await readImage(job.lineartPath, 'lineart');
  return { lineart: image, notes: [], ...(density !== undefined ? { density } : {}) };
}

/** A PSD page: its lineart and hint layers (psd.readPagePsd), with a note when it has layers but none was taken for the hint. */
async function readPsdPage(job: PageJob): Promise<PageRead> {
  if (job.hintPath && job.layers?.hintLayer !== undefined) {
    throw new CliError(
      `"${job.lineartPath}" has a hint file ("${job.hintPath}") and --hint-layer "${job.layers.hintLayer}" names a layer for its hint: use one (leave out --hint-layer, or the hint file).`,
    );
  }
  const page = readPagePsd(await readInputFile(job.lineartPath, 'lineart'), job.lineartPath, job.layers);
  const note = job.hintPath ? undefined : missingHintNote(job.lineartPath, page);
  return {
    lineart: page.lineart,
    ...(page.hint ? { hint: page.hint } : {}),
    notes: note ? [note] : [],
    ...(page.lineartLayer !== null ? { layers: { lineart: page.lineartLayer, hint: page.hintLayer } } : {}),
    ...(page.density !== undefined ? { density: page.density } : {}),
  };
}

/**
 * Says that a layered PSD page was coloured without hints because no layer
 * was taken for the hint, naming its layers: strokes on "Layer 2", or in a
 * group named "Hint" (a group's layers are not merged), would otherwise be
 * ignored without a word. Nothing for a page of the lines alone.
 */
function missingHintNote(file: string, page: PsdPage): string | undefined {
  if (page.lineartLayer === null || page.hintLayer !== null) return undefined;
  if (page.pixelLayers.length <= 1 && page.unreadHintLayers.length === 0) return undefined;
  const layers = page.pixelLayers.map((name) => `"${name}"`).join(', ');
  const unread = page.unreadHintLayers.map(({ name, kind }) =>
    kind === 'group'
      ? ` Its group "${name}" is not read: the hint is one pixel layer, and a group's layers are not merged (select the group and choose Layer > Merge Group, or pass --hint-layer with the name of the layer in it).`
      : ` Its layer "${name}" has no pixels to read (nothing painted on it, or not a pixel layer).`,
  );
  return `no hint layer found in "${file}" (its layers: ${layers}); coloured without hints.${unread.join('')} Name the hint layer "hint" or pass --hint-layer NAME.`;
}

/** A page's inputs with its hint, whose white is read as unpainted when it has no transparency (with a note naming it as `what`). */
function withHint(page: PageInputs, hint: RgbaImage, what: string, advice = ''): PageInputs {
  const paper = paperAsUnpainted(hint);
  return { ...page, hint, notes: paper === undefined ? page.notes : [...page.notes, `${opaqueHintNote(what, paper)}${advice}`] };
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
 * flattened in place unless the PSD needs it as it is. Both keep the page's
 * print resolution (`density`, pixels per inch) when it has one. The caller
 * discards the outputs if this throws.
 */
export async function writePageOutputs(
  outputs: readonly PendingOutput[],
  layers: { colour: RgbaImage; shading?: RgbaImage; lineart: RgbaImage; hint?: RgbaImage; density?: number },
): Promise<void> {
  const [pngOut, psdOut] = outputs;
  const flattened = psdOut ? copyImage(layers.colour) : layers.colour;
  // Where the colour layer is transparent (a Deepcolor layer coloured a panel at a time), the page is white paper.
  overWhiteInPlace(flattened);
  if (layers.shading) multiplyInPlace(flattened, layers.shading);
  multiplyLinesInPlace(flattened, layers.lineart);
  await pngOut.write(await encodePng(flattened, false, layers.density));
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
    await writePageOutputs(outputs, { colour: result.image, shading: result.shading, lineart: inputs.lineart, hint: inputs.hint, density: inputs.density });
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
