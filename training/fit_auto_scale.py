"""Fits the engine's 'auto' working-scale policy (contract.AUTO_SCALE) to a scale study.

    /usr/bin/python3 -m training.scale_study --split val --limit 48 --zooms 1,2,3 \
        --scales auto,0.35,0.5,0.7,1,1.4,2 --threads 2 --keep-pages --out training/work/scale-fit-val
    npm run build && node scripts/measure-pages.js training/work/scale-fit-val/pages training/work/scale-fit-val/measures.json
    # the same at zooms 4,6 (24 images; scales auto,0.15,0.25,0.35,0.5,0.7 and then 1) into
    # training/work/scale-fit-val-big and -big1, measured likewise, then:
    /usr/bin/python3 -m training.fit_auto_scale --study training/work/scale-fit-val \
        training/work/scale-fit-val-big training/work/scale-fit-val-big1

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

EXPONENTS = (0.4, 0.5, 0.6, 0.75)
PERCENTILES = ("0.75", "0.9", "0.95")
# Stroke-width targets w (px); None: the interior distance alone (the first policy of session 9).
STROKE_TARGETS = (None, 2.0, 3.0, 4.0, 5.0)
TARGETS = (8, 12, 16, 20, 24, 32)
MAX_SCALE = 1.0
MIN_SCALE = 0.125
# The policy in training/contract.py AUTO_SCALE, always printed for comparison.
SHIPPED = ("d0.9: geomean(16 / d, 3 / w) ** 0.5", "d0.9: geomean(16 / d) ** 0.5")


def load(studies: list[str]) -> tuple[dict, dict]:
    """Per-page PSNRs by scale and per-page measures, merged over the studies (page names carry the zoom)."""
    scores: dict = {}
    measures: dict = {}
    for study in studies:
        with open(os.path.join(study, "scale-study.json")) as f:
            for name, by_scale in json.load(f)["pages"].items():
                scores.setdefault(name, {}).update(by_scale)  # studies of the same pages at more scales add up
        path = os.path.join(study, "measures.json")
        if os.path.exists(path):  # a study that only adds scales to pages measured elsewhere has none
            with open(path) as f:
                measures.update(json.load(f)["pages"])
    return scores, measures


def grid_of(page: dict) -> list[float]:
    return sorted(float(s) for s in page if not s.startswith("auto"))


def cell(name: str) -> str:
    """'i012-z2-h5' -> '2x/5' (zoom / strokes), the study's table columns."""
    _, z, h = name.split("-")
    return f"{z[1:]}x/{h[1:]}"


def psnr_at(page: dict, scale: float) -> float:
    """The page's PSNR at `scale`, interpolated in log scale between its grid scales (clamped to their range)."""
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
    args = ap.parse_args()
    scores, measures = load(args.study)

    rows: list[tuple[str, dict[str, float]]] = []
    common = set.intersection(*(set(p) for p in scores.values()))
    for ran in sorted(s for s in common if s.startswith("auto")):
        rows.append((f"{ran} (as run)", table_row(scores, lambda n, p, ran=ran: p[ran])))
    for g in sorted(float(s) for s in common if not s.startswith("auto")):
        rows.append((f"fixed {g:g}", table_row(scores, lambda n, p, g=g: p[f"{g:g}"])))
    rows.append(("best grid scale per page (bound)", table_row(scores, lambda n, p: max(p[f"{g:g}"] for g in grid_of(p)))))

    fits = []
    for pct in PERCENTILES:
        for a in EXPONENTS:
            for t in TARGETS:
                for w in STROKE_TARGETS:
                    choose = policy(measures, pct, t, w, a)
                    row = table_row(scores, lambda n, p: psnr_at(p, choose(n)))
                    label = label_of(pct, t, w, a)
                    fits.append((float(np.mean(list(row.values()))), label, row))
    fits.sort(key=lambda f: -f[0])
    rows += [(label, row) for _, label, row in fits[:args.top]]
    for shipped in SHIPPED:
        label, row = next((l, r) for _, l, r in fits if l == shipped)
        if all(label != l for l, _ in rows):
            rows.append((label + (" (shipped)" if shipped == SHIPPED[0] else " (interior distance only)"), row))

    cols = list(rows[0][1])
    print(f"mean PSNR dB per column (zoom / strokes), {len(scores)} pages; policies capped at {MAX_SCALE:g}")
    print("| policy | " + " | ".join(cols) + " | mean |")
    print("|---|" + "---:|" * (len(cols) + 1))
    for label, row in rows:
        print(f"| {label} | " + " | ".join(f"{row[c]:.2f}" for c in cols) + f" | {np.mean(list(row.values())):.3f} |")


if __name__ == "__main__":
    sys.exit(main())
