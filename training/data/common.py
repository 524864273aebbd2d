"""Rendering, cropping, line extraction and quality checks shared by every data source.

Everything here is deterministic: the same package files give the same arrays, so a
rebuilt data set matches the committed manifest.
"""
from __future__ import annotations

import hashlib
import io
import subprocess

import cv2
import numpy as np
from PIL import Image

SIZE = 256          # training resolution (square)
PAD = 8             # white margin kept around the content at SIZE
RENDER = 512        # SVGs are rasterised at this size, then area-downscaled (clean anti-aliasing)

# Quality thresholds from DATA-SOURCES.md.
LINE_COVER_MIN, LINE_COVER_MAX = 0.01, 0.30
SATURATED_MIN = 0.04
EDGE_FIT_MIN = 0.75
# Paired lines must be ink, not shading: mid-grey pixels (64..191) may be at most this fraction of
# all non-paper pixels (anti-aliased OpenMoji/DiceBear lines: median 0.2-0.3, max 0.44; clip art whose
# gradients or shadows survived recolouring: 0.5-0.85).
LINE_GREY_MAX = 0.45


# ---------------------------------------------------------------- rendering

def render_svg(svg: bytes, size: int = RENDER, timeout: float = 60) -> np.ndarray:
    """Rasterise an SVG to RGBA uint8 [size,size,4] with rsvg-convert, aspect kept, transparent."""
    out = subprocess.run(
        ["rsvg-convert", "-w", str(size), "-h", str(size), "--keep-aspect-ratio", "-f", "png"],
        input=svg, capture_output=True, check=True, timeout=timeout)
    im = Image.open(io.BytesIO(out.stdout)).convert("RGBA")
    return np.asarray(im)


def load_rgba(path: str) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGBA"))


def over_white(rgba: np.ndarray) -> np.ndarray:
    """Composite RGBA over white -> RGB uint8."""
    a = rgba[..., 3:4].astype(np.float32) / 255.0
    rgb = rgba[..., :3].astype(np.float32) * a + 255.0 * (1.0 - a)
    return np.clip(rgb + 0.5, 0, 255).astype(np.uint8)


def content_box(*rgbas: np.ndarray, alpha_min: int = 8) -> tuple[int, int, int, int] | None:
    """Union bounding box (x0, y0, x1, y1) of visible pixels: alpha, and not pure white."""
    mask = None
    for im in rgbas:
        vis = im[..., 3] >= alpha_min
        vis &= im[..., :3].min(axis=2) < 250
        mask = vis if mask is None else (mask | vis)
    ys, xs = np.nonzero(mask)
    if len(xs) == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def portrait_box(box: tuple[int, int, int, int], max_aspect: float = 1.25) -> tuple[int, int, int, int]:
    """Keep the head and upper body of a tall figure: cut the box to at most max_aspect * width tall, from the top."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    if h > max_aspect * w:
        y1 = y0 + int(round(max_aspect * w))
    return x0, y0, x1, y1


def face_box(rgba: np.ndarray, box: tuple[int, int, int, int], frac: float = 0.55) -> tuple[int, int, int, int]:
    """A close-up square at the top of a portrait: side frac * the figure's size, centred on the
    visible mass of the top rows (where the head is in Wesnoth/Flare portraits)."""
    x0, y0, x1, y1 = box
    side = int(round(frac * max(x1 - x0, y1 - y0)))
    top = rgba[y0:y0 + side, x0:x1, 3].astype(np.float64)
    cols = top.sum(axis=0)
    cx = x0 + (float((cols * np.arange(len(cols))).sum() / cols.sum()) if cols.sum() > 0 else (x1 - x0) / 2)
    h, w = rgba.shape[:2]
    nx0 = int(min(max(0, round(cx - side / 2)), max(0, w - side)))
    return nx0, y0, min(w, nx0 + side), min(h, y0 + side)


def fit(img: np.ndarray, box: tuple[int, int, int, int], fill: int | tuple = 255,
        size: int = SIZE, pad: int = PAD) -> np.ndarray:
    """Crop img to box and centre it, aspect kept, in a size x size canvas with a pad margin."""
    x0, y0, x1, y1 = box
    crop = img[y0:y1, x0:x1]
    h, w = crop.shape[:2]
    inner = size - 2 * pad
    s = inner / max(w, h)
    nw, nh = max(1, int(round(w * s))), max(1, int(round(h * s)))
    interp = cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC
    small = cv2.resize(crop, (nw, nh), interpolation=interp)
    shape = (size, size) + img.shape[2:]
    canvas = np.empty(shape, np.uint8)
    canvas[...] = fill
    ox, oy = (size - nw) // 2, (size - nh) // 2
    canvas[oy:oy + nh, ox:ox + nw] = small
    return canvas


def fit_rgba_on_white(rgba: np.ndarray, box, size: int = SIZE, pad: int = PAD) -> np.ndarray:
    """Crop/scale in premultiplied space so transparent edges do not bleed dark colour, then composite."""
    return fit(over_white(rgba), box, 255, size, pad)


def to_gray(rgb: np.ndarray) -> np.ndarray:
    # Rec. 601 luma, as in training/contract.py.
    g = rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114
    return np.clip(g + 0.5, 0, 255).astype(np.uint8)


# ---------------------------------------------------------------- line extraction (QA and examples)

def xdog(gray: np.ndarray, sigma: float = 0.8, k: float = 1.6, p: float = 20.0,
         eps: float = -0.02, phi: float = 10.0) -> np.ndarray:
    """XDoG lines (Winnemoeller 2012): uint8, 255 paper, 0 ink."""
    g = gray.astype(np.float32) / 255.0
    a = cv2.GaussianBlur(g, (0, 0), sigma)
    b = cv2.GaussianBlur(g, (0, 0), sigma * k)
    d = (1 + p) * a - p * b
    e = np.where(d >= eps, 1.0, 1.0 + np.tanh(phi * (d - eps)))
    return np.clip(e * 255 + 0.5, 0, 255).astype(np.uint8)


def adaptive_lines(gray: np.ndarray, block: int = 9, c: int = 6) -> np.ndarray:
    """The seed's style of extraction: adaptive threshold. uint8, 255 paper, 0 ink."""
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, block, c)


# ---------------------------------------------------------------- quality checks

def line_cover(line: np.ndarray) -> float:
    return float((line < 128).mean())


def line_grey(line: np.ndarray) -> float:
    ink = int((line < 64).sum())
    mid = int(((line >= 64) & (line < 192)).sum())
    return mid / max(1, ink + mid)


def saturated_fraction(rgb: np.ndarray) -> float:
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    return float(((hsv[..., 1] > 50) & (hsv[..., 2] > 40)).mean())


def edge_fit(rgb: np.ndarray, line: np.ndarray, tol: float = 2.0) -> float:
    """Fraction of the colour image's edges lying within tol px of a line (1.0 if it has no edges)."""
    edges = cv2.Canny(cv2.GaussianBlur(rgb, (3, 3), 0), 60, 150)
    ink = (line < 128).astype(np.uint8)
    if ink.sum() == 0:
        return 0.0
    dist = cv2.distanceTransform(1 - ink, cv2.DIST_L2, 3)
    e = edges > 0
    if e.sum() == 0:
        return 1.0
    return float((dist[e] <= tol).mean())


def qa(rgb: np.ndarray, line: np.ndarray | None) -> dict:
    """Quality numbers for one sample. For raster sources (line None) a XDoG line stands in."""
    extracted = line is None
    ln = xdog(to_gray(rgb)) if extracted else line
    cov = line_cover(ln)
    sat = saturated_fraction(rgb)
    fitv = edge_fit(rgb, ln)
    grey = line_grey(ln)
    ok = LINE_COVER_MIN <= cov <= LINE_COVER_MAX and sat > SATURATED_MIN
    if not extracted:
        ok = ok and fitv >= EDGE_FIT_MIN and grey <= LINE_GREY_MAX
    return {"line_cover": round(cov, 4), "saturated": round(sat, 4), "edge_fit": round(fitv, 4),
            "line_grey": round(grey, 4), "ok": bool(ok)}


def image_hash(rgb: np.ndarray) -> str:
    """Duplicate key: 16x16 colour thumbnail quantised to 16 levels. Copies of one drawing rendered
    through the same path (Tux Paint stamps copied from openclipart, a campaign reusing a core
    portrait) collide; lossy re-encodings usually do not (they are not deduplicated)."""
    small = cv2.resize(rgb, (16, 16), interpolation=cv2.INTER_AREA) // 16
    return hashlib.sha1(small.tobytes()).hexdigest()


def unit_hash(text: str) -> float:
    """Stable number in [0,1) from a string (used for splits and seeded choices)."""
    return int(hashlib.sha1(text.encode()).hexdigest()[:12], 16) / float(1 << 48)
