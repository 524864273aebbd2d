/**
 * The panel's widgets: UXP's built-in Spectrum elements (sp-picker,
 * sp-slider, sp-checkbox, sp-button, sp-progressbar), built once and
 * updated from PanelState. Nothing here reads or writes pixels; clicks go
 * to the controller.
 */
import type { DocumentSummary } from '../host';
import type { BackendName } from '../model/types';
import type { EngineStatus, LastRun, PanelController, PanelState, RunState } from './panel-controller';
import {
  GAP_RADIUS_CHOICES,
  LIGHT_CHOICES,
  WORKING_SCALE_CHOICES,
  type GapRadiusChoice,
  type HintChoice,
  type LightChoice,
  type LineartChoice,
} from './panel-settings';

export interface PickerOption<T> {
  readonly value: T;
  readonly label: string;
  readonly disabled?: boolean;
}

function el(tag: string, attributes: Record<string, string> = {}, text?: string): HTMLElement {
  // UXP's types declare createElement as returning Element; the Spectrum and HTML elements it makes are HTMLElements.
  const node = document.createElement(tag) as HTMLElement;
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** An sp-picker whose entries can be replaced; reports the chosen entry's value. */
class Picker<T> {
  readonly node: HTMLElement;
  private readonly menu: HTMLElement;
  private options: readonly PickerOption<T>[] = [];
  private key = '';

  constructor(label: string, onChange: (value: T) => void) {
    this.node = el('sp-picker', { label, size: 'm' });
    this.menu = el('sp-menu', { slot: 'options' });
    this.node.appendChild(this.menu);
    this.node.addEventListener('change', (event: Event) => {
      // UXP documents `evt.target.selectedIndex` for sp-picker/sp-menu change events.
      const target = event.target as { selectedIndex?: number } | null;
      const index = target?.selectedIndex ?? (this.node as HTMLElement & { selectedIndex?: number }).selectedIndex;
      const option = index === undefined ? undefined : this.options[index];
      if (option) onChange(option.value);
    });
  }

  show(options: readonly PickerOption<T>[], selected: T): void {
    const key = JSON.stringify(options) + '|' + JSON.stringify(selected);
    if (key === this.key) return;
    this.key = key;
    this.options = options;
    this.menu.textContent = '';
    for (const option of options) {
      const item = el('sp-menu-item', {}, option.label);
      if (option.disabled) item.setAttribute('disabled', '');
      if (option.value === selected) item.setAttribute('selected', '');
      this.menu.appendChild(item);
    }
  }

  setDisabled(disabled: boolean): void {
    if (disabled) this.node.setAttribute('disabled', '');
    else this.node.removeAttribute('disabled');
  }
}

function layerLabel(layer: DocumentSummary['layers'][number]): string {
  return `${'  '.repeat(layer.depth)}${layer.name}${layer.isEmpty ? ' (empty)' : ''}`;
}

/** The document's name and size, and the selection when there is one: Colorize and Flats then keep to it, as a filter would. */
export function documentLineText(doc: DocumentSummary | null): string {
  if (!doc) return 'No document open';
  const selection = doc.selection ? ` · only the ${doc.selection.width}×${doc.selection.height} selection` : '';
  return `${doc.title} — ${doc.width}×${doc.height}${selection}`;
}

export function lineartOptions(doc: DocumentSummary | null): PickerOption<LineartChoice>[] {
  const active = doc && doc.activeLayerIds.length === 1 ? doc.layers.find((l) => l.id === doc.activeLayerIds[0]) : undefined;
  const options: PickerOption<LineartChoice>[] = [{ value: 'active', label: active ? `Active layer (${active.name})` : 'Active layer' }];
  for (const layer of doc?.layers ?? []) options.push({ value: layer.id, label: layerLabel(layer), disabled: !layer.isPixelLayer });
  return options;
}

export function hintOptions(doc: DocumentSummary | null): PickerOption<HintChoice>[] {
  const suggested = doc?.layers.find((l) => l.id === doc.suggestedHintLayerId);
  const options: PickerOption<HintChoice>[] = [
    { value: 'auto', label: suggested ? `Automatic (${suggested.name})` : 'Automatic (a layer named "hint" or "colors")' },
    { value: 'none', label: 'None: colorize without hints' },
  ];
  for (const layer of doc?.layers ?? []) options.push({ value: layer.id, label: layerLabel(layer), disabled: !layer.isPixelLayer });
  return options;
}

export class PanelView {
  private readonly lineart: Picker<LineartChoice>;
  private readonly hint: Picker<HintChoice>;
  private readonly blend: Picker<'normal' | 'multiply'>;
  private readonly scale: Picker<'auto' | number>;
  private readonly gaps: Picker<GapRadiusChoice>;
  private readonly light: Picker<LightChoice>;
  private readonly strength: HTMLElement;
  private readonly shadows: HTMLElement;
  private readonly useGpu: HTMLElement;
  private readonly keepStrokes: HTMLElement;
  private readonly whitePaper: HTMLElement;
  private readonly leaveMargins: HTMLElement;
  private readonly colorizeButton: HTMLElement;
  private readonly relightButton: HTMLElement;
  private readonly flatsButton: HTMLElement;
  private readonly hintLayerButton: HTMLElement;
  private readonly cancelButton: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly problem: HTMLElement;
  private readonly documentLine: HTMLElement;
  private readonly runLine: HTMLElement;
  private readonly unsubscribe: () => void;

  constructor(
    root: HTMLElement,
    private readonly controller: PanelController,
  ) {
    this.documentLine = el('sp-detail', { class: 'muted' });
    this.lineart = new Picker('Lineart layer', (value) => controller.updateSettings({ lineart: value }));
    this.hint = new Picker('Hint layer', (value) => controller.updateSettings({ hint: value }));
    this.blend = new Picker('New layer blend mode', (value) => controller.updateSettings({ blendMode: value }));
    this.scale = new Picker('Working resolution', (value) => controller.updateSettings({ workingScale: value }));
    this.gaps = new Picker('Close gaps', (value) => controller.updateSettings({ gapRadius: value }));
    this.light = new Picker('Light', (value) => controller.updateSettings({ light: value }));

    this.strength = el('sp-slider', { min: '0', max: '100', step: '5', value: '100', 'value-label': '%' });
    this.strength.appendChild(el('sp-label', { slot: 'label' }, 'Hint strength'));
    this.strength.addEventListener('change', () => {
      const value = Number((this.strength as HTMLElement & { value?: number | string }).value);
      if (Number.isFinite(value)) controller.updateSettings({ hintStrength: value / 100 });
    });

    this.shadows = el('sp-slider', { min: '0', max: '100', step: '5', value: '35', 'value-label': '%' });
    this.shadows.appendChild(el('sp-label', { slot: 'label' }, 'Shadows'));
    this.shadows.addEventListener('change', () => {
      const value = Number((this.shadows as HTMLElement & { value?: number | string }).value);
      if (Number.isFinite(value)) controller.updateSettings({ shadingStrength: value / 100 });
    });

    this.useGpu = el('sp-checkbox', {}, 'Use GPU (WebGPU) when available');
    this.useGpu.addEventListener('change', () => {
      controller.updateSettings({ useGpu: Boolean((this.useGpu as HTMLElement & { checked?: boolean }).checked) });
    });

    this.keepStrokes = el('sp-checkbox', {}, 'Keep hint strokes exactly as painted');
    this.keepStrokes.addEventListener('change', () => {
      controller.updateSettings({ keepStrokes: Boolean((this.keepStrokes as HTMLElement & { checked?: boolean }).checked) });
    });

    this.whitePaper = el('sp-checkbox', {}, 'White balloons, gutters & panel backgrounds');
    this.whitePaper.addEventListener('change', () => {
      controller.updateSettings({ whitePaper: Boolean((this.whitePaper as HTMLElement & { checked?: boolean }).checked) });
    });

    this.leaveMargins = el('sp-checkbox', {}, 'Leave margins and gutters as paper');
    this.leaveMargins.addEventListener('change', () => {
      controller.updateSettings({ leaveMargins: Boolean((this.leaveMargins as HTMLElement & { checked?: boolean }).checked) });
    });

    this.colorizeButton = el('sp-button', { variant: 'cta' }, 'Colorize');
    this.colorizeButton.addEventListener('click', () => void controller.colorize());
    // Relight: the Light picked, on the shading of the last Colorize, without colouring again.
    this.relightButton = el('sp-button', { variant: 'secondary' }, 'Relight');
    this.relightButton.addEventListener('click', () => void controller.relight());
    // Flats: one flat colour per region the lines enclose, for the magic wand; no network.
    this.flatsButton = el('sp-button', { variant: 'secondary' }, 'Flats');
    this.flatsButton.addEventListener('click', () => void controller.flats());
    // A first page needs a layer to paint hints on: one click makes it, named so 'Automatic' finds it.
    this.hintLayerButton = el('sp-action-button', { quiet: '' }, 'New hint layer');
    this.hintLayerButton.addEventListener('click', () => void controller.addHintLayer());
    this.cancelButton = el('sp-button', { variant: 'secondary' }, 'Cancel');
    this.cancelButton.addEventListener('click', () => controller.cancel());

    this.progress = el('sp-progressbar', { max: '100', value: '0', size: 'm' });
    this.problem = el('sp-body', { size: 'S', class: 'error' });
    this.runLine = el('sp-detail', { class: 'muted run-line' });

    const row = (...children: HTMLElement[]): HTMLElement => {
      const node = el('div', { class: 'row' });
      for (const child of children) node.appendChild(child);
      return node;
    };
    const buttons = el('div', { class: 'buttons' });
    buttons.appendChild(this.colorizeButton);
    buttons.appendChild(this.cancelButton);
    buttons.appendChild(this.relightButton);
    buttons.appendChild(this.flatsButton);
    root.textContent = '';
    // appendChild, not append(): UXP documents Node.appendChild; ParentNode.append is not in its reference.
    for (const child of [
      row(this.documentLine),
      row(el('sp-label', {}, 'Lineart'), this.lineart.node),
      row(el('sp-label', {}, 'Hints'), this.hint.node, this.hintLayerButton),
      row(this.strength),
      row(el('sp-label', {}, 'Blend mode'), this.blend.node),
      row(el('sp-label', {}, 'Working resolution'), this.scale.node),
      row(el('sp-label', {}, 'Close gaps'), this.gaps.node),
      row(this.keepStrokes),
      row(this.whitePaper),
      row(this.leaveMargins),
      row(el('sp-label', {}, 'Light'), this.light.node),
      row(this.shadows),
      row(this.useGpu),
      buttons,
      row(this.progress),
      row(this.problem),
      row(this.runLine),
    ]) {
      root.appendChild(child);
    }
    this.unsubscribe = controller.subscribe((state) => this.render(state));
    this.render(controller.getState());
  }

  dispose(): void {
    this.unsubscribe();
  }

  private render(state: PanelState): void {
    const { settings, document: doc, run } = state;
    const busy = run.phase !== 'idle';
    this.documentLine.textContent = documentLineText(doc);
    this.lineart.show(lineartOptions(doc), settings.lineart);
    this.hint.show(hintOptions(doc), settings.hint);
    this.blend.show(
      [
        { value: 'normal', label: 'Normal' },
        { value: 'multiply', label: 'Multiply (keeps the lines dark)' },
      ],
      settings.blendMode,
    );
    this.scale.show(WORKING_SCALE_CHOICES, settings.workingScale);
    this.gaps.show(GAP_RADIUS_CHOICES, settings.gapRadius);
    this.light.show(LIGHT_CHOICES, settings.light);
    for (const picker of [this.lineart, this.hint, this.blend, this.scale, this.light]) picker.setDisabled(busy);
    // Closing gaps decides how hints spread, and which regions Flats finds (with hints or without).
    this.gaps.setDisabled(busy);
    setFlag(this.strength, 'disabled', busy || settings.hint === 'none');
    (this.strength as HTMLElement & { value?: number }).value = Math.round(settings.hintStrength * 100);
    (this.useGpu as HTMLElement & { checked?: boolean }).checked = settings.useGpu;
    setFlag(this.useGpu, 'checked', settings.useGpu);
    setFlag(this.useGpu, 'disabled', busy);
    // Off (the default), strokes close to their region's colour are blended into it; it only matters with hints.
    (this.keepStrokes as HTMLElement & { checked?: boolean }).checked = settings.keepStrokes;
    setFlag(this.keepStrokes, 'checked', settings.keepStrokes);
    setFlag(this.keepStrokes, 'disabled', busy || settings.hint === 'none');
    (this.whitePaper as HTMLElement & { checked?: boolean }).checked = settings.whitePaper;
    setFlag(this.whitePaper, 'checked', settings.whitePaper);
    // At hint strength 0 the engine leaves balloons and gutters to the network: greyed out, the box says it does nothing then.
    setFlag(this.whitePaper, 'disabled', busy || settings.hintStrength === 0);
    (this.leaveMargins as HTMLElement & { checked?: boolean }).checked = settings.leaveMargins;
    setFlag(this.leaveMargins, 'checked', settings.leaveMargins);
    setFlag(this.leaveMargins, 'disabled', busy);
    // Shading works without hints (it follows the lines), so only the light being off greys the strength out.
    setFlag(this.shadows, 'disabled', busy || settings.light === 'off');
    (this.shadows as HTMLElement & { value?: number }).value = Math.round(settings.shadingStrength * 100);
    setFlag(this.colorizeButton, 'disabled', busy || state.blocker !== null);
    // With a selection the command keeps to it, as a Photoshop filter does: the button says so.
    setText(this.colorizeButton, doc?.selection ? 'Colorize selection' : 'Colorize');
    setText(this.flatsButton, doc?.selection ? 'Flats in selection' : 'Flats');
    setFlag(this.relightButton, 'disabled', busy || state.relightBlocker !== null);
    // Why it is greyed out, where the artist looks for it (hovering the button), not as an error line.
    if (state.relightBlocker !== null) this.relightButton.setAttribute('title', state.relightBlocker);
    else this.relightButton.removeAttribute('title');
    setFlag(this.hintLayerButton, 'disabled', busy || state.hintLayerBlocker !== null);
    if (state.hintLayerBlocker !== null) this.hintLayerButton.setAttribute('title', state.hintLayerBlocker);
    else this.hintLayerButton.removeAttribute('title');
    setFlag(this.flatsButton, 'disabled', busy || state.flatsBlocker !== null);
    if (state.flatsBlocker !== null) this.flatsButton.setAttribute('title', state.flatsBlocker);
    else this.flatsButton.removeAttribute('title');
    setFlag(this.cancelButton, 'disabled', run.phase !== 'running');

    const percent = run.phase === 'running' ? Math.round(run.fraction * 100) : 0;
    this.progress.setAttribute('value', String(percent));
    (this.progress as HTMLElement & { value?: number }).value = percent;
    this.progress.style.visibility = run.phase === 'running' || run.phase === 'cancelling' ? 'visible' : 'hidden';
    this.runLine.textContent = runLineText(state);
    this.problem.textContent = [state.blocker, state.runMessage].filter((m) => m !== null).join('\n');
  }
}

/**
 * What is going on (a run, a tool), else what the last one did; until the
 * first Colorize, the model's state below it (unless an error line is
 * shown: that says what went wrong).
 */
function runLineText(state: PanelState): string {
  const { run } = state;
  if (run.phase === 'running') return progressLine(run, state.engine.state === 'ready');
  if (run.phase === 'cancelling') return 'Cancelling…';
  if (run.phase === 'relighting') return 'Relighting…';
  if (run.phase === 'addingHintLayer') return 'Making the hint layer…';
  if (run.phase === 'flatting') return 'Making flats…';
  const main = state.toolLine ?? (state.lastRun ? lastRunLine(state.lastRun) : '');
  const engine = state.lastRun === null && state.runMessage === null ? engineLine(state.engine) : '';
  return [main, engine].filter((line) => line !== '').join('\n');
}

function lastRunLine(last: LastRun): string {
  const backend = backendLabel(last.backend);
  const seconds = (last.totalMs / 1000).toFixed(1);
  const fallback = last.fallbackReason ? ` — WebGPU not used: ${last.fallbackReason}` : '';
  const warnings = last.warnings.length > 0 ? `\n${last.warnings.join('\n')}` : '';
  // The working resolution is shown because 'Auto' picks it per page: it tells the artist what 'Auto' did.
  const resolution = `${Math.round(last.workingScale * 100)} %`;
  const where = last.selection ? ` inside the ${last.selection.width}×${last.selection.height} selection` : '';
  return `Last run: ${backend}, ${seconds} s, ${last.tilesTotal} tile(s) at ${resolution}${where} → "${last.layerName}"${fallback}${warnings}`;
}

/**
 * A running Colorize: the tile it is at, and roughly how long is left once
 * that can be told. Before the engine says how many tiles, the layers are
 * being read, and on a first run the model loaded (`engineReady` false);
 * before the first tile, the page is being read (lines, regions, the hint's
 * strokes: a second or two on a big page).
 */
export function progressLine(run: Extract<RunState, { phase: 'running' }>, engineReady = false): string {
  if (run.tilesTotal === 0) return engineReady ? 'Reading the layers…' : 'Loading the model…';
  if (run.tilesDone === 0) return `Colorizing: reading the page (${run.tilesTotal} tile${run.tilesTotal === 1 ? '' : 's'} to go)…`;
  const at = `Colorizing: tile ${run.tilesDone} of ${run.tilesTotal}`;
  // After the last tile the page is finished (white patches, strokes) and written to its layer.
  if (run.tilesDone === run.tilesTotal) return `${at}, finishing…`;
  if (run.secondsLeft === null) return at;
  const left = run.secondsLeft < 60 ? `${Math.max(1, Math.round(run.secondsLeft))} s` : `${Math.round(run.secondsLeft / 60)} min`;
  return `${at}, about ${left} left`;
}

/** Before the first run: whether the model is loading or ready, and where it will run (so a missing GPU shows before the click). */
function engineLine(engine: EngineStatus): string {
  switch (engine.state) {
    case 'notLoaded':
      return '';
    case 'loading':
      return 'Loading the model…';
    case 'ready':
      return `Ready: ${backendLabel(engine.backend)}${engine.fallbackReason ? ` — WebGPU not used: ${engine.fallbackReason}` : ''}`;
    case 'failed':
      return `The model did not load (${engine.message}); Colorize will try again.`;
  }
}

function backendLabel(backend: BackendName): string {
  return backend === 'webgpu' ? 'WebGPU (webview)' : backend === 'wasm' ? 'WASM (in panel)' : backend;
}

function setFlag(node: HTMLElement, name: string, on: boolean): void {
  if (on) node.setAttribute(name, '');
  else node.removeAttribute(name);
}

/** Sets a widget's label only when it changes (render runs on every state change). */
function setText(node: HTMLElement, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}
