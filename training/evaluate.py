"""Evaluate a generator on the held-out TEST split (DESIGN section 5), at fixed seeds.

    /usr/bin/python3 -m training.evaluate --checkpoint training/checkpoints/cpu1/best.pt \
        [--ablation training/checkpoints/l1only/best.pt] --shards training/work/shards --out training/results

For every test image and hint condition (no hint; 1, 5, 20, 100 stroke hints; the
seed's white-out + blur hint) it scores, against the original colour image:
PSNR, SSIM and mean CIEDE2000, plus hint fidelity (CIEDE2000 between the output and
the hint colour where the hint is opaque), for
- the model (and the ablation if given: the same recipe with the other loss, L1 only or
  GAN + L1, named by --ablation-label),
- "composite": the hint layer composited over white paper, multiplied by the lines,
- "flood fill": each paper region between lines takes the alpha-weighted mean hint
  colour inside it (white if none), multiplied by the lines.
The lineart is the test image's paired line, or XDoG (sigma 0.9) where it has none.

`--zoom Z` enlarges every test image Z times (bicubic) first and extracts its lineart with
XDoG (the paired line would be enlarged with it): the same line widths, Z times larger
regions. That is the scale the engine works at on an artist's page, where a figure is
several times the 256 px of a training image (write it to its own --out folder).
Writes <out>/metrics.json, <out>/results.md and <out>/contact_sheet.png.
"""
from __future__ import annotations

import argparse
import json
import os
import time

import cv2
import numpy as np
import torch
from PIL import Image
from skimage.color import deltaE_ciede2000, rgb2lab
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

from training.dataset import enlarged, load_split, reference_lineart, stratified
from training.export import load_generator
from training.hints import seed_hint, stroke_hint
from training.model import IN_CHANNELS
from training.preprocess import GAP_RADIUS, hint_channels, line_channel_from_gray, network_input, output_to_rgb, paper_regions, region_fill

CONDITIONS = ("none", "1", "5", "20", "100", "seed")
EVAL_COLOUR_TOLERANCE = 24.0  # a careful artist's stroke stays closer to one colour than training's 40


def make_hint(color: np.ndarray, condition: str, seed: int, rough: bool = False) -> np.ndarray | None:
    """The hint of one condition; `rough`: strokes as an artist paints them (one flat colour
    each, hints.stroke_hint rough=True) instead of copies of the original's colour."""
    rng = np.random.default_rng(seed)
    if condition == "none":
        return None
    if condition == "seed":
        return seed_hint(color, rng)
    return stroke_hint(color, int(condition), rng, colour_tolerance=EVAL_COLOUR_TOLERANCE, soft_alpha_p=0.0, rough=rough)


def composite_baseline(line: np.ndarray, hint: np.ndarray | None) -> np.ndarray:
    paper = np.full(line.shape + (3,), 1.0, np.float32)
    if hint is not None:
        a = hint[..., 3:4].astype(np.float32) / 255
        paper = hint[..., :3].astype(np.float32) / 255 * a + paper * (1 - a)
    return (np.clip(paper * (line[..., None] / 255.0), 0, 1) * 255 + 0.5).astype(np.uint8)


def flood_fill_baseline(line: np.ndarray, hint: np.ndarray | None) -> np.ndarray:
    """Each line-bounded region (gaps closed, as the model's fill) painted the mean colour of its strokes;
    unpainted regions white; then the lines multiplied over. The region fill, shown as the picture."""
    paper = np.ones((3,) + line.shape, np.float32)
    if hint is not None:
        fill = region_fill(line_channel_from_gray(line), hint_channels(hint, line.shape, 1.0))
        painted = fill[3] > 0
        paper = np.where(painted, fill[:3] / np.where(painted, fill[3], 1.0), 1.0)
    out = paper.transpose(1, 2, 0) * (line[..., None] / 255.0)
    return (np.clip(out, 0, 1) * 255 + 0.5).astype(np.uint8)


MIN_TONE_AREA = 64          # regions smaller than this (px, after erosion) say nothing about shading
MIN_TARGET_SPREAD = 2.0     # L* units: originals flatter than this have no shading to match


def tone_regions(line: np.ndarray) -> np.ndarray:
    """Labels of the regions the lines enclose (as the model's fill closes gaps), kept 2 px clear of
    any ink so anti-aliased line edges do not count as shading; 0 = not counted."""
    channel = line_channel_from_gray(line)
    _, labels = paper_regions(channel, GAP_RADIUS)
    clear = cv2.erode((channel >= 0.9).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
    return np.where(clear, labels, 0)


def region_centred(lightness: np.ndarray, regions: np.ndarray) -> np.ndarray | None:
    """L* minus its region's mean, at the pixels of regions of at least MIN_TONE_AREA pixels (a flat
    vector over those pixels, in a fixed order); None if no region is large enough."""
    lab = regions.ravel()
    n = np.bincount(lab)
    keep = n >= MIN_TONE_AREA
    keep[0] = False
    counted = keep[lab]
    if not counted.any():
        return None
    light = lightness.ravel().astype(np.float64)
    mean = np.bincount(lab, light) / np.maximum(n, 1)
    return (light - mean[lab])[counted]


def tonal_spread(centred: np.ndarray) -> float:
    """The pooled standard deviation of region-centred L* (region_centred): 0 for flat colour
    fills, larger for shading and texture."""
    return float(np.sqrt(np.mean(centred * centred)))


def shaded_original(lightness: np.ndarray, regions: np.ndarray) -> np.ndarray | None:
    """The original's region-centred L* (region_centred), computed once per image; None where it
    has no shading to match (tonal spread under MIN_TARGET_SPREAD, or no region large enough)."""
    c = region_centred(lightness, regions)
    return c if c is not None and tonal_spread(c) >= MIN_TARGET_SPREAD else None


def tone_scores(pred_lightness: np.ndarray, original: np.ndarray, regions: np.ndarray) -> dict:
    """How the output's light and dark inside regions compares with the original's (`original`:
    shaded_original of the same regions): tone_ratio, its amount (1 = as much as the original,
    0 = flat fills), and tone_corr, whether it lies where the original's does (the correlation of
    the two, each relative to its region's mean; 0 for flat fills). Speckle raises the ratio but
    not the correlation."""
    p = region_centred(pred_lightness, regions)  # the same pixels, in the same order, as `original`
    pp, oo = float(np.sum(p * p)), float(np.sum(original * original))
    flat = pp <= 1e-9 * oo  # a flat fill's L* varies only by rounding
    return {"tone_ratio": float(np.sqrt(pp / oo)), "tone_corr": 0.0 if flat else float(np.sum(p * original) / np.sqrt(pp * oo))}


def scores(pred: np.ndarray, target: np.ndarray, lab_target: np.ndarray, hint: np.ndarray | None,
           regions: np.ndarray | None = None, original_tone: np.ndarray | None = None) -> dict:
    lab_pred = rgb2lab(pred)
    out = {
        "psnr": float(peak_signal_noise_ratio(target, pred, data_range=255)),
        "ssim": float(structural_similarity(target, pred, channel_axis=2, data_range=255)),
        "ciede2000": float(deltaE_ciede2000(lab_target, lab_pred).mean()),
    }
    if regions is not None and original_tone is not None:
        # "Shaded, not flat", where the original is shaded.
        out.update(tone_scores(lab_pred[..., 0], original_tone, regions))
    if hint is not None:
        m = hint[..., 3] >= 128
        if m.any() and m.mean() < 0.9:  # strokes; the seed hint covers everything and is blurred
            lab_hint = rgb2lab(hint[..., :3][m][None])[0]
            out["hint_ciede2000"] = float(deltaE_ciede2000(lab_hint, lab_pred[m]).mean())
            out["hint_ciede2000_original"] = float(deltaE_ciede2000(lab_hint, lab_target[m]).mean())
            # Under the strokes, against the original: a model that copies a flat stroke over a
            # shaded region (a streak) scores as far off as the stroke itself is.
            out["under_stroke_ciede2000"] = float(deltaE_ciede2000(lab_target[m], lab_pred[m]).mean())
    return out


@torch.no_grad()
def run_model(gen: torch.nn.Module, line: np.ndarray, hint: np.ndarray | None, stroke_strength: float = 1.0) -> np.ndarray:
    h, w = line.shape
    x = network_input(line_channel_from_gray(line), hint_channels(hint, (h, w), 1.0), gen.in_channels == IN_CHANNELS, stroke_strength)[None]
    return output_to_rgb(gen(torch.from_numpy(x)).numpy())


def contact_sheet(rows: list[list[np.ndarray]], path: str, labels: list[str],
                  columns: tuple[str, ...] = ("lineart", "hint", "output", "original")) -> None:
    """rows of images (by default lineart, hint, output, original), labelled on the left and on top."""
    tiles = []
    for row, label in zip(rows, labels):
        strip = np.concatenate([np.pad(t, ((2, 2), (2, 2), (0, 0)), constant_values=255) for t in row], axis=1)
        tag = np.full((strip.shape[0], 84, 3), 255, np.uint8)
        cv2.putText(tag, label, (2, strip.shape[0] // 2), cv2.FONT_HERSHEY_SIMPLEX, 0.4, (0, 0, 0), 1, cv2.LINE_AA)
        tiles.append(np.concatenate([tag, strip], axis=1))
    head = np.full((18, tiles[0].shape[1], 3), 255, np.uint8)
    s = rows[0][0].shape[1] + 4
    for i, name in enumerate(columns):
        cv2.putText(head, name, (84 + i * s + 4, 13), cv2.FONT_HERSHEY_SIMPLEX, 0.45, (0, 0, 0), 1, cv2.LINE_AA)
    Image.fromarray(np.concatenate([head] + tiles, axis=0)).save(path)


def hint_preview(hint: np.ndarray | None, shape) -> np.ndarray:
    """Hint layer over a light checkerboard, so empty areas read as empty, not white."""
    h, w = shape
    yy, xx = np.mgrid[0:h, 0:w]
    board = np.where(((yy // 8 + xx // 8) % 2)[..., None] == 0, 235, 205).astype(np.float32).repeat(3, 2)
    if hint is None:
        return board.astype(np.uint8)
    a = hint[..., 3:4].astype(np.float32) / 255
    return (hint[..., :3] * a + board * (1 - a) + 0.5).astype(np.uint8)


def mean_table(per_image: list[dict]) -> dict:
    """{method: {condition: {metric: mean}}}."""
    acc: dict = {}
    for rec in per_image:
        for method, conds in rec["scores"].items():
            for cond, met in conds.items():
                for k, v in met.items():
                    acc.setdefault(method, {}).setdefault(cond, {}).setdefault(k, []).append(v)
    return {m: {c: {k: float(np.mean(v)) for k, v in ks.items()} for c, ks in cs.items()} for m, cs in acc.items()}


def markdown(table: dict, meta: dict, by_source: dict) -> str:
    zoom = meta.get("zoom", 1.0)
    scale = f", enlarged {zoom:g}x" if zoom != 1.0 else ""
    lineart = "XDoG sigma 0.9" if zoom != 1.0 else "the paired line, else XDoG sigma 0.9"
    lines = [f"# Deepcolor evaluation ({meta['images']} test images{scale}, fixed seeds)", "",
             f"Model: `{meta['checkpoint']}` (step {meta.get('step')}); lineart: {lineart}; "
             f"strokes: training.hints.stroke_hint with colour tolerance {EVAL_COLOUR_TOLERANCE:g}"
             f"{', rough (one flat colour each, as an artist paints)' if meta.get('rough') else ''}.", ""]
    methods = list(table)
    for metric, better in (("psnr", "higher"), ("ssim", "higher"), ("ciede2000", "lower"), ("hint_ciede2000", "lower"),
                           ("under_stroke_ciede2000", "lower"),
                           ("tone_ratio", "light and dark inside regions, as a share of the original's: 0 = flat fills"),
                           ("tone_corr", "does that light and dark lie where the original's does: 1 = yes, 0 = flat or unrelated")):
        lines += [f"## {metric} ({better} is better)" if better in ("higher", "lower") else f"## {metric} ({better})", "", "| method | " + " | ".join(CONDITIONS) + " |",
                  "|---|" + "---|" * len(CONDITIONS)]
        for m in methods + (["original (reference)"] if metric == "hint_ciede2000" else []):
            src = table["model"] if m == "original (reference)" else table[m]
            key = "hint_ciede2000_original" if m == "original (reference)" else metric
            cells = [f"{src[c][key]:.3f}" if metric in ("ssim", "tone_ratio", "tone_corr") and key in src.get(c, {}) else
                     (f"{src[c][key]:.2f}" if key in src.get(c, {}) else "-") for c in CONDITIONS]
            lines.append(f"| {m} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += ["## Model PSNR by source", "", "| source | n | " + " | ".join(CONDITIONS) + " |",
              "|---|---|" + "---|" * len(CONDITIONS)]
    for src, d in sorted(by_source.items()):
        lines.append(f"| {src} | {d['n']} | " + " | ".join(f"{d[c]:.2f}" for c in CONDITIONS) + " |")
    lines += ["", "## Goals", ""]
    lines += [f"- {g}" for g in meta["goals"]]
    return "\n".join(lines) + "\n"


def goals(table: dict) -> list[str]:
    out = []
    model = table["model"]
    worst = min(model[c]["psnr"] - max(table["composite"][c]["psnr"], table["flood fill"][c]["psnr"]) for c in CONDITIONS)
    out.append(f"beats both baselines in PSNR at every density: {'yes' if worst > 0 else 'NO'} "
               f"(smallest margin {worst:+.2f} dB)")
    gain = model["100"]["psnr"] - model["none"]["psnr"]
    out.append(f"gain none -> 100 strokes >= 4 dB: {'yes' if gain >= 4 else 'NO'} ({gain:+.2f} dB)")
    hint = max(model[c].get("hint_ciede2000", 0) for c in ("1", "5", "20", "100"))
    out.append(f"hint-pixel CIEDE2000 <= 5 at every stroke density: {'yes' if hint <= 5 else 'NO'} (worst {hint:.2f}; "
               f"the original itself scores {max(model[c].get('hint_ciede2000_original', 0) for c in ('1', '5', '20', '100')):.2f})")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--ablation", help="the ablation's checkpoint, scored beside the model")
    ap.add_argument("--ablation-label", default="L1-only ablation", help="its row name in the tables")
    ap.add_argument("--shards", default="training/work/shards")
    ap.add_argument("--split", default="test")
    ap.add_argument("--limit", type=int, default=0, help="N test images, round-robin over sources (0 = all)")
    ap.add_argument("--out", default="training/results")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--sheet-rows", type=int, default=8)
    ap.add_argument("--zoom", type=float, default=1.0, help="enlarge the test images this many times (see above)")
    ap.add_argument("--rough-strokes", action="store_true", help="strokes of one flat colour each (hints.stroke_hint rough=True)")
    ap.add_argument("--stroke-strength", type=float, default=1.0, help="the models' painted-pixel channels at this strength, the region fill at 1 (preprocess.network_input)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    t0 = time.time()

    data = stratified(load_split(args.shards, args.split), args.limit)
    gen, cfg = load_generator(args.checkpoint)
    models = {"model": gen}
    if args.ablation:
        models[args.ablation_label] = load_generator(args.ablation)[0]
    step = cfg.get("checkpoint_step")

    per_image, sheet_rows, sheet_labels = [], [], []
    sheet_every = max(1, len(data["color"]) // max(1, args.sheet_rows))
    for i in range(len(data["color"])):
        color = enlarged(data["color"][i], args.zoom)
        line = reference_lineart(color, data["line"][i], bool(data["paired"][i]) and args.zoom == 1.0)
        lab_target = rgb2lab(color)
        regions = tone_regions(line)
        original_tone = shaded_original(lab_target[..., 0], regions)
        rec = {"index": i, "source": str(data["source"][i]), "group": str(data["group"][i]), "scores": {}}
        for ci, cond in enumerate(CONDITIONS):
            hint = make_hint(color, cond, seed=100_000 + 17 * i + ci, rough=args.rough_strokes)
            preds = {name: run_model(g, line, hint, args.stroke_strength) for name, g in models.items()}
            preds["composite"] = composite_baseline(line, hint)
            preds["flood fill"] = flood_fill_baseline(line, hint)
            for name, pred in preds.items():
                rec["scores"].setdefault(name, {})[cond] = scores(pred, color, lab_target, hint, regions, original_tone)
            # rows spread evenly over the (source-ordered) test images, conditions cycling
            row = i // sheet_every
            if i % sheet_every == 0 and row < args.sheet_rows and ci == row % len(CONDITIONS):
                sheet_rows.append([np.repeat(line[..., None], 3, 2), hint_preview(hint, line.shape), preds["model"], color])
                sheet_labels.append(f"{cond} {'strokes' if cond.isdigit() else 'hint'}"[:11])
        per_image.append(rec)
        if i % 20 == 0:
            print(f"{i}/{len(data['color'])} images, {time.time() - t0:.0f}s", flush=True)

    table = mean_table(per_image)
    by_source: dict = {}
    for rec in per_image:
        d = by_source.setdefault(rec["source"], {"n": 0, **{c: [] for c in CONDITIONS}})
        d["n"] += 1
        for c in CONDITIONS:
            d[c].append(rec["scores"]["model"][c]["psnr"])
    by_source = {s: {"n": d["n"], **{c: float(np.mean(d[c])) for c in CONDITIONS}} for s, d in by_source.items()}
    meta = {"checkpoint": args.checkpoint, "step": step, "images": len(per_image), "split": args.split, "zoom": args.zoom, "rough": args.rough_strokes, "stroke_strength": args.stroke_strength,
            "config": cfg, "seconds": round(time.time() - t0, 1), "goals": goals(table)}
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump({"meta": meta, "mean": table, "by_source": by_source, "per_image": per_image}, f, indent=1)
    with open(os.path.join(args.out, "results.md"), "w") as f:
        f.write(markdown(table, meta, by_source))
    contact_sheet(sheet_rows, os.path.join(args.out, "contact_sheet.png"), sheet_labels)
    print(markdown(table, meta, by_source))


if __name__ == "__main__":
    main()
