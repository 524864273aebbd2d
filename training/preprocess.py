"""The reference implementation of the model's input contract.

Everything that turns a lineart layer and a hint layer into the generator's
input tensor lives here, and the TypeScript engine (src/model/preprocess.ts)
must reproduce it exactly up to float32 rounding. The parity fixture in
test/fixtures/parity is made from this file.

Inputs are RGBA uint8 images [H, W, 4] (the hint may be None: no hint).
Per pixel, in this order:

    a     = A / 255                      (float64, as the engine computes it)
    c'    = c / 255 * a + (1 - a)        for c in R, G, B  (composite over white)
    line  = 0.299 R' + 0.587 G' + 0.114 B', rounded once to float32 -> channel 0 (ink dark)

The line channel is float64 until the final rounding so that its value, and
so which side of the region fill's paper threshold (0.5) a pixel falls on,
is bit-identical to the engine's; rounding every step to float32 put one
opaque colour in 16.7 M, (233, 49, 255), on the other side. The hint
channels below are float32 arithmetic (within 1 ulp of the engine's; no
threshold reads them but mask > 0, which rounding cannot flip).

    m     = hintA / 255 * strength       (strength in [0, 1])
    hint  = hintC / 255 * m              for hintC in R, G, B -> channels 1..3
    mask  = m                                                 -> channel 4

If blur_sigma_fraction > 0, channels 1..4 are then blurred with a Gaussian of
sigma = blur_sigma_fraction * max(H, W): separable, kernel radius
ceil(3 * sigma), weights exp(-x^2 / (2 sigma^2)) normalised to sum 1,
edges clamped (replicate). The shipped contract uses 0 (no blur): stroke
hints are fed as painted; the seed's blurred hint is something the artist
(or the evaluation) paints into the hint layer, not something the engine does.

No hint (None) gives zeros in channels 1..4, which the network learned to
read as "no colour given here", distinct from a white hint (mask 1).

Region fill (channels 5..8, contract input channels fill_r, fill_g, fill_b,
fill_mask; present when the contract lists them). A stroke tells the
network the colour of one spot; an artist means "this region". The lines
already cut the page into regions, so the hint is spread over them before
the network sees it (the flood-fill idea of LazyBrush-style tools, given to
the network as a suggestion it can overrule where lines have gaps):

    paper = line >= 0.5                     (after any blur of the hint)
    regions = paper_regions(line, gap_radius)   (ink pixels: none; see below)
    for each region R with hinted pixels (mask > 0):
        fill_mask = sum_R mask / count_R(mask > 0)      (mean mask where painted)
        fill_rgb  = sum_R hint_rgb / sum_R mask * fill_mask   (premultiplied mean colour)
    everything else (ink, regions without a hint): zeros.

Sums are float64; the region labels do not depend on how they are numbered.

Gap closing (contract "fill.gapRadius" r, in working-canvas pixels). Lines
extracted from scans or drawn fast have small gaps, and one gap is enough for
a whole figure and its background to become one region (on the README
example: 96 % of the paper). So regions are found on the paper shrunk by r
and then grown back:

    core    = paper pixels whose (2r+1) x (2r+1) square is all paper
              (outside the canvas counts as paper)
    regions = 4-connected components of core
    grow:   layer by layer, every paper pixel not yet in a region that has a
            4-neighbour in one (as of the previous layer) joins the first such
            neighbour's region in the order left, up, right, down
    rest:   paper never reached (narrow everywhere, no core) forms its own
            4-connected regions

A gap narrower than 2r + 1 pixels is split between the regions on its two
sides instead of joining them. r = 0 is plain 4-connected paper regions.
"""
from __future__ import annotations

import math

import numpy as np

from training.contract import GAP_RADIUS, LUMA

_F = np.float32
_D = np.float64


def _check_rgba(img: np.ndarray, what: str) -> None:
    if not isinstance(img, np.ndarray) or img.dtype != np.uint8 or img.ndim != 3 or img.shape[2] != 4:
        raise ValueError(f"{what} must be a uint8 RGBA array [H, W, 4], got "
                         f"{getattr(img, 'dtype', type(img))} {getattr(img, 'shape', '')}")


def line_channel(lineart_rgba: np.ndarray) -> np.ndarray:
    """Lineart RGBA uint8 [H, W, 4] -> float32 [H, W] in 0..1, ink dark, transparent = paper."""
    _check_rgba(lineart_rgba, "lineart")
    a = lineart_rgba[..., 3].astype(_D) / 255.0
    one_minus_a = 1.0 - a
    rgb = [lineart_rgba[..., i].astype(_D) / 255.0 * a + one_minus_a for i in range(3)]
    return (LUMA[0] * rgb[0] + LUMA[1] * rgb[1] + LUMA[2] * rgb[2]).astype(_F)


def line_channel_from_gray(gray: np.ndarray) -> np.ndarray:
    """Opaque grey lineart uint8 [H, W] (255 = paper) -> the same as line_channel of its RGBA form."""
    g = gray.astype(_D) / 255.0 * 1.0 + 0.0  # the opaque composite, step for step
    return (LUMA[0] * g + LUMA[1] * g + LUMA[2] * g).astype(_F)


def hint_channels(hint_rgba: np.ndarray | None, shape: tuple[int, int], strength: float = 1.0) -> np.ndarray:
    """Hint RGBA uint8 [H, W, 4] (or None) -> float32 [4, H, W]: premultiplied rgb, mask."""
    if not 0.0 <= strength <= 1.0:
        raise ValueError(f"hint strength must be within 0..1, got {strength}")
    h, w = shape
    if hint_rgba is None:
        return np.zeros((4, h, w), _F)
    _check_rgba(hint_rgba, "hint")
    if hint_rgba.shape[:2] != (h, w):
        raise ValueError(f"hint is {hint_rgba.shape[1]}x{hint_rgba.shape[0]} but lineart is {w}x{h}; they must match")
    m = hint_rgba[..., 3].astype(_F) / _F(255) * _F(strength)
    out = np.empty((4, h, w), _F)
    for i in range(3):
        out[i] = hint_rgba[..., i].astype(_F) / _F(255) * m
    out[3] = m
    return out


def gaussian_kernel(sigma: float) -> np.ndarray:
    radius = int(math.ceil(3.0 * sigma))
    x = np.arange(-radius, radius + 1, dtype=np.float64)
    k = np.exp(-(x * x) / (2.0 * sigma * sigma))
    return (k / k.sum()).astype(_F)


def blur_channels(chw: np.ndarray, sigma: float) -> np.ndarray:
    """Separable Gaussian blur with replicate edges (the contract's hint blur)."""
    if sigma <= 0:
        return chw
    k = gaussian_kernel(sigma)
    r = len(k) // 2
    out = chw.astype(_F)
    for axis in (2, 1):  # horizontal, then vertical
        pad = [(0, 0)] * 3
        pad[axis] = (r, r)
        p = np.pad(out, pad, mode="edge")
        acc = np.zeros_like(out)
        n = out.shape[axis]
        for j, wgt in enumerate(k):
            sl = [slice(None)] * 3
            sl[axis] = slice(j, j + n)
            acc += wgt * p[tuple(sl)]
        out = acc
    return out


PAPER_THRESHOLD = 0.5  # line channel at or above this is paper for the region fill


def paper_regions(line: np.ndarray, gap_radius: int = 0) -> tuple[int, np.ndarray]:
    """(count, labels int32 [H, W]): paper regions numbered from 1, gaps up to 2 * gap_radius closed; ink is 0."""
    import cv2  # only here: the rest of the contract is plain numpy

    paper = (line >= _F(PAPER_THRESHOLD)).astype(np.uint8)
    if gap_radius <= 0:
        return cv2.connectedComponents(paper, connectivity=4, ltype=cv2.CV_32S)
    side = 2 * gap_radius + 1
    core = cv2.erode(paper, np.ones((side, side), np.uint8), borderType=cv2.BORDER_CONSTANT, borderValue=1)
    n, labels = cv2.connectedComponents(core, connectivity=4, ltype=cv2.CV_32S)
    is_paper = paper.astype(bool)
    _grow_regions(labels, is_paper)
    rest = is_paper & (labels == 0)
    if rest.any():
        m, extra = cv2.connectedComponents(rest.astype(np.uint8), connectivity=4, ltype=cv2.CV_32S)
        labels[rest] = extra[rest] + (n - 1)
        n += m - 1
    return n, labels


def _grow_regions(labels: np.ndarray, paper: np.ndarray) -> None:
    """Grows labelled regions into unlabelled paper, one layer at a time, in place (see the docstring)."""
    h, w = labels.shape
    flat = labels.ravel()
    open_ = (paper & (labels == 0)).ravel()
    xs = np.tile(np.arange(w), h)
    # neighbour offsets in priority order: left, up, right, down; and who may look that way
    steps = [(-1, xs > 0), (-w, np.arange(h * w) >= w), (1, xs < w - 1), (w, np.arange(h * w) < (h - 1) * w)]
    labelled = np.flatnonzero(flat > 0)
    stamp = np.empty(h * w, np.int64)  # scratch for _open_neighbours; every slot it reads, it wrote first
    frontier = _open_neighbours(labelled, open_, steps, stamp)
    while frontier.size:
        chosen = np.zeros(frontier.size, np.int32)
        for off, ok in steps:
            valid = ok[frontier] & (chosen == 0)
            nb = np.where(valid, frontier + off, 0)
            take = valid & (flat[nb] > 0)
            chosen[take] = flat[nb[take]]
        flat[frontier] = chosen
        open_[frontier] = False
        frontier = _open_neighbours(frontier, open_, steps, stamp)


def _open_neighbours(pixels: np.ndarray, open_: np.ndarray, steps, stamp: np.ndarray) -> np.ndarray:
    """The open 4-neighbours of `pixels`, each once, in no particular order (a pixel's label in
    the next layer depends only on the layer before, not on the order). Duplicates go through a
    page-sized scratch of positions instead of np.unique, whose sort was 30 % of a 256 px training
    sample; the work stays proportional to the frontier, not to the page."""
    cand = np.concatenate([pixels[ok[pixels]] + off for off, ok in steps])
    cand = cand[open_[cand]]
    order = np.arange(cand.size, dtype=np.int64)
    stamp[cand] = order  # of repeated indices one write wins; only its position matches below
    return cand[stamp[cand] == order]


def region_fill(line: np.ndarray, hint: np.ndarray, gap_radius: int = GAP_RADIUS) -> np.ndarray:
    """Line [H, W] + hint channels [4, H, W] -> fill channels float32 [4, H, W] (see the module docstring)."""
    n, labels = paper_regions(line, gap_radius)
    lab = labels.ravel()
    mask = hint[3].ravel().astype(np.float64)
    msum = np.bincount(lab, weights=mask, minlength=n)
    painted = np.bincount(lab, weights=(mask > 0).astype(np.float64), minlength=n)
    has = painted > 0
    has[0] = False  # ink
    fill_mask = np.where(has, msum / np.maximum(painted, 1.0), 0.0)
    out = np.zeros((4,) + line.shape, _F)
    for c in range(3):
        csum = np.bincount(lab, weights=hint[c].ravel().astype(np.float64), minlength=n)
        colour = np.where(has & (msum > 0), csum / np.maximum(msum, 1e-30), 0.0)
        out[c] = (colour * fill_mask).astype(_F)[labels]
    out[3] = fill_mask.astype(_F)[labels]
    return out


def network_input(line: np.ndarray, hint: np.ndarray, with_fill: bool, stroke_strength: float = 1.0) -> np.ndarray:
    """Line [H, W] + hint channels [4, H, W] -> [5 or 9, H, W] (the contract's channel order).

    `stroke_strength` scales the hint channels the network sees pixel by pixel, not the region
    fill made from them: below 1 a stroke says "this region is this colour" more than "these
    pixels are exactly this colour" (an artist's flat stroke over a shaded region then does not
    come out as a flat streak)."""
    parts = [line[None], hint * np.float32(stroke_strength) if stroke_strength != 1.0 else hint] + ([region_fill(line, hint)] if with_fill else [])
    return np.concatenate(parts, axis=0).astype(_F)


def prepare_input(lineart_rgba: np.ndarray, hint_rgba: np.ndarray | None, strength: float = 1.0,
                  blur_sigma_fraction: float = 0.0, with_fill: bool = True) -> np.ndarray:
    """Lineart + hint layers -> the generator input, float32 [1, 9, H, W] ([1, 5, H, W] without the fill)."""
    line = line_channel(lineart_rgba)
    h, w = line.shape
    hint = hint_channels(hint_rgba, (h, w), strength)
    if blur_sigma_fraction > 0:
        hint = blur_channels(hint, blur_sigma_fraction * max(h, w))
    return network_input(line, hint, with_fill)[None]


def output_to_rgb(output: np.ndarray) -> np.ndarray:
    """Generator output [1, 3, H, W] in -1..1 -> uint8 RGB [H, W, 3] (round half up after clamping)."""
    x = np.clip((output[0].transpose(1, 2, 0) + 1.0) * 127.5, 0, 255)
    return np.floor(x + 0.5).astype(np.uint8)
