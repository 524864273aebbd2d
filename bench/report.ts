/** Result files: latest.json, a dated copy, and latest.md (a table people read). */
import * as fs from 'fs';
import * as path from 'path';
import type { Figure } from './stats';
import type { EngineBuildInfo, LoadSample, MachineInfo, ModelInfo } from './machine';
import type { BenchMode } from './config';

export interface GoalCheck {
  readonly description: string;
  readonly figure: string;
  readonly target: number;
  readonly comparison: '<=' | '>=';
  readonly measured: number | null;
  readonly met: boolean | null;
}

export interface BenchResult {
  readonly schema: 1;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationS: number;
  readonly mode: BenchMode;
  readonly machine: MachineInfo;
  readonly model: ModelInfo;
  readonly engine: EngineBuildInfo;
  readonly settings: Record<string, unknown>;
  /** Load averages sampled around every section: the machine is shared, read figures with them. */
  readonly load: Readonly<Record<string, LoadSample>>;
  readonly figures: Readonly<Record<string, Figure>>;
  /** Per-section facts that are not timings: sizes, tiles, working scale. */
  readonly details: Readonly<Record<string, unknown>>;
  readonly goals: readonly GoalCheck[];
  readonly notes: readonly string[];
}

/** A goal is judged only on a full run (evaluate = false for quick/tiny, whose pages are smaller than the names say). */
export function checkGoal(figures: Readonly<Record<string, Figure>>, description: string, figure: string, comparison: '<=' | '>=', target: number, evaluate = true): GoalCheck {
  const f = figures[figure];
  if (!f || !evaluate) return { description, figure, target, comparison, measured: null, met: null };
  const met = comparison === '<=' ? f.median <= target : f.median >= target;
  return { description, figure, target, comparison, measured: f.median, met };
}

function fmt(x: number): string {
  if (Math.abs(x) >= 100) return x.toFixed(0);
  if (Math.abs(x) >= 1) return x.toFixed(2);
  return x.toPrecision(3);
}

export function toMarkdown(r: BenchResult): string {
  const lines: string[] = [];
  lines.push(`# Deepcolor bench (${r.mode}) ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC`);
  lines.push('');
  lines.push(`Machine: ${r.machine.cpuModel}, ${r.machine.cores} cores, ${r.machine.totalMemGiB} GiB; node ${r.machine.node}, ` +
    `onnxruntime-web ${r.machine.onnxruntimeWeb}, onnxruntime-node ${r.machine.onnxruntimeNode}, sharp ${r.machine.sharp}.`);
  lines.push(`Model: widths [${r.model.widths.join(', ')}], ${r.model.parameters} parameters, ${r.model.trained ? 'trained' : 'random-weight stand-in'}, ` +
    `tile ${r.model.tileSize}/${r.model.tileOverlap}. Threads: ${String(r.settings.threads)}. ` +
    `Children's GLIBC_TUNABLES: ${String(r.settings.glibcTunables ?? 'none')}. Took ${r.durationS.toFixed(0)} s.`);
  lines.push(`Engine: git ${r.engine.gitHead}${r.engine.srcModelDirty ? ' (src/model modified)' : ''}, build ${r.engine.buildHash}.`);
  const loads = Object.entries(r.load).map(([k, v]) => `${k} ${v.loadavg[0]}`).join(', ');
  lines.push(`Load average (1 min) around sections: ${loads}.`);
  lines.push('');
  lines.push('| figure | median | min | max | runs | unit |');
  lines.push('|---|---:|---:|---:|---:|---|');
  for (const [k, f] of Object.entries(r.figures)) {
    lines.push(`| ${k} | ${fmt(f.median)} | ${fmt(f.min)} | ${fmt(f.max)} | ${f.runs} | ${f.unit} |`);
  }
  lines.push('');
  lines.push('| goal (issue 6) | measured | target | met |');
  lines.push('|---|---:|---:|---|');
  for (const g of r.goals) {
    lines.push(`| ${g.description} | ${g.measured === null ? 'n/a' : fmt(g.measured)} | ${g.comparison} ${fmt(g.target)} | ${g.met === null ? 'n/a' : g.met ? 'yes' : 'no'} |`);
  }
  if (r.notes.length > 0) {
    lines.push('');
    for (const n of r.notes) lines.push(`- ${n}`);
  }
  lines.push('');
  return lines.join('\n');
}

/** Writes latest.json, YYYY-MM-DD.json (the dated copy in full mode only) and latest.md. */
export function writeResult(outDir: string, r: BenchResult): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  const write = (name: string, text: string): void => {
    const file = path.join(outDir, name);
    fs.writeFileSync(file + '.part', text);
    fs.renameSync(file + '.part', file);
    written.push(file);
  };
  const json = JSON.stringify(r, null, 2) + '\n';
  write('latest.json', json);
  if (r.mode === 'full') write(`${r.startedAt.slice(0, 10)}.json`, json);
  write('latest.md', toMarkdown(r));
  return written;
}
