/**
 * Remembers the artist's options between sessions in UXP's localStorage
 * (per plugin). Layer picks are not kept: layer ids belong to one document.
 */
import { DEFAULT_SETTINGS, GAP_RADIUS_CHOICES, LIGHT_CHOICES, WORKING_SCALE_CHOICES, type PanelSettings } from './panel-settings';

const KEY = 'deepcolor.panelSettings.v1';

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function storage(): StorageLike | undefined {
  const candidate = (globalThis as { localStorage?: StorageLike }).localStorage;
  return candidate && typeof candidate.getItem === 'function' ? candidate : undefined;
}

export function loadSettings(): PanelSettings {
  try {
    const text = storage()?.getItem(KEY);
    if (!text) return DEFAULT_SETTINGS;
    const saved = JSON.parse(text) as Record<string, unknown>;
    const scales = WORKING_SCALE_CHOICES.map((c) => c.value);
    const gaps = GAP_RADIUS_CHOICES.map((c) => c.value);
    const lights = LIGHT_CHOICES.map((c) => c.value);
    return {
      ...DEFAULT_SETTINGS,
      ...(saved.blendMode === 'normal' || saved.blendMode === 'multiply' ? { blendMode: saved.blendMode } : {}),
      ...(typeof saved.hintStrength === 'number' && saved.hintStrength >= 0 && saved.hintStrength <= 1 ? { hintStrength: saved.hintStrength } : {}),
      ...(scales.includes(saved.workingScale as PanelSettings['workingScale']) ? { workingScale: saved.workingScale as PanelSettings['workingScale'] } : {}),
      ...(gaps.includes(saved.gapRadius as PanelSettings['gapRadius']) ? { gapRadius: saved.gapRadius as PanelSettings['gapRadius'] } : {}),
      ...(typeof saved.useGpu === 'boolean' ? { useGpu: saved.useGpu } : {}),
      ...(typeof saved.keepStrokes === 'boolean' ? { keepStrokes: saved.keepStrokes } : {}),
      ...(typeof saved.whitePaper === 'boolean' ? { whitePaper: saved.whitePaper } : {}),
      ...(typeof saved.leaveMargins === 'boolean' ? { leaveMargins: saved.leaveMargins } : {}),
      ...(lights.includes(saved.light as PanelSettings['light']) ? { light: saved.light as PanelSettings['light'] } : {}),
      ...(typeof saved.shadingStrength === 'number' && saved.shadingStrength >= 0 && saved.shadingStrength <= 1 ? { shadingStrength: saved.shadingStrength } : {}),
    };
  } catch {
    return DEFAULT_SETTINGS;
  }
}

export function saveSettings(settings: PanelSettings): void {
  const { blendMode, hintStrength, workingScale, gapRadius, useGpu, keepStrokes, whitePaper, leaveMargins, light, shadingStrength } = settings;
  try {
    storage()?.setItem(KEY, JSON.stringify({ blendMode, hintStrength, workingScale, gapRadius, useGpu, keepStrokes, whitePaper, leaveMargins, light, shadingStrength }));
  } catch {
    // Storage full or unavailable: the options simply are not remembered.
  }
}
