import * as fs from 'fs';
import * as path from 'path';
import { Command, CommanderError, Option } from 'commander';
import { runBatch } from './batch-command';
import { CLI_BACKENDS } from './backends';
import { cleanupAll } from './cleanup';
import { runColorize, type ColorizeCommandOptions } from './colorize-command';
import { runRelight, type RelightCommandOptions } from './relight-command';
import { runFlats, type FlatsCommandOptions } from './flats-command';
import { CliError, EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_USAGE, errnoCode, messageOf } from './errors';
import { parseCloseGaps, parseLight, parseMinRegion, parseScale, parseShade, parseStrength, parseThreads, type CommonOptions } from './options';
import { DEFAULT_MIN_REGION_PIXELS } from '../src/model/index';
import { packageRoot } from './package-root';

function packageVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

const BACKEND_HELP =
  'where the generator runs: "native" (default, fastest) = onnxruntime-node on the CPU; ' +
  '"wasm" = onnxruntime-web WebAssembly, the engine path the Photoshop panel uses (about 2.5x slower)';

/** The form shading's options (colorize, batch and relight take them). */
function addShadingOptions(cmd: Command): Command {
  return cmd
    .option(
      '--light <direction>',
      'shade each drawn shape as lit from this side: top-left, top, top-right, left, right, bottom-left, bottom, bottom-right, an angle in degrees (counter-clockwise from the right), or off (default: off; --shade alone lights from the top-left)',
      parseLight,
    )
    .option('--shade <n>', 'how dark the shadows of --light get, from 0 (none) to 1 (black) (default: 0.35); a separate Multiply layer in the PSD', parseShade);
}

/** Which model and contract to use (all commands). */
function addModelOptions(cmd: Command): Command {
  return cmd
    .option('--model <file.onnx>', 'use another generator (its contract is the .json of the same name unless --contract is given)')
    .option('--contract <file.json>', 'the model contract to use with --model');
}

/** Which layers of a PSD page to read (colorize, batch, flats). */
function addPsdLayerOptions(cmd: Command): Command {
  return cmd
    .option('--lineart-layer <name>', 'for PSD pages: the layer with the lines (default: the layer named like "Lineart", "Lines" or "Inks", or the only pixel layer)')
    .option('--hint-layer <name>', 'for PSD pages: the layer of colour hints (default: the topmost layer named like "hint", "colors" or "flats", if any)');
}

/** Options both colouring commands take, added the same way to each. */
function addCommonOptions(cmd: Command): Command {
  cmd
    .addOption(new Option('--backend <name>', BACKEND_HELP).choices([...CLI_BACKENDS]).default('native'))
    .option('--psd', 'also write a layered PSD next to each PNG (Deepcolor colour layer, Shading in Multiply if asked for, Lineart in Multiply, Hint hidden)')
    .option('--strength <n>', 'hint strength: 0 ignores the hint, 1 = as painted (default: from the model contract)', parseStrength)
    .option('--scale <auto|n>', "working scale: 'auto' shrinks open figures and high-resolution pages to what the model was trained on (never enlarges), or a factor such as 0.5", parseScale, 'auto')
    .option(
      '--close-gaps <px>',
      'close gaps in the lines up to 2 x px working pixels wide before spreading hint colours over the regions they enclose; raise it when a colour leaks through an open outline, 0 turns it off (default: from the model contract)',
      parseCloseGaps,
    )
    .option('--keep-strokes', 'keep hint strokes exactly as painted (default: strokes close to their region\'s colour are blended into it, so they do not show as streaks)')
    .option('--no-white-paper', 'leave unpainted speech balloons and caption boxes (with the insides of their letters), a comic page\'s unpainted gutters and its panels\' unpainted backgrounds to the network, which may tint them (default: made white)')
    .option('--leave-margins', 'leave the page around the drawing as paper: margins, comic gutters, the paper around a figure (unless you painted hints there)');
  addShadingOptions(cmd).option('--threads <n>', 'CPU threads for inference (default: all cores)', parseThreads);
  return addModelOptions(addPsdLayerOptions(cmd));
}

function buildProgram(onResult: (code: number) => void): Command {
  const program = new Command('deepcolor')
    .description('Colour lineart from a colour-hint layer with the Deepcolor generator (runs locally, offline).')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  addCommonOptions(
    program
      .command('colorize')
      .description('colour one page: reads PNG, JPEG or WebP lineart (transparent or on white), or a PSD page (its lineart and hint layers), and writes a PNG')
      .argument('<lineart>', 'the lineart image, or a PSD page')
      .option('--hint <file>', 'colour hints painted on a transparent layer, same size as the lineart')
      .requiredOption('-o, --output <out.png>', 'the PNG to write (missing folders are created)')
      .exitOverride(),
  ).action(async (lineart: string, opts: ColorizeCommandOptions) => {
    onResult(await runColorize(lineart, opts));
  });

  addCommonOptions(
    program
      .command('batch')
      .description('colour every NAME.png/.jpg/.jpeg/.webp/.psd in a folder, each with its optional NAME.hint.png (a PSD page\'s hint layer otherwise); one model session for all')
      .argument('<in-dir>', 'folder of pages')
      .requiredOption('-o, --output <out-dir>', 'folder for NAME.png (and NAME.psd); created if missing')
      .exitOverride(),
  ).action(async (inDir: string, opts: CommonOptions) => {
    onResult(await runBatch(inDir, opts));
  });

  addModelOptions(
    addShadingOptions(
      program
        .command('relight')
        .description('shade a page coloured earlier with --psd for another light, from the PSD\'s own Deepcolor and Lineart layers (touch-ups included), without running the network')
        .argument('<page.psd>', 'the PSD that `colorize --psd` wrote (saved again from Photoshop is fine; keep the layer names)')
        .requiredOption('-o, --output <out.png>', 'the flattened PNG to write (missing folders are created)')
        .option('--psd', 'also write the PSD with the new Shading layer next to the PNG')
        .exitOverride(),
    ),
  ).action(async (psdFile: string, opts: RelightCommandOptions) => {
    onResult(await runRelight(psdFile, opts));
  });

  addModelOptions(
    addPsdLayerOptions(
      program
        .command('flats')
        .description('fill every region the lines enclose with one flat colour (the hint\'s where painted), the lines shared out between the regions beside them, the page around the figure transparent: flats to select with the magic wand; no network run')
        .argument('<lineart>', 'the lineart image (PNG, JPEG or WebP; transparent or on white), a PSD page, or a folder of pages (NAME.png with NAME.hint.png, as batch finds them)')
        .option('--hint <file>', 'colour hints painted on a transparent layer, same size as the lineart: a region with paint takes its colour')
        .requiredOption('-o, --output <out.png>', 'the PNG to write, or for a folder the folder for NAME.flats.png (missing folders are created)')
        .option('--close-gaps <px>', 'close gaps in the lines up to 2 x px page pixels wide, so a region does not leak through an open outline; raise it for cleaner flats of detailed lineart (default: from the model contract)', parseCloseGaps)
        .option('--min-region <px>', `unpainted regions smaller than this many pixels (specks between hatching) take the colour around them; 0 keeps every region (default: ${DEFAULT_MIN_REGION_PIXELS})`, parseMinRegion)
        .exitOverride(),
    ),
  ).action(async (lineart: string, opts: FlatsCommandOptions) => {
    onResult(await runFlats(lineart, opts));
  });

  program.addHelpText(
    'after',
    '\nExamples:\n' +
      '  deepcolor colorize page.png --hint page.hint.png -o out/page.png --psd\n' +
      '  deepcolor colorize page.psd -o out/page.png   (a PSD page: its Lineart and hint layers)\n' +
      '  deepcolor relight out/page.psd --light right -o out/page-right.png\n' +
      '  deepcolor flats page.png --hint page.hint.png -o out/page-flats.png\n' +
      '  deepcolor batch chapter1/ -o coloured/ --backend wasm\n',
  );
  return program;
}

/**
 * `deepcolor batch ... | head -1`: once the reader is gone, every write to
 * the pipe fails with EPIPE, which Node raises as an 'error' event: unheard,
 * it ended the run with a stack trace, the remaining pages not coloured.
 * Nobody is reading any more, so what would have been printed is dropped and
 * the work goes on (its exit code unchanged). Other errors end the run as before.
 */
function keepWorkingWhenOutputCloses(stream: NodeJS.WriteStream): void {
  stream.on('error', (err) => {
    if (errnoCode(err) !== 'EPIPE') throw err;
  });
}

/** Entry point used by bin/deepcolor.js; resolves to the process exit code instead of exiting. */
export async function main(argv: readonly string[]): Promise<number> {
  keepWorkingWhenOutputCloses(process.stdout);
  keepWorkingWhenOutputCloses(process.stderr);
  let code = 0;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (err) {
    cleanupAll();
    if (err instanceof CommanderError) {
      // Help and --version "fail" with exit code 0; commander has already printed the message.
      return err.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (err instanceof CliError) {
      process.stderr.write(`deepcolor: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof Error && err.name === 'AbortError') {
      process.stderr.write('deepcolor: interrupted; no output written.\n');
      return EXIT_INTERRUPTED;
    }
    process.stderr.write(`deepcolor: unexpected error: ${err instanceof Error && err.stack ? err.stack : messageOf(err)}\n`);
    return EXIT_FAILURE;
  }
}
