/**
 * Relight: the form shading of an earlier Colorize made again for another
 * light, from the lineart and the colour layer as they are now (the
 * artist's touch-ups included), without running the network: seconds on a
 * page that took a minute to colour, so an artist can try lights.
 *
 * Which layers: the lineart is picked as for Colorize (the active layer by
 * default); the colour is the nearest layer named RESULT_LAYER_NAME above
 * it (Colorize puts it directly above the lineart and hint), or the newest of
 * the results stacked directly on that one by later runs (with a pixel
 * selection, the newest with colour in it: a panel's); its shading is
 * the SHADING_LAYER_NAME layer directly above the colour. That layer's
 * pixels are replaced, and its opacity, blend mode and visibility (the
 * artist may have turned it down) are kept; without one, a new one is
 * placed there in Multiply, as Colorize does.
 *
 * Like Colorize it runs inside a modal scope the caller owns, as one
 * history step, and any failure or cancel rolls the document back.
 */
import { checkShadingOptions, EngineInputError, keepShadingWhereColoured } from '../model';
import type { RgbaImage, ShadingOptions } from '../model/types';
import { RESULT_LAYER_NAME, SHADING_LAYER_NAME, topOfResultRun } from './result-layers';
import { DeepcolorHostError, describeError } from './errors';
import { loadToolOnce, type ToolSource } from './tool-source';
import { layerTouchesArea, readSelectionMask, selectionRectOf, type PixelRect } from './work-area';
import { activeLayerIds, stackOf, type LineartChoice } from './layer-roles';
import { readLayerOntoCanvas, writeCanvasToLayer } from './layer-pixels';
import { cancelledError, inHistoryStep, placeNewLayer, readLineart, requireDocument, restoreSelection } from './layer-steps';
import type { ExecutionContext, PhotoshopApi, PsImaging, PsLayer } from './photoshop-api';
import {
  canvasOf,
  DEFAULT_MEMORY_BUDGET_BYTES,
  editableDocument,
  formatMegabytes,
  lockedAncestor,
  resolveLineartLayer,
  type CanvasOfDocument,
  type LayerRef,
} from './validate';

export const RELIGHT_HISTORY_STEP_NAME = 'Deepcolor Relight';
/** How the command is named in messages about it. */
const COMMAND = 'Relight';

/** The engine's form shading (src/model shadeLayer with the model's contract): a grey layer for Multiply. */
export type Shader = (lineart: RgbaImage, colour: RgbaImage, options: ShadingOptions) => RgbaImage | Promise<RgbaImage>;

/** A shader, or a loader for one (the model's contract read on first use). */
export type ShaderSource = ToolSource<Shader>;

/** The shader of a source, loaded on the first call and kept; without a source, a refusal. */
export function loadShaderOnce(source: ShaderSource | undefined): () => Promise<Shader> {
  return loadToolOnce(source, 'Relight', 'the shading');
}

export interface RelightSettings {
  readonly lineart: LineartChoice;
  readonly shading: ShadingOptions;
}

export interface ResolvedRelight extends CanvasOfDocument {
  readonly lineart: LayerRef;
  readonly colour: LayerRef;
  /** The shading layer to rewrite, or null: one is made above the colour. */
  readonly shading: (LayerRef & { readonly visible: boolean; readonly empty: boolean }) | null;
  /** The pixel selection: only the shading inside it changes. Null: all of it. */
  readonly selection: PixelRect | null;
  readonly imaging: PsImaging;
  readonly settings: RelightSettings;
}

export interface RelightOutcome {
  readonly documentId: number;
  /** The shading layer written. */
  readonly shadingLayerId: number;
  /** True when there was none and one was made. */
  readonly created: boolean;
  readonly colourLayerName: string;
  readonly lineartLayerName: string;
  readonly totalMs: number;
  readonly warnings: string[];
}

/**
 * Bytes per canvas pixel: lineart and colour read onto canvases (8), the
 * raw getPixels data of one of them (4), the shading layer (4), the buffer
 * handed to putPixels (4, 8 at 16 bits), and the shading's own page-sized
 * work (its shape labels and relief, ~8).
 */
const RELIGHT_BYTES_PER_CANVAS_PIXEL = 32;

function layerKindMessage(layer: PsLayer, role: string): string {
  return `“${layer.name}” (${role}) is not a pixel layer, so Relight cannot use it. Rename it, or Colorize again with a Light.`;
}

/** The colour and shading layers Relight works on, found from the lineart; touches nothing. */
function colourAndShading(stack: ReturnType<typeof stackOf>, lineart: PsLayer, selection: PixelRect | null): { colour: PsLayer; shading: PsLayer | null } {
  const lineartIndex = stack.findIndex((entry) => entry.layer.id === lineart.id);
  let colourIndex = -1;
  for (let i = lineartIndex - 1; i >= 0; i--) {
    if (stack[i].layer.name === RESULT_LAYER_NAME) {
      colourIndex = i;
      break;
    }
  }
  if (colourIndex < 0) {
    throw new DeepcolorHostError(
      'NO_COLOUR_LAYER',
      `There is no “${RESULT_LAYER_NAME}” layer above “${lineart.name}” to relight. Colorize it first; then Relight tries other lights on its colours.`,
    );
  }
  // Colorize run again stacks its newer results above: the newest (topmost) of that run is the one shown.
  // With a selection, the newest with colour in it: a page coloured a panel at a time has a colour
  // layer per panel, and selecting a panel relights that panel's.
  const candidates: number[] = [];
  for (let i = colourIndex, top = topOfResultRun(stack, colourIndex); i >= top; i--) {
    if (stack[i].layer.name === RESULT_LAYER_NAME) candidates.push(i);
  }
  const inSelection = selection ? candidates.filter((i) => layerTouchesArea(stack[i].layer.boundsNoEffects, selection)) : [];
  const pool = inSelection.length > 0 ? inSelection : candidates;
  colourIndex = pool[pool.length - 1]; // listed bottom up: the last is the topmost
  const colour = stack[colourIndex].layer;
  if (colour.kind !== 'pixel') throw new DeepcolorHostError('NOT_PIXEL_LAYER', layerKindMessage(colour, 'the colour to relight'));
  if (colour.boundsNoEffects.width <= 0 || colour.boundsNoEffects.height <= 0) {
    throw new DeepcolorHostError('NO_COLOUR_LAYER', `The “${RESULT_LAYER_NAME}” layer above “${lineart.name}” is empty. Colorize again, then Relight.`);
  }
  const above = colourIndex > 0 ? stack[colourIndex - 1].layer : null;
  const shading = above && above.name === SHADING_LAYER_NAME ? above : null;
  if (shading) {
    if (shading.kind !== 'pixel') throw new DeepcolorHostError('NOT_PIXEL_LAYER', layerKindMessage(shading, 'the shading'));
    if (shading.allLocked || shading.pixelsLocked) {
      throw new DeepcolorHostError(
        'LOCKED_LAYER',
        `The layer “${shading.name}” is locked, so its shading cannot be replaced. Unlock it (the lock icons in the Layers panel), then Relight.`,
      );
    }
  }
  return { colour, shading };
}

/** Throws a DeepcolorHostError for the first problem found; touches nothing. */
export function resolveRelight(ps: PhotoshopApi, settings: RelightSettings, memoryBudgetBytes: number = DEFAULT_MEMORY_BUDGET_BYTES): ResolvedRelight {
  const { doc, imaging } = editableDocument(ps, COMMAND);
  try {
    checkShadingOptions(settings.shading);
  } catch (error) {
    if (error instanceof EngineInputError) throw new DeepcolorHostError('BAD_OPTION', error.message);
    throw error;
  }
  const lineart = resolveLineartLayer(doc, settings.lineart);
  const selection = selectionRectOf(doc);
  const { colour, shading } = colourAndShading(stackOf(doc), lineart, selection);
  // The shading is rewritten in its group, or made in the colour's: neither can be locked.
  const locked = lockedAncestor(shading ?? colour);
  if (locked) {
    const where = shading ? `“${shading.name}” is inside it` : `the shading layer goes inside it above “${colour.name}”`;
    throw new DeepcolorHostError('LOCKED_GROUP', `The group “${locked.name}” is locked, and ${where}. Unlock the group (Layer > Lock Layers), then click Relight.`);
  }
  // With a selection: its mask and the shading as it is, to keep outside it (5 bytes a pixel).
  const needed = doc.width * doc.height * (RELIGHT_BYTES_PER_CANVAS_PIXEL + (selection ? 5 : 0));
  if (needed > memoryBudgetBytes) {
    throw new DeepcolorHostError(
      'CANVAS_TOO_LARGE',
      `Relighting this ${doc.width}×${doc.height} px canvas needs about ${formatMegabytes(needed)}, more than Deepcolor's ${formatMegabytes(memoryBudgetBytes)} budget inside Photoshop. ` +
        'Reduce the image (Image > Image Size) or crop it into parts.',
    );
  }
  return {
    ...canvasOf(doc),
    lineart: { id: lineart.id, name: lineart.name },
    colour: { id: colour.id, name: colour.name },
    shading: shading ? { id: shading.id, name: shading.name, visible: shading.visible, empty: shading.boundsNoEffects.width <= 0 || shading.boundsNoEffects.height <= 0 } : null,
    selection,
    imaging,
    settings,
  };
}

export interface RelightDeps {
  readonly photoshop: PhotoshopApi;
  readonly shade: Shader;
  readonly memoryBudgetBytes?: number;
}


/**
 * The new shading inside the selection, the old one (or nothing) outside
 * it, blended by how much of each pixel is selected (a feathered edge).
 */
function keepInsideSelection(shading: RgbaImage, before: RgbaImage | undefined, mask: Uint8Array): void {
  const s = shading.data;
  const b = before?.data;
  for (let p = 0, i = 0; p < mask.length; p++, i += 4) {
    const m = mask[p];
    if (m === 255) continue;
    for (let c = 0; c < 4; c++) {
      const old = b ? b[i + c] : c === 3 ? 0 : s[i + c];
      s[i + c] = Math.round((s[i + c] * m + old * (255 - m)) / 255);
    }
  }
}

async function relightResolved(deps: RelightDeps, context: ExecutionContext, job: ResolvedRelight, signal: AbortSignal | undefined): Promise<RelightOutcome> {
  const started = Date.now();
  const { photoshop } = deps;
  const target = { documentId: job.documentId, width: job.width, height: job.height };
  const throwIfCancelled = (): void => {
    if (context.isCancelled || signal?.aborted) throw cancelledError(COMMAND);
  };
  const previousSelection = activeLayerIds(requireDocument(photoshop, job.documentId, COMMAND));

  const lineart = await readLineart(job.imaging, target, job.lineart);
  throwIfCancelled();
  const colour = await readLayerOntoCanvas(job.imaging, target, job.colour.id);
  throwIfCancelled();

  let shading: RgbaImage;
  try {
    shading = await deps.shade(lineart, colour, job.settings.shading);
  } catch (error) {
    if (error instanceof DeepcolorHostError) throw error;
    throw new DeepcolorHostError('ENGINE_FAILED', `The shading failed: ${describeError(error)}. The document is unchanged.`, { cause: error });
  }
  throwIfCancelled();
  keepShadingWhereColoured(shading, colour);
  if (job.selection) {
    // Only inside the selection, as a filter: the shading there blends into the shading as it was.
    const area = { left: 0, top: 0, width: job.width, height: job.height, selection: job.selection };
    const mask = await readSelectionMask(job.imaging, job.documentId, area);
    throwIfCancelled();
    if (mask) {
      const before = job.shading && !job.shading.empty ? await readLayerOntoCanvas(job.imaging, target, job.shading.id) : undefined;
      throwIfCancelled();
      keepInsideSelection(shading, before, mask);
    }
  }

  const shadingLayerId =
    job.shading?.id ?? (await placeNewLayer(photoshop, job.documentId, { name: SHADING_LAYER_NAME, blendMode: 'multiply' }, job.colour, COMMAND));
  throwIfCancelled();
  await writeCanvasToLayer(job.imaging, target, job.bitsPerChannel, shadingLayerId, shading);

  const warnings: string[] = [];
  if (job.shading && !job.shading.visible) warnings.push(`“${job.shading.name}” is hidden: show it to see the new light.`);
  const selectionWarning = await restoreSelection(photoshop, job.documentId, previousSelection);
  if (selectionWarning) warnings.push(selectionWarning);
  return {
    documentId: job.documentId,
    shadingLayerId,
    created: job.shading === null,
    colourLayerName: job.colour.name,
    lineartLayerName: job.lineart.name,
    totalMs: Date.now() - started,
    warnings,
  };
}

/**
 * Validates, then relights as one history step. Must be called inside a modal scope.
 * On any error or cancel the history suspension is resumed without commit (rollback).
 */
export async function runRelightCommand(deps: RelightDeps, context: ExecutionContext, settings: RelightSettings, signal?: AbortSignal): Promise<RelightOutcome> {
  const job = resolveRelight(deps.photoshop, settings, deps.memoryBudgetBytes);
  return inHistoryStep(context, job.documentId, RELIGHT_HISTORY_STEP_NAME, COMMAND, signal, () => relightResolved(deps, context, job, signal));
}
