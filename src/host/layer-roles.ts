/**
 * Which layer is the lineart and which the hint, and where layers sit in the
 * stack. Layers are compared by id only: Photoshop hands out a fresh wrapper
 * object on every read, so object identity means nothing.
 */
import { isHintLayerName } from '../model/layer-names';
import type { PsDocument, PsLayer, PsLayerList } from './photoshop-api';

/** How the lineart layer is chosen. The panel passes ids; recorded Actions use names. */
export type LineartChoice = { by: 'active' } | { by: 'id'; id: number } | { by: 'name'; name: string };
/** How the hint layer is chosen; 'auto' looks for a layer named like "hint" or "colors". */
export type HintChoice = { by: 'auto' } | { by: 'none' } | { by: 'id'; id: number } | { by: 'name'; name: string };

/** "hint", "Hints", "colors", "Colors copy 2", "flats"... (the CLI reads PSD pages by the same names). */
export { isHintLayerName };

function listOf(list: PsLayerList): PsLayer[] {
  const out: PsLayer[] = [];
  for (let i = 0; i < list.length; i++) out.push(list[i]);
  return out;
}

export interface StackEntry {
  readonly layer: PsLayer;
  /** 0 for top-level layers, 1 inside a group, ... */
  readonly depth: number;
}

/** Whether two layers are in the same group (or both at the top of the stack). */
export function sameGroup(a: PsLayer, b: PsLayer): boolean {
  return (a.parent?.id ?? null) === (b.parent?.id ?? null);
}

/** Every layer top to bottom, a group before its children, as the Layers panel lists them. */
export function stackOf(doc: PsDocument): StackEntry[] {
  const out: StackEntry[] = [];
  const walk = (list: PsLayerList, depth: number): void => {
    for (const layer of listOf(list)) {
      out.push({ layer, depth });
      const children = layer.layers;
      if (children) walk(children, depth + 1);
    }
  };
  walk(doc.layers, 0);
  return out;
}

export function layerById(doc: PsDocument, id: number): PsLayer | undefined {
  return stackOf(doc).find((entry) => entry.layer.id === id)?.layer;
}

/** Position in the flattened stack; smaller is higher. -1 when absent. */
export function stackIndex(doc: PsDocument, id: number): number {
  return stackOf(doc).findIndex((entry) => entry.layer.id === id);
}

export function activeLayerIds(doc: PsDocument): number[] {
  return listOf(doc.activeLayers).map((layer) => layer.id);
}

export function layerByName(doc: PsDocument, name: string): PsLayer | undefined {
  return stackOf(doc).find((entry) => entry.layer.name === name)?.layer;
}

/** The topmost layer named like a hint layer, other than the lineart. */
export function findHintLayerByName(doc: PsDocument, lineartId: number | undefined): PsLayer | undefined {
  return stackOf(doc).find((entry) => entry.layer.id !== lineartId && isHintLayerName(entry.layer.name))?.layer;
}
