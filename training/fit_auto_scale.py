"""Fits the engine's 'auto' working-scale policy (contract.AUTO_SCALE) to a scale study.

    /usr/bin/python3 -m training.scale_study --split val --limit 48 --zooms 1,2,3 \
        --scales auto,0.35,0.5,0.7,1,1.4,2 --threads 2 --keep-pages --out training/work/scale-fit-val
    npm run build && node scripts/measure-pages.js training/work/scale-fit-val/pages training/work/scale-fit-val/measures.json
    /usr/bin/python3 -m training.fit_auto_scale --study training/work/scale-fit-val

The study scored every page (enlarged validation images with XDoG lines, 0/5/20 strokes)
through the real engine at a grid of fixed working scales. A policy picks a scale per page
from the page's interior distance d (the engine's interior-distance.ts, measured by
scripts/measure-pages.js): (T / d) ** a, at most 1. Its score on a page is the PSNR
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

EXPONENTS = (0.3, 0.4, 0.5, 0.6, 0.75, 1.0)
TARGETS = (6, 8, 10, 12, 14, 16, 18, 20, 24, 28, 32, 40, 48)
MAX_SCALE = 1.0
MIN_SCALE = 0.125


def load(study: str) -> tuple[dict, dict, list[float]]:
    with open(os.path.join(study, "scale-study.json")) as f:
        scores = json.load(f)["pages"]
    with open(os.path.join(study, "measures.json")) as f:
        measures = json.load(f)["pages"]
    grid = sorted(float(s) for s in next(iter(scores.values())) if not s.startswith("auto"))
    return scores, measures, grid


def cell(name: str) -> str:
    """'i012-z2-h5' -> '2x/5' (zoom / strokes), the study's table columns."""
    _, z, h = name.split("-")
    return f"{z[1:]}x/{h[1:]}"


def psnr_at(page: dict, grid: list[float], scale: float) -> float:
    xs = np.log(grid)
    ys = [page[f"{g:g}"] for g in grid]
    return float(np.interp(np.log(np.clip(scale, grid[0], grid[-1])), xs, ys))


def table_row(scores: dict, pick) -> dict[str, float]:
    by_cell: dict[str, list[float]] = {}
    for name, page in scores.items():
        by_cell.setdefault(cell(name), []).append(pick(name, page))
    return {c: float(np.mean(v)) for c, v in sorted(by_cell.items(), key=lambda kv: (float(kv[0].split("x/")[0]), int(kv[0].split("/")[1])))}


def policy(measures: dict, percentile: str, target: float, exponent: float):
    def choose(name: str) -> float:
        d = measures[name]["interior"][percentile]
        return 1.0 if not d else min(MAX_SCALE, max(MIN_SCALE, (target / d) ** exponent))
    return choose


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--study", default="training/work/scale-fit-val")
    ap.add_argument("--top", type=int, default=8, help="how many of the best policies to print")
    args = ap.parse_args()
    scores, measures, grid = load(args.study)

    rows: list[tuple[str, dict[str, float]]] = []
    for ran in sorted(s for s in next(iter(scores.values())) if s.startswith("auto")):
        rows.append((f"{ran} (as run)", table_row(scores, lambda n, p, ran=ran: p[ran])))
    for g in grid:
        rows.append((f"fixed {g:g}", table_row(scores, lambda n, p, g=g: p[f"{g:g}"])))
    rows.append(("best grid scale per page (bound)", table_row(scores, lambda n, p: max(p[f"{g:g}"] for g in grid))))

    fits = []
    for pct in next(iter(measures.values()))["interior"]:
        for a in EXPONENTS:
            for t in TARGETS:
                choose = policy(measures, pct, t, a)
                row = table_row(scores, lambda n, p: psnr_at(p, grid, choose(n)))
                fits.append((float(np.mean(list(row.values()))), f"d{pct}: ({t} / d) ** {a}", row))
    fits.sort(key=lambda f: -f[0])
    rows += [(label, row) for _, label, row in fits[:args.top]]

    cols = list(rows[0][1])
    print(f"mean PSNR dB per column (zoom / strokes), {len(scores)} pages; policies capped at {MAX_SCALE:g}")
    print("| policy | " + " | ".join(cols) + " | mean |")
    print("|---|" + "---:|" * (len(cols) + 1))
    for label, row in rows:
        print(f"| {label} | " + " | ".join(f"{row[c]:.2f}" for c in cols) + f" | {np.mean(list(row.values())):.3f} |")


if __name__ == "__main__":
    sys.exit(main())
