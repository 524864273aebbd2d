/**
 * DOM wrappers of the fake: like Photoshop's, they hold only ids and look the
 * live state up on every access, and every read hands out a NEW wrapper, so
 * code that compares layers or documents by object identity breaks here as
 * it would in Photoshop.
 */
import type {
  BlendModeName,
  PixelLayerOptions,
  PlacementName,
  PsBounds,
  PsDocument,
  PsLayer,
  PsLayerList,
  PsSelection,
} from '../../src/host/photoshop-api';
import type { FakePhotoshopCore } from './photoshop-core';
import { layerBounds, locate, type DocState, type LayerState, type Rect } from './photoshop-state';

const BLEND_MODES: readonly BlendModeName[] = [
  'normal', 'dissolve', 'darken', 'multiply', 'colorBurn', 'linearBurn', 'darkerColor', 'lighten', 'screen',
  'colorDodge', 'linearDodge', 'lighterColor', 'overlay', 'softLight', 'hardLight', 'vividLight', 'linearLight',
  'pinLight', 'hardMix', 'difference', 'exclusion', 'blendSubtraction', 'blendDivide', 'hue', 'saturation', 'color',
  'luminosity', 'passThrough',
];

function layerList(core: FakePhotoshopCore, documentId: number, layers: LayerState[]): PsLayerList {
  const list: FakeLayer[] = layers.map((layer) => new FakeLayer(core, documentId, layer.id));
  return list;
}

export class FakeLayer implements PsLayer {
  constructor(
    private readonly core: FakePhotoshopCore,
    private readonly documentId: number,
    readonly id: number,
  ) {}

  private get state(): LayerState {
    const found = locate(this.core.record(this.documentId).state, this.id);
    if (!found) throw new Error(`Layer ${this.id} no longer exists in document ${this.documentId}`);
    return found.layer;
  }

  /** A change through the DOM: modal only, one history step, then the notification Photoshop sends for it. */
  private change(stepName: string, event: string, apply: (layer: LayerState, doc: DocState) => void, extra: Record<string, unknown> = {}): void {
    this.core.mutate(
      this.documentId,
      stepName,
      (doc) => {
        const found = locate(doc, this.id);
        if (!found) throw new Error(`Layer ${this.id} no longer exists`);
        apply(found.layer, doc);
      },
      () => ({ event, descriptor: { _obj: event, _target: layerTarget(this.documentId, this.id), ...extra } }),
    );
  }

  get typename(): 'Layer' {
    return 'Layer';
  }
  get name(): string {
    return this.state.name;
  }
  set name(name: string) {
    this.change(
      'Rename Layer',
      'set',
      (layer) => {
        if (layer.allLocked) throw new Error('The layer is locked');
        layer.name = name;
      },
      { to: { _obj: 'layer', name } },
    );
  }
  get kind() {
    return this.state.kind;
  }
  get visible(): boolean {
    return this.state.visible;
  }
  set visible(visible: boolean) {
    this.change(visible ? 'Show Layer' : 'Hide Layer', visible ? 'show' : 'hide', (layer) => {
      layer.visible = visible;
    });
  }
  get opacity(): number {
    return this.state.opacity;
  }
  get blendMode(): BlendModeName {
    return this.state.blendMode;
  }
  /** Including the layer's effects (Layer.d.ts: "Bounds of the layer, including the effects"). */
  get bounds(): PsBounds {
    const r = layerBounds(this.state);
    const m = r.right > r.left && r.bottom > r.top ? this.state.effectsMargin : 0;
    return toPsBounds({ left: r.left - m, top: r.top - m, right: r.right + m, bottom: r.bottom + m });
  }
  /** The layer's pixels only, what getPixels trims to. */
  get boundsNoEffects(): PsBounds {
    return toPsBounds(layerBounds(this.state));
  }
  get parent(): FakeLayer | null {
    const found = locate(this.core.record(this.documentId).state, this.id);
    if (!found) throw new Error(`Layer ${this.id} no longer exists`);
    return found.parent ? new FakeLayer(this.core, this.documentId, found.parent.id) : null;
  }
  get layers(): PsLayerList | null {
    const children = this.state.children;
    return children ? layerList(this.core, this.documentId, children) : null;
  }
  get isBackgroundLayer(): boolean {
    return this.state.isBackground;
  }
  /** Whether it is clipped to the layer below (@types/photoshop: "being used as a clipping mask"). */
  get isClippingMask(): boolean {
    return this.state.clipped;
  }
  /**
   * Clipping and releasing as Photoshop's Create / Release Clipping Mask do: releasing a layer in
   * the middle of a clipping group releases the clipped layers above it too (they would otherwise
   * clip to it); the bottom layer of the stack cannot be clipped.
   */
  set isClippingMask(clipped: boolean) {
    this.change(clipped ? 'Create Clipping Mask' : 'Release Clipping Mask', 'set', (layer, doc) => {
      const found = locate(doc, this.id);
      if (!found) throw new Error('Layer vanished');
      const at = found.siblings.indexOf(layer);
      if (clipped) {
        if (at === found.siblings.length - 1) throw new Error('The bottom layer cannot be clipped');
        layer.clipped = true;
        return;
      }
      if (!layer.clipped) return;
      for (let i = at; i >= 0 && found.siblings[i].clipped; i--) found.siblings[i].clipped = false;
    });
  }
  get allLocked(): boolean {
    return this.state.allLocked;
  }
  get pixelsLocked(): boolean {
    return this.state.pixelsLocked || this.state.allLocked;
  }
  get positionLocked(): boolean {
    return this.state.positionLocked || this.state.allLocked;
  }
  get selected(): boolean {
    return this.core.record(this.documentId).state.selectedLayerIds.includes(this.id);
  }

  move(relativeObject: PsLayer, insertLocation: PlacementName): void {
    this.change('Move Layer', 'move', (layer, doc) => {
      if (layer.isBackground) throw new Error('The background layer cannot be moved');
      if (layer.allLocked) throw new Error('The layer is locked');
      if (relativeObject.id === this.id) throw new Error('A layer cannot be moved relative to itself');
      const target = locate(doc, relativeObject.id);
      if (!target) throw new Error(`Layer ${relativeObject.id} is not in this document`);
      // A group cannot be moved into itself or its descendants.
      for (let p = target.parent; p; p = locate(doc, p.id)?.parent ?? null) {
        if (p.id === this.id) throw new Error('A group cannot be moved inside itself');
      }
      const from = locate(doc, this.id);
      if (!from) throw new Error('Layer vanished');
      let destination: LayerState[];
      let index: number;
      let destinationGroup: LayerState | null;
      switch (insertLocation) {
        case 'placeBefore':
        case 'placeAfter':
          destination = target.siblings;
          destinationGroup = target.parent;
          break;
        case 'placeInside':
        case 'placeAtBeginning':
        case 'placeAtEnd':
          if (!target.layer.children) throw new Error(`${insertLocation} needs a group as the relative layer`);
          destination = target.layer.children;
          destinationGroup = target.layer;
          break;
        default:
          throw new Error(`Unknown ElementPlacement ${String(insertLocation)}`);
      }
      if (destinationGroup?.allLocked) throw new Error(`The group “${destinationGroup.name}” is locked`);
      from.siblings.splice(from.siblings.indexOf(from.layer), 1);
      if (insertLocation === 'placeBefore') index = destination.indexOf(target.layer);
      else if (insertLocation === 'placeAfter') index = destination.indexOf(target.layer) + 1;
      else if (insertLocation === 'placeAtEnd') index = destination.length;
      else index = 0;
      // Nothing may go below the background layer.
      const background = destination.findIndex((l) => l.isBackground);
      if (background >= 0 && index > background) throw new Error('Layers cannot be placed below the background');
      destination.splice(index, 0, from.layer);
      // Put inside a clipping group (under a clipped layer), a layer joins it: it is clipped too.
      if (index > 0 && destination[index - 1].clipped) from.layer.clipped = true;
    });
  }
}

export class FakeDocument implements PsDocument {
  constructor(
    private readonly core: FakePhotoshopCore,
    readonly id: number,
  ) {}

  private get state(): DocState {
    return this.core.record(this.id).state;
  }
  get typename(): 'Document' {
    return 'Document';
  }
  get title(): string {
    return this.state.title;
  }
  get width(): number {
    return this.state.width;
  }
  get height(): number {
    return this.state.height;
  }
  get mode() {
    return this.state.mode;
  }
  get bitsPerChannel() {
    return this.state.bitsPerChannel;
  }
  get layers(): PsLayerList {
    return layerList(this.core, this.id, this.state.layers);
  }
  get activeLayers(): PsLayerList {
    return this.state.selectedLayerIds.map((id) => new FakeLayer(this.core, this.id, id));
  }
  /** Like Photoshop 25: a fresh Selection on every read; `bounds` is the box of the selected pixels (it may reach past the canvas), null when none. */
  get selection(): PsSelection {
    const selection = this.state.pixelSelection;
    return {
      bounds: selection
        ? { left: selection.left, top: selection.top, right: selection.left + selection.width, bottom: selection.top + selection.height }
        : null,
    };
  }

  /** Like Photoshop 25: the new layer becomes the only selected layer; the fake always puts it at the TOP of the stack. */
  async createPixelLayer(options: PixelLayerOptions = {}): Promise<PsLayer | null> {
    const core = this.core;
    const id = core.mutate(this.id, 'New Layer', (doc) => {
      if (options.blendMode !== undefined && !BLEND_MODES.includes(options.blendMode)) {
        throw new Error(`Invalid blendMode ${String(options.blendMode)}`);
      }
      const opacity = options.opacity ?? 100;
      if (!(opacity >= 0 && opacity <= 100)) throw new Error(`Invalid opacity ${opacity}`);
      const layerId = nextLayerId(doc);
      doc.layers.unshift({
        id: layerId,
        name: options.name ?? `Layer ${layerId}`,
        kind: 'pixel',
        visible: true,
        opacity,
        blendMode: options.blendMode ?? 'normal',
        allLocked: false,
        pixelsLocked: false,
        positionLocked: false,
        isBackground: false,
        pixels: null,
        children: null,
        effectsMargin: 0,
        clipped: false,
      });
      doc.selectedLayerIds = [layerId];
      return layerId;
    }, (layerId) => ({ event: 'make', descriptor: { _obj: 'make', _target: [{ _ref: 'layer' }], layerID: [layerId], documentID: this.id } }));
    return new FakeLayer(core, this.id, id);
  }
}

function toPsBounds(r: Rect): PsBounds {
  return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.right - r.left, height: r.bottom - r.top };
}

/** The `_target` of a notification about one layer of one document. */
export function layerTarget(documentId: number, layerId: number): Array<Record<string, unknown>> {
  return [
    { _ref: 'layer', _id: layerId },
    { _ref: 'document', _id: documentId },
  ];
}

export function nextLayerId(doc: DocState): number {
  let max = 0;
  const walk = (list: LayerState[]): void => {
    for (const l of list) {
      max = Math.max(max, l.id);
      if (l.children) walk(l.children);
    }
  };
  walk(doc.layers);
  return max + 1;
}
