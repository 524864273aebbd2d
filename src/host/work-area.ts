/**
 * The part of the canvas Colorize and Flats work on, and the selection
 * Relight keeps to.
 *
 * Without a pixel selection it is the whole canvas. With one (a marquee
 * around a panel, a lasso around a figure, the magic wand...) the artist
 * asks for that part only, as a Photoshop filter would: the commands read
 * the selection's bounding box widened by some context (so the network and
 * the region fill see the lines and hints just outside it), run on that
 * crop, which is also far quicker than the page, and clear the result
 * outside the selection, keeping a feathered edge as partial opacity.
 */
import type { PageEdges, RgbaImage } from '../model/types';
import { scaleAlpha } from '../model/bytes';
import { DeepcolorHostError } from './errors';
import type { PsBounds, PsDocument, PsImaging } from './photoshop-api';

/** A rectangle of the canvas in pixels. */
export interface PixelRect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export interface WorkArea extends PixelRect {
  /** The selection's bounding box (inside the canvas) when the area comes from a selection; null: the whole canvas. */
  readonly selection: PixelRect | null;
}

/** Context around a selection: a quarter of its longer side, at least 32 px (a few line widths), at most 256 px (half a tile). */
const CONTEXT_FRACTION = 0.25;
const MIN_CONTEXT_PX = 32;
const MAX_CONTEXT_PX = 256;

/** The selection's bounding box clipped to the canvas; 'outside' when none of it is on the canvas; null when nothing is selected (or Photoshop has no `selection`). */
function clippedSelection(doc: PsDocument): PixelRect | 'outside' | null {
  const bounds = doc.selection?.bounds;
  if (!bounds) return null;
  const left = Math.max(0, Math.floor(bounds.left));
  const top = Math.max(0, Math.floor(bounds.top));
  const right = Math.min(doc.width, Math.ceil(bounds.right));
  const bottom = Math.min(doc.height, Math.ceil(bounds.bottom));
  if (right <= left || bottom <= top) return 'outside';
  return { left, top, width: right - left, height: bottom - top };
}

/** What the panel shows: the selection's box on the canvas, or null (none, or none on the canvas, which the commands refuse). */
export function selectionOnCanvas(doc: PsDocument): PixelRect | null {
  const selection = clippedSelection(doc);
  return selection === 'outside' ? null : selection;
}

/** The selection's box on the canvas, or null when nothing is selected; refuses a selection that lies off the canvas. */
export function selectionRectOf(doc: PsDocument): PixelRect | null {
  const selection = clippedSelection(doc);
  if (selection === 'outside') {
    throw new DeepcolorHostError(
      'SELECTION_EMPTY',
      'The selection lies outside the canvas. Select the part of the drawing to colour, or deselect (Select > Deselect) to colour the whole canvas.',
    );
  }
  return selection;
}

/** The area a command reads and writes: the canvas, or the selection's box with its context. */
export function workAreaOf(doc: PsDocument): WorkArea {
  const selection = selectionRectOf(doc);
  if (!selection) return { left: 0, top: 0, width: doc.width, height: doc.height, selection: null };
  const margin = Math.round(Math.min(MAX_CONTEXT_PX, Math.max(MIN_CONTEXT_PX, CONTEXT_FRACTION * Math.max(selection.width, selection.height))));
  const left = Math.max(0, selection.left - margin);
  const top = Math.max(0, selection.top - margin);
  const right = Math.min(doc.width, selection.left + selection.width + margin);
  const bottom = Math.min(doc.height, selection.top + selection.height + margin);
  return { left, top, width: right - left, height: bottom - top, selection };
}

/** Which sides of the area are the canvas's own edges: the engine takes paper touching only those for the page around the figure. */
export function pageEdgesOf(area: PixelRect, canvas: { readonly width: number; readonly height: number }): PageEdges {
  return {
    left: area.left === 0,
    top: area.top === 0,
    right: area.left + area.width === canvas.width,
    bottom: area.top + area.height === canvas.height,
  };
}

/** True when a layer has pixels inside the area (layer bounds are trimmed to its pixels; empty ones are all zero). */
export function layerTouchesArea(bounds: Pick<PsBounds, 'left' | 'top' | 'right' | 'bottom'>, area: PixelRect): boolean {
  return (
    bounds.right > bounds.left &&
    bounds.bottom > bounds.top &&
    bounds.left < area.left + area.width &&
    bounds.right > area.left &&
    bounds.top < area.top + area.height &&
    bounds.bottom > area.top
  );
}

function noPixelSelected(): DeepcolorHostError {
  return new DeepcolorHostError(
    'SELECTION_EMPTY',
    'No pixel of the canvas is selected. Select the part of the drawing to colour, or deselect (Select > Deselect) to colour the whole canvas.',
  );
}

/** 16-bit selection data runs 0..32768, as layer data does. */
const PS_16BIT_MAX = 32768;

/**
 * How much of each pixel of the area is selected, 0..255 (the selection as
 * Quick Mask shows it), or null when nothing needs clearing: the area is the
 * whole canvas, or all of it is selected (Select All). Read with
 * imaging.getSelection: one grey component; the data is placed at the bounds
 * Photoshop RETURNS, and anything it leaves out counts as not selected.
 * Refuses (SELECTION_EMPTY) a selection with no pixel selected on the
 * canvas, whose box still crosses it (two marquees beside the canvas).
 */
export async function readSelectionMask(imaging: PsImaging, documentId: number, area: WorkArea): Promise<Uint8Array | null> {
  if (!area.selection) return null;
  const mask = new Uint8Array(area.width * area.height);
  const result = await imaging.getSelection({
    documentID: documentId,
    sourceBounds: { left: area.left, top: area.top, right: area.left + area.width, bottom: area.top + area.height },
  });
  const imageData = result.imageData;
  try {
    const bounds = result.sourceBounds;
    const width = bounds.right - bounds.left;
    const height = bounds.bottom - bounds.top;
    if (width <= 0 || height <= 0) throw noPixelSelected();
    if (imageData.components !== 1 || imageData.width !== width || imageData.height !== height) {
      throw new DeepcolorHostError(
        'PHOTOSHOP_FAILED',
        `Photoshop returned the selection as ${imageData.width}×${imageData.height}×${imageData.components} for a ${width}×${height} region; expected one grey component.`,
      );
    }
    const data = await imageData.getData({ chunky: true });
    if (data.length !== width * height) throw new DeepcolorHostError('PHOTOSHOP_FAILED', `Photoshop returned ${data.length} selection values for ${width}×${height}.`);
    const scale = data instanceof Uint8Array ? 1 : data instanceof Uint16Array ? 255 / PS_16BIT_MAX : 255;
    const x0 = Math.max(area.left, bounds.left);
    const y0 = Math.max(area.top, bounds.top);
    const x1 = Math.min(area.left + area.width, bounds.right);
    const y1 = Math.min(area.top + area.height, bounds.bottom);
    for (let y = y0; y < y1; y++) {
      let src = (y - bounds.top) * width + (x0 - bounds.left);
      let dst = (y - area.top) * area.width + (x0 - area.left);
      for (let x = x0; x < x1; x++) mask[dst++] = Math.max(0, Math.min(255, Math.round(data[src++] * scale)));
    }
    let selected = 0;
    let full = 0;
    for (let i = 0; i < mask.length; i++) {
      if (mask[i] !== 0) selected++;
      if (mask[i] === 255) full++;
    }
    if (selected === 0) throw noPixelSelected();
    return full === mask.length ? null : mask;
  } finally {
    await imageData.dispose();
  }
}

/** Scales each pixel's opacity by how much of it is selected: nothing outside the selection, a soft edge where it is feathered. */
export function clearOutsideSelection(image: RgbaImage, mask: Uint8Array): void {
  if (mask.length * 4 !== image.data.length) {
    throw new DeepcolorHostError('ENGINE_FAILED', `The engine returned a ${image.width}×${image.height} image for an area of ${mask.length} pixels; the document is unchanged.`);
  }
  scaleAlpha(image.data, mask.length, mask, 1, 0);
}
