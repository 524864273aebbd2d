/**
 * The Colorize command body. It runs inside a modal scope that the caller
 * owns (executeAsModal for a panel click, Photoshop itself for Action
 * playback), so it never opens one of its own.
 *
 * Everything between suspendHistory and resumeHistory becomes one history
 * step named "Deepcolor Colorize". Any failure or cancel resumes with
 * commit=false, which rolls the document back to exactly the state before.
 */
import type { BackendName, ColorizeProgress, ColorizeResult } from '../model/types';
import type { ColorizeEngine } from './engine';
import { listenForAbort } from './abort-signal';
import { clearedShare, mostlyClearedNote } from '../model/page-around';
import { DeepcolorHostError, describeError, isAbortError } from './errors';
import { activeLayerIds } from './layer-roles';
import { areaTarget, cancelledError, inHistoryStep, placeNewLayer, readSources, requireDocument, restoreSelection } from './layer-steps';
import { writeCanvasToLayer } from './layer-pixels';
import type { ExecutionContext, PhotoshopApi } from './photoshop-api';
import { newResultAnchor, RESULT_LAYER_NAME, SHADING_LAYER_NAME } from './result-layers';
import { resolveJob, type JobSettings, type ResolvedJob } from './validate';
import { clearOutsideSelection, pageEdgesOf, type PixelRect } from './work-area';

export { RESULT_LAYER_NAME, SHADING_LAYER_NAME } from './result-layers';
export const HISTORY_STEP_NAME = 'Deepcolor Colorize';
/** How the command is named in messages about it. */
const COMMAND = 'Colorize';

export interface RunHooks {
  onProgress?(progress: ColorizeProgress): void;
  /** The panel's own Cancel button; Photoshop's progress dialog cancels through the execution context. */
  signal?: AbortSignal;
}

export interface ColorizeOutcome {
  readonly documentId: number;
  readonly layerId: number;
  readonly layerName: string;
  /** The shading layer's id, or null when no shading was asked for. */
  readonly shadingLayerId: number | null;
  readonly lineartLayerName: string;
  readonly hintLayerName: string | null;
  /** The pixel selection the result was limited to, or null when the whole canvas was coloured. */
  readonly selection: PixelRect | null;
  readonly backend: BackendName;
  readonly workingScale: number;
  readonly tilesTotal: number;
  readonly inferenceMs: number;
  readonly totalMs: number;
  /** Things that went wrong without spoiling the result (e.g. the layer selection could not be restored). */
  readonly warnings: string[];
}

export interface CommandDeps {
  readonly photoshop: PhotoshopApi;
  readonly engine: ColorizeEngine;
  readonly memoryBudgetBytes?: number;
}


/**
 * One AbortController for the engine, fed by Photoshop's cancel (onCancel and
 * isCancelled) and by the panel's signal. UXP's AbortSignal is not typed as an
 * event target, so the panel's signal is polled: between steps and after
 * every tile, which is where the engine looks at the signal anyway. Where it
 * is one, its abort is passed on at once too: a run still waiting for the
 * engine (behind its preparation) has no tiles to poll after.
 */
function linkCancellation(context: ExecutionContext, external: AbortSignal | undefined): { signal: AbortSignal; poll(): void; unlink(): void } {
  const controller = new AbortController();
  const abort = (): void => {
    if (!controller.signal.aborted) controller.abort(cancelledError(COMMAND));
  };
  const previousOnCancel = context.onCancel;
  context.onCancel = () => abort();
  const poll = (): void => {
    if (context.isCancelled || external?.aborted) abort();
  };
  const unlisten = external ? listenForAbort(external, abort) : () => undefined;
  poll();
  return {
    signal: controller.signal,
    poll,
    unlink(): void {
      context.onCancel = previousOnCancel;
      unlisten();
    },
  };
}

async function colorizeResolved(
  deps: CommandDeps,
  context: ExecutionContext,
  job: ResolvedJob,
  hooks: RunHooks,
  cancellation: { signal: AbortSignal; poll(): void },
): Promise<ColorizeOutcome> {
  const { photoshop, engine } = deps;
  const { signal } = cancellation;
  const target = areaTarget(job);
  const throwIfCancelled = (): void => {
    cancellation.poll();
    if (signal.aborted) throw cancelledError(COMMAND);
  };
  const previousSelection = activeLayerIds(requireDocument(photoshop, job.documentId, COMMAND));

  const { lineart, hint, hintWarning, lineartWarning, selectionMask } = await readSources(job, throwIfCancelled);

  let result: ColorizeResult;
  try {
    result = await engine.colorize(lineart, hint, {
      hintStrength: job.settings.hintStrength,
      workingScale: job.settings.workingScale,
      gapRadius: job.settings.gapRadius,
      blendStrokes: job.settings.keepStrokes !== true,
      whitePaper: job.settings.whitePaper !== false,
      clearAround: job.settings.leaveMargins === true,
      ...(job.settings.shading ? { shading: job.settings.shading } : {}),
      pageEdges: pageEdgesOf(job.area, job),
      // The hint's pixels were read onto a canvas of this run's own (layer-pixels.ts): nothing reads them after.
      consumeHint: true,
      signal,
      onProgress: (progress) => {
        context.reportProgress({ value: progress.fraction });
        hooks.onProgress?.(progress);
        cancellation.poll();
      },
    });
  } catch (error) {
    if (isAbortError(error) || signal.aborted || context.isCancelled) throw cancelledError(COMMAND);
    if (error instanceof DeepcolorHostError) throw error;
    throw new DeepcolorHostError('ENGINE_FAILED', `The colorizer failed: ${describeError(error)}. The document is unchanged.`, { cause: error });
  }
  // A cancel that arrives during the last tile is still a cancel.
  throwIfCancelled();
  // Before the selection clears the rest: what "Leave margins" itself left as paper.
  const marginsWarning = job.settings.leaveMargins ? mostlyClearedNote(clearedShare(result.image), 'untick Leave margins and gutters as paper (or raise Close gaps)') : null;
  if (selectionMask) {
    clearOutsideSelection(result.image, selectionMask);
    if (result.shading) clearOutsideSelection(result.shading, selectionMask);
  }

  // Above the results of earlier runs on these sources, so the new one shows.
  const anchor = newResultAnchor(requireDocument(photoshop, job.documentId, COMMAND), job.topmostSource);
  const layerId = await placeNewLayer(photoshop, job.documentId, { name: RESULT_LAYER_NAME, blendMode: job.settings.blendMode }, anchor, COMMAND);
  throwIfCancelled();
  await writeCanvasToLayer(job.imaging, target, job.bitsPerChannel, layerId, result.image);
  let shadingLayerId: number | null = null;
  if (result.shading) {
    // Directly above the colour layer, which is opaque: the shading darkens the colouring and nothing else.
    shadingLayerId = await placeNewLayer(photoshop, job.documentId, { name: SHADING_LAYER_NAME, blendMode: 'multiply' }, { id: layerId, name: RESULT_LAYER_NAME }, COMMAND);
    throwIfCancelled();
    await writeCanvasToLayer(job.imaging, target, job.bitsPerChannel, shadingLayerId, result.shading);
  }

  const warnings: string[] = [lineartWarning, hintWarning, marginsWarning].filter((w): w is string => w !== null);
  const selectionWarning = await restoreSelection(photoshop, job.documentId, previousSelection);
  if (selectionWarning) warnings.push(selectionWarning);

  return {
    documentId: job.documentId,
    layerId,
    layerName: RESULT_LAYER_NAME,
    shadingLayerId,
    lineartLayerName: job.lineart.name,
    hintLayerName: job.hint?.name ?? null,
    selection: job.area.selection,
    backend: result.backend,
    workingScale: result.workingScale,
    tilesTotal: result.tilesTotal,
    inferenceMs: result.inferenceMs,
    totalMs: result.totalMs,
    warnings,
  };
}

/**
 * Validates, then colorizes as one history step. Must be called inside a modal scope.
 * On any error or cancel the history suspension is resumed without commit (rollback).
 */
export async function runColorizeCommand(
  deps: CommandDeps,
  context: ExecutionContext,
  settings: JobSettings,
  hooks: RunHooks = {},
): Promise<ColorizeOutcome> {
  const job = resolveJob(deps.photoshop, settings, deps.engine, deps.memoryBudgetBytes);
  const cancellation = linkCancellation(context, hooks.signal);
  try {
    // After a cancel Photoshop makes later calls throw; those are reported as the cancel they are.
    return await inHistoryStep(context, job.documentId, HISTORY_STEP_NAME, COMMAND, cancellation.signal, () => colorizeResolved(deps, context, job, hooks, cancellation));
  } finally {
    cancellation.unlink();
  }
}
