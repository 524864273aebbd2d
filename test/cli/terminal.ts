/**
 * Runs the CLI at a terminal, for the cases only a terminal shows (the
 * progress bar, its notes, what Ctrl-C leaves behind): util-linux `script`
 * gives it a pseudo-terminal, and a small emulator replays what it wrote
 * into the screen a person would see. The emulator knows what the CLI's bar
 * and readline write: printable text, CR, LF, erase in line, cursor to a
 * column, save/restore cursor, show/hide cursor and line wrapping on/off.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { BIN, ROOT } from './helpers';

/** Whether `script` (util-linux) can run a command on a pseudo-terminal here; why not, if not. */
export function terminalRunnable(): { runnable: boolean; why?: string } {
  if (process.platform !== 'linux') return { runnable: false, why: 'needs Linux (util-linux script)' };
  const probe = spawnSync('script', ['-qec', 'test -t 1', '/dev/null'], { encoding: 'utf8' });
  return probe.status === 0 ? { runnable: true } : { runnable: false, why: `util-linux script cannot open a terminal here (${probe.error?.message ?? probe.stderr.trim()})` };
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface TerminalRun {
  readonly child: ChildProcess;
  /** Everything written to the terminal so far, escape codes included. */
  output(): string;
  /** Keys typed at the terminal (\x03 is Ctrl-C: the terminal sends SIGINT to the job). */
  type(keys: string): void;
  /** Resolves with the CLI's exit code once it ended. */
  readonly exited: Promise<number | null>;
  /** Resolves once the output matches `pattern` (or the run ended without it). */
  waitFor(pattern: RegExp): Promise<boolean>;
}

/** Starts `deepcolor ARGS` at a terminal `columns` wide; stdout and stderr both go to it, as in a shell. */
export function startInTerminal(args: readonly string[], columns: number): TerminalRun {
  const command = `stty cols ${columns} rows 40 && exec ${[process.execPath, BIN, ...args].map(shellQuote).join(' ')}`;
  const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  let out = '';
  const waiters: Array<() => void> = [];
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString('utf8');
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      for (const wake of waiters.splice(0)) wake();
      resolve(code);
    }),
  );
  return {
    child,
    output: () => out,
    type: (keys) => void child.stdin?.write(keys),
    exited,
    async waitFor(pattern) {
      while (!pattern.test(out)) {
        if (child.exitCode !== null || child.signalCode !== null) return pattern.test(out);
        await new Promise<void>((wake) => waiters.push(wake));
      }
      return true;
    },
  };
}

/** Runs `deepcolor ARGS` at a terminal to the end; the screen it leaves and its exit code. */
export async function runInTerminal(args: readonly string[], columns: number): Promise<{ status: number | null; raw: string; screen: Screen }> {
  const run = startInTerminal(args, columns);
  const status = await run.exited;
  const screen = new Screen(columns);
  screen.feed(run.output());
  return { status, raw: run.output(), screen };
}

/** What a terminal shows after `feed`: rows of text (the scrollback never ends here), the cursor, and its modes. */
export class Screen {
  private readonly rows: string[][] = [[]];
  /** Rows the terminal continued onto the next one itself (automatic wrap): one line of text across them. */
  private readonly wrappedRows = new Set<number>();
  private row = 0;
  private col = 0;
  /** At the last column after printing there: the next character wraps first (as xterm does). */
  private pendingWrap = false;
  private saved = { row: 0, col: 0 };
  cursorVisible = true;
  lineWrapping = true;

  constructor(readonly columns: number) {}

  feed(text: string): void {
    const chars = [...text];
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === '\x1b') {
        i = this.escape(chars, i + 1);
      } else if (c === '\r') {
        this.col = 0;
        this.pendingWrap = false;
      } else if (c === '\n') {
        this.moveTo(this.row + 1, this.col);
      } else if (c === '\b') {
        this.moveTo(this.row, Math.max(0, this.col - 1));
      } else if (c >= ' ') {
        this.print(c);
      }
    }
  }

  /** The text on screen, a line per line of text: rows the terminal wrapped are joined again. */
  lines(): string[] {
    const lines: string[] = [];
    let current = '';
    for (const [r, cells] of this.rows.entries()) {
      const text = Array.from(cells, (cell) => cell ?? ' ').join('');
      current += this.wrappedRows.has(r) ? text : text.replace(/\s+$/, '');
      if (!this.wrappedRows.has(r)) {
        lines.push(current);
        current = '';
      }
    }
    return lines;
  }

  private moveTo(row: number, col: number): void {
    while (this.rows.length <= row) this.rows.push([]);
    this.row = row;
    this.col = Math.min(col, this.columns - 1);
    this.pendingWrap = false;
  }

  private print(c: string): void {
    if (this.pendingWrap) {
      this.wrappedRows.add(this.row);
      this.moveTo(this.row + 1, 0);
    }
    this.rows[this.row][this.col] = c;
    if (this.col < this.columns - 1) this.col++;
    else if (this.lineWrapping) this.pendingWrap = true;
    // with wrapping off, the next character overwrites the last column: the rest of a long line is lost
  }

  /** Handles the escape sequence starting at `i` (after ESC); returns the index of its last character. */
  private escape(chars: string[], i: number): number {
    const c = chars[i];
    if (c === '7') this.saved = { row: this.row, col: this.col };
    if (c === '8') this.moveTo(this.saved.row, this.saved.col);
    if (c !== '[') return i;
    let j = i + 1;
    let params = '';
    while (j < chars.length && /[0-9;?]/.test(chars[j])) params += chars[j++];
    const final = chars[j];
    const n = Number(params.replace('?', '') || '0');
    if (final === 'K') this.eraseInLine(n);
    else if (final === 'G') this.moveTo(this.row, Math.max(1, n) - 1);
    else if (final === 'C') this.moveTo(this.row, this.col + Math.max(1, n));
    else if (final === 'D') this.moveTo(this.row, Math.max(0, this.col - Math.max(1, n)));
    else if (final === 'A') this.moveTo(Math.max(0, this.row - Math.max(1, n)), this.col);
    else if (final === 'B') this.moveTo(this.row + Math.max(1, n), this.col);
    else if (final === 'J' && n === 0) this.rows.splice(this.row + 1);
    else if ((final === 'h' || final === 'l') && params.startsWith('?')) {
      if (n === 25) this.cursorVisible = final === 'h';
      if (n === 7) this.lineWrapping = final === 'h';
    }
    return j;
  }

  private eraseInLine(mode: number): void {
    const cells = this.rows[this.row];
    if (mode === 0) cells.length = Math.min(cells.length, this.col);
    else if (mode === 1) for (let k = 0; k <= this.col; k++) cells[k] = ' ';
    else cells.length = 0;
    this.wrappedRows.delete(this.row);
  }
}
