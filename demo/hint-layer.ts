/**
 * The hint layer: a canvas over the lineart that the person paints colour
 * hints on. Its pixels (colour + alpha) are exactly what the engine gets as
 * the hint image; transparent means "no hint here".
 *
 * Edits are kept as a list (strokes, clears, hint pictures opened) over an
 * optional base image (the example's hints), so undo is a replay without the
 * last edit.
 */
import type { RgbaImage } from '../src/model';
import { DemoError } from './demo-error';

export type HintTool = 'brush' | 'eraser';

interface Point {
  readonly x: number;
  readonly y: number;
}

type HintEdit =
  | { readonly kind: 'stroke'; readonly colour: string; readonly erase: boolean; readonly width: number; readonly points: Point[] }
  | { readonly kind: 'clear' }
  | { readonly kind: 'image'; readonly pixels: ImageData };

export class HintLayer {
  tool: HintTool = 'brush';
  colour = '#d9462b';
  /** Brush diameter in screen pixels, so it feels the same at any zoom. */
  brushSize = 14;
  /** Called after every finished edit, undo and reset. */
  onChange: () => void = () => undefined;

  private readonly ctx: CanvasRenderingContext2D;
  private base: ImageData | undefined;
  private edits: HintEdit[] = [];
  private active: Extract<HintEdit, { kind: 'stroke' }> | undefined;
  private enabled = true;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly ring: HTMLElement,
  ) {
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new DemoError('This browser could not create a 2D canvas, which the demo needs.');
    this.ctx = ctx;
    canvas.addEventListener('pointerdown', (e) => this.begin(e));
    canvas.addEventListener('pointermove', (e) => this.extend(e));
    canvas.addEventListener('pointerup', (e) => this.end(e));
    canvas.addEventListener('pointercancel', (e) => this.end(e));
    canvas.addEventListener('pointerleave', () => (this.ring.style.display = 'none'));
  }

  /** A fresh layer of the given size, optionally starting from existing hints. */
  reset(width: number, height: number, base?: RgbaImage): void {
    if (base && (base.width !== width || base.height !== height)) {
      throw new Error(`hint base is ${base.width}x${base.height}, layer is ${width}x${height}`);
    }
    this.canvas.width = width;
    this.canvas.height = height;
    this.base = base ? new ImageData(new Uint8ClampedArray(base.data), width, height) : undefined;
    this.edits = [];
    this.active = undefined;
    this.redraw();
    this.onChange();
  }

  /** Pointer input is ignored while a colorization runs, so what is sent is what is shown. */
  setEnabled(enabled: boolean): void {
    this.enabled = enabled;
    if (!enabled) this.active = undefined;
  }

  get canUndo(): boolean {
    return this.edits.length > 0;
  }

  /** True if any pixel of the layer carries a hint. */
  get isEmpty(): boolean {
    const { data } = this.ctx.getImageData(0, 0, this.canvas.width, this.canvas.height);
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return false;
    return true;
  }

  undo(): void {
    if (this.edits.pop()) {
      this.redraw();
      this.onChange();
    }
  }

  clear(): void {
    if (this.edits.at(-1)?.kind === 'clear' || (this.edits.length === 0 && !this.base)) return;
    this.edits.push({ kind: 'clear' });
    this.redraw();
    this.onChange();
  }

  /** Replaces the hints with a picture of the layer's size (a hint layer saved from elsewhere), as one undoable edit. */
  load(image: RgbaImage): void {
    if (image.width !== this.canvas.width || image.height !== this.canvas.height) {
      throw new Error(`hint image is ${image.width}x${image.height}, layer is ${this.canvas.width}x${this.canvas.height}`);
    }
    this.edits.push({ kind: 'image', pixels: new ImageData(new Uint8ClampedArray(image.data), image.width, image.height) });
    this.redraw();
    this.onChange();
  }

  toImage(): RgbaImage {
    const { data } = this.ctx.getImageData(0, 0, this.canvas.width, this.canvas.height);
    return { width: this.canvas.width, height: this.canvas.height, data };
  }

  private toLayer(e: PointerEvent): Point {
    const rect = this.canvas.getBoundingClientRect();
    return {
      x: ((e.clientX - rect.left) * this.canvas.width) / rect.width,
      y: ((e.clientY - rect.top) * this.canvas.height) / rect.height,
    };
  }

  private layerPixelsPerScreenPixel(): number {
    const rect = this.canvas.getBoundingClientRect();
    return rect.width > 0 ? this.canvas.width / rect.width : 1;
  }

  private moveRing(e: PointerEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    const ring = this.ring.style;
    ring.display = 'block';
    ring.left = `${e.clientX - rect.left}px`;
    ring.top = `${e.clientY - rect.top}px`;
    ring.width = ring.height = `${this.brushSize}px`;
  }

  private begin(e: PointerEvent): void {
    if (!this.enabled || e.button !== 0) return;
    e.preventDefault();
    this.canvas.setPointerCapture(e.pointerId);
    this.active = {
      kind: 'stroke',
      colour: this.colour,
      erase: this.tool === 'eraser',
      width: Math.max(1, this.brushSize * this.layerPixelsPerScreenPixel()),
      points: [this.toLayer(e)],
    };
    this.paint(this.active, 0);
  }

  private extend(e: PointerEvent): void {
    this.moveRing(e);
    if (!this.active) return;
    const stroke = this.active;
    // Coalesced events keep fast pen strokes smooth.
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    const firstNew = stroke.points.length;
    for (const event of events.length > 0 ? events : [e]) stroke.points.push(this.toLayer(event));
    this.paint(stroke, firstNew);
  }

  private end(e: PointerEvent): void {
    if (!this.active) return;
    if (this.canvas.hasPointerCapture(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
    this.edits.push(this.active);
    this.active = undefined;
    this.onChange();
  }

  /**
   * Paints a stroke: its first dab, then its segments from point index `first` on. Each segment
   * is its own round-capped path, so painting live (a few segments per pointer event) and
   * replaying after an undo give exactly the same pixels.
   */
  private paint(stroke: Extract<HintEdit, { kind: 'stroke' }>, first: number): void {
    const ctx = this.ctx;
    ctx.save();
    ctx.globalCompositeOperation = stroke.erase ? 'destination-out' : 'source-over';
    ctx.strokeStyle = ctx.fillStyle = stroke.erase ? '#000' : stroke.colour;
    ctx.lineWidth = stroke.width;
    ctx.lineCap = 'round';
    const pts = stroke.points;
    if (first === 0) {
      ctx.beginPath();
      ctx.arc(pts[0].x, pts[0].y, stroke.width / 2, 0, Math.PI * 2);
      ctx.fill();
    }
    for (let i = Math.max(1, first); i < pts.length; i++) {
      ctx.beginPath();
      ctx.moveTo(pts[i - 1].x, pts[i - 1].y);
      ctx.lineTo(pts[i].x, pts[i].y);
      ctx.stroke();
    }
    ctx.restore();
  }

  private redraw(): void {
    this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    if (this.base) this.ctx.putImageData(this.base, 0, 0);
    for (const edit of this.edits) {
      if (edit.kind === 'clear') this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
      else if (edit.kind === 'image') this.ctx.putImageData(edit.pixels, 0, 0);
      else this.paint(edit, 0);
    }
  }
}
