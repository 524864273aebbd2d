"""Lineart extractors: colour image -> grey lineart (uint8 [H, W], 255 = paper, 0 = ink).

A model trained on one line style does not colour another, so every training
sample draws its lineart style at random (`random_lineart`):
- paired: the source's own line drawing (OpenMoji black set, recoloured SVGs);
- adaptive: the seed's OpenCV-style adaptive threshold of the grey image;
- xdog: eXtended Difference of Gaussians (Winnemoeller 2012) with random
  sigma 0.6-1.2 and threshold, soft or hard edges;
then, for any of them, line-width jitter (erode = thicker ink, dilate = thinner)
and sometimes a slight anti-aliasing blur, as real scanned or digital lines have.
"""
from __future__ import annotations

import cv2
import numpy as np

from training.contract import LUMA


def to_gray(color: np.ndarray) -> np.ndarray:
    """RGB uint8 -> float32 luma 0..1 (the contract's weights)."""
    c = color.astype(np.float32) / 255.0
    return LUMA[0] * c[..., 0] + LUMA[1] * c[..., 1] + LUMA[2] * c[..., 2]


def adaptive_threshold(color: np.ndarray, block: int = 9, c: float = 5.0, despeckle: bool = True) -> np.ndarray:
    """The seed's extractor: pixels darker than their neighbourhood mean by c become ink."""
    gray = (to_gray(color) * 255).astype(np.uint8)
    gray = cv2.GaussianBlur(gray, (3, 3), 0)
    line = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, block | 1, c)
    if despeckle:
        line = cv2.medianBlur(line, 3)
    return line


def xdog(color: np.ndarray, sigma: float = 0.9, k: float = 1.6, p: float = 20.0, eps: float = 0.3,
         phi: float = 50.0) -> np.ndarray:
    """XDoG: D = (1 + p) G_sigma - p G_{k sigma}; paper where D >= eps, else 1 + tanh(phi (D - eps)).

    Flat areas have D = luma, so areas darker than eps turn to ink (manga-style black fills);
    eps stays low (<= 0.4) or dark skin and clothes would go black too."""
    gray = to_gray(color)
    g1 = cv2.GaussianBlur(gray, (0, 0), sigma)
    g2 = cv2.GaussianBlur(gray, (0, 0), sigma * k)
    d = (1.0 + p) * g1 - p * g2
    out = np.where(d >= eps, 1.0, 1.0 + np.tanh(phi * (d - eps)))
    return (np.clip(out, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def jitter_width(line: np.ndarray, amount: int) -> np.ndarray:
    """amount > 0 thickens ink by that many pixels (erode the light paper), < 0 thins it."""
    if amount == 0:
        return line
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * abs(amount) + 1, 2 * abs(amount) + 1))
    return cv2.erode(line, kernel) if amount > 0 else cv2.dilate(line, kernel)


def random_lineart(color: np.ndarray, paired_line: np.ndarray | None, rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """One lineart for a training sample, and the name of the style drawn (for logs and tests)."""
    r = rng.random()
    if paired_line is not None and r < 0.5:
        line, style = paired_line, "paired"
    elif r < 0.75:
        line = xdog(color, sigma=rng.uniform(0.6, 1.2), p=rng.uniform(15, 30), eps=rng.uniform(0.12, 0.4),
                    phi=rng.choice([10.0, 50.0, 200.0]))
        style = "xdog"
    else:
        line = adaptive_threshold(color, block=int(rng.choice([7, 9, 11, 15])), c=rng.uniform(3, 8))
        style = "adaptive"
    j = rng.random()
    if j < 0.2:
        line = jitter_width(line, 1)
        style += "+thick"
    elif j < 0.28 and style != "adaptive":
        line = jitter_width(line, -1)
        style += "+thin"
    if rng.random() < 0.3:
        line = cv2.GaussianBlur(line, (3, 3), rng.uniform(0.3, 0.8))
    # Guard against a line style that erased everything (very thin lines thinned away).
    if (line < 128).mean() < 0.002 and paired_line is not None:
        return paired_line, "paired"
    return line, style


def stroke_width(line: np.ndarray) -> float:
    """Typical ink stroke width in px: ink area / skeleton length (0 if no ink)."""
    from skimage.morphology import skeletonize
    ink = line < 128
    if ink.sum() < 20:
        return 0.0
    skel = skeletonize(ink)
    n = int(skel.sum())
    return float(ink.sum()) / n if n else 0.0
