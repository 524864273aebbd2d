/**
 * A scanned drawing read as if levelled: its paper as white, its darkest
 * lines as black.
 *
 * Why: the network and the region finding read lines by their lightness
 * (the line channel, ink 0 and paper 1, paper where it is at least 0.5).
 * A pencil drawing scanned on off-white paper has grey lines (graphite
 * around 90-120 of 255) on paper around 230, so the lighter stretches of
 * its lines read as paper: one dab leaked through them over the face and
 * the page (an artist's walkthrough, session 17), and the paper's tone was
 * multiplied into every colour. An artist would run Levels on the scan
 * first; this does the same, measured from the page.
 *
 * Paper is the lightness PAPER_PERCENTILE of the page's pixels reach (most
 * of a page is paper), ink the one INK_PERCENTILE reach; lightness between
 * them is stretched to 0..1. A page on white paper (CLEAN_PAPER: digital
 * lineart) is left exactly as it is, and so is anything without the
 * contrast of lines on paper (MIN_CONTRAST), or whose "paper" is dark
 * (MIN_PAPER: a night scene drawn dark is not a scan).
 *
 * Except lines too light to read as lines at all: on white paper, where
 * even the darkest 1 % is at least LIGHT_INK (light grey, a blue pencil),
 * every line pixel reads as paper, the page is one region and the network
 * sees almost no lines: the whole page came out one flat brown, every
 * stroke a streak (a quality review, session 24: grey 150 and blue
 * (90, 150, 230) lines). Such lines are levelled to black the same way
 * (with at least MIN_LIGHT_CONTRAST between them and the paper); lines
 * that read as lines already, grey or antialiased, are left as drawn.
 */
import { rgbaLineValues } from './preprocess';
import type { Contract, RgbaImage } from './types';

/** Lightness at or above this share of the page's pixels: the paper. */
const PAPER_PERCENTILE = 0.9;
/** Lightness at or below this share of the page's pixels: the ink (lines cover more than 1 % of a drawn page). */
const INK_PERCENTILE = 0.01;
/**
 * Paper at least this light is white: the page is left as it is, whatever
 * its lines (digital lineart, a scan levelled already; dark-grey lines
 * drawn on purpose on white are the artist's, and antialiased lines whose
 * darkest 1 % is grey must not be darkened).
 */
const CLEAN_PAPER = 250;
/** A page whose paper is darker than this, or whose lines are less than this darker than it, is not levelled. */
const MIN_PAPER = 160;
const MIN_CONTRAST = 96;
/**
 * On white paper, lines whose darkest 1 % is at least this light (the line channel's paper
 * threshold, 0.5) read as paper everywhere: levelled all the same, when at least
 * MIN_LIGHT_CONTRAST darker than the paper (a page of faint noise is not lines).
 */
const LIGHT_INK = 128;
const MIN_LIGHT_CONTRAST = 48;
/**
 * ...and only when even the darkest DARKEST_PERCENTILE (a few sampled pixels) is that light: black lines covering under
 * 1 % of a big page (a small figure) put the 1 % mark on a grey fill, which must not turn black.
 */
const DARKEST_PERCENTILE = 0.0002;
/** Pixels sampled for the histogram: every STRIDE-th (the percentiles of a page need no more). */
const STRIDE = 31;

export interface Levels {
  /** Lightness (0..255 luma over white) read as ink, and as paper. */
  readonly ink: number;
  readonly paper: number;
}

/** The page's paper and ink lightness, or undefined where it needs no levelling (see the module comment). */
export function measureLevels(lineart: RgbaImage, contract: Contract): Levels | undefined {
  const { width, height } = lineart;
  const line = rgbaLineValues(lineart, contract); // lightness 0..1, over white, with the contract's luma
  const histogram = new Float64Array(256);
  let count = 0;
  for (let i = 0; i < width * height; i += STRIDE) {
    histogram[Math.min(255, Math.max(0, Math.round(line.at(i) * 255)))]++;
    count++;
  }
  const percentile = (share: number): number => {
    let seen = 0;
    for (let v = 0; v < 256; v++) {
      seen += histogram[v];
      if (seen >= share * count) return v;
    }
    return 255;
  };
  const paper = percentile(PAPER_PERCENTILE);
  const ink = percentile(INK_PERCENTILE);
  if (paper >= CLEAN_PAPER) {
    const lightLines = ink >= LIGHT_INK && paper - ink >= MIN_LIGHT_CONTRAST && percentile(DARKEST_PERCENTILE) >= LIGHT_INK;
    return lightLines ? { ink, paper } : undefined;
  }
  if (paper < MIN_PAPER || paper - ink < MIN_CONTRAST) return undefined;
  return { ink, paper };
}

/**
 * `lineart` levelled (a new opaque grey image), or `lineart` itself where it
 * needs none. Grey: the line channel reads lightness only.
 */
export function levelledLineart(lineart: RgbaImage, contract: Contract): RgbaImage {
  const levels = measureLevels(lineart, contract);
  if (!levels) return lineart;
  const { width, height } = lineart;
  const line = rgbaLineValues(lineart, contract);
  const { ink, paper } = levels;
  const out = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, p = 0; i < width * height; i++, p += 4) {
    const v = Math.round(((line.at(i) * 255 - ink) * 255) / (paper - ink)); // clamped by the array
    out[p] = v;
    out[p + 1] = v;
    out[p + 2] = v;
    out[p + 3] = 255;
  }
  return { width, height, data: out };
}
