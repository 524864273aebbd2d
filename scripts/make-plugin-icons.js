#!/usr/bin/env node
/**
 * Draws the panel icons (plugin/icons/*.png): a line-art circle (the
 * lineart) half filled with colour (the colorization), in a light glyph for
 * dark Photoshop themes and a dark glyph for light themes, at 23 px and at
 * 46 px for @2x. Run once; the PNGs are committed.
 */
const fs = require('fs');
const path = require('path');
const { PNG } = require('pngjs');

const OUT = path.join(__dirname, '..', 'plugin', 'icons');
const FILL = [232, 131, 58]; // warm orange: the "colour"
const THEMES = { dark: [230, 230, 230], light: [50, 50, 50] };

/** Coverage of a pixel by a shape, by 4x4 supersampling (so edges are anti-aliased). */
function coverage(px, py, inside) {
  let hits = 0;
  for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) if (inside(px + (sx + 0.5) / 4, py + (sy + 0.5) / 4)) hits++;
  return hits / 16;
}

function draw(size, glyph) {
  const png = new PNG({ width: size, height: size });
  const c = size / 2;
  const outer = size * 0.44;
  const ring = Math.max(1.2, size * 0.085);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = (u, v) => Math.hypot(u - c, v - c);
      const fill = coverage(x, y, (u, v) => d(u, v) < outer - ring && u + v > size * 1.0);
      const line = coverage(x, y, (u, v) => Math.abs(d(u, v) - (outer - ring / 2)) < ring / 2);
      const i = (y * size + x) * 4;
      // Line over fill, straight alpha.
      const a = line + fill * (1 - line);
      const rgb = [0, 1, 2].map((k) => (a > 0 ? (glyph[k] * line + FILL[k] * fill * (1 - line)) / a : 0));
      png.data[i] = Math.round(rgb[0]);
      png.data[i + 1] = Math.round(rgb[1]);
      png.data[i + 2] = Math.round(rgb[2]);
      png.data[i + 3] = Math.round(255 * a);
    }
  }
  return PNG.sync.write(png);
}

fs.mkdirSync(OUT, { recursive: true });
for (const [theme, glyph] of Object.entries(THEMES)) {
  fs.writeFileSync(path.join(OUT, `icon-${theme}.png`), draw(23, glyph));
  fs.writeFileSync(path.join(OUT, `icon-${theme}@2x.png`), draw(46, glyph));
}
console.log(`icons written to ${path.relative(process.cwd(), OUT)}`);
