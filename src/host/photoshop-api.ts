/**
 * The slice of the `photoshop` module the host uses, as structural types.
 *
 * Why not use the classes from @types/photoshop directly: `Layer`, `Document`
 * and `Layers` are declared as classes with private members, so nothing but
 * Photoshop itself can produce values of those types, and the test fake could
 * not be typed against them. Every member below is copied from (or narrowed
 * from) @types/photoshop 25.0.4, and `photoshop-module.ts` proves at compile
 * time that the real module is assignable to `PhotoshopApi`: a member the real
 * API lacks, or a signature that disagrees, fails to compile there. The fake
 * under test/fakes implements these same interfaces.
 *
 * Enum-typed members use template-literal types (`${LayerKind}` is the union of
 * the enum's string values), which the real enum types are assignable to; the
 * host compares and passes the documented string values ('pixel',
 * 'placeBefore', 'multiply') so it never needs the runtime enum objects.
 */
import type * as Constants from 'photoshop/dom/Constants';
import type { imaging } from 'photoshop/dom/ImagingModule';
import type { ActionDescriptor, BatchPlayCommandOptions, ExecutionContext } from 'photoshop/dom/CoreModules';

export type { ExecutionContext, ActionDescriptor };
export type LayerKindName = `${Constants.LayerKind}`;
export type DocumentModeName = `${Constants.DocumentMode}`;
export type BitDepthName = `${Constants.BitsPerChannelType}`;
export type BlendModeName = `${Constants.BlendMode}`;
export type PlacementName = `${Constants.ElementPlacement}`;

export type PhotoshopImageData = imaging.PhotoshopImageData;
export type PixelBounds = imaging.Bounds;

export interface PsBounds {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly width: number;
  readonly height: number;
}

/** Photoshop's `Layers` collection: array-like; a fresh one on every read. */
export interface PsLayerList {
  readonly length: number;
  readonly [index: number]: PsLayer;
}

export interface PsLayer {
  readonly id: number;
  readonly name: string;
  readonly kind: LayerKindName;
  readonly visible: boolean;
  readonly opacity: number;
  readonly blendMode: BlendModeName;
  /**
   * Trimmed to the layer's non-transparent pixels, including what its effects (a drop shadow, a
   * stroke) reach; all zero for an empty layer. Where pixels are read, use boundsNoEffects.
   */
  readonly bounds: PsBounds;
  /** The layer's own pixels, effects left out (Photoshop 22.5+): what getPixels can read. */
  readonly boundsNoEffects: PsBounds;
  readonly parent: PsLayer | null;
  /** Children of a group (top first); null for every other kind. */
  readonly layers: PsLayerList | null;
  readonly isBackgroundLayer: boolean;
  /**
   * Clipped to the layer below it (Photoshop 22.5+; @types/photoshop: "being used as a clipping
   * mask"). Set false on a layer in the middle of a clipping group, Photoshop releases the
   * clipped layers above it too.
   */
  isClippingMask: boolean;
  readonly allLocked: boolean;
  readonly pixelsLocked: boolean;
  readonly positionLocked: boolean;
  move(relativeObject: PsLayer, insertLocation: PlacementName): void;
}

export interface PixelLayerOptions {
  name?: string;
  blendMode?: BlendModeName;
  opacity?: number;
}

/** The document's pixel selection (Photoshop 25.0+): a marquee, lasso, magic wand... */
export interface PsSelection {
  /** The selection's bounding box in pixels (it may reach past the canvas); null when nothing is selected. */
  readonly bounds: Pick<PsBounds, 'left' | 'top' | 'right' | 'bottom'> | null;
}

export interface PsDocument {
  readonly id: number;
  readonly title: string;
  /** Pixels. */
  readonly width: number;
  readonly height: number;
  readonly mode: DocumentModeName;
  readonly bitsPerChannel: BitDepthName;
  /** Top-level layers, top of the stack first. */
  readonly layers: PsLayerList;
  readonly activeLayers: PsLayerList;
  /** Optional here so the host feature-detects it: `Document.selection` is Photoshop 25.0+. */
  readonly selection?: PsSelection;
  createPixelLayer(options?: PixelLayerOptions): Promise<PsLayer | null>;
}

export interface PsApp {
  /** Typed non-null in @types/photoshop, but null when no document is open. */
  readonly activeDocument: PsDocument | null;
}

export interface ModalOptions {
  commandName: string;
  interactive?: boolean;
  /**
   * How long to retry while another plugin holds the modal state, in SECONDS (newer @types/photoshop:
   * "will retry until this duration of seconds has passed"; Photoshop 25.10+; missing from 25.0.4).
   * Not used: a busy Photoshop is reported at once.
   */
  timeOut?: number;
}

export interface PsCore {
  executeAsModal<T>(
    targetFunction: (executionContext: ExecutionContext, descriptor?: object) => Promise<T>,
    options: ModalOptions,
  ): Promise<T>;
}

export interface RecordActionOptions {
  name: string;
  methodName: string;
}

/** Called after a Photoshop event, with the event's name and the descriptor of what was done. */
export type NotificationListener = (eventName: string, descriptor: ActionDescriptor) => void;

export interface PsAction {
  batchPlay(commands: ActionDescriptor[], options?: BatchPlayCommandOptions): Promise<ActionDescriptor[]>;
  /** Photoshop 25.0+; absent from @types/photoshop 25.0.4 (see types-augment.d.ts). */
  recordAction?(options: RecordActionOptions, info: object): Promise<void> | void;
  /** Photoshop 23.0+. Optional here so the host feature-detects it (and the fake can leave it out). */
  addNotificationListener?(events: string[], listener: NotificationListener): Promise<void>;
  /** Removes `listener` from exactly these events (Photoshop 23.0+). */
  removeNotificationListener?(events: string[], listener: NotificationListener): Promise<void>;
}

export type PsImaging = Pick<typeof imaging, 'getPixels' | 'putPixels' | 'createImageDataFromBuffer' | 'getSelection'>;

/** What the host needs from `require('photoshop')`. */
export interface PhotoshopApi {
  readonly app: PsApp;
  readonly core: PsCore;
  readonly action: PsAction;
  /** Missing before Photoshop 24.4 (and as `imaging_beta` only in some betas): feature-detect. */
  readonly imaging?: PsImaging;
}
