/**
 * Flats: a new layer, FLATS_LAYER_NAME, with every region the lineart's
 * lines enclose filled with one flat colour (the hint's where painted), for
 * the colourist's magic wand (src/model/flats.ts). No network runs. The
 * layer goes directly above the lineart and hint, as Colorize's does, in
 * Multiply so the lines stay dark over it. Like Colorize it runs inside a
 * modal scope the caller owns, as one history step, and any failure or
 * cancel rolls the document back.
 */
import type { PageEdges, RgbaImage } from '../model/types';
import { DeepcolorHostError, describeError } from './errors';
import { FLATS_LAYER_NAME, FLATS_NAMES, newResultAnchor, RESULT_LAYER_NAME } from './result-layers';
import { activeLayerIds, stackOf } from './layer-roles';
import { writeCanvasToLayer } from './layer-pixels';
import { areaTarget, cancelledError, inHistoryStep, placeNewLayer, readSources, requireDocument, restoreSelection } from './layer-steps';
import type { ExecutionContext, PhotoshopApi, PsLayer } from './photoshop-api';
import { loadToolOnce, type ToolSource } from './tool-source';
import { DEFAULT_MEMORY_BUDGET_BYTES, describeArea, formatMegabytes, resolveLayers, selectionBytes, type JobSettings, type ResolvedJob } from './validate';
import { clearOutsideSelection, pageEdgesOf, type PixelRect } from './work-area';

export { FLATS_LAYER_NAME } from './result-layers';
export const FLATS_HISTORY_STEP_NAME = 'Deepcolor Flats';
/** How the command is named in messages about it. */
const COMMAND = 'Flats';

/** The engine's flats (src/model flatsLayer with the model's contract): an RGBA layer, transparent around the figure. */
export type Flatter = (lineart: RgbaImage, hint: RgbaImage | undefined, options: { gapRadius?: number; pageEdges?: PageEdges }) => RgbaImage | Promise<RgbaImage>;
export type FlatterSource = ToolSource<Flatter>;

export function loadFlatterOnce(source: FlatterSource | undefined): () => Promise<Flatter> {
  return loadToolOnce(source, COMMAND, 'the flats');
}

/** What Flats reads from the settings: the lineart and hint choices and the gap radius (the rest is Colorize's). */
export type FlatsSettings = Pick<JobSettings, 'lineart' | 'hint' | 'gapRadius'>;

export interface FlatsOutcome {
  readonly documentId: number;
  readonly layerId: number;
  readonly lineartLayerName: string;
  readonly hintLayerName: string | null;
  /** The pixel selection the flats were limited to, or null for the whole canvas. */
  readonly selection: PixelRect | null;
  readonly totalMs: number;
  readonly warnings: string[];
}

export interface FlatsDeps {
  readonly photoshop: PhotoshopApi;
  readonly flats: Flatter;
  readonly memoryBudgetBytes?: number;
}

/**
 * Bytes per canvas pixel: lineart and hint on canvases (8), the raw getPixels
 * data of one of them (4), the region labels (4 at most), the flats layer
 * (4) and the buffer handed to putPixels (4, 8 at 16 bits).
 */
const FLATS_BYTES_PER_CANVAS_PIXEL = 28;

/** Colorize's checks of the layers and the document (Flats reads and places as Colorize does), and its own memory estimate; touches nothing. */
export function resolveFlats(ps: PhotoshopApi, settings: FlatsSettings, memoryBudgetBytes: number = DEFAULT_MEMORY_BUDGET_BYTES): ResolvedJob {
  const { job } = resolveLayers(ps, { ...settings, blendMode: 'multiply', workingScale: 1 }, COMMAND);
  const { area } = job;
  const needed = area.width * area.height * FLATS_BYTES_PER_CANVAS_PIXEL + selectionBytes(area);
  if (needed > memoryBudgetBytes) {
    throw new DeepcolorHostError(
      'CANVAS_TOO_LARGE',
      `Flats for ${describeArea(area)} need about ${formatMegabytes(needed)}, more than Deepcolor's ${formatMegabytes(memoryBudgetBytes)} budget inside Photoshop. ` +
        (area.selection ? 'Select a smaller part of the page' : 'Select a part of the page (Deepcolor then works only on the selection)') + ', or reduce the image (Image > Image Size).',
    );
  }
  return job;
}

/** Visible, and every group it is in too. */
function shown(layer: PsLayer): boolean {
  for (let l: PsLayer | null = layer; l; l = l.parent) if (!l.visible) return false;
  return true;
}


/**
 * Validates, then makes the flats layer as one history step. Must be called inside a modal scope.
 * On any error or cancel the history suspension is resumed without commit (rollback).
 */
export async function runFlatsCommand(deps: FlatsDeps, context: ExecutionContext, settings: FlatsSettings, signal?: AbortSignal): Promise<FlatsOutcome> {
  const job = resolveFlats(deps.photoshop, settings, deps.memoryBudgetBytes);
  return inHistoryStep(context, job.documentId, FLATS_HISTORY_STEP_NAME, COMMAND, signal, () => flatsResolved(deps, context, job, settings, signal));
}

async function flatsResolved(deps: FlatsDeps, context: ExecutionContext, job: ResolvedJob, settings: FlatsSettings, signal: AbortSignal | undefined): Promise<FlatsOutcome> {
  const started = Date.now();
  const { photoshop } = deps;
  const throwIfCancelled = (): void => {
    if (context.isCancelled || signal?.aborted) throw cancelledError(COMMAND);
  };
  const previousSelection = activeLayerIds(requireDocument(photoshop, job.documentId, COMMAND));
  const target = areaTarget(job);
  const { lineart, hint, hintWarning, lineartWarning, selectionMask } = await readSources(job, throwIfCancelled);
  let flats: RgbaImage;
  try {
    flats = await deps.flats(lineart, hint, { gapRadius: settings.gapRadius, pageEdges: pageEdgesOf(job.area, job) });
  } catch (error) {
    if (error instanceof DeepcolorHostError) throw error;
    throw new DeepcolorHostError('ENGINE_FAILED', `The flats failed: ${describeError(error)}. The document is unchanged.`, { cause: error });
  }
  throwIfCancelled();
  if (selectionMask) clearOutsideSelection(flats, selectionMask);
  // Above earlier flats (a re-run with other Close gaps shows), under any colour result.
  const anchor = newResultAnchor(requireDocument(photoshop, job.documentId, COMMAND), job.topmostSource, FLATS_NAMES);
  const layerId = await placeNewLayer(photoshop, job.documentId, { name: FLATS_LAYER_NAME, blendMode: 'multiply' }, anchor, COMMAND);
  throwIfCancelled();
  await writeCanvasToLayer(job.imaging, target, job.bitsPerChannel, layerId, flats);
  const warnings: string[] = [lineartWarning, hintWarning].filter((w): w is string => w !== null);
  // After a Colorize the colour layer sits directly above the sources, and so above the flats:
  // in Normal mode and shown, it hides them.
  const stack = stackOf(requireDocument(photoshop, job.documentId, COMMAND));
  const placedAt = stack.findIndex((entry) => entry.layer.id === layerId);
  const above = placedAt > 0 ? stack[placedAt - 1].layer : null;
  if (above && above.name === RESULT_LAYER_NAME && above.blendMode === 'normal' && shown(above)) {
    warnings.push(`“${FLATS_LAYER_NAME}” is under “${above.name}”, which hides it: hide that layer to see the flats (the magic wand reads them either way).`);
  }
  const selectionWarning = await restoreSelection(photoshop, job.documentId, previousSelection);
  if (selectionWarning) warnings.push(selectionWarning);
  return {
    documentId: job.documentId,
    layerId,
    lineartLayerName: job.lineart.name,
    hintLayerName: job.hint?.name ?? null,
    selection: job.area.selection,
    totalMs: Date.now() - started,
    warnings,
  };
}
