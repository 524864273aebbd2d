"""Simulated colour hints: what an artist paints on the hint layer (RGBA uint8 [H, W, 4]).

Every hint is an RGBA layer, turned into network channels by training.preprocess,
the same function the engine mirrors, so training sees exactly what the plugin sends.

- stroke_hint: a few brush strokes (or dots) of region colours. A stroke starts at a
  random pixel, takes that pixel's colour from the original, wanders a few segments,
  and keeps only the pixels whose original colour is close to the start colour, so
  it stays inside its region as a careful artist's stroke would. Alpha is mostly
  opaque, sometimes partial (soft brush, lowered layer opacity).
  `rough=True` paints what an artist paints instead: one flat colour for the whole
  stroke, the mean of the original under it (so it crosses light and shadow in one
  colour) moved by a random lightness, where the default strokes copy one pixel.
  Trained only on exact strokes, the model copies a stroke pixel for pixel, and an
  artist's flat stroke over a shaded region comes out as a flat streak.
  `overshoot=px` (for evaluation) lets a stroke run up to px (at 256 px) past its region's
  edge, as a careless stroke slips over a line.
- seed_hint: the seed's recipe (Frans 2017): the colour image with random white-outs,
  then a heavy blur; fully opaque, intensity scaled by a random strength as the
  seed's "dropout" view suggests.
- no hint at all (None).
"""
from __future__ import annotations

import cv2
import numpy as np

from training.preprocess import hint_channels

DENSITIES = (0, 1, 5, 20, 100)  # stroke counts the evaluation reports


ROUGH_LIGHTNESS = 16.0  # rough strokes: the lightness offset is uniform in +-this (0..255 units)


def stroke_hint(color: np.ndarray, n_strokes: int, rng: np.random.Generator, *, colour_tolerance: float = 40.0,
                soft_alpha_p: float = 0.25, rough: bool = False, overshoot: float = 0.0) -> np.ndarray:
    h, w, _ = color.shape
    hint = np.zeros((h, w, 4), np.uint8)
    scale = max(h, w) / 256.0
    color_i = color.astype(np.int16)
    # Artists rarely paint the white paper: start most strokes on coloured pixels.
    coloured = np.flatnonzero(color.min(axis=2) < 235)
    for _ in range(n_strokes):
        if len(coloured) and rng.random() < 0.85:
            y, x = divmod(int(coloured[rng.integers(0, len(coloured))]), w)
        else:
            y, x = int(rng.integers(0, h)), int(rng.integers(0, w))
        c0 = color[y, x].astype(np.int16)
        stroke = np.zeros((h, w), np.uint8)
        thickness = max(1, int(round(rng.uniform(2, 7) * scale)))
        pts = [(x, y)]
        if rng.random() > 0.15:  # else a dot
            angle = rng.uniform(0, 2 * np.pi)
            for _ in range(int(rng.integers(1, 5))):
                angle += rng.normal(0, 0.8)
                length = rng.uniform(4, 24) * scale
                x = int(np.clip(x + np.cos(angle) * length, 0, w - 1))
                y = int(np.clip(y + np.sin(angle) * length, 0, h - 1))
                pts.append((x, y))
        cv2.polylines(stroke, [np.array(pts, np.int32)], False, 255, thickness)
        if len(pts) == 1:
            cv2.circle(stroke, pts[0], max(1, thickness // 2 + 1), 255, -1)
        # Compare colours only around the stroke (polylines and circle draw at most `thickness` px
        # beyond the points; the box keeps 2 more): a whole-image comparison per stroke made
        # 120-stroke hints on 256 px crops cost 20 ms.
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        m = thickness + 2
        box = (slice(max(0, min(ys) - m), min(h, max(ys) + m + 1)), slice(max(0, min(xs) - m), min(w, max(xs) + m + 1)))
        close = np.abs(color_i[box] - c0).max(axis=2) <= colour_tolerance
        if overshoot > 0:  # a careless stroke: it runs past its region's edge by up to this much
            r = max(1, int(round(overshoot * scale)))
            close = cv2.dilate(close.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))) > 0
        keep = (stroke[box] > 0) & close
        if not keep.any():
            continue
        alpha = 255 if rng.random() > soft_alpha_p else int(rng.integers(110, 255))
        paint = c0
        if rough:
            paint = color_i[box][keep].mean(axis=0) + rng.uniform(-ROUGH_LIGHTNESS, ROUGH_LIGHTNESS)
        region = hint[box]  # a view: writes land in hint
        region[keep, :3] = np.clip(np.round(paint), 0, 255).astype(np.uint8)
        region[keep, 3] = alpha
    return hint


def seed_hint(color: np.ndarray, rng: np.random.Generator, *, n_whiteouts: int = 30, whiteout_fraction: float = 0.2,
              blur_fraction: float = 0.06) -> np.ndarray:
    """Random white squares (side ~ fraction of the size), then a heavy Gaussian blur; opaque."""
    h, w, _ = color.shape
    img = color.copy()
    side = max(2, int(whiteout_fraction * max(h, w)))
    for _ in range(n_whiteouts):
        y, x = int(rng.integers(0, h)), int(rng.integers(0, w))
        img[max(0, y - side // 2): y + side // 2, max(0, x - side // 2): x + side // 2] = 255
    img = cv2.GaussianBlur(img, (0, 0), blur_fraction * max(h, w))
    return np.concatenate([img, np.full((h, w, 1), 255, np.uint8)], axis=2)


def random_hint(color: np.ndarray, rng: np.random.Generator, rough_p: float = 0.0) -> tuple[np.ndarray | None, float, str]:
    """A training hint: (RGBA layer or None, strength, kind); stroke hints are rough with probability rough_p."""
    r = rng.random()
    if r < 0.15:
        return None, 1.0, "none"
    if r < 0.30:
        return seed_hint(color, rng, n_whiteouts=int(rng.integers(10, 40)),
                         whiteout_fraction=rng.uniform(0.05, 0.25)), float(rng.uniform(0.3, 1.0)), "seed"
    # Log-uniform stroke counts from 1 to ~120 (per 256 px; a crop keeps its share).
    n = int(np.exp(rng.uniform(0, np.log(120))))
    n = max(1, int(round(n * color.shape[0] * color.shape[1] / 256 ** 2)))
    strength = 1.0 if rng.random() < 0.8 else float(rng.uniform(0.5, 1.0))
    rough = rough_p > 0 and rng.random() < rough_p
    return stroke_hint(color, n, rng, rough=rough), strength, f"{'rough' if rough else 'strokes'}{n}"


def hint_tensor(hint: np.ndarray | None, shape: tuple[int, int], strength: float) -> np.ndarray:
    return hint_channels(hint, shape, strength)
