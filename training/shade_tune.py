"""Form shading (src/model/form-shading.ts) measured on the pages a scale study kept.

The engine's form shading darkens each shape the lines enclose on the side away from a light.
Whether its light and dark lie where a painter put them is training.evaluate's tone_corr
(the correlation of output and original L*, each relative to its region's mean); tone_ratio
says how much of it there is; PSNR what it costs against the original. This lays shading
variants over one study's outputs (scripts/shade-pages.js, the built engine) and scores them
against the originals (made again from the shards, as the study made them), so variants of the
relief and the light can be compared on validation pages in minutes instead of a study each:

    /usr/bin/python3 -m training.scale_study --split val --limit 32 --zooms 2,4 --scales auto \\
        --keep-pages --out training/work/shade-val-pages
    /usr/bin/python3 -m training.shade_tune --study training/work/shade-val-pages --split val --limit 32 \\
        --variant none --variant top-left:0.35 --variant 'top-left:0.35:{"figureWeight":0}'

A variant is LIGHT:STRENGTH[:TUNING-JSON] (fields of SHADING_TUNING), or "none" for the
study's outputs as they are.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image
from skimage.color import rgb2lab
from skimage.metrics import peak_signal_noise_ratio

from training.evaluate import contact_sheet, hint_preview, shaded_original, tone_regions, tone_scores


def main() -> None:
    from training.dataset import enlarged, load_split, stratified

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--study", required=True, help="a scale-study folder run with --keep-pages")
    ap.add_argument("--scale", default="auto", help="which of its outputs to shade (out-SCALE)")
    ap.add_argument("--shards", default="training/work/shards")
    ap.add_argument("--split", required=True, help="the split and --limit the study ran on")
    ap.add_argument("--limit", type=int, required=True)
    ap.add_argument("--variant", action="append", required=True)
    ap.add_argument("--out", help="write the scores here as JSON")
    ap.add_argument("--sheet", help="also write a contact sheet here: pages at the largest zoom with 5 strokes, "
                                    "lineart, hint, each variant's output, original")
    ap.add_argument("--sheet-rows", type=int, default=8)
    args = ap.parse_args()
    data = stratified(load_split(args.shards, args.split), args.limit)
    pages = os.path.join(args.study, "pages")
    colours = os.path.join(pages, f"out-{args.scale}")
    names = sorted(f[:-4] for f in os.listdir(colours) if f.endswith(".png"))
    work = tempfile.mkdtemp(prefix="shade-tune-")
    try:
        folders = {}
        for v in args.variant:
            if v == "none":
                folders[v] = colours
                continue
            light, strength, *tuning = v.split(":", 2)
            folders[v] = os.path.join(work, str(len(folders)))
            subprocess.run(["node", "scripts/shade-pages.js", pages, colours, folders[v], light, strength, *tuning], check=True)
        scores: dict = {v: {} for v in args.variant}  # variant -> "zoom/strokes" -> [(psnr, ratio, corr)]
        zoom_max = max(float(n.split("-")[1][1:]) for n in names)
        sheet_names = [n for n in names if float(n.split("-")[1][1:]) == zoom_max and n.endswith("-h5")]
        sheet_names = sheet_names[:: max(1, len(sheet_names) // args.sheet_rows)][: args.sheet_rows] if args.sheet else []
        sheet_rows = []
        for name in names:
            index, zoom, strokes = name.split("-")
            original = enlarged(data["color"][int(index[1:])], float(zoom[1:]))
            regions = tone_regions(np.array(Image.open(os.path.join(pages, name + ".png")).convert("L")))
            target = shaded_original(rgb2lab(original)[..., 0], regions)
            for v, folder in folders.items():
                got = np.array(Image.open(os.path.join(folder, name + ".png")).convert("RGB"))
                psnr = peak_signal_noise_ratio(original, got, data_range=255)
                tone = tone_scores(rgb2lab(got)[..., 0], target, regions) if target is not None else None
                row = (psnr, tone["tone_ratio"] if tone else np.nan, tone["tone_corr"] if tone else np.nan)
                scores[v].setdefault(f"{zoom[1:]}x/{strokes[1:]}", []).append(row)
            if name in sheet_names:
                small = lambda im: np.array(Image.fromarray(im).resize((256, 256), Image.LANCZOS))  # noqa: E731
                line = np.array(Image.open(os.path.join(pages, name + ".png")).convert("RGB"))
                hint = np.array(Image.open(os.path.join(pages, name + ".hint.png")).convert("RGBA"))
                outs = [np.array(Image.open(os.path.join(f, name + ".png")).convert("RGB")) for f in folders.values()]
                sheet_rows.append([small(line), small(hint_preview(hint, hint.shape[:2]))] + [small(o) for o in outs] + [small(original)])
        if sheet_rows:
            contact_sheet(sheet_rows, args.sheet, [n.split("-")[0] for n in sheet_names], ("lineart", "hint", *args.variant, "original"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    keys = sorted(next(iter(scores.values())), key=lambda k: (float(k.split("x")[0]), int(k.split("/")[1])))
    table = {v: {k: [float(np.nanmean([r[j] for r in rows[k]])) for j in range(3)] for k in keys} for v, rows in scores.items()}
    print("PSNR dB / tone_ratio / tone_corr (tone over the pages whose original is shaded)")
    print("| variant | " + " | ".join(keys) + " |")
    print("|---|" + "---|" * len(keys))
    for v in args.variant:
        print(f"| {v} | " + " | ".join("{:.2f} / {:.2f} / {:.3f}".format(*table[v][k]) for k in keys) + " |")
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"study": args.study, "split": args.split, "limit": args.limit, "table": table}, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
