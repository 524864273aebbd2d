"""Fits the engine's 'auto' working-scale policy (contract.AUTO_SCALE) to a scale study.

    /usr/bin/python3 -m training.scale_study --split val --limit 48 --zooms 1,2,3 \
        --scales auto,0.35,0.5,0.7,1,1.4,2 --threads 2 --keep-pages --out training/work/scale-fit-val
    npm run build && node scripts/measure-pages.js training/work/scale-fit-val/pages training/work/scale-fit-val/measures.json
    # the same at zooms 4,6 (24 images; scales auto,0.15,0.25,0.35,0.5,0.7 and then 1) into
    # training/work/scale-fit-val-big and -big1, and at zoom 10 (scales auto,0.1,0.15,0.2,0.25,0.35,0.5)
    # into training/work/scale-fit-val-10x, measured likewise; white patches scored with
    # training.white_patches (scale_study now scores them itself), then:
    /usr/bin/python3 -m training.fit_auto_scale --study training/work/scale-fit-val \
        training/work/scale-fit-val-big training/work/scale-fit-val-big1 training/work/scale-fit-val-10x

The study scored every page (enlarged validation images with XDoG lines, 0/5/20 strokes)
through the real engine at a grid of fixed working scales. A policy picks a scale per page
from the page's interior distance d and stroke width w (the engine's interior-distance.ts and
linewidth.ts, measured by scripts/measure-pages.js) as the engine's auto-scale.ts does:
(geometric mean of T / d and W / w) ** e, at most 1. Its score on a page is the PSNR
interpolated between the two grid scales around its choice (linear in log scale), so a policy
is scored without running the engine again; check the chosen one with a real scale study.
Prints the fixed scales, the per-page best grid scale (an upper bound no policy reaches),
the 'auto' the study ran, and the best policies. Fit on the validation split only.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np

EXPONENTS = (0.4, 0.5, 0.6, 0.75, 0.9, 1.0)
PERCENTILES = ("0.75", "0.9", "0.95")
# Stroke-width targets w (px); None: the interior distance alone (the first policy of session 9).
STROKE_TARGETS = (None, 2.0, 3.0, 4.0, 5.0)
TARGETS = (8, 12, 16, 20, 24, 32)
MAX_SCALE = 1.0
MIN_SCALE = 0.125
# The policy in training/contract.py AUTO_SCALE and the ones before it, always printed for comparison.
SHIPPED = {"d0.9: geomean(16 / d, 3 / w) ** 0.75": "shipped",
           "d0.9: geomean(16 / d, 3 / w) ** 0.5": "session 9",
           "d0.9: geomean(16 / d) ** 0.5": "interior distance only"}


def load(studies: list[str]) -> tuple[dict, dict, dict]:
    """Per-page PSNRs by scale, per-page measures and per-page white patches by scale (training.white_patches;
    empty where a study has none), merged over the studies (page names carry the zoom)."""
    scores: dict = {}
    measures: dict = {}
    whites: dict = {}
    for study in studies:
        with open(os.path.join(study, "scale-study.json")) as f:
            data = json.load(f)
            for name, by_scale in data["pages"].items():
                scores.setdefault(name, {}).update(by_scale)  # studies of the same pages at more scales add up
            for name, by_scale in data.get("white_patches", {}).items():
                whites.setdefault(name, {}).update(by_scale)
        path = os.path.join(study, "measures.json")
        if os.path.exists(path):  # a study that only adds scales to pages measured elsewhere has none
            with open(path) as f:
                measures.update(json.load(f)["pages"])
    return scores, measures, whites


def grid_of(page: dict) -> list[float]:
    return sorted(float(s) for s in page if not s.startswith("auto"))


def cell(name: str) -> str:
    """'i012-z2-h5' -> '2x/5' (zoom / strokes), the study's table columns."""
    _, z, h = name.split("-")
    return f"{z[1:]}x/{h[1:]}"


def psnr_at(page: dict, scale: float) -> float:
    """The page's PSNR (or another per-scale score) at `scale`, interpolated in log scale between its grid
    scales (clamped to their range)."""
    grid = grid_of(page)
    xs = np.log(grid)
    ys = [page[f"{g:g}"] for g in grid]
    return float(np.interp(np.log(np.clip(scale, grid[0], grid[-1])), xs, ys))


def table_row(scores: dict, pick) -> dict[str, float]:
    by_cell: dict[str, list[float]] = {}
    for name, page in scores.items():
        by_cell.setdefault(cell(name), []).append(pick(name, page))
    return {c: float(np.mean(v)) for c, v in sorted(by_cell.items(), key=lambda kv: (float(kv[0].split("x/")[0]), int(kv[0].split("/")[1])))}


def policy(measures: dict, percentile: str, interior_px: float, stroke_px: float | None, exponent: float):
    """The engine's auto-scale.ts: (geometric mean of interior_px / d and stroke_px / w) ** exponent,
    at most MAX_SCALE; a measure that is missing (or stroke_px None: interior distance only) is
    left out of the mean; with neither, 1."""
    def choose(name: str) -> float:
        m = measures[name]
        ratios = []
        if m["interior"][percentile]:
            ratios.append(interior_px / m["interior"][percentile])
        if stroke_px and m.get("lineWidth"):
            ratios.append(stroke_px / m["lineWidth"])
        wanted = float(np.prod(ratios)) ** (exponent / len(ratios)) if ratios else 1.0
        return min(MAX_SCALE, max(MIN_SCALE, wanted))
    return choose


def label_of(percentile: str, interior_px: float, stroke_px: float | None, exponent: float) -> str:
    ratios = f"{interior_px:g} / d" + (f", {stroke_px:g} / w" if stroke_px else "")
    return f"d{percentile}: geomean({ratios}) ** {exponent:g}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--study", nargs="+", default=["training/work/scale-fit-val"],
                    help="scale-study folders (scale-study.json, and measures.json unless another folder measured "
                         "the same pages); pages and their scales are merged")
    ap.add_argument("--top", type=int, default=8, help="how many of the best policies to print")
    ap.add_argument("--max-loss", type=float, default=None,
                    help="also rank policies by white patches among those within this many dB of the best mean PSNR "
                         "(needs white-patch scores: training.white_patches)")
    args = ap.parse_args()
    scores, measures, whites = load(args.study)
    # Pages with white-patch scores: interpolated between the scales they have (a study that kept no
    # outputs has none: its scales are missing, and a choice beyond the scored ones is clamped to them).
    scored = {n: whites[n] for n in scores if n in whites}

    rows: list[tuple[str, dict[str, float], dict[str, float] | None]] = []

    def add(label: str, pick) -> None:
        white = table_row(scored, pick) if scored else None
        rows.append((label, table_row(scores, pick), white))

    common = set.intersection(*(set(p) for p in scores.values()))
    for ran in sorted(s for s in common if s.startswith("auto")):
        add(f"{ran} (as run)", lambda n, p, ran=ran: p.get(ran, float("nan")))
    for g in sorted(float(s) for s in common if not s.startswith("auto")):
        add(f"fixed {g:g}", lambda n, p, g=g: psnr_at(p, g))
    # The page's best grid scale by PSNR (its white patches are those of that scale).
    best_scale = {n: f"{max(grid_of(p), key=lambda g, p=p: p[f'{g:g}']):g}" for n, p in scores.items()}
    add("best grid scale per page (bound)", lambda n, p: psnr_at(p, float(best_scale[n])))

    fits = []
    for pct in PERCENTILES:
        for a in EXPONENTS:
            for t in TARGETS:
                for w in STROKE_TARGETS:
                    choose = policy(measures, pct, t, w, a)
                    pick = lambda n, p, choose=choose: psnr_at(p, choose(n))  # noqa: E731 (p: PSNRs or whites by scale)
                    row = table_row(scores, pick)
                    white = table_row(scored, pick) if scored else None
                    fits.append((float(np.mean(list(row.values()))), label_of(pct, t, w, a), row, white))
    fits.sort(key=lambda f: -f[0])
    rows += [(label, row, white) for _, label, row, white in fits[:args.top]]
    if args.max_loss is not None and scored:
        best = fits[0][0]
        near = [f for f in fits if f[0] >= best - args.max_loss]
        near.sort(key=lambda f: float(np.mean(list(f[3].values()))))
        rows += [(label + " (fewest white patches)", row, white) for _, label, row, white in near[:args.top] if all(label != l for l, _, _ in rows)]
    for shipped, which in SHIPPED.items():
        label, row, white = next((l, r, w) for _, l, r, w in fits if l == shipped)
        if all(label != l for l, _, _ in rows):
            rows.append((f"{label} ({which})", row, white))

    print(f"mean PSNR dB per column (zoom / strokes), {len(scores)} pages; policies capped at {MAX_SCALE:g}")
    print_table([(label, row) for label, row, _ in rows], lambda v: f"{v:.2f}", lambda m: f"{m:.3f}")
    if scored:
        print(f"\nwhite patches (% of the originals' coloured pixels left paper-white), {len(scored)} pages")
        print_table([(label, white) for label, _, white in rows], lambda v: f"{100 * v:.1f}", lambda m: f"{100 * m:.2f}")


def print_table(rows: list[tuple[str, dict[str, float]]], cell, mean) -> None:
    """A markdown table: one row per policy, one column per zoom / strokes, and the mean."""
    cols = list(rows[0][1])
    print("| policy | " + " | ".join(cols) + " | mean |")
    print("|---|" + "---:|" * (len(cols) + 1))
    for label, row in rows:
        print(f"| {label} | " + " | ".join(cell(row[c]) for c in cols) + f" | {mean(np.mean(list(row.values())))} |")

if __name__ == "__main__":
    sys.exit(main())
