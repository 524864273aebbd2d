/**
 * Recording Colorize (and Relight, and Flats) as an Action step and playing it back.
 *
 * Photoshop stores the `info` object inside the Action and, at playback,
 * calls the global function named by `methodName` as (executionContext, info)
 * already inside a modal scope. Layer ids differ between documents, so layers
 * are recorded by role ("the active layer", "a layer named like a hint") or by
 * name. The info holds flat primitives only, so it survives the round trip
 * through an ActionDescriptor, under keys with the plugin's reverse-URL
 * prefix (`dev.deepcolor.version`...), as Adobe's action-recording guide
 * advises for a step's own properties: they cannot collide with Photoshop's
 * (`_obj`, `_target`...), whose leading underscore marks descriptor syntax.
 * Steps recorded before (keys `_deepcolorVersion`...) are still read.
 */
import { resolveEngine, type EngineSource } from './engine';
import { DeepcolorHostError } from './errors';
import type { HintChoice, LineartChoice } from './layer-roles';
import type { ExecutionContext, PhotoshopApi } from './photoshop-api';
import { runColorizeCommand, type ColorizeOutcome } from './colorize-command';
import { loadShaderOnce, runRelightCommand, type RelightSettings, type ShaderSource } from './relight-command';
import { loadFlatterOnce, runFlatsCommand, type FlatsSettings, type FlatterSource } from './flats-command';
import type { JobSettings } from './validate';
import { lightFromText } from '../model';
import type { ShadingOptions } from '../model/types';

export const ACTION_METHOD_NAME = 'deepcolorPlayback';
export const ACTION_STEP_NAME = 'Deepcolor Colorize';
export const RELIGHT_ACTION_STEP_NAME = 'Deepcolor Relight';
export const FLATS_ACTION_STEP_NAME = 'Deepcolor Flats';
const INFO_VERSION = 1;

/** The prefix of every key a recorded step holds. */
export const INFO_KEY_PREFIX = 'dev.deepcolor.';
/** The keys of steps recorded before the prefix: `_deepcolorVersion` for `version`... */
const LEGACY_KEY_PREFIX = '_deepcolor';

/** A step's fields as recorded: each key with INFO_KEY_PREFIX. */
type Recorded<T> = { readonly [K in keyof T & string as `dev.deepcolor.${K}`]: T[K] };

function recorded<T extends object>(fields: T): Recorded<T> {
  const info: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) info[INFO_KEY_PREFIX + key] = value;
  return info as Recorded<T>;
}

/** The fields of a recorded step by their short names, from either key style (the prefixed one wins). */
function fieldsOf(info: object): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(info)) {
    if (!key.startsWith(LEGACY_KEY_PREFIX) || key.length === LEGACY_KEY_PREFIX.length) continue;
    const name = key.slice(LEGACY_KEY_PREFIX.length);
    fields[name[0].toLowerCase() + name.slice(1)] = value;
  }
  for (const [key, value] of Object.entries(info)) if (key.startsWith(INFO_KEY_PREFIX)) fields[key.slice(INFO_KEY_PREFIX.length)] = value;
  return fields;
}

interface ColorizeFields {
  readonly version: number;
  readonly lineartBy: 'active' | 'name';
  readonly lineartName: string;
  readonly hintBy: 'auto' | 'none' | 'name';
  readonly hintName: string;
  readonly blendMode: 'normal' | 'multiply';
  /** -1: the engine's default. */
  readonly hintStrength: number;
  /** 'auto' or a scale. */
  readonly workingScale: string;
  /**
   * -1: the model's default. Steps recorded before this key existed lack it
   * and play with the model's default, which is what they ran with.
   */
  readonly gapRadius: number;
  /** Hint strokes kept as painted. Steps recorded before this key existed lack it and blend them. */
  readonly keepStrokes: boolean;
  /** Unpainted balloons and gutters made white. Steps recorded before this key existed lack it and make them white, as they did. */
  readonly whitePaper: boolean;
  readonly leaveMargins: boolean;
  /**
   * Form shading's light: 'off', a direction's name or degrees as text.
   * Steps recorded before this key existed lack it and play without shading.
   */
  readonly light: string;
  /** Form shading's strength (0..1); 0 with the light off. */
  readonly shade: number;
}
export type RecordedColorizeInfo = Recorded<ColorizeFields>;

/** The lineart and hint a run used, by role or name, so they replay on other documents. */
function rolesOf(
  settings: Pick<JobSettings, 'lineart' | 'hint'>,
  outcome: Pick<ColorizeOutcome, 'lineartLayerName' | 'hintLayerName'>,
): { lineartBy: 'active' | 'name'; lineartName: string; hintBy: 'auto' | 'none' | 'name'; hintName: string } {
  const lineartByName = settings.lineart.by !== 'active';
  const hintBy = settings.hint.by === 'none' ? 'none' : settings.hint.by === 'auto' ? 'auto' : outcome.hintLayerName === null ? 'none' : 'name';
  return {
    lineartBy: lineartByName ? 'name' : 'active',
    lineartName: lineartByName ? outcome.lineartLayerName : '',
    hintBy,
    hintName: hintBy === 'name' ? (outcome.hintLayerName ?? '') : '',
  };
}

/** The settings a run used, rewritten by role/name so they replay on other documents. */
export function encodeActionInfo(settings: JobSettings, outcome: Pick<ColorizeOutcome, 'lineartLayerName' | 'hintLayerName'>): RecordedColorizeInfo {
  return recorded<ColorizeFields>({
    version: INFO_VERSION,
    ...rolesOf(settings, outcome),
    blendMode: settings.blendMode,
    hintStrength: settings.hintStrength ?? -1,
    workingScale: String(settings.workingScale),
    gapRadius: settings.gapRadius ?? -1,
    keepStrokes: settings.keepStrokes === true,
    whitePaper: settings.whitePaper !== false,
    leaveMargins: settings.leaveMargins === true,
    light: settings.shading ? String(settings.shading.light) : 'off',
    shade: settings.shading ? settings.shading.strength : 0,
  });
}

/**
 * A recorded Relight: the lineart by role or name and the light. The
 * command key tells it from a Colorize step (which has none: steps
 * recorded before Relight existed are all Colorize).
 */
interface RelightFields {
  readonly version: number;
  readonly command: 'relight';
  readonly lineartBy: 'active' | 'name';
  readonly lineartName: string;
  readonly light: string;
  readonly shade: number;
}
export type RecordedRelightInfo = Recorded<RelightFields>;

/** A recorded Flats: the lineart and hint by role or name, and the gap radius. */
interface FlatsFields {
  readonly version: number;
  readonly command: 'flats';
  readonly lineartBy: 'active' | 'name';
  readonly lineartName: string;
  readonly hintBy: 'auto' | 'none' | 'name';
  readonly hintName: string;
  /** -1: the model's default. */
  readonly gapRadius: number;
}
export type RecordedFlatsInfo = Recorded<FlatsFields>;

export function encodeFlatsInfo(settings: FlatsSettings, outcome: { readonly lineartLayerName: string; readonly hintLayerName: string | null }): RecordedFlatsInfo {
  return recorded<FlatsFields>({
    version: INFO_VERSION,
    command: 'flats',
    ...rolesOf(settings, outcome),
    gapRadius: settings.gapRadius ?? -1,
  });
}

export function encodeRelightInfo(settings: RelightSettings, outcome: { readonly lineartLayerName: string }): RecordedRelightInfo {
  const lineartByName = settings.lineart.by !== 'active';
  return recorded<RelightFields>({
    version: INFO_VERSION,
    command: 'relight',
    lineartBy: lineartByName ? 'name' : 'active',
    lineartName: lineartByName ? outcome.lineartLayerName : '',
    light: String(settings.shading.light),
    shade: settings.shading.strength,
  });
}

function badInfo(detail: string): DeepcolorHostError {
  return new DeepcolorHostError(
    'BAD_ACTION_INFO',
    `This Deepcolor Action step cannot be played (${detail}). Record the step again with this version of Deepcolor.`,
  );
}

/** The recorded info as key/value pairs of this version, and a reader of its text values. */
function openInfo(info: unknown): { raw: Record<string, unknown>; text(key: string): string } {
  if (typeof info !== 'object' || info === null) throw badInfo('it carries no settings');
  const raw = fieldsOf(info);
  if (raw.version !== INFO_VERSION) throw badInfo(`settings version ${String(raw.version)}`);
  const text = (key: string): string => {
    const value = raw[key];
    if (typeof value !== 'string') throw badInfo(`${key} is missing`);
    return value;
  };
  return { raw, text };
}

function decodeLineart(text: (key: string) => string): LineartChoice {
  const lineartBy = text('lineartBy');
  if (lineartBy === 'active') return { by: 'active' };
  if (lineartBy === 'name') return { by: 'name', name: text('lineartName') };
  throw badInfo(`unknown lineart role “${lineartBy}”`);
}

/** Which command a recorded step is: Relight and Flats steps say so; every other step is a Colorize. */
export function recordedCommand(info: unknown): 'colorize' | 'relight' | 'flats' {
  const command = typeof info === 'object' && info !== null ? fieldsOf(info).command : undefined;
  return command === 'relight' || command === 'flats' ? command : 'colorize';
}

function decodeHint(text: (key: string) => string): HintChoice {
  const hintBy = text('hintBy');
  if (hintBy === 'auto' || hintBy === 'none') return { by: hintBy };
  if (hintBy === 'name') return { by: 'name', name: text('hintName') };
  throw badInfo(`unknown hint role “${hintBy}”`);
}

/** The recorded gap radius: undefined for the model's default (-1, or steps recorded before the key existed). */
function decodeGapRadius(gap: unknown): number | undefined {
  if (gap !== undefined && (typeof gap !== 'number' || !Number.isFinite(gap))) throw badInfo(`close gaps “${String(gap)}”`);
  return gap === undefined || gap < 0 ? undefined : gap;
}

export function decodeFlatsInfo(info: unknown): FlatsSettings {
  const { raw, text } = openInfo(info);
  if (raw.command !== 'flats') throw badInfo('it is not a Flats step');
  return { lineart: decodeLineart(text), hint: decodeHint(text), gapRadius: decodeGapRadius(raw.gapRadius) };
}

export function decodeRelightInfo(info: unknown): RelightSettings {
  const { raw, text } = openInfo(info);
  if (raw.command !== 'relight') throw badInfo('it is not a Relight step');
  const shading = decodeShading(raw.light, raw.shade).shading;
  if (!shading) throw badInfo('it has no light');
  return { lineart: decodeLineart(text), shading };
}

export function decodeActionInfo(info: unknown): JobSettings {
  const { raw, text } = openInfo(info);
  const lineart = decodeLineart(text);

  const hint = decodeHint(text);

  const blendMode = text('blendMode');
  if (blendMode !== 'normal' && blendMode !== 'multiply') throw badInfo(`unknown blend mode “${blendMode}”`);
  const strength = raw.hintStrength;
  if (typeof strength !== 'number' || !Number.isFinite(strength)) throw badInfo('hint strength is missing');
  const scaleText = text('workingScale');
  const workingScale = scaleText === 'auto' ? 'auto' : Number(scaleText);
  if (workingScale !== 'auto' && !Number.isFinite(workingScale)) throw badInfo(`working scale “${scaleText}”`);
  // Optional, so version 1 steps recorded without it still play (INFO_VERSION stays 1).
  const gapRadius = decodeGapRadius(raw.gapRadius);
  // Optional too: steps recorded before it blend strokes, as this version does by default.
  const keep = raw.keepStrokes;
  if (keep !== undefined && typeof keep !== 'boolean') throw badInfo(`keep strokes “${String(keep)}”`);
  // Optional too: steps recorded before it made balloons and gutters white, which is its default.
  const white = raw.whitePaper;
  if (white !== undefined && typeof white !== 'boolean') throw badInfo(`white balloons, gutters & panel backgrounds “${String(white)}”`);
  // Optional as well: steps recorded before it colour the margins.
  const margins = raw.leaveMargins;
  if (margins !== undefined && typeof margins !== 'boolean') throw badInfo(`leave margins “${String(margins)}”`);
  return {
    lineart,
    hint,
    blendMode,
    hintStrength: strength < 0 ? undefined : strength,
    workingScale,
    gapRadius,
    ...(keep === true ? { keepStrokes: true } : {}),
    ...(white === false ? { whitePaper: false } : {}),
    ...(margins === true ? { leaveMargins: true } : {}),
    ...decodeShading(raw.light, raw.shade),
  };
}

/** The recorded light and strength as JobSettings.shading; none when the step has no light (older steps). */
function decodeShading(light: unknown, shade: unknown): { shading?: ShadingOptions } {
  if (light === undefined || light === 'off') return {};
  if (typeof light !== 'string') throw badInfo(`light “${String(light)}”`);
  if (typeof shade !== 'number' || !Number.isFinite(shade)) throw badInfo(`shadow strength “${String(shade)}”`);
  const parsed = lightFromText(light);
  if (parsed === undefined) throw badInfo(`light “${light}”`);
  return { shading: { light: parsed, strength: shade } };
}

export interface PlaybackDeps {
  readonly photoshop: PhotoshopApi;
  readonly engine: EngineSource;
  readonly memoryBudgetBytes?: number;
  /** For Relight steps; without it they are refused. */
  readonly shader?: ShaderSource;
  /** For Flats steps; without it they are refused. */
  readonly flatter?: FlatterSource;
}

export type PlaybackHandler = (executionContext: ExecutionContext, info: unknown) => Promise<void>;

/** Runs a recorded step on the current document. Photoshop already holds the modal scope. */
export function createPlaybackHandler(deps: PlaybackDeps): PlaybackHandler {
  const shader = loadShaderOnce(deps.shader);
  const flatter = loadFlatterOnce(deps.flatter);
  return async (executionContext, info) => {
    if (recordedCommand(info) === 'flats') {
      const settings = decodeFlatsInfo(info);
      await runFlatsCommand({ photoshop: deps.photoshop, flats: await flatter(), memoryBudgetBytes: deps.memoryBudgetBytes }, executionContext, settings);
      return;
    }
    if (recordedCommand(info) === 'relight') {
      const settings = decodeRelightInfo(info);
      await runRelightCommand({ photoshop: deps.photoshop, shade: await shader(), memoryBudgetBytes: deps.memoryBudgetBytes }, executionContext, settings);
      return;
    }
    const settings = decodeActionInfo(info);
    const engine = await resolveEngine(deps.engine);
    await runColorizeCommand(
      { photoshop: deps.photoshop, engine, memoryBudgetBytes: deps.memoryBudgetBytes },
      executionContext,
      settings,
    );
  };
}

/** Makes `globalThis.deepcolorPlayback` the handler Photoshop calls when the Action plays. */
export function installPlaybackHandler(deps: PlaybackDeps): PlaybackHandler {
  const handler = createPlaybackHandler(deps);
  (globalThis as Record<string, unknown>)[ACTION_METHOD_NAME] = handler;
  return handler;
}

/** Offers the step to the Actions panel; Photoshop ignores it unless an Action is being recorded. */
export async function recordStep(photoshop: PhotoshopApi, info: RecordedColorizeInfo | RecordedRelightInfo | RecordedFlatsInfo): Promise<boolean> {
  const record = photoshop.action.recordAction;
  if (typeof record !== 'function') return false;
  const command = recordedCommand(info);
  const name = command === 'relight' ? RELIGHT_ACTION_STEP_NAME : command === 'flats' ? FLATS_ACTION_STEP_NAME : ACTION_STEP_NAME;
  await record.call(photoshop.action, { name, methodName: ACTION_METHOD_NAME }, info);
  return true;
}
