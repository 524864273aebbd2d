#!/usr/bin/env node
// Measures lineart pages the way the engine's 'auto' working scale does, for
// training/fit_auto_scale.py: per page, the stroke width (linewidth.ts) and
// the interior distance at several percentiles (interior-distance.ts).
//
//   npm run build && node scripts/measure-pages.js <folder of *.png> <out.json> [gapRadius]
//
// Pages are the folder's PNGs except hints (*.hint.png). Uses the built engine.
'use strict';
const fs = require('fs');
const path = require('path');
const sharp = require('sharp');
const { lineChannel, measureLineWidth, measureInteriorDistance, parseContract } = require('../build/src/model');

const PERCENTILES = [0.5, 0.75, 0.9, 0.95];

async function main() {
  const [folder, out, gap] = process.argv.slice(2);
  if (!folder || !out) {
    console.error('usage: node scripts/measure-pages.js <folder> <out.json> [gapRadius]');
    process.exit(2);
  }
  const contract = parseContract(JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'assets', 'deepcolor.json'), 'utf8')));
  const gapRadius = gap === undefined ? contract.fill.gapRadius : Number(gap);
  const pages = {};
  for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.png') && !f.endsWith('.hint.png')).sort()) {
    const { data, info } = await sharp(path.join(folder, file)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const line = lineChannel({ width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) }, contract);
    const values = { width: line.width, height: line.height, at: (i) => line.data[i] };
    const interior = {};
    for (const p of PERCENTILES) interior[String(p)] = measureInteriorDistance(values, gapRadius, p) ?? null;
    pages[file.replace(/\.png$/, '')] = { width: info.width, height: info.height, lineWidth: measureLineWidth(line) ?? null, interior };
  }
  fs.writeFileSync(out, JSON.stringify({ gapRadius, pages }, null, 1) + '\n');
  console.log(`measured ${Object.keys(pages).length} pages -> ${out}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
