import * as fs from 'fs';
import * as path from 'path';
import type { Colorizer } from '../src/model/index';
import { threadsFor } from './backends';
import { cleanupAll, installSignalCleanup } from './cleanup';
import { CliError, EXIT_FAILURE, EXIT_OK, errnoCode, messageOf } from './errors';
import { loadModelFiles } from './model-files';
import { checkScaleForModel, type CommonOptions } from './options';
import { checkNotOverwritingInputs, pageRunOptions, PSD_PAGE, readPageInputs, renderPage, reservePageOutputs, withPsdLayers, type PageJob } from './page';
import { createProgress, type ProgressReporter } from './progress';
import { openColorizer } from './session';

const IMAGE_EXT = /\.(png|jpe?g|webp|psd)$/i;
const HINT_SUFFIX = /\.hint\.(png|jpe?g|webp)$/i;
/** What `deepcolor flats <folder>` writes: never a page of its own. */
const FLATS_SUFFIX = /\.flats\.(png|jpe?g|webp)$/i;
/** Hint extensions in order of preference when a page has several. */
const HINT_EXTS = ['png', 'webp', 'jpg', 'jpeg'];

export interface BatchPage {
  readonly name: string;
  readonly job: PageJob;
  /** Set when the page cannot even be attempted (e.g. two pages map to one output). */
  readonly problem?: string;
}

export interface BatchPlan {
  readonly pages: BatchPage[];
  /** Hint files with no page of the same name: probably a typo, so say so. */
  readonly orphanHints: string[];
  /** NAME.psd files beside an image page NAME.png (.jpg, .webp): the working file of that page, not a page of its own. */
  readonly psdsBesideImages: string[];
  /** Files that are not pages (another format: TIFF, text...) and subfolders (not entered): said, so none goes missing unnoticed. */
  readonly notPages: string[];
}

/**
 * Finds the pages in a folder: every NAME.png/.jpg/.jpeg/.webp/.psd that is
 * not itself a NAME.hint.* (or flats written by `deepcolor flats`,
 * NAME.flats.*), paired with NAME.hint.* if present; a NAME.psd beside an
 * image NAME.png is that page's working file, and the image is the page.
 * Hidden files (names starting with ".") are left out silently, as `ls`
 * does: macOS writes a `._NAME.png` of resource-fork data beside each page
 * on some disks, which is no image, and a hidden page is hidden on purpose.
 * Sorted the way people number pages (page-2 before page-10).
 */
export function planBatch(inDir: string, outDir: string, psd: boolean, outSuffix = '.png'): BatchPlan {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(inDir, { withFileTypes: true });
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT') throw new CliError(`Input folder "${inDir}" does not exist. Check the path.`);
    if (code === 'ENOTDIR') throw new CliError(`"${inDir}" is a file, not a folder. Use \`deepcolor colorize ${inDir} -o out.png\` for one page.`);
    throw new CliError(`Input folder "${inDir}" cannot be read: ${messageOf(err)}.`);
  }
  const files = entries
    .filter((e) => !e.name.startsWith('.'))
    .filter((e) => e.isFile() || (e.isSymbolicLink() && fs.statSync(path.join(inDir, e.name), { throwIfNoEntry: false })?.isFile()))
    .map((e) => e.name);
  const byLower = new Map(files.map((f) => [f.toLowerCase(), f]));
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  const candidates = files.filter((f) => IMAGE_EXT.test(f) && !HINT_SUFFIX.test(f) && !FLATS_SUFFIX.test(f));
  const imageStems = new Set(candidates.filter((f) => !PSD_PAGE.test(f)).map((f) => f.replace(IMAGE_EXT, '').toLowerCase()));
  const besideImages = (f: string): boolean => PSD_PAGE.test(f) && imageStems.has(f.replace(IMAGE_EXT, '').toLowerCase());
  const pageFiles = candidates.filter((f) => !besideImages(f)).sort(collator.compare);
  const hintFiles = new Set(files.filter((f) => HINT_SUFFIX.test(f)));

  const seenOutputs = new Map<string, string>();
  const pages: BatchPage[] = pageFiles.map((file) => {
    const stem = file.replace(IMAGE_EXT, '');
    let hintFile: string | undefined;
    for (const ext of HINT_EXTS) {
      const found = byLower.get(`${stem}.hint.${ext}`.toLowerCase());
      if (found) {
        hintFile = found;
        break;
      }
    }
    if (hintFile) hintFiles.delete(hintFile);
    const job: PageJob = {
      lineartPath: path.join(inDir, file),
      hintPath: hintFile ? path.join(inDir, hintFile) : undefined,
      ...(hintFile ? { hintBesidePage: true } : {}),
      outPath: path.join(outDir, `${stem}${outSuffix}`),
      psd,
    };
    const key = path.resolve(job.outPath).toLowerCase();
    const clash = seenOutputs.get(key);
    if (clash) {
      return { name: file, job, problem: `"${clash}" already writes ${job.outPath}; rename one of the two pages.` };
    }
    seenOutputs.set(key, file);
    return { name: file, job };
  });
  const notPages = [
    ...files.filter((f) => !IMAGE_EXT.test(f)),
    ...entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => `${e.name}/`),
  ].sort(collator.compare);
  return { pages, orphanHints: [...hintFiles].sort(collator.compare), psdsBesideImages: candidates.filter(besideImages).sort(collator.compare), notPages };
}

export interface BatchFailure {
  readonly name: string;
  readonly reason: string;
}

/**
 * `deepcolor batch`: one model session for all pages; a bad page is
 * reported and skipped, the rest go on; exit 1 if any page failed.
 */
export async function runBatch(inDir: string, opts: CommonOptions): Promise<number> {
  const plan = planFolderRun(inDir, opts.output, opts.psd === true, `deepcolor colorize ${inDir} -o out.png`);

  const abort = new AbortController();
  installSignalCleanup(() => abort.abort());
  const model = loadModelFiles(opts.model, opts.contract);
  checkScaleForModel(opts.scale, model.contract);
  const colorizer: Colorizer = await openColorizer(model, opts.backend, threadsFor(opts.threads));
  try {
    return await runPages(plan, inDir, opts.output, async (page, progress) => {
      const job = withPsdLayers(page, opts);
      const inputs = await readPageInputs(job);
      for (const note of inputs.notes) progress.note(`note: ${note}`);
      const outputs = await reservePageOutputs(job);
      const result = await renderPage(colorizer, job, inputs, outputs, pageRunOptions(opts, abort.signal, progress));
      for (const note of result.notes) progress.note(`note: ${path.basename(job.lineartPath)}: ${note}`);
      return result.written;
    });
  } finally {
    await colorizer.dispose();
  }
}

/** Errors after which every later page would fail the same way (the disk is full): the run stops there. */
const STOPS_RUN = new Set(['ENOSPC', 'EDQUOT']);

/**
 * A folder run's pages one after another (colour or flats): `renderOne`
 * writes a page's outputs and returns their paths. A page that fails is
 * reported and skipped, the rest go on (an interrupt stops all, and so
 * does a full disk); the summary at the end, exit 1 if any failed.
 */
export async function runPages(
  plan: BatchPlan,
  inDir: string,
  outDir: string,
  renderOne: (job: PageJob, progress: ProgressReporter) => Promise<readonly string[]>,
): Promise<number> {
  const progress = createProgress(true);
  for (const hint of plan.orphanHints) {
    progress.note(`warning: hint "${path.join(inDir, hint)}" has no page of the same name; it is ignored.`);
  }
  for (const psd of plan.psdsBesideImages) {
    progress.note(
      `note: "${path.join(inDir, psd)}" is taken for the working file of the image page of the same name; that image is coloured and the PSD's layers are not read (move the image away to colour the PSD).`,
    );
  }
  if (plan.notPages.length > 0) {
    const shown = plan.notPages.slice(0, 5).join(', ') + (plan.notPages.length > 5 ? `, and ${plan.notPages.length - 5} more` : '');
    progress.note(`note: skipped what is not a page (pages are PNG, JPEG, WebP or PSD; subfolders are not entered): ${shown}.`);
  }
  const failures: BatchFailure[] = [];
  let ok = 0;
  let stopped: RunStop | undefined;
  try {
    for (const [index, page] of plan.pages.entries()) {
      progress.startPage(page.name, index, plan.pages.length);
      try {
        if (page.problem) throw new CliError(page.problem);
        checkNotOverwritingInputs(page.job);
        const written = await renderOne(page.job, progress);
        ok += 1;
        progress.endPage(page.name, true, written.map((f) => path.relative(process.cwd(), f) || f).join(', '));
      } catch (err) {
        if (err instanceof Error && err.name === 'AbortError') throw err;
        const reason = messageOf(err);
        failures.push({ name: page.name, reason });
        progress.endPage(page.name, false, reason);
        const code = errnoCode(err);
        if (code !== undefined && STOPS_RUN.has(code)) {
          // Every later page would fail the same way, each after its slow part.
          stopped = { after: page.name, notAttempted: plan.pages.length - index - 1, reason };
          break;
        }
      }
    }
  } finally {
    progress.stop();
    cleanupAll(); // an output folder this run created stays only if something was written into it
  }
  return reportBatch(ok, failures, plan.pages.length, outDir, stopped);
}

/** Why a folder run stopped before its last page, and how many pages it did not try. */
export interface RunStop {
  readonly after: string;
  readonly notAttempted: number;
  readonly reason: string;
}

/** The summary of a folder run (colour or flats): every failed page with its reason; exit 1 if any failed. */
export function reportBatch(ok: number, failures: readonly BatchFailure[], total: number, outDir: string, stopped?: RunStop): number {
  const skipped = stopped && stopped.notAttempted > 0 ? `, ${stopped.notAttempted} not attempted` : '';
  const lines = [`Done: ${ok} ok, ${failures.length} failed${skipped} (of ${total} pages) -> ${outDir}`];
  for (const f of failures) lines.push(`  failed: ${f.name}: ${f.reason}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (stopped) {
    const rest = stopped.notAttempted > 0 ? `, ${stopped.notAttempted} page(s) after it not attempted` : '';
    process.stderr.write(
      `deepcolor: stopped at ${stopped.after}${rest}: ${stopped.reason} The ${ok} finished page(s) are kept in ${outDir}.\n`,
    );
    return EXIT_FAILURE;
  }
  if (failures.length > 0) {
    process.stderr.write(`deepcolor: ${failures.length} of ${total} pages failed; see the reasons above.\n`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}

/**
 * Checks a folder run's input and output folders and finds its pages
 * (each written as NAME + outSuffix); `onePage` is the command to use for
 * one page instead.
 */
export function planFolderRun(inDir: string, outDir: string, psd: boolean, onePage: string, outSuffix = '.png'): BatchPlan {
  const stat = fs.statSync(inDir, { throwIfNoEntry: false });
  if (!stat) throw new CliError(`Input folder "${inDir}" does not exist. Check the path.`);
  if (!stat.isDirectory()) throw new CliError(`"${inDir}" is a file, not a folder. Use \`${onePage}\` for one page.`);
  // Through links too: an -o that links to the input folder is the input folder.
  const real = (p: string): string => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  if (real(inDir) === real(outDir)) {
    throw new CliError(`Output folder "${outDir}" is the input folder: results would overwrite the pages. Choose another folder with -o.`);
  }
  const outStat = fs.statSync(outDir, { throwIfNoEntry: false });
  if (outStat && !outStat.isDirectory()) {
    throw new CliError(`Output "${outDir}" is a file, not a folder. Give a folder with -o (it is created if missing).`);
  }
  const plan = planBatch(inDir, outDir, psd, outSuffix);
  if (plan.pages.length === 0) {
    throw new CliError(`No pages in "${inDir}": expected NAME.png, .jpg, .jpeg, .webp or .psd files (NAME.hint.png is the hint for NAME).`);
  }
  return plan;
}
