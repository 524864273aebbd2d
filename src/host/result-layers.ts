/**
 * The layers Deepcolor makes, by name, and where a new one goes among them.
 *
 * Colorize puts its result directly above the lineart and hint. Run it
 * again (new hints, another resolution) and the new result must show: it
 * goes above the earlier results that sit directly above the sources, not
 * under them, where an earlier opaque colour layer would hide it and the
 * click would seem to do nothing. Relight, for the same reason, works on
 * the newest (topmost) result of that run.
 *
 * A source with layers clipped to it (a line colour layer clipped to the
 * lineart: "colour holds") has its new result placed above that clipping
 * group, not inside it: a layer put under a clipped layer joins the group
 * and would show only where the lineart has pixels, on its lines.
 */
import { sameGroup, stackOf, type StackEntry } from './layer-roles';
import type { PsDocument } from './photoshop-api';
import type { LayerRef } from './validate';

export const RESULT_LAYER_NAME = 'Deepcolor';
/** The form shading layer (Multiply), directly above the result layer, when shading was asked for. */
export const SHADING_LAYER_NAME = 'Deepcolor shading';
export const FLATS_LAYER_NAME = 'Deepcolor flats';

/** Deepcolor's layers: a new colour result goes above all of them. */
export const RESULT_NAMES: ReadonlySet<string> = new Set([RESULT_LAYER_NAME, SHADING_LAYER_NAME, FLATS_LAYER_NAME]);
/** New flats go above earlier flats, and stay under the colour (the flatter's layer lies under the colourist's). */
export const FLATS_NAMES: ReadonlySet<string> = new Set([FLATS_LAYER_NAME]);

/**
 * The index (in the flattened stack, top first) of the topmost layer of the
 * run of layers named in `names` that starts directly above stack[index], in
 * the same group; `index` itself when the layer above is none of them.
 */
export function topOfResultRun(stack: readonly StackEntry[], index: number, names: ReadonlySet<string> = RESULT_NAMES): number {
  const base = stack[index].layer;
  let top = index;
  while (top > 0) {
    const above = stack[top - 1].layer;
    if (!names.has(above.name) || !sameGroup(above, base)) break;
    top--;
  }
  return top;
}

/**
 * Where a new result goes: directly above the topmost source, or above the
 * newest of the earlier results there named in `names` (RESULT_NAMES for a
 * colour result, FLATS_NAMES for flats).
 */
export function newResultAnchor(doc: PsDocument, topmostSource: LayerRef, names: ReadonlySet<string> = RESULT_NAMES): LayerRef {
  const stack = stackOf(doc);
  const index = stack.findIndex((entry) => entry.layer.id === topmostSource.id);
  // A source that vanished is reported by placeNewLayer, which looks for it again.
  if (index < 0) return topmostSource;
  // Up past the source's clipping group and the earlier results, in either order, in its group.
  let top = index;
  for (let next = aboveClippingGroup(stack, top); next !== top; next = aboveClippingGroup(stack, top)) top = next;
  const anchor = stack[top].layer;
  return { id: anchor.id, name: anchor.name };

  function aboveClippingGroup(entries: readonly StackEntry[], from: number): number {
    let at = topOfResultRun(entries, from, names);
    while (at > 0 && entries[at - 1].layer.isClippingMask && sameGroup(entries[at - 1].layer, entries[from].layer)) at--;
    return at;
  }
}
