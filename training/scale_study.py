"""Which working scale colours an artist's page best? Measured through the real engine (the CLI).

    /usr/bin/python3 -m training.scale_study --split val --limit 48 --zooms 1,2,3 \
        --scales auto,auto@3.4,1,0.5 [--model assets/deepcolor.onnx] --out training/work/scale-study

The engine's 'auto' working scale matches the page's line width to the training lineart's,
so an inked figure is worked on at several times the 256 px of a training image. This
enlarges validation images Z times (bicubic; lineart by XDoG sigma 0.9 at the enlarged
size, so lines keep their usual width while regions grow, as on a real page), paints
fixed stroke hints, runs `deepcolor batch` once per working scale on the same pages, and
reports PSNR against the enlarged original per zoom, hint density and scale.
`auto-linewidth` is the 'auto' of contracts without geometry.autoScale (before session 9):
strokes matched to the training lineart's width. `auto@W` is that with geometry.lineWidthPx
set to W (a copy of the contract), i.e. the line-width 'auto' times W / lineWidthPx.
`auto:exponent=0.75:strokePx=2` is the shipped geometry.autoScale policy with those fields
changed (a copy of the contract), to check a policy fit_auto_scale chose through the engine.

Run it on the validation split to choose a policy; the test split is for reporting.
Writes <out>/scale-study.json and prints a markdown table.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from typing import NamedTuple

import cv2
import numpy as np
from PIL import Image
from skimage.color import deltaE_ciede2000, rgb2lab
from skimage.metrics import peak_signal_noise_ratio

from training.dataset import enlarged, load_split, stratified
from training.evaluate import EVAL_COLOUR_TOLERANCE, contact_sheet, hint_preview, shaded_original, tone_regions, tone_scores
from training.hints import stroke_hint
from training.lineart import xdog
from training.white_patches import white_patches

DENSITIES = (0, 5, 20)


class Page(NamedTuple):
    zoom: float
    strokes: int
    original: np.ndarray  # the enlarged colour image the output is scored against


def split_scale(scale: str) -> tuple[str, list[str]]:
    """A --scales entry as the scale and CLI flags after it: "auto+keep-strokes+light=top-left" is
    ("auto", ["--keep-strokes", "--light", "top-left"])."""
    scale_arg, *flags = scale.split("+")
    args: list[str] = []
    for flag in flags:
        name, *value = flag.split("=", 1)
        args += [f"--{name}", *value]
    return scale_arg, args


def make_pages(data: dict, zooms: list[float], folder: str, rough: bool = False, overshoot: float = 0.0) -> dict[str, Page]:
    """Writes NAME.png (lineart) and NAME.hint.png per image, zoom and density; returns the pages by NAME."""
    pages = {}
    for i, color in enumerate(data["color"]):
        for z in zooms:
            big = enlarged(color, z)
            line = xdog(big, sigma=0.9)
            for k in DENSITIES:
                name = f"i{i:03d}-z{z:g}-h{k}"
                Image.fromarray(line).save(os.path.join(folder, name + ".png"))
                if k:
                    hint = stroke_hint(big, k, np.random.default_rng(7_000 + 31 * i + k),
                                       colour_tolerance=EVAL_COLOUR_TOLERANCE, soft_alpha_p=0.0, rough=rough,
                                       overshoot=overshoot)
                    Image.fromarray(hint, "RGBA").save(os.path.join(folder, name + ".hint.png"))
                pages[name] = Page(z, k, big)
    return pages


def under_stroke(original: np.ndarray, got: np.ndarray, hint_path: str, line_path: str) -> tuple[float, float, float]:
    """Over the painted pixels: mean CIEDE2000 of the output from the original under them and from
    the stroke's colour, and the streak: how much more the output's colour steps across the
    strokes' edges than the original's does (CIELAB distance between the mean of the paper just
    inside and just outside each stroke, 3 px rings, output minus original; 0 = no visible streak
    beyond what the picture has there)."""
    hint = np.array(Image.open(hint_path).convert("RGBA"))
    m = hint[..., 3] > 0
    lab_got_all = rgb2lab(got)
    lab_got = lab_got_all[m]
    under = float(deltaE_ciede2000(rgb2lab(original[m][None])[0], lab_got).mean())
    to_hint = float(deltaE_ciede2000(rgb2lab(hint[..., :3][m][None])[0], lab_got).mean())
    paper = np.array(Image.open(line_path).convert("L")) >= 128
    ring = np.ones((7, 7), np.uint8)
    inner = m & ~cv2.erode(m.astype(np.uint8), ring).astype(bool) & paper
    outer = cv2.dilate(m.astype(np.uint8), ring).astype(bool) & ~m & paper
    lab_orig_all = rgb2lab(original)
    n, comp = cv2.connectedComponents(cv2.dilate(m.astype(np.uint8), ring), connectivity=8)
    steps = []
    for c in range(1, n):
        i, o = inner & (comp == c), outer & (comp == c)
        if i.sum() < 5 or o.sum() < 5:
            continue
        step = lambda lab: float(np.linalg.norm(lab[i].mean(0) - lab[o].mean(0)))
        steps.append(step(lab_got_all) - step(lab_orig_all))
    return under, to_hint, float(np.mean(steps)) if steps else 0.0


def write_sheet(names: list[str], made: dict, outputs: dict, scales: list[str], folder: str, path: str) -> None:
    """Lineart, hint, each scale's output and the original per page, at most 256 px a side each."""
    def small(img: np.ndarray) -> np.ndarray:
        f = 256 / max(img.shape[:2])
        return img if f >= 1 else cv2.resize(img, (round(img.shape[1] * f), round(img.shape[0] * f)), interpolation=cv2.INTER_AREA)

    rows = []
    for name in names:
        line = np.array(Image.open(os.path.join(folder, name + ".png")).convert("RGB"))
        hint = np.array(Image.open(os.path.join(folder, name + ".hint.png")).convert("RGBA"))
        rows.append([small(line), small(hint_preview(hint, hint.shape[:2]))] + [small(outputs[name][s]) for s in scales] + [small(made[name].original)])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    contact_sheet(rows, path, [n.split("-")[0] for n in names], ("lineart", "hint", *scales, "original"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shards", default="training/work/shards")
    ap.add_argument("--split", default="val")
    ap.add_argument("--limit", type=int, default=48)
    ap.add_argument("--zooms", default="1,2,3")
    ap.add_argument("--scales", default="auto,1,0.75,0.5")
    ap.add_argument("--model", help="another generator .onnx for the CLI's --model (default: the shipped one)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", default="training/work/scale-study")
    ap.add_argument("--rough-strokes", action="store_true",
                    help="paint each stroke in one flat colour, as an artist does (hints.stroke_hint rough=True)")
    ap.add_argument("--overshoot", type=float, default=0.0,
                    help="let strokes run up to this many pixels (at 256 px) past their region, as careless strokes do")
    ap.add_argument("--cli", default="bin/deepcolor.js",
                    help="the engine's CLI to run, e.g. an older checkout's bin/deepcolor.js to compare engine versions")
    ap.add_argument("--sheet", type=int, default=0,
                    help="also write <out>/sheet.png: this many pages (the largest zoom, stroke hints) with each scale's output")
    ap.add_argument("--keep-pages", action="store_true",
                    help="keep the pages (lineart, hints, outputs) in <out>/pages, e.g. to fit an 'auto' policy to them")
    args = ap.parse_args()
    zooms = [float(z) for z in args.zooms.split(",")]
    scales = args.scales.split(",")

    data = stratified(load_split(args.shards, args.split), args.limit)
    if args.keep_pages:
        pages = os.path.join(args.out, "pages")
        shutil.rmtree(pages, ignore_errors=True)
        os.makedirs(pages)
    else:
        pages = tempfile.mkdtemp(prefix="scale-study-")
    per_page: dict[str, dict[str, float]] = {}
    whites: dict[str, dict[str, float]] = {}  # page name -> scale -> white patches (training.white_patches)
    outputs: dict[str, dict[str, np.ndarray]] = {}  # page name -> scale -> output, for the sheet
    strokes: dict = {}  # scale -> zoom -> strokes -> [(under-stroke, hint) CIEDE2000 per page]
    tones: dict = {}  # scale -> zoom -> strokes -> [(tone_ratio, tone_corr) per page whose original is shaded]
    shading: dict = {}  # page name -> (tone regions, the original's region-centred L*), computed once
    try:
        made = make_pages(data, zooms, pages, args.rough_strokes, args.overshoot)
        # The sheet: pages at the largest zoom with stroke hints, spread over the images.
        hinted = [n for n, p in made.items() if p.zoom == max(zooms) and p.strokes == DENSITIES[1]]
        sheet_pages = set(hinted[:: max(1, len(hinted) // args.sheet)][: args.sheet]) if args.sheet else set()
        model = args.model or "assets/deepcolor.onnx"
        with open(os.path.splitext(model)[0] + ".json") as f:
            contract = json.load(f)
        results: dict = {}
        for scale in scales:
            out = os.path.join(pages, f"out-{scale}")
            cmd = ["node", args.cli, "batch", pages, "-o", out, "--threads", str(args.threads), "--model", model]
            scale_arg, flags = split_scale(scale)
            cmd += flags
            if scale_arg.startswith("auto@") or scale_arg.startswith("auto:") or scale_arg == "auto-linewidth":
                geometry = {k: v for k, v in contract["geometry"].items() if k != "autoScale"}
                if scale_arg.startswith("auto@"):
                    geometry["lineWidthPx"] = float(scale_arg[5:])
                if scale_arg.startswith("auto:"):  # auto:exponent=0.75:strokePx=2: the autoScale policy with those fields
                    overrides = dict(kv.split("=") for kv in scale_arg[5:].split(":"))
                    geometry["autoScale"] = dict(contract["geometry"]["autoScale"], **{k: float(v) for k, v in overrides.items()})
                variant = dict(contract, geometry=geometry)
                path = os.path.join(pages, f"contract-{scale_arg}.json")
                with open(path, "w") as f:
                    json.dump(variant, f)
                cmd += ["--scale", "auto", "--contract", path]
            else:
                cmd += ["--scale", scale_arg]
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            for name, page in made.items():
                got = np.array(Image.open(os.path.join(out, name + ".png")).convert("RGB"))
                score = peak_signal_noise_ratio(page.original, got, data_range=255)
                results.setdefault(scale, {}).setdefault(f"{page.zoom:g}", {}).setdefault(str(page.strokes), []).append(score)
                per_page.setdefault(name, {})[scale] = float(score)
                whites.setdefault(name, {})[scale] = white_patches(page.original, got)
                if name in sheet_pages:
                    outputs.setdefault(name, {})[scale] = got
                if name not in shading:
                    regions = tone_regions(np.array(Image.open(os.path.join(pages, name + ".png")).convert("L")))
                    shading[name] = (regions, shaded_original(rgb2lab(page.original)[..., 0], regions))
                regions, original_tone = shading[name]
                if original_tone is not None:
                    t = tone_scores(rgb2lab(got)[..., 0], original_tone, regions)
                    tones.setdefault(scale, {}).setdefault(f"{page.zoom:g}", {}).setdefault(str(page.strokes), []).append((t["tone_ratio"], t["tone_corr"]))
                if page.strokes:
                    under = under_stroke(page.original, got, os.path.join(pages, name + ".hint.png"), os.path.join(pages, name + ".png"))
                    strokes.setdefault(scale, {}).setdefault(f"{page.zoom:g}", {}).setdefault(str(page.strokes), []).append(under)
        if sheet_pages:
            write_sheet(sorted(sheet_pages), made, outputs, scales, pages, os.path.join(args.out, "sheet.png"))
    finally:
        if not args.keep_pages:
            shutil.rmtree(pages, ignore_errors=True)

    table = {s: {z: {k: float(np.mean(v)) for k, v in ks.items()} for z, ks in zs.items()} for s, zs in results.items()}
    under = {s: {z: {k: [float(np.mean([t[j] for t in v])) for j in range(3)] for k, v in ks.items()}
                 for z, ks in zs.items()} for s, zs in strokes.items()}
    tone_table = {s: {z: {k: [float(np.mean([t[j] for t in v])) for j in range(2)] + [len(v)] for k, v in ks.items()}
                      for z, ks in zs.items()} for s, zs in tones.items()}
    os.makedirs(args.out, exist_ok=True)
    meta = {"split": args.split, "images": len(data["color"]), "model": args.model or "assets/deepcolor.onnx", "rough": args.rough_strokes,
            "overshoot": args.overshoot, "cli": args.cli}
    with open(os.path.join(args.out, "scale-study.json"), "w") as f:
        json.dump({"meta": meta, "psnr": table, "strokes_under_hint_streak": under, "tone_ratio_corr": tone_table, "pages": per_page,
                   "white_patches": whites}, f, indent=1)
    cols = [(f"{z:g}", str(k)) for z in zooms for k in DENSITIES]
    print(f"PSNR dB, {meta['images']} {args.split} images, model {meta['model']}; columns zoom/strokes")
    print("| scale | " + " | ".join(f"{z}x/{k}" for z, k in cols) + " |")
    print("|---|" + "---:|" * len(cols))
    for s in scales:
        print(f"| {s} | " + " | ".join(f"{table[s][z][k]:.2f}" for z, k in cols) + " |")
    print("\nWhite patches: % of the originals' coloured pixels left paper-white (training.white_patches)")
    print("| scale | " + " | ".join(f"{z}x/{k}" for z, k in cols) + " |")
    print("|---|" + "---:|" * len(cols))
    for s in scales:
        cell = lambda z, k, s=s: 100 * np.mean([w[s] for n, w in whites.items() if made[n].zoom == float(z) and str(made[n].strokes) == k])  # noqa: E731
        print(f"| {s} | " + " | ".join(f"{cell(z, k):.1f}" for z, k in cols) + " |")
    print("\nLight and dark inside the regions (training.evaluate tone scores): tone_ratio / tone_corr, over the pages whose original is shaded")
    print("| scale | " + " | ".join(f"{z}x/{k}" for z, k in cols) + " |")
    print("|---|" + "---:|" * len(cols))
    for s in scales:
        print(f"| {s} | " + " | ".join("{:.2f} / {:.3f}".format(*tone_table[s][z][k][:2]) if k in tone_table.get(s, {}).get(z, {}) else "-" for z, k in cols) + " |")
    hinted = [(z, k) for z, k in cols if k != "0"]
    print("\nUnder the strokes: CIEDE2000 output vs the original / vs the stroke's colour / streak (delta E step across stroke edges beyond the original's)")
    print("| scale | " + " | ".join(f"{z}x/{k}" for z, k in hinted) + " |")
    print("|---|" + "---:|" * len(hinted))
    for s in scales:
        print(f"| {s} | " + " | ".join("{:.2f} / {:.2f} / {:.2f}".format(*under[s][z][k]) for z, k in hinted) + " |")


if __name__ == "__main__":
    sys.exit(main())
