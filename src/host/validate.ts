/**
 * Resolves which layers a Colorize uses and refuses, before anything is
 * touched, every input that would fail later or surprise the artist. Reads
 * only: safe outside a modal scope, and run again inside it.
 */
import { checkShadingOptions, EngineInputError, MAX_GAP_RADIUS } from '../model';
import type { ShadingOptions } from '../model/types';
import type { ColorizeEngine } from './engine';
import { DeepcolorHostError } from './errors';
import {
  activeLayerIds,
  findHintLayerByName,
  layerById,
  layerByName,
  stackIndex,
  type HintChoice,
  type LineartChoice,
} from './layer-roles';
import type { BitDepthName, LayerKindName, PhotoshopApi, PsBounds, PsDocument, PsImaging, PsLayer } from './photoshop-api';
import { layerTouchesArea, workAreaOf, type PixelRect, type WorkArea } from './work-area';

export type NewLayerBlendMode = 'normal' | 'multiply';

export interface JobSettings {
  readonly lineart: LineartChoice;
  readonly hint: HintChoice;
  readonly blendMode: NewLayerBlendMode;
  /** Undefined: the engine's default (from the model contract). */
  readonly hintStrength?: number;
  readonly workingScale: number | 'auto';
  /** Undefined: the engine's default (the contract's fill.gapRadius). */
  readonly gapRadius?: number;
  /** True: hint strokes stay exactly as painted (ColorizeOptions.blendStrokes false). Undefined: blended. */
  readonly keepStrokes?: boolean;
  /** False: unpainted balloons and comic gutters are left to the network (ColorizeOptions.whitePaper). Undefined: made white. */
  readonly whitePaper?: boolean;
  /** True: margins and comic gutters stay transparent on the new layer (ColorizeOptions.clearAround). Undefined: coloured. */
  readonly leaveMargins?: boolean;
  /** Form shading as a second layer in Multiply above the colour. Undefined: none. */
  readonly shading?: ShadingOptions;
}

export interface LayerRef {
  readonly id: number;
  readonly name: string;
}

export interface ResolvedJob extends CanvasOfDocument {
  /** What is read and written: the whole canvas, or the pixel selection's box with some context around it. */
  readonly area: WorkArea;
  readonly lineart: LayerRef;
  readonly hint: LayerRef | null;
  /** A hint layer with no pixels in the area means "no hints" (and getPixels may refuse an empty region). */
  readonly hintIsEmpty: boolean;
  /** The hint layer's bounds cover the whole canvas: only then can it have no transparent pixel. */
  readonly hintCoversCanvas: boolean;
  /** The new layer goes directly above this one. */
  readonly topmostSource: LayerRef;
  readonly imaging: PsImaging;
  readonly settings: JobSettings;
}

/**
 * Bytes held per canvas pixel: lineart and hint read onto canvas-sized RGBA
 * buffers (8), the raw getPixels data of one layer at a time (4), the result
 * (4) and the buffer handed to putPixels (4, 8 at 16 bits; counted as 4 + 4).
 */
const BYTES_PER_CANVAS_PIXEL = 24;
/**
 * Bytes per pixel at the working resolution inside the engine: resampled
 * lineart and hint (8), the float32 output accumulator and blend weights (16),
 * the resampled result (4) and slack for the tile tensors (4).
 */
const BYTES_PER_WORKING_PIXEL = 32;
/** With form shading: its layer (4) and the buffer handed to putPixels for it (4). */
const SHADING_BYTES_PER_CANVAS_PIXEL = 8;
/** The UXP debugger warns near 600 MB; leave room for the model and the runtime. */
export const DEFAULT_MEMORY_BUDGET_BYTES = 1024 * 1024 * 1024;

export function estimateWorkingBytes(width: number, height: number, workingScale: number, shading = false): number {
  const pixels = width * height;
  const canvas = BYTES_PER_CANVAS_PIXEL + (shading ? SHADING_BYTES_PER_CANVAS_PIXEL : 0);
  return pixels * canvas + pixels * workingScale * workingScale * BYTES_PER_WORKING_PIXEL;
}

const MODE_ADVICE: Record<string, string> = {
  CMYKColorMode: 'CMYK Color',
  labColorMode: 'Lab Color',
  grayscaleMode: 'Grayscale',
  indexedColorMode: 'Indexed Color',
  duotoneMode: 'Duotone',
  multichannelMode: 'Multichannel',
};

/** `again` ends the advice: "colorize again" for Colorize (as it always said), "click Relight again"... for the others. */
function modeMessage(mode: string, again: string): string {
  if (mode === 'bitmapMode') {
    return (
      'This document is in Bitmap mode; Deepcolor works on RGB documents. ' +
      `Choose Image > Mode > Grayscale, then Image > Mode > RGB Color, and ${again}.`
    );
  }
  const label = MODE_ADVICE[mode] ?? mode;
  return (
    `This document is in ${label} mode; Deepcolor works on RGB documents. ` +
    `Choose Image > Mode > RGB Color (duplicate the document first if you need to keep this one), and ${again}.`
  );
}

/** How the advice in a refusal ends for a command: "colorize" for Colorize, "click Flats" for the others. */
function doAgain(command: string): string {
  return command === 'Colorize' ? 'colorize' : `click ${command}`;
}

const ROLE_WORD = { lineart: 'lineart', hint: 'hint' } as const;
type Role = keyof typeof ROLE_WORD;

function kindMessage(role: Role, layer: PsLayer): string {
  const who = `“${layer.name}”, picked as the ${ROLE_WORD[role]} layer,`;
  const kind: LayerKindName = layer.kind;
  switch (kind) {
    case 'group':
      return `${who} is a group. Pick the pixel layer inside it, or merge the group (Layer > Merge Group) first.`;
    case 'text':
      return `${who} is a text layer. Rasterize it (Layer > Rasterize > Type) or pick a pixel layer.`;
    case 'smartObject':
      return `${who} is a smart object. Rasterize it (Layer > Rasterize > Smart Object) or pick a pixel layer.`;
    case 'solidColor':
    case 'gradientFill':
    case 'pattern':
      return `${who} is a fill layer. Rasterize it (Layer > Rasterize > Fill Content) or pick a pixel layer.`;
    case 'video':
    case 'threeD':
      return `${who} is a ${kind === 'video' ? 'video' : '3D'} layer. Rasterize it or pick a pixel layer.`;
    default:
      return `${who} is an adjustment layer and has no pixels of its own. Pick a pixel layer.`;
  }
}

export function requirePixelLayer(role: Role, layer: PsLayer): void {
  if (layer.kind !== 'pixel') throw new DeepcolorHostError('NOT_PIXEL_LAYER', kindMessage(role, layer));
}

/** What to tell the artist when a layer picked in the panel (by id) or named by an Action is not in the document. */
const MISSING_LAYER = {
  lineart: {
    picked: 'The layer picked as lineart is no longer in this document (deleted, or another document is active). Pick the lineart layer again.',
    named: (name: string) =>
      `This document has no layer named “${name}”, which this Action uses as the lineart. Rename the lineart layer to “${name}”, or record the Action again.`,
  },
  hint: {
    picked: 'The layer picked as hint is no longer in this document. Pick the hint layer again, or choose no hints.',
    named: (name: string) =>
      `This document has no layer named “${name}”, which this Action uses as the hint. Add a hint layer with that name, or record the Action again.`,
  },
} as const satisfies Record<Role, { picked: string; named(name: string): string }>;

/** The layer a panel pick (id) or a recorded Action (name) refers to; LAYER_NOT_FOUND with the role's advice if it is gone. */
function namedOrPickedLayer(doc: PsDocument, role: Role, choice: { by: 'id'; id: number } | { by: 'name'; name: string }): PsLayer {
  const layer = choice.by === 'id' ? layerById(doc, choice.id) : layerByName(doc, choice.name);
  if (!layer) throw new DeepcolorHostError('LAYER_NOT_FOUND', choice.by === 'id' ? MISSING_LAYER[role].picked : MISSING_LAYER[role].named(choice.name));
  return layer;
}

function resolveLineart(doc: PsDocument, choice: LineartChoice): PsLayer {
  switch (choice.by) {
    case 'active': {
      const ids = activeLayerIds(doc);
      if (ids.length === 0) {
        throw new DeepcolorHostError(
          'NO_ACTIVE_LAYER',
          'No layer is selected. Click the lineart layer in the Layers panel (or pick it in Deepcolor), then colorize.',
        );
      }
      if (ids.length > 1) {
        throw new DeepcolorHostError(
          'SEVERAL_ACTIVE_LAYERS',
          `${ids.length} layers are selected. Select only the lineart layer (or pick it in Deepcolor), then colorize.`,
        );
      }
      const layer = layerById(doc, ids[0]);
      if (!layer) throw new DeepcolorHostError('NO_ACTIVE_LAYER', 'The selected layer could not be found; select the lineart layer again.');
      return layer;
    }
    case 'id':
    case 'name':
      return namedOrPickedLayer(doc, 'lineart', choice);
  }
}

function resolveHint(doc: PsDocument, choice: HintChoice, lineart: PsLayer): PsLayer | null {
  switch (choice.by) {
    case 'none':
      return null;
    case 'auto':
      return findHintLayerByName(doc, lineart.id) ?? null;
    case 'id':
    case 'name':
      return namedOrPickedLayer(doc, 'hint', choice);
  }
}

function checkSettings(settings: JobSettings): void {
  if (settings.blendMode !== 'normal' && settings.blendMode !== 'multiply') {
    throw new DeepcolorHostError('BAD_OPTION', `Blend mode must be Normal or Multiply, not “${String(settings.blendMode)}”.`);
  }
  const strength = settings.hintStrength;
  // 1 is the hint as painted, what the model was trained on; the engine refuses more.
  if (strength !== undefined && (!Number.isFinite(strength) || strength < 0 || strength > 1)) {
    throw new DeepcolorHostError('BAD_OPTION', `Hint strength must be from 0 % to 100 %, not ${String(strength * 100)} %.`);
  }
  const scale = settings.workingScale;
  if (scale !== 'auto' && (!Number.isFinite(scale) || scale <= 0 || scale > 4)) {
    throw new DeepcolorHostError('BAD_OPTION', `Working resolution must be Auto or a scale between 0 and 4, not ${String(scale)}.`);
  }
  if (settings.keepStrokes !== undefined && typeof settings.keepStrokes !== 'boolean') {
    throw new DeepcolorHostError('BAD_OPTION', `Keep strokes must be on or off, not “${String(settings.keepStrokes)}”.`);
  }
  if (settings.whitePaper !== undefined && typeof settings.whitePaper !== 'boolean') {
    throw new DeepcolorHostError('BAD_OPTION', `White balloons, gutters & panel backgrounds must be on or off, not “${String(settings.whitePaper)}”.`);
  }
  if (settings.leaveMargins !== undefined && typeof settings.leaveMargins !== 'boolean') {
    throw new DeepcolorHostError('BAD_OPTION', `Leave margins must be on or off, not “${String(settings.leaveMargins)}”.`);
  }
  if (settings.shading !== undefined) {
    try {
      checkShadingOptions(settings.shading);
    } catch (error) {
      if (error instanceof EngineInputError) throw new DeepcolorHostError('BAD_OPTION', error.message);
      throw error;
    }
  }
  // The engine refuses these too, but only after the layers are read and the history step is open.
  const gap = settings.gapRadius;
  if (gap !== undefined && (!Number.isInteger(gap) || gap < 0 || gap > MAX_GAP_RADIUS)) {
    throw new DeepcolorHostError(
      'BAD_OPTION',
      `Close gaps must be a whole number of pixels from 0 (off) to ${MAX_GAP_RADIUS}, or the model's default, not ${String(gap)}.`,
    );
  }
}

/** The enclosing group that is fully locked, if any: the new layer could not be placed inside it. */
export function lockedAncestor(layer: PsLayer): PsLayer | null {
  for (let parent = layer.parent; parent; parent = parent.parent) {
    if (parent.allLocked) return parent;
  }
  return null;
}

function plannedScale(engine: ColorizeEngine | undefined, area: PixelRect, settings: JobSettings): number {
  if (engine?.planTiles) {
    let plan: { workingScale: number; tilesTotal: number };
    try {
      plan = engine.planTiles(area.width, area.height, { workingScale: settings.workingScale });
    } catch (error) {
      // The engine's own bounds (a scale below the model's smallest): a refusal before anything is read.
      if ((error as { name?: unknown }).name === 'EngineInputError') throw new DeepcolorHostError('BAD_OPTION', (error as Error).message);
      throw error;
    }
    if (Number.isFinite(plan.workingScale) && plan.workingScale > 0) return plan.workingScale;
  }
  return settings.workingScale === 'auto' ? 1 : settings.workingScale;
}

export function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** The selection's mask (a byte a pixel of the area) and getSelection's data (up to 2 at 16 bits). */
export function selectionBytes(area: WorkArea): number {
  return area.selection ? area.width * area.height * 3 : 0;
}

/** How a refusal for size names what is too large: "this 4096×4096 px canvas", or the selection's area. */
export function describeArea(area: WorkArea): string {
  return area.selection ? `the ${area.width}×${area.height} px area around the selection` : `this ${area.width}×${area.height} px canvas`;
}

export function imagingOf(ps: PhotoshopApi): PsImaging {
  const imaging = ps.imaging;
  if (!imaging || typeof imaging.getPixels !== 'function' || typeof imaging.putPixels !== 'function') {
    throw new DeepcolorHostError(
      'IMAGING_MISSING',
      'This version of Photoshop lacks the Imaging API that Deepcolor reads and writes pixels with. Update to Photoshop 25.0 or later from the Creative Cloud app.',
    );
  }
  return imaging;
}

/**
 * The active document, if Deepcolor can work on it (RGB, 8 or 16 bits), and
 * the Imaging API; `command` ('Colorize', 'Relight') names the button in the advice.
 */
export function editableDocument(ps: PhotoshopApi, command: string): { doc: PsDocument; imaging: PsImaging } {
  const imaging = imagingOf(ps);
  const doc = ps.app.activeDocument;
  if (!doc) {
    throw new DeepcolorHostError('NO_DOCUMENT', `No document is open. Open your lineart (File > Open), then click ${command}.`);
  }
  if (doc.mode !== 'RGBColorMode') throw new DeepcolorHostError('NOT_RGB', modeMessage(doc.mode, `${doAgain(command)} again`));
  if (doc.bitsPerChannel === 'bitDepth32') {
    throw new DeepcolorHostError(
      'BIT_DEPTH_32',
      `This document is 32 bits per channel. Choose Image > Mode > 16 Bits/Channel (or 8 Bits/Channel), then ${doAgain(command)}.`,
    );
  }
  return { doc, imaging };
}

/** The document a command works on: its id, size and depth. */
export interface CanvasOfDocument {
  readonly documentId: number;
  readonly width: number;
  readonly height: number;
  readonly bitsPerChannel: BitDepthName;
}

export function canvasOf(doc: PsDocument): CanvasOfDocument {
  return { documentId: doc.id, width: doc.width, height: doc.height, bitsPerChannel: doc.bitsPerChannel };
}

function coversCanvas(bounds: PsBounds, doc: PsDocument): boolean {
  return bounds.left <= 0 && bounds.top <= 0 && bounds.right >= doc.width && bounds.bottom >= doc.height;
}

/** The lineart layer a choice names: a pixel layer with pixels. */
export function resolveLineartLayer(doc: PsDocument, choice: LineartChoice): PsLayer {
  const lineart = resolveLineart(doc, choice);
  requirePixelLayer('lineart', lineart);
  // Its pixels, not its effects: a stroke or shadow style on an empty layer holds no drawing.
  const lineartBounds = lineart.boundsNoEffects;
  if (lineartBounds.width <= 0 || lineartBounds.height <= 0) {
    throw new DeepcolorHostError(
      'EMPTY_LINEART',
      `The lineart layer “${lineart.name}” is empty. Pick the layer that holds your line drawing.`,
    );
  }
  return lineart;
}

/** Throws a DeepcolorHostError for the first problem found; touches nothing. */
export function resolveJob(
  ps: PhotoshopApi,
  settings: JobSettings,
  engine: ColorizeEngine | undefined,
  memoryBudgetBytes: number = DEFAULT_MEMORY_BUDGET_BYTES,
): ResolvedJob {
  const { job } = resolveLayers(ps, settings, 'Colorize');
  const { area } = job;
  const scale = plannedScale(engine, area, settings);
  const needed = estimateWorkingBytes(area.width, area.height, scale, settings.shading !== undefined) + selectionBytes(area);
  if (needed > memoryBudgetBytes) {
    throw new DeepcolorHostError(
      'CANVAS_TOO_LARGE',
      `Colorizing ${describeArea(area)} needs about ${formatMegabytes(needed)} at working scale ${scale.toFixed(2)}, ` +
        `more than Deepcolor's ${formatMegabytes(memoryBudgetBytes)} budget inside Photoshop. ` +
        (area.selection
          ? 'Choose a smaller working resolution, select a smaller part of the page, or reduce the image (Image > Image Size).'
          : 'Choose a smaller working resolution, select a part of the page (Deepcolor then colours only the selection), or reduce the image (Image > Image Size).'),
    );
  }
  return job;
}

/**
 * The document, lineart and hint checks a command that reads them and puts
 * a new layer above them makes (Colorize, Flats): everything but the memory
 * estimate, which is the command's own. `command` names it in the advice.
 */
export function resolveLayers(ps: PhotoshopApi, settings: JobSettings, command: string): { job: ResolvedJob; doc: PsDocument } {
  const { doc, imaging } = editableDocument(ps, command);
  checkSettings(settings);

  const lineart = resolveLineartLayer(doc, settings.lineart);

  const hint = resolveHint(doc, settings.hint, lineart);
  if (hint) {
    if (hint.id === lineart.id) {
      throw new DeepcolorHostError(
        'SAME_LAYER',
        `“${lineart.name}” is picked as both the lineart and the hint layer. Paint hints on a separate layer, or choose no hints.`,
      );
    }
    requirePixelLayer('hint', hint);
  }

  const area = workAreaOf(doc);
  if (area.selection && !layerTouchesArea(lineart.boundsNoEffects, area)) {
    throw new DeepcolorHostError(
      'SELECTION_EMPTY',
      `The selection holds none of the lineart “${lineart.name}”. Select the part of the drawing to colour, or deselect (Select > Deselect) to ${command === 'Colorize' ? 'colour' : 'work on'} the whole canvas.`,
    );
  }

  const topmost = hint && stackIndex(doc, hint.id) < stackIndex(doc, lineart.id) ? hint : lineart;
  const locked = lockedAncestor(topmost);
  if (locked) {
    throw new DeepcolorHostError(
      'LOCKED_GROUP',
      `The group “${locked.name}” is locked, and the new layer goes inside it above “${topmost.name}”. Unlock the group (Layer > Lock Layers), then ${doAgain(command)}.`,
    );
  }

  const job: ResolvedJob = {
    ...canvasOf(doc),
    area,
    lineart: { id: lineart.id, name: lineart.name },
    hint: hint ? { id: hint.id, name: hint.name } : null,
    // Where its pixels are (what getPixels reads), not its effects': a drop shadow reaching into the
    // selection or over the canvas's edge is no paint there.
    hintIsEmpty: hint ? !layerTouchesArea(hint.boundsNoEffects, area) : true,
    hintCoversCanvas: hint ? coversCanvas(hint.boundsNoEffects, doc) : false,
    topmostSource: { id: topmost.id, name: topmost.name },
    imaging,
    settings,
  };
  return { job, doc };
}
