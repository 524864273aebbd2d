/**
 * Steps the commands (Colorize, Relight, Flats) take on the document inside
 * their modal scope: one history step, rolled back on any failure; find the
 * document again, read the lineart and hint, place a new layer, put the
 * artist's layer selection back. `during` names the command in messages.
 */
import type { RgbaImage } from '../model/types';
import { clearPaper, hasTransparency, opaqueHintNote } from '../model/opaque-hint';
import { invertedLineartNote } from '../model/inverted-lineart';
import { DeepcolorHostError, describeError, isAbortError } from './errors';
import { layerById, sameGroup, stackOf, type StackEntry } from './layer-roles';
import { isFullyTransparent, readLayerOntoCanvas, type CanvasTarget } from './layer-pixels';
import type { ExecutionContext, PhotoshopApi, PsDocument, PsImaging } from './photoshop-api';
import type { LayerRef, NewLayerBlendMode, ResolvedJob } from './validate';
import { readSelectionMask } from './work-area';

/** The document the command started on, if it is still the active one. */
export function requireDocument(photoshop: PhotoshopApi, documentId: number, during: string): PsDocument {
  const doc = photoshop.app.activeDocument;
  if (!doc || doc.id !== documentId) {
    throw new DeepcolorHostError('PHOTOSHOP_FAILED', `The active document changed during ${during}; nothing was changed.`);
  }
  return doc;
}

/**
 * Creates an empty pixel layer and moves it directly above `below`. Never
 * trusts where Photoshop put it: a layer that did not land there is an error
 * (and the caller's rollback removes it).
 */
export async function placeNewLayer(
  photoshop: PhotoshopApi,
  documentId: number,
  layer: { name: string; blendMode: NewLayerBlendMode },
  below: LayerRef,
  during: string,
): Promise<number> {
  const doc = requireDocument(photoshop, documentId, during);
  const created = await doc.createPixelLayer({ name: layer.name, blendMode: layer.blendMode, opacity: 100 });
  if (!created) throw new DeepcolorHostError('PHOTOSHOP_FAILED', `Photoshop did not create the layer “${layer.name}”.`);
  const anchor = layerById(doc, below.id);
  if (!anchor) throw new DeepcolorHostError('PHOTOSHOP_FAILED', `The layer “${below.name}” disappeared during ${during}.`);
  created.move(anchor, 'placeBefore');
  // One walk of the placed stack for both checks below (each layer property a call into Photoshop).
  const placed = stackOf(requireDocument(photoshop, documentId, during));
  const indexOf = (id: number): number => placed.findIndex((entry) => entry.layer.id === id);
  const at = indexOf(created.id);
  if (at !== indexOf(below.id) - 1) {
    throw new DeepcolorHostError('PHOTOSHOP_FAILED', `Photoshop did not place “${layer.name}” directly above “${below.name}”.`);
  }
  // Photoshop may clip a new layer placed right above a clipped one (newResultAnchor puts results above
  // a clipping group, never inside): released where it is the group's top, which releases no other
  // layer. Inside a group (the layer above it clipped too) releasing it would release those above it,
  // the artist's: it is left clipped there, where it shows only over the group's base.
  if (created.isClippingMask && !clippedAbove(placed, at)) {
    created.isClippingMask = false;
    if (created.isClippingMask) {
      throw new DeepcolorHostError('PHOTOSHOP_FAILED', `Photoshop clipped “${layer.name}” to the layer below it, and it would show only there.`);
    }
  }
  return created.id;
}

/** Whether the layer directly above stack[index], in its own group, is clipped (so it is inside a clipping group). */
function clippedAbove(stack: readonly StackEntry[], index: number): boolean {
  if (index <= 0) return false;
  const above = stack[index - 1].layer;
  return sameGroup(above, stack[index].layer) && above.isClippingMask;
}

/** Restores the user's layer selection (creating a layer selects it). batchPlay reports errors in its result. */
export async function restoreSelection(photoshop: PhotoshopApi, documentId: number, layerIds: number[]): Promise<string | null> {
  if (layerIds.length === 0) return null;
  const commands = layerIds.map((id, index) => ({
    _obj: 'select',
    _target: [{ _ref: 'layer', _id: id }, { _ref: 'document', _id: documentId }],
    makeVisible: false,
    layerID: [id],
    ...(index > 0 ? { selectionModifier: { _enum: 'selectionModifierType', _value: 'addToSelection' } } : {}),
  }));
  const results = await photoshop.action.batchPlay(commands, {});
  const failed = results.find((result) => result._obj === 'error');
  return failed ? `The layer selection could not be restored (${String(failed.message ?? 'unknown error')}).` : null;
}

/** The lineart layer on a canvas, refused when it has no visible pixels (in the selection's area, when `inSelection`). */
export async function readLineart(imaging: PsImaging, target: CanvasTarget, lineart: LayerRef, inSelection = false): Promise<RgbaImage> {
  const image = await readLayerOntoCanvas(imaging, target, lineart.id);
  if (isFullyTransparent(image)) {
    if (inSelection) {
      throw new DeepcolorHostError(
        'SELECTION_EMPTY',
        `The lineart layer “${lineart.name}” has no visible pixels in or around the selection. Select the part of the drawing to colour, or deselect (Select > Deselect).`,
      );
    }
    throw new DeepcolorHostError('EMPTY_LINEART', `The lineart layer “${lineart.name}” has no visible pixels. Pick the layer that holds your line drawing.`);
  }
  return image;
}

/** Where a job reads and writes: its work area (the canvas, or the selection's box with context). */
export function areaTarget(job: ResolvedJob): CanvasTarget {
  const { left, top, width, height } = job.area;
  return { documentId: job.documentId, left, top, width, height };
}

export interface JobSources {
  readonly lineart: RgbaImage;
  readonly hint: RgbaImage | undefined;
  /** Set when the hint layer has no transparent pixel in the area: its white was read as unpainted (paperAsUnpainted); what to tell the artist. */
  readonly hintWarning: string | null;
  /** Set when the lineart looks light on dark (inverted-lineart.ts); what to tell the artist. */
  readonly lineartWarning: string | null;
  /** How much of each pixel of the area is selected (0..255), or null when the job covers the whole canvas. */
  readonly selectionMask: Uint8Array | null;
}

/**
 * A job's lineart, hint (none when its layer has no pixels in the area) and
 * selection, on area-sized canvases; `between` runs after each read (the cancel check).
 */
export async function readSources(job: ResolvedJob, between: () => void): Promise<JobSources> {
  const target = areaTarget(job);
  const lineart = await readLineart(job.imaging, target, job.lineart, job.area.selection !== null);
  between();
  const hint = job.hint && !job.hintIsEmpty ? await readLayerOntoCanvas(job.imaging, target, job.hint.id) : undefined;
  between();
  let hintWarning: string | null = null;
  if (hint && job.hint && !(await hintLayerHasTransparency(job, job.hint, hint))) {
    hintWarning = `${opaqueHintNote(`The hint layer “${job.hint.name}”`, clearPaper(hint))} (Or select its white with the magic wand and delete it.)`;
  }
  between();
  const selectionMask = await readSelectionMask(job.imaging, job.documentId, job.area);
  between();
  // Over the whole canvas only: a selection around a night panel is mostly dark by design.
  const lineartWarning = job.area.selection === null ? (invertedLineartNote(lineart, `The lineart layer “${job.lineart.name}”`, 'invert the layer (Image > Adjustments > Invert)') ?? null) : null;
  return { lineart, hint, hintWarning, lineartWarning, selectionMask };
}

/**
 * Canvas pixels read at a time when looking for a transparent pixel of a
 * hint layer beyond the selection's area: 16 MiB of RGBA (and Photoshop's
 * copy), not the whole canvas, which lies outside the memory estimate (it
 * counts the area).
 */
export const TRANSPARENCY_BAND_PIXELS = 1 << 22;

/**
 * Whether the hint layer has any transparent pixel: in the area read, or,
 * when that is only part of the canvas (a selection), anywhere on the
 * canvas. A layer painted on transparency with an opaque white fill over
 * the selected part is not one filled white before painting. A layer whose
 * bounds do not cover the canvas has transparent pixels outside them; one
 * that covers it is read in bands of rows (TRANSPARENCY_BAND_PIXELS), until
 * the first transparent pixel.
 */
async function hintLayerHasTransparency(job: ResolvedJob, layer: LayerRef, areaPixels: RgbaImage): Promise<boolean> {
  if (hasTransparency(areaPixels)) return true;
  if (job.area.selection === null) return false;
  if (!job.hintCoversCanvas) return true;
  const rows = Math.max(1, Math.floor(TRANSPARENCY_BAND_PIXELS / job.width));
  for (let top = 0; top < job.height; top += rows) {
    const band = await readLayerOntoCanvas(job.imaging, { documentId: job.documentId, left: 0, top, width: job.width, height: Math.min(rows, job.height - top) }, layer.id);
    if (hasTransparency(band)) return true;
  }
  return false;
}

/** The refusal a cancelled command ends with. */
export function cancelledError(command: string): DeepcolorHostError {
  return new DeepcolorHostError('CANCELLED', `${command} was cancelled; the document is unchanged.`);
}

/**
 * Runs `body` as one history step named `stepName` of the document:
 * committed when it returns, rolled back when it throws. The error is then
 * explained: a cancel (Photoshop's, `signal`'s, or an AbortError) as
 * CANCELLED, a DeepcolorHostError as it is, anything else as Photoshop
 * refusing a step of `command`. Must be called inside a modal scope.
 */
export async function inHistoryStep<T>(
  context: ExecutionContext,
  documentId: number,
  stepName: string,
  command: string,
  signal: AbortSignal | undefined,
  body: () => Promise<T>,
): Promise<T> {
  const cancelled = (): boolean => context.isCancelled || signal?.aborted === true;
  if (cancelled()) throw cancelledError(command);
  const suspension = await context.hostControl.suspendHistory({ documentID: documentId, name: stepName });
  let outcome: T;
  try {
    outcome = await body();
  } catch (error) {
    try {
      await context.hostControl.resumeHistory(suspension, false);
    } catch {
      // The rollback failing is reported through the original error: throwing
      // out of the modal scope makes Photoshop discard the suspension too.
    }
    if (cancelled() || isAbortError(error)) throw cancelledError(command);
    if (error instanceof DeepcolorHostError) throw error;
    throw new DeepcolorHostError('PHOTOSHOP_FAILED', `Photoshop refused a step of ${command} (${describeError(error)}); the document is unchanged.`, { cause: error });
  }
  await context.hostControl.resumeHistory(suspension, true);
  return outcome;
}
