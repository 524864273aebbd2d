/**
 * New hint layer: an empty pixel layer named HINT_LAYER_NAME directly above
 * the lineart, selected so the artist can paint colour hints on it at once;
 * "Automatic" hints then find it by its name. It saves the steps (new layer,
 * rename it "hint", drag it above the lines) every page needs before its
 * first Colorize. One history step, rolled back on any failure, inside a
 * modal scope the caller owns. No Action step: it is a setup step, and
 * Photoshop's own New Layer records that.
 */
import { DeepcolorHostError } from './errors';
import { isHintLayerName, stackOf } from './layer-roles';
import { inHistoryStep, placeNewLayer, requireDocument } from './layer-steps';
import { newResultAnchor } from './result-layers';
import type { ExecutionContext, PhotoshopApi } from './photoshop-api';
import { canvasOf, editableDocument, lockedAncestor, resolveLineartLayer, type CanvasOfDocument, type LayerRef, type JobSettings } from './validate';

export const HINT_LAYER_NAME = 'hint';
export const HINT_LAYER_HISTORY_STEP_NAME = 'Deepcolor Hint Layer';
/** How the command is named in messages about it. */
const COMMAND = 'New hint layer';

export type HintLayerSettings = Pick<JobSettings, 'lineart'>;

export interface ResolvedHintLayer extends CanvasOfDocument {
  readonly lineart: LayerRef;
}

export interface HintLayerOutcome {
  readonly documentId: number;
  /** The new layer, now the selected one. */
  readonly layerId: number;
  /** The lineart it was put above (the panel keeps to it: the active layer is now the hint). */
  readonly lineartLayerId: number;
  readonly lineartLayerName: string;
  readonly totalMs: number;
  readonly warnings: string[];
}

/** Throws a DeepcolorHostError for the first reason not to add a hint layer; touches nothing. */
export function resolveHintLayer(ps: PhotoshopApi, settings: HintLayerSettings): ResolvedHintLayer {
  const { doc } = editableDocument(ps, COMMAND);
  const lineart = resolveLineartLayer(doc, settings.lineart);
  if (isHintLayerName(lineart.name)) {
    throw new DeepcolorHostError(
      'HINT_LAYER_EXISTS',
      `“${lineart.name}”, taken as the lineart, is named like a hint layer: it is one already. Select the layer with your lines (or pick it under Lineart) to colour, and paint hints on “${lineart.name}”.`,
    );
  }
  // A group or a fill layer named "Colors" holds no paint: only a pixel layer is a hint layer to paint on.
  const existing = stackOf(doc).find((entry) => entry.layer.kind === 'pixel' && isHintLayerName(entry.layer.name))?.layer;
  if (existing) {
    throw new DeepcolorHostError(
      'HINT_LAYER_EXISTS',
      `There is a hint layer already, “${existing.name}”: select it in the Layers panel and paint your colours on it.`,
    );
  }
  const locked = lockedAncestor(lineart);
  if (locked) {
    throw new DeepcolorHostError(
      'LOCKED_GROUP',
      `The group “${locked.name}” is locked, and the hint layer goes inside it above “${lineart.name}”. Unlock the group (Layer > Lock Layers), then click ${COMMAND} again.`,
    );
  }
  return { ...canvasOf(doc), lineart: { id: lineart.id, name: lineart.name } };
}

/** No layer names to stack above: the hint layer goes above the lineart's clipping group only. */
const NO_NAMES: ReadonlySet<string> = new Set();

/** Validates, then adds the hint layer as one history step. Must be called inside a modal scope. */
export async function runHintLayerCommand(photoshop: PhotoshopApi, context: ExecutionContext, settings: HintLayerSettings): Promise<HintLayerOutcome> {
  const job = resolveHintLayer(photoshop, settings);
  const started = Date.now();
  return inHistoryStep(context, job.documentId, HINT_LAYER_HISTORY_STEP_NAME, COMMAND, undefined, async () => {
    // Photoshop selects a layer it creates: left so, the artist paints on it next.
    // Above any layers clipped to the lineart (a line colour layer): inside their clipping group the
    // hint layer would be clipped to the lines, and the artist's strokes would show only on them.
    const anchor = newResultAnchor(requireDocument(photoshop, job.documentId, COMMAND), job.lineart, NO_NAMES);
    const layerId = await placeNewLayer(photoshop, job.documentId, { name: HINT_LAYER_NAME, blendMode: 'normal' }, anchor, COMMAND);
    return { documentId: job.documentId, layerId, lineartLayerId: job.lineart.id, lineartLayerName: job.lineart.name, totalMs: Date.now() - started, warnings: [] };
  });
}
