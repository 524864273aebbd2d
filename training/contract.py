"""The preprocessing contract shared with the TypeScript engine.

`assets/deepcolor.json` is written from `make_contract()` by the export, and the
engine reads it, so training and inference cannot drift. Every number the
engine needs to prepare inputs the way training did lives here.
"""
from __future__ import annotations

CONTRACT_FORMAT = "deepcolor-contract"
CONTRACT_VERSION = 2  # 2: optional region-fill channels (training/preprocess.py)

HINT_CHANNELS = ["line", "hint_r", "hint_g", "hint_b", "hint_mask"]
FILL_CHANNELS = ["fill_r", "fill_g", "fill_b", "fill_mask"]


# Region fill: gaps in the lines up to 2 * GAP_RADIUS working-canvas pixels wide are
# closed before regions are found (preprocess.paper_regions). 2 px a side is less than
# half the training stroke width (lineWidthPx), so drawn shapes are not eaten.
GAP_RADIUS = 2


# How 'auto' picks the working scale (the engine's auto-scale.ts): d = the 90th percentile of the
# distance from the paper the lines enclose to the nearest ink, w = the median stroke width, both
# in page pixels; scale = (geometric mean of interiorPx / d and strokePx / w) ** exponent, at most
# maxScale (a measure that cannot be taken is left out). Fitted by training/fit_auto_scale.py on
# the validation split's scale studies, pages enlarged 1x to 6x (training/NOTES.md, session 9);
# the exponent raised from 0.5 to 0.75 when pages enlarged 10x (2,560 px, an artist's size) and
# white patches were scored too (session 10): open figures and high-resolution pages are shrunk,
# and no page is enlarged.
AUTO_SCALE = {"by": "interior-and-stroke", "percentile": 0.9, "interiorPx": 16.0, "strokePx": 3.0,
              "exponent": 0.75, "maxScale": 1.0}


def input_channels(with_fill: bool) -> list[str]:
    return HINT_CHANNELS + (FILL_CHANNELS if with_fill else [])

# Rec. 601 luma, as used by the lineart extractors and the engine alike.
LUMA = (0.299, 0.587, 0.114)


def make_contract(*, model_file: str, sha256: str, size_multiple: int, trained: bool,
                  training_size: int, line_width_px: float, opset: int,
                  hint_blur_sigma_fraction: float = 0.0, default_hint_strength: float = 1.0,
                  tile_size: int = 512, tile_overlap: int = 64, model_meta: dict | None = None,
                  with_fill: bool = True, auto_scale: dict | None = AUTO_SCALE) -> dict:
    return {
        "format": CONTRACT_FORMAT,
        "version": CONTRACT_VERSION,
        "model": {"file": model_file, "sha256": sha256, "opset": opset, "trained": trained, **(model_meta or {})},
        "input": {
            "name": "input",
            "layout": "NCHW",
            "dtype": "float32",
            "channels": input_channels(with_fill),
        },
        "output": {"name": "output", "layout": "NCHW", "dtype": "float32", "channels": ["r", "g", "b"], "range": [-1.0, 1.0]},
        "lineart": {
            # RGBA composited over white, then luma; ink is dark, paper light.
            "composite": "alpha-over-white",
            "luma": list(LUMA),
            "range": [0.0, 1.0],
        },
        "hint": {
            # Colour in 0..1, premultiplied by the mask; mask = alpha / 255 * strength.
            "colorRange": [0.0, 1.0],
            "premultiplied": True,
            "mask": "alpha",
            # Gaussian blur of premultiplied colour and mask, sigma = fraction * working long side
            # (0 = no blur). Blur then un-premultiply is not done: the network sees blurred premultiplied values.
            "blurSigmaFraction": hint_blur_sigma_fraction,
            "defaultStrength": default_hint_strength,
        },
        "geometry": {
            "sizeMultiple": size_multiple,
            "trainingSize": training_size,
            # Median ink stroke width (px) of training lineart at training size: without
            # "autoScale" (older contracts) the engine scales a page so its strokes match this.
            "lineWidthPx": line_width_px,
            "minWorkingScale": 0.125,
            "maxWorkingScale": 2.0,
            "tileSize": tile_size,
            "tileOverlap": tile_overlap,
            **({"autoScale": dict(auto_scale)} if auto_scale else {}),
        },
        **({"fill": {"gapRadius": GAP_RADIUS}} if with_fill else {}),
    }
