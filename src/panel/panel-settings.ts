/**
 * What the artist sets in the panel, and how it becomes the host's
 * ColorizeRequest. Layer choices are ids of the current document; a choice
 * that no longer exists there falls back to the automatic one.
 */
import type { ColorizeRequest, DocumentSummary, FlatsRequest, HintLayerRequest, RelightRequest } from '../host';
import { DEFAULT_SHADING_STRENGTH } from '../model';
import type { LightDirection } from '../model/types';

export type LineartChoice = 'active' | number;
export type HintChoice = 'auto' | 'none' | number;
export type WorkingScaleChoice = 'auto' | number;
/** 'model': no gapRadius in the request, so the engine uses the model's trained value. */
export type GapRadiusChoice = 'model' | number;
/** 'off': no shading in the request, so the host makes no shading layer. */
export type LightChoice = 'off' | LightDirection;

export interface PanelSettings {
  readonly lineart: LineartChoice;
  readonly hint: HintChoice;
  readonly blendMode: 'normal' | 'multiply';
  /** 0..1; 1 is the hint as painted, what the model was trained with. */
  readonly hintStrength: number;
  readonly workingScale: WorkingScaleChoice;
  /** Close gaps in the lines up to 2 * this many working pixels before hints spread (like a bucket fill's "close gap"). */
  readonly gapRadius: GapRadiusChoice;
  /** Try the webview (WebGPU) first; else the in-panel WASM engine. */
  readonly useGpu: boolean;
  /** Hint strokes exactly as painted, instead of blended into the colour of their region. */
  readonly keepStrokes: boolean;
  /** Unpainted speech balloons, a comic page's unpainted gutters and panel backgrounds made white (ColorizeOptions.whitePaper). */
  readonly whitePaper: boolean;
  /** Margins and comic gutters (paper touching the page's edge, unhinted) left transparent on the new layer. */
  readonly leaveMargins: boolean;
  /** Form shading: where the light comes from; any other choice than 'off' adds a shading layer in Multiply. */
  readonly light: LightChoice;
  /** 0..1; how dark the side turned away from the light gets. */
  readonly shadingStrength: number;
}

export const DEFAULT_SETTINGS: PanelSettings = {
  lineart: 'active',
  hint: 'auto',
  blendMode: 'normal',
  hintStrength: 1,
  workingScale: 'auto',
  gapRadius: 'model',
  useGpu: true,
  keepStrokes: false,
  whitePaper: true,
  leaveMargins: false,
  light: 'off',
  shadingStrength: DEFAULT_SHADING_STRENGTH,
};

/** The working-resolution picker's entries: 'auto' measures how open the figure is and how thick its strokes are; numbers are page-to-network scales. */
export const WORKING_SCALE_CHOICES: ReadonlyArray<{ value: WorkingScaleChoice; label: string }> = [
  { value: 'auto', label: 'Auto (fit the figure)' },
  { value: 0.25, label: '25 %' },
  { value: 0.5, label: '50 %' },
  { value: 1, label: '100 %' },
  { value: 2, label: '200 %' },
];

/** The close-gaps picker's entries: radii in working pixels (the engine allows 0..16; these are the useful steps). */
export const GAP_RADIUS_CHOICES: ReadonlyArray<{ value: GapRadiusChoice; label: string }> = [
  { value: 'model', label: 'Model default' },
  { value: 0, label: 'Off' },
  { value: 1, label: 'Small (1 px)' },
  { value: 4, label: 'Large (4 px)' },
  { value: 8, label: 'Very large (8 px)' },
];

/** The light picker's entries, in the order an artist reads a compass drawn on the page. */
export const LIGHT_CHOICES: ReadonlyArray<{ value: LightChoice; label: string }> = [
  { value: 'off', label: 'Off' },
  { value: 'top-left', label: 'Top left' },
  { value: 'top', label: 'Top' },
  { value: 'top-right', label: 'Top right' },
  { value: 'left', label: 'Left' },
  { value: 'right', label: 'Right' },
  { value: 'bottom-left', label: 'Bottom left' },
  { value: 'bottom', label: 'Bottom' },
  { value: 'bottom-right', label: 'Bottom right' },
];

/** The settings without layer picks (lineart: the active layer, hints: automatic). */
export function forgetLayerPicks(settings: PanelSettings): PanelSettings {
  if (settings.lineart === 'active' && typeof settings.hint !== 'number') return settings;
  return { ...settings, lineart: 'active', hint: typeof settings.hint === 'number' ? 'auto' : settings.hint };
}

/** Drops layer picks that the document no longer has (another document became active, a layer was deleted). */
export function reconcileWithDocument(settings: PanelSettings, doc: DocumentSummary | null): PanelSettings {
  const ids = new Set(doc ? doc.layers.filter((l) => l.isPixelLayer).map((l) => l.id) : []);
  const lineart = typeof settings.lineart === 'number' && !ids.has(settings.lineart) ? 'active' : settings.lineart;
  const hint = typeof settings.hint === 'number' && !ids.has(settings.hint) ? 'auto' : settings.hint;
  return lineart === settings.lineart && hint === settings.hint ? settings : { ...settings, lineart, hint };
}

/** The lineart picked in the panel, as every request names it (none: the active layer). */
function lineartPick(settings: PanelSettings): { lineartLayerId?: number } {
  return settings.lineart === 'active' ? {} : { lineartLayerId: settings.lineart };
}

export function toColorizeRequest(settings: PanelSettings): ColorizeRequest {
  return {
    ...lineartPick(settings),
    ...(settings.hint === 'auto' ? {} : { hintLayerId: settings.hint === 'none' ? null : settings.hint }),
    blendMode: settings.blendMode,
    hintStrength: settings.hintStrength,
    workingScale: settings.workingScale,
    ...(settings.gapRadius === 'model' ? {} : { gapRadius: settings.gapRadius }),
    ...(settings.keepStrokes ? { keepStrokes: true } : {}),
    // On is the host's default too: the request names it only when the artist turned it off.
    ...(settings.whitePaper ? {} : { whitePaper: false }),
    ...(settings.leaveMargins ? { leaveMargins: true } : {}),
    ...(settings.light === 'off' ? {} : { shading: { light: settings.light, strength: settings.shadingStrength } }),
  };
}

/** Relight's request for these settings; undefined while the light is off (nothing to relight for). */
export function toRelightRequest(settings: PanelSettings): RelightRequest | undefined {
  if (settings.light === 'off') return undefined;
  return {
    ...lineartPick(settings),
    shading: { light: settings.light, strength: settings.shadingStrength },
  };
}

/** New hint layer: above the lineart picked (the active layer by default). */
export function toHintLayerRequest(settings: PanelSettings): HintLayerRequest {
  return lineartPick(settings);
}

/** Flats' request for these settings: the layers picked and Close gaps (the rest is Colorize's). */
export function toFlatsRequest(settings: PanelSettings): FlatsRequest {
  const { lineartLayerId, hintLayerId, gapRadius } = toColorizeRequest(settings);
  return {
    ...(lineartLayerId === undefined ? {} : { lineartLayerId }),
    ...(hintLayerId === undefined ? {} : { hintLayerId }),
    ...(gapRadius === undefined ? {} : { gapRadius }),
  };
}
