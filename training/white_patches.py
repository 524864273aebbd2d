"""White patches: where the engine leaves a coloured part of the figure paper-white.

The network takes a region whose inside lies farther from every line than it can see for
background, and backgrounds in the training data are white (training/NOTES.md, session 5). On
a page that is the most visible defect an artist sees, yet PSNR hardly charges it: a patch is a
small share of the pixels, and colour grown from a smaller working canvas is charged as much.
So studies of the working scale report it beside PSNR:

    white_patches(original, got) = share of the original's coloured pixels (some channel below
                                   PAPER) that come out paper-white (every channel at least PAPER)

Also a command that scores the outputs a `scale_study --keep-pages` run kept (the originals
are made again from the shards, as the study made them) and adds the scores to its
scale-study.json, for `fit_auto_scale --whites`:

    /usr/bin/python3 -m training.white_patches --study training/work/scale-fit-val --split val --limit 48
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
from PIL import Image

PAPER = 232  # a pixel with every channel at least this reads as paper-white


def white_patches(original: np.ndarray, got: np.ndarray) -> float:
    """The share of the original's coloured pixels that are paper-white in `got` (0 when it has none)."""
    coloured = original.min(axis=2) < PAPER
    if not coloured.any():
        return 0.0
    white = got.min(axis=2) >= PAPER
    return float((white & coloured).sum() / coloured.sum())


def main() -> None:
    from training.dataset import enlarged, load_split, stratified

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--study", required=True, help="a scale-study folder run with --keep-pages")
    ap.add_argument("--shards", default="training/work/shards")
    ap.add_argument("--split", required=True, help="the split and --limit the study ran on")
    ap.add_argument("--limit", type=int, required=True)
    args = ap.parse_args()
    data = stratified(load_split(args.shards, args.split), args.limit)
    pages = os.path.join(args.study, "pages")
    outs = sorted(d for d in os.listdir(pages) if d.startswith("out-"))
    path = os.path.join(args.study, "scale-study.json")
    with open(path) as f:
        study = json.load(f)
    whites: dict[str, dict[str, float]] = study.setdefault("white_patches", {})
    for name in sorted(study["pages"]):
        index, zoom, _ = name.split("-")
        original = enlarged(data["color"][int(index[1:])], float(zoom[1:]))
        for out in outs:
            got = np.array(Image.open(os.path.join(pages, out, name + ".png")).convert("RGB"))
            whites.setdefault(name, {})[out[4:]] = white_patches(original, got)
    with open(path, "w") as f:
        json.dump(study, f, indent=1)
    for out in outs:
        print(out[4:], f"{np.mean([w[out[4:]] for w in whites.values()]):.4f}")


if __name__ == "__main__":
    sys.exit(main())
