#!/usr/bin/env node
// Lays form shading over coloured pages, for training/shade_tune.py: for every
// lineart NAME.png in <pages> with a colouring <colour-dir>/NAME.png, writes
// <out-dir>/NAME.png = the colouring times shadeLayer(lineart, colouring) (the
// same Multiply as the CLI's; the colouring already has its lines, and
// Multiply commutes within a level of rounding).
//
//   npm run build && node scripts/shade-pages.js <pages> <colour-dir> <out-dir> <light> <strength> ['{"elevationDeg":35,...}']
//
// The optional JSON overrides fields of the engine's SHADING_TUNING. Uses the built engine.
'use strict';
const fs = require('fs');
const path = require('path');
const sharp = require('sharp');
const { multiplyInPlace, parseContract } = require('../build/src/model');
const { shadeLayer, SHADING_TUNING } = require('../build/src/model/form-shading');

const rgba = async (file) => {
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length) };
};

async function main() {
  const [pages, colours, out, light, strength, tuningJson] = process.argv.slice(2);
  if (!pages || !colours || !out || !light || strength === undefined) {
    console.error('usage: node scripts/shade-pages.js <pages> <colour-dir> <out-dir> <light> <strength> [tuning.json]');
    process.exit(2);
  }
  const contract = parseContract(JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'assets', 'deepcolor.json'), 'utf8')));
  const tuning = { ...SHADING_TUNING, ...(tuningJson ? JSON.parse(tuningJson) : {}) };
  const options = { light: Number.isFinite(Number(light)) ? Number(light) : light, strength: Number(strength) };
  fs.mkdirSync(out, { recursive: true });
  for (const file of fs.readdirSync(pages).filter((f) => f.endsWith('.png') && !f.endsWith('.hint.png')).sort()) {
    const colourFile = path.join(colours, file);
    if (!fs.existsSync(colourFile)) continue;
    const colour = await rgba(colourFile);
    multiplyInPlace(colour, shadeLayer(await rgba(path.join(pages, file)), colour, contract, options, tuning));
    await sharp(Buffer.from(colour.data.buffer, colour.data.byteOffset, colour.data.length), { raw: { width: colour.width, height: colour.height, channels: 4 } })
      .removeAlpha().png({ compressionLevel: 1 }).toFile(path.join(out, file));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
