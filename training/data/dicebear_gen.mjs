// Generate DiceBear avatars (9.x) from seeds, one SVG per seed.
//
//   node training/data/dicebear_gen.mjs <node_modules dir> <style> <first> <count> <out dir>
//
// Seeds are "<style>-<i>", so a build is reproducible. Near-black options are removed from the
// colour palettes: the paired lineart is made by turning dark fills to ink, and a black shirt or
// black hair would become a solid ink blob instead of a coloured region.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [modulesDir, style, first, count, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: dicebear_gen.mjs <node_modules> <style> <first> <count> <outdir>');
  process.exit(2);
}
const load = (name) => import(pathToFileURL(join(modulesDir, '@dicebear', name, 'lib', 'index.js')).href);
const { createAvatar } = await load('core');
const styleModule = await load(style);

// Palettes without near-black entries (defaults from each style's schema.js, 9.4.3).
const OPTIONS = {
  adventurer: {
    hairColor: ['ac6511', 'cb6820', 'ab2a18', 'e5d7a3', 'b9a05f', '796a45', '6a4e35', '562306', 'afafaf', '3eac2c', '85c2c6', 'dba3be', '592454'],
  },
  micah: {
    hairColor: ['f9c9b6', 'd2eff3', 'e0ddff', 'f4d150', 'ac6651', '9287ff', 'ffeba4', 'fc909f', 'ffedef', '6bd9e9', '77311d', 'ffffff'],
    shirtColor: ['f9c9b6', 'd2eff3', 'e0ddff', 'f4d150', 'ac6651', '9287ff', 'ffeba4', 'fc909f', 'ffedef', '6bd9e9', '77311d'],
    earringColor: ['d2eff3', 'e0ddff', 'f4d150', '9287ff', 'fc909f', '6bd9e9'],
    glassesColor: ['d2eff3', 'e0ddff', 'f4d150', '9287ff', 'fc909f', '6bd9e9'],
    // A coloured background circle behind the bust makes an outlined, coloured region too.
  },
  'open-peeps': {
    headContrastColor: ['e8e1e1', 'ecdcbf', 'd6b370', 'f59797', 'b58143', 'a55728', '724133', 'c93305'],
  },
  croodles: {
    topColor: ['ffc700', '9747ff', 'f24e1e', '699bf7', '0fa958'],
  },
};

mkdirSync(outDir, { recursive: true });
const n0 = Number(first);
for (let i = n0; i < n0 + Number(count); i++) {
  const seed = `${style}-${i}`;
  const svg = createAvatar(styleModule, { seed, ...(OPTIONS[style] ?? {}) }).toString();
  writeFileSync(join(outDir, `${seed}.svg`), svg);
}
