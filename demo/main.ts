/**
 * The demo page: wires the toolbar, the hint layer, the engine and the
 * result view together. Pixels only move through the engine's RgbaImage;
 * the page never interprets them.
 */
import {
  DEFAULT_SHADING_STRENGTH,
  isLightDirection,
  multiplyInPlace,
  invertedLineartNote,
  opaqueHintNote,
  paperAsUnpainted,
  type BackendName,
  type ColorizeResult,
  type RgbaImage,
  type ShadingOptions,
} from '../src/model';
import { DemoError } from './demo-error';
import { EngineClient } from './engine-client';
import type { EngineInfo } from './engine-protocol';
import { HintLayer } from './hint-layer';
import { beyondLimit, canvasToPng, downloadBlob, fetchBlob, MAX_SIDE, openHintImage, openImage, putImage, type OpenedImage } from './image-io';
import { readPageParams } from './page-params';

const EXAMPLE = {
  name: 'portrait-lineart.png',
  lineartUrl: 'examples/portrait-lineart.png',
  hintUrl: 'examples/portrait-hint.png',
};

/** Quick colours an illustrator reaches for first: skin, hair, cloth, sky, foliage. */
const SWATCHES: ReadonlyArray<[string, string]> = [
  ['#f3cfb0', 'light skin'],
  ['#b97a56', 'deep skin'],
  ['#e9c25c', 'blond'],
  ['#b5532b', 'auburn'],
  ['#5a3b2a', 'dark brown'],
  ['#2b2a2e', 'black'],
  ['#d9462b', 'red'],
  ['#7fb3e0', 'sky blue'],
  ['#3e5fa8', 'deep blue'],
  ['#5fa36a', 'leaf green'],
  ['#7a5bb5', 'violet'],
  ['#f7f5ef', 'white'],
];

const BACKEND_LABEL: Record<BackendName, string> = { webgpu: 'WebGPU', wasm: 'WASM (CPU)', native: 'native' };

type StatusState = 'loading' | 'ready' | 'running' | 'done' | 'cancelled' | 'error';
type NoticeKind = 'info' | 'warn' | 'error';

function element<T extends HTMLElement>(id: string, type: { new (): T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`demo page is missing #${id}`);
  return found;
}

const ui = {
  backend: element('backend', HTMLElement),
  notices: element('notices', HTMLElement),
  imageMeta: element('image-meta', HTMLElement),
  fileInput: element('file-input', HTMLInputElement),
  hintFileInput: element('hint-file-input', HTMLInputElement),
  toolBrush: element('tool-brush', HTMLButtonElement),
  toolEraser: element('tool-eraser', HTMLButtonElement),
  colour: element('brush-colour', HTMLInputElement),
  swatches: element('swatches', HTMLElement),
  size: element('brush-size', HTMLInputElement),
  sizeValue: element('brush-size-value', HTMLOutputElement),
  undo: element('undo', HTMLButtonElement),
  clear: element('clear', HTMLButtonElement),
  showHints: element('show-hints', HTMLInputElement),
  inputStage: element('input-stage', HTMLElement),
  outputStage: element('output-stage', HTMLElement),
  sheet: element('sheet', HTMLElement),
  resultSheet: element('result-sheet', HTMLElement),
  dropOverlay: element('drop-overlay', HTMLElement),
  lineart: element('lineart-canvas', HTMLCanvasElement),
  hint: element('hint-canvas', HTMLCanvasElement),
  brushRing: element('brush-ring', HTMLElement),
  colorize: element('colorize', HTMLButtonElement),
  flats: element('flats', HTMLButtonElement),
  cancel: element('cancel', HTMLButtonElement),
  strength: element('hint-strength', HTMLInputElement),
  strengthValue: element('hint-strength-value', HTMLOutputElement),
  closeGaps: element('close-gaps', HTMLSelectElement),
  keepStrokes: element('keep-strokes', HTMLInputElement),
  whitePaper: element('white-paper', HTMLInputElement),
  leaveMargins: element('leave-margins', HTMLInputElement),
  light: element('light', HTMLSelectElement),
  shadingStrength: element('shading-strength', HTMLInputElement),
  shadingStrengthValue: element('shading-strength-value', HTMLOutputElement),
  download: element('download', HTMLButtonElement),
  progress: element('progress', HTMLProgressElement),
  result: element('result-canvas', HTMLCanvasElement),
  resultPlaceholder: element('result-placeholder', HTMLElement),
  resultMeta: element('result-meta', HTMLElement),
  status: element('status', HTMLElement),
};

const params = readPageParams(location.search);
const hintLayer = new HintLayer(ui.hint, ui.brushRing);
const engineClient = new EngineClient();
let lineart: OpenedImage | undefined;
/**
 * The last result's flat colour (no shading) and the lineart it was made
 * from, kept so another light can be tried without colouring again
 * (relight). `meta` is its line without the light.
 */
let shown: { lineart: RgbaImage; colour: RgbaImage; meta: string } | undefined;
/** Bumped by every relight and run: a relight that finishes after a newer one (or a run) is dropped. */
let relightToken = 0;
/** The flats layer while the picture shown is flats: what Download saves (transparent where unpainted, no lines). */
let shownFlats: RgbaImage | undefined;
let engine: EngineInfo | undefined;
let running: AbortController | undefined;

/** Messages from the page's own code are already written for people; anything else gets context. */
function describe(err: unknown): string {
  if (err instanceof DemoError) return err.message;
  return `Something went wrong: ${err instanceof Error ? err.message : String(err)}. Reload the page and try again.`;
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

function setStatus(state: StatusState, text: string): void {
  ui.status.dataset.state = state;
  ui.status.dataset.kind = state === 'error' ? 'error' : state === 'done' ? 'done' : '';
  ui.status.textContent = text;
}

/** One notice per key; showing a key again replaces its text. */
function showNotice(key: string, kind: NoticeKind, text: string, dismissible = kind === 'error'): void {
  let notice = ui.notices.querySelector<HTMLElement>(`[data-key="${key}"]`);
  if (!notice) {
    notice = document.createElement('div');
    notice.className = 'notice';
    notice.dataset.key = key;
    notice.dataset.testid = `notice-${key}`;
    ui.notices.append(notice);
  }
  notice.dataset.kind = kind;
  notice.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  notice.replaceChildren();
  const body = document.createElement('p');
  body.textContent = text;
  notice.append(body);
  if (dismissible) {
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'dismiss';
    close.title = 'Dismiss';
    close.setAttribute('aria-label', 'Dismiss');
    close.textContent = '×';
    close.addEventListener('click', () => notice?.remove());
    notice.append(close);
  }
}

function clearNotice(key: string): void {
  ui.notices.querySelector(`[data-key="${key}"]`)?.remove();
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function ensureEngine(): Promise<EngineInfo> {
  return engineClient.start(params.backend).then((info) => {
    if (engine) return info;
    engine = info;
    ui.backend.textContent = BACKEND_LABEL[info.backend];
    ui.backend.dataset.backend = info.backend;
    if (info.fallbackReason) {
      showNotice(
        'backend',
        'warn',
        `WebGPU is not available (${info.fallbackReason}), so Deepcolor is falling back to WASM on your CPU. It works the same, just slower.`,
      );
    }
    if (!info.trained) {
      showNotice('model', 'info', 'This build carries an untrained stand-in model: the colours are noise until the trained model is dropped in.');
    }
    return info;
  });
}

// ---- the lineart and its hints -------------------------------------------------------------

/** Both sheets show the page at the same size: as large as the stage allows, small pages scaled up. */
function fitSheets(): void {
  if (!lineart) return;
  const { width, height } = lineart.image;
  const margin = 28;
  for (const [stage, sheet] of [
    [ui.inputStage, ui.sheet],
    [ui.outputStage, ui.resultSheet],
  ] as const) {
    const scale = Math.min((stage.clientWidth - margin) / width, (stage.clientHeight - margin) / height);
    if (!(scale > 0)) continue;
    sheet.style.width = `${Math.floor(width * scale)}px`;
    sheet.style.height = `${Math.floor(height * scale)}px`;
    // Tiny test pages are easier to judge as crisp pixels than as blur.
    sheet.classList.toggle('pixelated', scale >= 3);
  }
}

function showLineart(opened: OpenedImage, hint?: Parameters<HintLayer['reset']>[2]): void {
  lineart = opened;
  // The result pane empties: nothing to relight, and a relight or flats in flight is for the old page.
  shown = undefined;
  relightToken++;
  putImage(ui.lineart, opened.image);
  hintLayer.reset(opened.image.width, opened.image.height, hint);
  const { width, height } = opened.image;
  const scaled = width !== opened.fileWidth || height !== opened.fileHeight ? ` (scaled from ${opened.fileWidth} × ${opened.fileHeight})` : '';
  ui.imageMeta.textContent = `${opened.name} · ${width} × ${height} px${scaled}`;
  ui.result.width = width;
  ui.result.height = height;
  ui.result.classList.add('empty');
  ui.resultPlaceholder.hidden = false;
  ui.resultMeta.textContent = '';
  ui.download.disabled = true;
  fitSheets();
}

async function loadExample(): Promise<void> {
  const blob = await fetchBlob(EXAMPLE.lineartUrl, 'the example lineart');
  const opened = await openImage(blob, EXAMPLE.name, params.maxSide);
  const hint = await openHintImage(await fetchBlob(EXAMPLE.hintUrl, 'the example hints'), 'portrait-hint.png', opened);
  showLineart(opened, hint);
}

async function openUserFile(file: File): Promise<void> {
  if (running) {
    showNotice('error', 'error', 'Wait for the colouring to finish (or press Cancel) before opening another picture.');
    return;
  }
  try {
    const opened = await openImage(file, file.name, params.maxSide);
    showLineart(opened);
    clearNotice('error');
    clearNotice('hint');
    const inverted = invertedLineartNote(opened.image, `“${opened.name}”`, 'invert it in your editor, open it here');
    if (inverted !== undefined) showNotice('inverted', 'info', inverted, true);
    else clearNotice('inverted');
    if (beyondLimit(opened.fileWidth, opened.fileHeight)) {
      showNotice(
        'size',
        'info',
        `“${opened.name}” is ${opened.fileWidth} × ${opened.fileHeight} px, larger than the browser demo works at (${MAX_SIDE} px on the long side): ` +
          `it is opened at ${opened.image.width} × ${opened.image.height}, and the download is that size. The command-line tool colours pages at full size.`,
        true,
      );
    } else {
      clearNotice('size');
    }
    setStatus('ready', 'New lineart opened. Paint some colour hints, then press Colorize.');
  } catch (err) {
    showNotice('error', 'error', describe(err));
  }
}

/**
 * A hint layer saved as a picture (from Photoshop, or a CLI page's NAME.hint.png), in place of the
 * hints painted here, as one undoable edit. It must be the lineart file's size, as the CLI and the
 * plugin ask; strokes on white with no transparency have their white read as unpainted, as there.
 */
async function openHintFile(file: File): Promise<void> {
  if (running || !lineart) return;
  const page = lineart;
  try {
    const hint = await openHintImage(file, file.name, page);
    if (lineart !== page) return; // another page was opened meanwhile
    const paper = paperAsUnpainted(hint);
    hintLayer.load(hint);
    clearNotice('error');
    if (paper !== undefined) showNotice('hint', 'info', opaqueHintNote(`“${file.name}”`, paper), true);
    else clearNotice('hint');
    setStatus('ready', `Hints opened from “${file.name}” (Undo brings back the ones before). Press Colorize.`);
  } catch (err) {
    showNotice('error', 'error', describe(err));
  }
}

// ---- colouring ------------------------------------------------------------------------------

function setRunning(controller: AbortController | undefined): void {
  running = controller;
  const busy = controller !== undefined;
  // Cancel takes Colorize's place while a run lasts, so the toolbar never reflows.
  ui.colorize.hidden = busy;
  ui.flats.disabled = busy;
  ui.cancel.hidden = !busy;
  ui.progress.hidden = !busy;
  ui.fileInput.disabled = busy;
  ui.hintFileInput.disabled = busy;
  ui.resultPlaceholder.classList.toggle('busy', busy);
  hintLayer.setEnabled(!busy);
}

/** The controls a colouring is made with, other than Light and Shadows (which relight without one), by their labels. */
function colouringChoices(): Record<string, string> {
  return {
    'Hint strength': ui.strength.value,
    'Close gaps': ui.closeGaps.value,
    'Keep strokes': String(ui.keepStrokes.checked),
    'White balloons, gutters & panel backgrounds': String(ui.whitePaper.checked),
    'Leave margins': String(ui.leaveMargins.checked),
  };
}

function changedChoices(before: Record<string, string>, now: Record<string, string>): string[] {
  return Object.keys(before).filter((label) => before[label] !== now[label]);
}

/** The Light and Shadows controls as the engine's option; undefined while the light is off. */
function shadingChoice(): ShadingOptions | undefined {
  const light = ui.light.value;
  return isLightDirection(light) ? { light, strength: Number(ui.shadingStrength.value) } : undefined;
}


/** The picture shown and saved: the flat colour with the shading multiplied in, as Photoshop flattens a Multiply layer. */
function showPicture(colour: RgbaImage, shadingLayer: RgbaImage | undefined, meta: string, shading: ShadingOptions | undefined): void {
  shownFlats = undefined;
  const picture = shadingLayer ? { ...colour, data: colour.data.slice() } : colour;
  if (shadingLayer) multiplyInPlace(picture, shadingLayer);
  putImage(ui.result, picture);
  ui.result.classList.remove('empty');
  ui.resultPlaceholder.hidden = true;
  ui.download.disabled = false;
  // The controls may have moved since: the line says what this picture was made with.
  const shaded = shadingLayer && shading ? ` · light ${String(shading.light)}, shadows ${shading.strength.toFixed(2)}` : '';
  ui.resultMeta.textContent = `${meta}${shaded}`;
}

function showResult(result: ColorizeResult, shading: ShadingOptions | undefined, from: RgbaImage): void {
  const tiles = result.tilesTotal === 1 ? '1 tile' : `${result.tilesTotal} tiles`;
  const meta = `${result.image.width} × ${result.image.height} px · working scale ${result.workingScale.toFixed(2)} · ${tiles}`;
  // result.image is the flat colour (the shading comes as its own layer): kept as it is for relighting.
  shown = { lineart: from, colour: result.image, meta };
  showPicture(result.image, result.shading, meta, shading);
}

/**
 * Relight: the last result under the Light and Shadows now chosen, made from
 * its flat colour and lineart without running the network (the engine's
 * form shading alone, in the worker). Called when either control changes.
 */
async function relight(): Promise<void> {
  const last = shown;
  if (!last || running) return;
  const token = ++relightToken;
  const shading = shadingChoice();
  if (!shading) {
    showPicture(last.colour, undefined, last.meta, undefined);
    setStatus('done', 'Light off: the flat colours.');
    return;
  }
  const started = performance.now();
  try {
    const layer = await engineClient.shade(last.lineart, last.colour, shading);
    if (token !== relightToken || shown !== last) return; // a newer relight or run has taken over
    showPicture(last.colour, layer, last.meta, shading);
    setStatus('done', `Relit in ${seconds(performance.now() - started)}: light ${String(shading.light)}, without colouring again.`);
  } catch (err) {
    if (token === relightToken) setStatus('error', describe(err));
  }
}

async function colorize(): Promise<void> {
  if (running) return;
  if (!lineart) {
    setStatus('error', 'Open a lineart picture first.');
    return;
  }
  const source = lineart.image; // the picture this run colours, kept with its result for relighting
  relightToken++; // a relight or flats still in flight must not draw over this run
  const controller = new AbortController();
  // What this run is made with; a Light picked during it is drawn when it ends, other changes get a notice.
  const shading = shadingChoice();
  const asked = colouringChoices();
  setRunning(controller);
  clearNotice('error');
  clearNotice('options');
  ui.progress.value = 0;
  try {
    if (!engine) setStatus('running', 'Loading the model (first run only)…');
    await ensureEngine();
    controller.signal.throwIfAborted();
    setStatus('running', 'Colorizing…');
    const hint = hintLayer.isEmpty ? undefined : hintLayer.toImage();
    const result = await engineClient.colorize(source, hint, {
      hintStrength: Number(ui.strength.value),
      workingScale: params.workingScale,
      // '' is "Model default": no option, so the engine uses the model's trained radius.
      gapRadius: ui.closeGaps.value === '' ? undefined : Number(ui.closeGaps.value),
      keepStrokes: ui.keepStrokes.checked,
      whitePaper: ui.whitePaper.checked,
      leaveMargins: ui.leaveMargins.checked,
      shading,
      signal: controller.signal,
      onProgress: ({ fraction, tilesDone, tilesTotal }) => {
        ui.progress.value = fraction;
        // Before the first tile the engine reads the page (regions, the hint's strokes); after the last it finishes it.
        const step = tilesDone === 0 ? `reading the page, ${tilesTotal} tile${tilesTotal === 1 ? '' : 's'} to go` : tilesDone === tilesTotal ? 'finishing' : `tile ${tilesDone + 1} of ${tilesTotal}`;
        setStatus('running', `Colorizing… ${step}`);
      },
    });
    relightToken++;
    showResult(result, shading, source);
    setStatus('done', `Done in ${seconds(result.totalMs)} on ${BACKEND_LABEL[result.backend]} · network ${seconds(result.inferenceMs)}`);
    const changed = changedChoices(asked, colouringChoices());
    if (changed.length > 0) {
      showNotice('options', 'warn', `${changed.join(', ')} changed during the run, which used the earlier setting: press Colorize again to use ${changed.length > 1 ? 'them' : 'it'}.`, true);
    }
  } catch (err) {
    if (isAbort(err)) {
      setStatus('cancelled', 'Cancelled. Your hints are unchanged; press Colorize to try again.');
    } else {
      setStatus('error', describe(err));
      console.error(err);
    }
  } finally {
    setRunning(undefined);
  }
  // A Light or Shadows change during the run was not drawn (relight waits for runs): drawn now, on
  // this run's picture or, cancelled or failed, on the one before.
  if (JSON.stringify(shadingChoice()) !== JSON.stringify(shading)) await relight();
}

/** The flats as a picture to look at: over white, with the lineart multiplied over them as a Multiply layer would. */
function flatsPreview(flats: RgbaImage, lines: RgbaImage): RgbaImage {
  const out = new Uint8ClampedArray(flats.data.length);
  const f = flats.data;
  const l = lines.data;
  for (let p = 0; p < out.length; p += 4) {
    for (let c = 0; c < 3; c++) {
      const base = (f[p + c] * f[p + 3] + 255 * (255 - f[p + 3])) / 255;
      const line = (l[p + c] * l[p + 3] + 255 * (255 - l[p + 3])) / 255;
      out[p + c] = Math.round((base * line) / 255);
    }
    out[p + 3] = 255;
  }
  return { width: flats.width, height: flats.height, data: out };
}

/**
 * Flats: one flat colour per region the lines enclose (the hint's where
 * painted), made in the worker without the network and shown under the
 * lines. The picture is then flats, not a colouring: Light does not relight it.
 */
async function makeFlats(): Promise<void> {
  if (running || ui.flats.disabled) return;
  if (!lineart) {
    setStatus('error', 'Open a lineart picture first.');
    return;
  }
  const source = lineart.image;
  const token = ++relightToken; // a relight still in flight must not draw over the flats
  const before = shown;
  shown = undefined; // and a Light change meanwhile must not relight the picture the flats replace
  ui.flats.disabled = true;
  clearNotice('error');
  try {
    await ensureEngine();
    setStatus('running', 'Making flats…');
    const started = performance.now();
    const hint = hintLayer.isEmpty ? undefined : hintLayer.toImage();
    const layer = await engineClient.flats(source, hint, ui.closeGaps.value === '' ? undefined : Number(ui.closeGaps.value));
    if (token !== relightToken) return;
    shown = undefined;
    showPicture(flatsPreview(layer, source), undefined, `${layer.width} × ${layer.height} px · flats`, undefined);
    shownFlats = layer;
    setStatus('done', `Flats in ${seconds(performance.now() - started)}: one flat colour per region, without the network.`);
  } catch (err) {
    if (token !== relightToken) return; // a newer page or run has taken over; its status stands
    shown = before; // the picture shown is still the last colouring: Light relights it again
    setStatus('error', describe(err));
  } finally {
    ui.flats.disabled = running !== undefined;
  }
}

async function download(): Promise<void> {
  if (ui.result.classList.contains('empty')) return;
  const base = (lineart?.name ?? 'lineart').replace(/\.[^.]+$/, '');
  try {
    if (shownFlats) {
      // The flats themselves, to sit under the lineart as a layer: unpainted background transparent, no lines.
      const canvas = document.createElement('canvas');
      putImage(canvas, shownFlats);
      downloadBlob(await canvasToPng(canvas), `${base}-flats.png`);
    } else {
      downloadBlob(await canvasToPng(ui.result), `${base}-deepcolor.png`);
    }
  } catch (err) {
    showNotice('error', 'error', describe(err));
  }
}

// ---- controls -------------------------------------------------------------------------------

function selectTool(tool: 'brush' | 'eraser'): void {
  hintLayer.tool = tool;
  ui.toolBrush.setAttribute('aria-checked', String(tool === 'brush'));
  ui.toolEraser.setAttribute('aria-checked', String(tool === 'eraser'));
}

function setBrushSize(size: number): void {
  const clamped = Math.min(Number(ui.size.max), Math.max(Number(ui.size.min), Math.round(size)));
  ui.size.value = String(clamped);
  ui.sizeValue.textContent = String(clamped);
  hintLayer.brushSize = clamped;
}

function setColour(colour: string): void {
  ui.colour.value = colour;
  hintLayer.colour = colour;
  // The quick colour that is the brush's colour shows as pressed.
  for (const swatch of ui.swatches.querySelectorAll<HTMLButtonElement>('.swatch')) swatch.setAttribute('aria-pressed', String(swatch.dataset.colour === colour.toLowerCase()));
  selectTool('brush');
}

function setHintsVisible(visible: boolean): void {
  ui.showHints.checked = visible;
  ui.hint.classList.toggle('hidden-layer', !visible);
}

/** Shadows only means something with a light; the value is kept for when the light comes back on. */
function setLight(value: string): void {
  ui.light.value = value;
  ui.shadingStrength.disabled = !isLightDirection(ui.light.value);
}

function setShadingStrength(strength: number): void {
  ui.shadingStrength.value = String(strength);
  ui.shadingStrengthValue.textContent = Number(ui.shadingStrength.value).toFixed(2);
}

function wireControls(): void {
  for (const [colour, name] of SWATCHES) {
    const swatch = document.createElement('button');
    swatch.type = 'button';
    swatch.className = 'swatch';
    swatch.style.background = colour;
    swatch.dataset.colour = colour.toLowerCase();
    swatch.setAttribute('aria-pressed', 'false');
    swatch.title = name;
    swatch.setAttribute('aria-label', `Brush colour: ${name}`);
    swatch.addEventListener('click', () => setColour(colour));
    ui.swatches.append(swatch);
  }
  ui.colour.addEventListener('input', () => setColour(ui.colour.value));
  ui.toolBrush.addEventListener('click', () => selectTool('brush'));
  ui.toolEraser.addEventListener('click', () => selectTool('eraser'));
  ui.size.addEventListener('input', () => setBrushSize(Number(ui.size.value)));
  ui.strength.addEventListener('input', () => (ui.strengthValue.textContent = Number(ui.strength.value).toFixed(2)));
  ui.light.addEventListener('change', () => {
    setLight(ui.light.value);
    void relight();
  });
  ui.shadingStrength.addEventListener('input', () => setShadingStrength(Number(ui.shadingStrength.value)));
  // On release, not on every step of the drag: each relight is a pass over the picture.
  ui.shadingStrength.addEventListener('change', () => void relight());
  ui.undo.addEventListener('click', () => hintLayer.undo());
  ui.clear.addEventListener('click', () => hintLayer.clear());
  ui.showHints.addEventListener('change', () => setHintsVisible(ui.showHints.checked));
  ui.colorize.addEventListener('click', () => void colorize());
  ui.flats.addEventListener('click', () => void makeFlats());
  ui.cancel.addEventListener('click', () => running?.abort());
  ui.download.addEventListener('click', () => void download());
  hintLayer.onChange = () => (ui.undo.disabled = !hintLayer.canUndo);
  new ResizeObserver(() => fitSheets()).observe(ui.inputStage);
  hintLayer.colour = ui.colour.value;
  setBrushSize(Number(ui.size.value));
  // The engine's default strength, so the page starts where the CLI and the panel do.
  setShadingStrength(DEFAULT_SHADING_STRENGTH);
  setLight(ui.light.value);

  ui.fileInput.addEventListener('change', () => {
    const file = ui.fileInput.files?.[0];
    ui.fileInput.value = '';
    if (file) void openUserFile(file);
  });
  ui.hintFileInput.addEventListener('change', () => {
    const file = ui.hintFileInput.files?.[0];
    ui.hintFileInput.value = '';
    if (file) void openHintFile(file);
  });

  // Drag and drop anywhere on the page; the overlay shows where it lands.
  let dragDepth = 0;
  const hasFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') ?? false;
  window.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    dragDepth++;
    ui.dropOverlay.classList.add('visible');
  });
  window.addEventListener('dragover', (e) => {
    if (hasFiles(e)) e.preventDefault();
  });
  window.addEventListener('dragleave', () => {
    dragDepth = Math.max(0, dragDepth - 1);
    if (dragDepth === 0) ui.dropOverlay.classList.remove('visible');
  });
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    dragDepth = 0;
    ui.dropOverlay.classList.remove('visible');
    const file = e.dataTransfer?.files[0];
    if (file) void openUserFile(file);
  });

  window.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      running?.abort(); // wherever the focus is
      return;
    }
    // Letters belong to a focused field or menu (a menu's type-ahead picks its items by letter).
    const target = e.target as HTMLElement | null;
    const typing = target !== null && (target.tagName === 'SELECT' || target.tagName === 'TEXTAREA' || target.isContentEditable || (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'range'));
    if (typing) return;
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
      e.preventDefault();
      hintLayer.undo();
    } else if (e.ctrlKey || e.metaKey || e.altKey) {
      return;
    } else if (e.key === 'b') selectTool('brush');
    else if (e.key === 'e') selectTool('eraser');
    else if (e.key === 'h') setHintsVisible(!ui.showHints.checked);
    else if (e.key === '[') setBrushSize(hintLayer.brushSize * 0.8);
    else if (e.key === ']') setBrushSize(hintLayer.brushSize * 1.25);
  });
}

// ---- start ----------------------------------------------------------------------------------

async function start(): Promise<void> {
  wireControls();
  setStatus('loading', 'Loading the model and the example…');
  const engineReady = ensureEngine().catch((err: unknown) => {
    showNotice('engine', 'error', describe(err), false);
    ui.backend.textContent = 'not started';
    throw err;
  });
  const exampleReady = loadExample().catch((err: unknown) => {
    showNotice('error', 'error', describe(err));
    throw err;
  });
  const [engineOutcome, exampleOutcome] = await Promise.allSettled([engineReady, exampleReady]);
  if (engineOutcome.status === 'rejected') {
    setStatus('error', 'The model could not be started, so colouring is not possible in this browser. See the message above.');
    ui.colorize.disabled = true;
    ui.flats.disabled = true; // flats are made in the same engine worker
  } else if (exampleOutcome.status === 'rejected') {
    setStatus('ready', 'Open your own lineart (button or drag and drop) to begin.');
  } else if (!running) {
    setStatus('ready', 'Ready. Paint colour hints over the lines (or keep the example’s), then press Colorize.');
  }
}

void start().catch((err: unknown) => {
  setStatus('error', err instanceof DemoError ? err.message : `The demo could not start: ${String(err)}`);
});
