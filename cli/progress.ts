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
  /**
   * A line that must survive the bar (a note, a warning). Everything a run
   * prints while its bar may show goes through here: written to the
   * terminal any other way, it lands on the bar's line and is lost.
   */
  note(message: string): void;
  stop(): void;
}

const SCALE = 1000;

/**
 * The ETA as the bar shows it: "--" until cli-progress has measured a rate.
 * Before that it holds "0", "NULL" or "INF", which its own format cuts to two
 * characters ("ETA NFs").
 */
export function formatEta(seconds: number | string): string {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return '--';
  const s = Math.max(0, Math.round(seconds));
  const two = (n: number): string => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${two(s % 60)}s`;
  return `${Math.floor(s / 3600)}h${two(Math.floor((s % 3600) / 60))}m`;
}

/** Bars on the terminal now, so the Ctrl-C handler (cleanup.ts), which exits at once, can stop them. */
const liveBars = new Set<TtyProgress>();

/**
 * Stops every bar still showing: its line ended, the cursor shown and line
 * wrapping on again (the bar turns both off; left so, the shell's prompt has
 * no cursor and long lines are cut). Returns whether one was showing.
 */
export function stopLiveProgress(): boolean {
  const any = liveBars.size > 0;
  for (const bar of [...liveBars]) bar.stop();
  return any;
}

class TtyProgress implements ProgressReporter {
  private readonly bar: SingleBar;
  private started = false;
  private base = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly notes: NodeJS.WritableStream,
  ) {
    this.bar = new SingleBar(
      {
        stream,
        format: '{bar} {percentage}% | {page}/{pages} | ETA {eta_formatted} | {file}',
        formatTime: formatEta,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 30,
        fps: 5,
        // Drawn again even when unchanged: a note clears the bar's line, and render() must put it back.
        forceRedraw: true,
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
      liveBars.add(this);
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
    if (!this.started) {
      this.notes.write(`${message}\n`);
      return;
    }
    // The bar keeps line wrapping off (so it stays one line, redrawn in place): a note written so
    // would be cut at the terminal's width. Clear the bar's line, wrap the note, then draw the bar below it.
    this.stream.write('\r\x1b[K\x1b[?7h');
    this.notes.write(`${message}\n`);
    this.stream.write('\x1b[?7l');
    this.bar.render();
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    liveBars.delete(this);
    // cli-progress's stop() moves the cursor back to where the bar started (it saved it there); once
    // notes have scrolled the screen that is a note's line, and what follows (the summary) would be
    // written over it. Saving the position again here, on the bar's line, makes that move a no-op.
    this.stream.write('\x1b7');
    this.bar.stop();
  }
}

class LineProgress implements ProgressReporter {
  private startedAt = 0;
  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly notes: NodeJS.WritableStream,
  ) {}

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
    this.notes.write(`${message}\n`);
  }

  stop(): void {}
}

class SilentProgress implements ProgressReporter {
  constructor(private readonly notes: NodeJS.WritableStream) {}
  startPage(): void {}
  pageProgress(): void {}
  endPage(): void {}
  note(message: string): void {
    this.notes.write(`${message}\n`);
  }
  stop(): void {}
}

/**
 * A bar on a TTY; otherwise plain per-page lines, or nothing at all when
 * `linesWhenPiped` is false (a single page prints its own summary line).
 * Notes go to `notes` (a folder run keeps them with its page lines on
 * stdout; `colorize` writes them to stderr, apart from its result line).
 */
export function createProgress(linesWhenPiped: boolean, notes: NodeJS.WritableStream = process.stdout, stream: NodeJS.WriteStream = process.stdout): ProgressReporter {
  if (stream.isTTY) return new TtyProgress(stream, notes);
  return linesWhenPiped ? new LineProgress(stream, notes) : new SilentProgress(notes);
}
