"""Turn one source Item into a 256x256 sample: colour on white, paired lineart when the source has
it, and quality numbers. Runs in worker processes; pure function of the item and the package files."""
from __future__ import annotations

import re

import numpy as np
from PIL import ImageColor

from training.data import common as C
from training.data.sources import Item

# ---------------------------------------------------------------- SVG recolouring (paired lineart)

_TAG = re.compile(r"<([a-zA-Z][\w:.-]*)(\s[^<>]*?)?(/?)>", re.S)
_ATTR = re.compile(r'(\s)(fill|stroke|stop-color|color)\s*=\s*("([^"]*)"|\'([^\']*)\')')
_CSS = re.compile(r"(fill|stroke|stop-color)\s*:\s*([^;}\"'\s]+)")
_STYLE_EL = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
_NUM = r"([0-9.]+%?)"


def _parse_colour(value: str) -> tuple[tuple[int, int, int], float] | None:
    v = value.strip()
    if not v or v.lower() in ("none", "inherit", "currentcolor", "transparent") or v.startswith("url("):
        return None
    alpha = 1.0
    if v.startswith("#") and len(v) in (5, 9):        # #rgba / #rrggbbaa
        a = v[-1] * 2 if len(v) == 5 else v[-2:]
        try:
            alpha = int(a, 16) / 255.0
        except ValueError:
            return None
        v = v[:-1] if len(v) == 5 else v[:-2]
    try:
        rgb = ImageColor.getrgb(v)
    except ValueError:
        return None
    if len(rgb) == 4:
        alpha = rgb[3] / 255.0
    return tuple(rgb[:3]), alpha


def _opacity(attrs: str, name: str) -> float:
    m = re.search(r'[\s;"]' + name + r'\s*[:=]\s*["\']?' + _NUM, " " + attrs)
    if not m:
        return 1.0
    s = m.group(1)
    try:
        return float(s[:-1]) / 100 if s.endswith("%") else float(s)
    except ValueError:
        return 1.0


def _ink(value: str, alpha: float, dark: float) -> str:
    """Map a paint value to pure ink or paper: dark and mostly opaque -> black, else white."""
    if value.strip().startswith("url("):
        # Gradient/pattern paint is shading or a coloured region, never an outline: paper.
        return "#ffffff"
    parsed = _parse_colour(value)
    if parsed is None:
        return value
    (r, g, b), a = parsed
    luma = 0.299 * r + 0.587 * g + 0.114 * b
    return "#000000" if luma < dark and a * alpha >= 0.5 else "#ffffff"


def recolour_svg(svg: str, dark: float = 40.0) -> str:
    """Paired lineart from a coloured SVG: dark fills/strokes become black ink, everything else white.

    Works for drawings built as dark outline shapes under/over coloured shapes (DiceBear, much clip
    art). Element opacity counts: a 10%-black shading overlay is paint, not ink."""
    def tag(m: re.Match) -> str:
        name, attrs, close = m.group(1), m.group(2) or "", m.group(3)
        if name in ("style", "script"):
            return m.group(0)
        op = _opacity(attrs, "opacity")
        fop = op * _opacity(attrs, "fill-opacity")
        sop = op * _opacity(attrs, "stroke-opacity")

        def attr(am: re.Match) -> str:
            key = am.group(2)
            val = am.group(4) if am.group(4) is not None else am.group(5)
            a = sop if key == "stroke" else fop if key == "fill" else op * _opacity(attrs, "stop-opacity")
            return f'{am.group(1)}{key}="{_ink(val, a, dark)}"'

        attrs = _ATTR.sub(attr, attrs)

        def style_attr(sm: re.Match) -> str:
            body = sm.group(2)
            body = _CSS.sub(lambda cm: f"{cm.group(1)}:{_ink(cm.group(2), sop if cm.group(1) == 'stroke' else fop, dark)}", body)
            return f"{sm.group(1)}{body}{sm.group(3)}"

        attrs = re.sub(r'(style\s*=\s*")([^"]*)(")', style_attr, attrs)
        return f"<{name}{attrs}{close}>"

    out = _TAG.sub(tag, svg)
    out = _STYLE_EL.sub(lambda m: m.group(1) + _CSS.sub(lambda cm: f"{cm.group(1)}:{_ink(cm.group(2), 1.0, dark)}", m.group(2)) + m.group(3), out)
    # Embedded raster images cannot be recoloured: drop them from the line version.
    out = re.sub(r"<image\b[^>]*?(/>|>.*?</image>)", "", out, flags=re.S)
    return out


def scale_stroke_widths(svg: str, factor: float) -> str:
    def sub(m: re.Match) -> str:
        return f'{m.group(1)}{float(m.group(2)) * factor:.3f}{m.group(3)}'
    svg = re.sub(r'(stroke-width\s*=\s*")([0-9.]+)(")', sub, svg)
    return re.sub(r'(stroke-width\s*:\s*)([0-9.]+)(\s*[;"}])', sub, svg)


# ---------------------------------------------------------------- samples

def _read(path: str) -> str:
    with open(path, "rb") as f:
        return f.read().decode("utf-8", errors="replace")


def _pair(col_svg: str, line_svg: str, size: int = C.RENDER, timeout: float = 60):
    c = C.render_svg(col_svg.encode(), size, timeout)
    l_ = C.render_svg(line_svg.encode(), size, timeout)
    box = C.content_box(c, l_)
    if box is None:
        return None
    rgb = C.fit_rgba_on_white(c, box)
    line = C.to_gray(C.fit_rgba_on_white(l_, box))
    return rgb, line


def process(item: Item) -> dict | None:
    """Render and check one item. Returns None when it is unusable (a reason is not needed downstream)."""
    try:
        return _process(item)
    except Exception as e:  # a broken file in a package must not stop the build
        return {"error": f"{type(e).__name__}: {e}"[:200]}


def _process(item: Item) -> dict | None:
    paired = False
    line = None
    if item.kind == "svgpair":
        col, ln = _read(item.path), _read(item.line_path)
        if item.package == "openmoji":
            # OpenMoji strokes are 2/72 of the canvas: ~9 px at 256. Thin both files identically
            # (0.3-0.7x, seeded by file) so line widths vary and look like drawn lineart.
            f = 0.3 + 0.4 * C.unit_hash(item.file)
            col, ln = scale_stroke_widths(col, f), scale_stroke_widths(ln, f)
        r = _pair(col, ln)
        if r is None:
            return None
        rgb, line = r
        paired = True
    elif item.kind == "svgrecolour":
        col = _read(item.path)
        dark = 40.0 if item.package.startswith("@dicebear/") else 64.0
        # Clip art can be very detailed (slow to rasterise): 384 px is still 1.5x the output size,
        # and a file that takes over 20 s is skipped.
        clip = not item.package.startswith("@dicebear/")
        r = _pair(col, recolour_svg(col, dark), 384 if clip else C.RENDER, 20 if clip else 60)
        if r is None:
            return None
        rgb, line = r
        paired = True
    else:  # raster
        rgba = C.load_rgba(item.path)
        if min(rgba.shape[:2]) < 128:
            return None
        box = C.content_box(rgba)
        if box is None:
            return None
        if item.crop == "portrait":
            box = C.portrait_box(box)
        elif item.crop == "face":
            box = C.face_box(rgba, box)
        elif item.crop == "centre":
            x0, y0, x1, y1 = box
            side = min(x1 - x0, y1 - y0)
            cx, cy = (x0 + x1 - side) // 2, (y0 + y1 - side) // 2
            box = (cx, cy, cx + side, cy + side)
        rgb = C.fit_rgba_on_white(rgba, box)

    q = C.qa(rgb, line if paired else None)
    if paired and not q["ok"] and not item.package.startswith(("@dicebear/", "openmoji")):
        # Clip art whose recoloured lines don't match its colours: keep the colour, extract lines at load time.
        q = C.qa(rgb, None)
        paired, line = False, None
    if not q["ok"]:
        return {"rejected": q}
    if not paired:
        line = None
    return {"color": rgb, "line": line, "paired": paired, "qa": q, "hash": C.image_hash(rgb)}
