import { Presets, SingleBar } from 'cli-progress';

/**
 * Progress for people at a terminal (a live bar) and for logs/CI (plain
 * lines, no escape codes). Which one is decided by whether stdout is a TTY.
 */
export interface ProgressReporter {
  /** A page starts; `index` is 0-based. */
  startPage(file: string, index: number, pages: number): void;
  /** Fraction 0..1 of the current page. */
  pageProgress(fraction: number): void;
  /** A page finished (or failed, with a reason). */
  endPage(file: string, ok: boolean, detail: string): void;
  /** A line that must survive the bar (a warning, say). */
  note(message: string): void;
  stop(): void;
}

const SCALE = 1000;

class TtyProgress implements ProgressReporter {
  private readonly bar: SingleBar;
  private started = false;
  private base = 0;

  constructor(private readonly stream: NodeJS.WriteStream) {
    this.bar = new SingleBar(
      {
        stream,
        format: '{bar} {percentage}% | {page}/{pages} | ETA {eta_formatted} | {file}',
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 30,
        fps: 5,
      },
      Presets.shades_classic,
    );
  }

  startPage(file: string, index: number, pages: number): void {
    this.base = index * SCALE;
    const payload = { file, page: index + 1, pages };
    if (!this.started) {
      this.bar.start(pages * SCALE, this.base, payload);
      this.started = true;
    } else {
      this.bar.update(this.base, payload);
    }
  }

  pageProgress(fraction: number): void {
    if (this.started) this.bar.update(this.base + Math.round(Math.min(1, Math.max(0, fraction)) * SCALE));
  }

  endPage(file: string, ok: boolean, detail: string): void {
    if (!this.started) return;
    this.bar.update(this.base + SCALE);
    if (!ok) this.note(`failed: ${file}: ${detail}`);
  }

  note(message: string): void {
    // Write the line above the bar, then let the bar redraw below it.
    if (this.started) this.stream.write('\r\x1b[K');
    this.stream.write(`${message}\n`);
    if (this.started) this.bar.render();
  }

  stop(): void {
    if (this.started) this.bar.stop();
    this.started = false;
  }
}

class LineProgress implements ProgressReporter {
  private startedAt = 0;
  constructor(private readonly stream: NodeJS.WritableStream) {}

  startPage(file: string, index: number, pages: number): void {
    this.startedAt = Date.now();
    this.stream.write(`[${index + 1}/${pages}] ${file} ...\n`);
  }

  pageProgress(): void {
    // Per-tile lines would flood logs; the page lines are enough.
  }

  endPage(file: string, ok: boolean, detail: string): void {
    const secs = ((Date.now() - this.startedAt) / 1000).toFixed(1);
    this.stream.write(ok ? `  ok ${file} -> ${detail} (${secs} s)\n` : `  FAILED ${file}: ${detail}\n`);
  }

  note(message: string): void {
    this.stream.write(`${message}\n`);
  }

  stop(): void {}
}

class SilentProgress implements ProgressReporter {
  startPage(): void {}
  pageProgress(): void {}
  endPage(): void {}
  note(message: string): void {
    process.stdout.write(`${message}\n`);
  }
  stop(): void {}
}

/**
 * A bar on a TTY; otherwise plain per-page lines, or nothing at all when
 * `linesWhenPiped` is false (a single page prints its own summary line).
 */
export function createProgress(linesWhenPiped: boolean, stream: NodeJS.WriteStream = process.stdout): ProgressReporter {
  if (stream.isTTY) return new TtyProgress(stream);
  return linesWhenPiped ? new LineProgress(stream) : new SilentProgress();
}
