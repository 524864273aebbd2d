"""Write the Python<->TypeScript parity fixture for the shipped model.

    /usr/bin/python3 -m training.make_parity_fixture --random            # for the random stand-in
    /usr/bin/python3 -m training.make_parity_fixture --checkpoint training/checkpoints/best.pt

Writes test/fixtures/parity/:
  lineart.png, hint.png  small RGBA inputs (transparent paper, semi-transparent ink,
                         coloured ink, a hint with partial alpha and empty areas)
  input.bin              training.preprocess.prepare_input(...) float32 little-endian [1,C,H,W] (C = 9, or 5 for a model without the region fill)
  output.bin             PyTorch generator output on input.bin, float32 LE [1,3,H,W]
  meta.json              shapes, strength, blur, the model's sha256, tolerances
Run it after every export: meta.json names the ONNX it was made for, so a stale
fixture fails loudly instead of comparing against the wrong weights.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os

import cv2
import numpy as np
import torch
from PIL import Image

from training.export import load_generator
from training.model import IN_CHANNELS
from training.preprocess import prepare_input

HEIGHT, WIDTH = 64, 128  # not square (a swapped height/width shows up); multiples of the size multiple (64)
STRENGTH = 0.8


def make_lineart() -> np.ndarray:
    """Transparent paper with opaque black ink, a semi-transparent grey stroke and a red stroke.
    The circle has a 3-px opening, so the fill's gap closing decides what its stroke colours."""
    img = np.zeros((HEIGHT, WIDTH, 4), np.uint8)
    cv2.ellipse(img, (30, 32), (20, 20), 0, 5, 355, (0, 0, 0, 255), 2, lineType=cv2.LINE_AA)
    cv2.rectangle(img, (58, 10), (120, 54), (0, 0, 0, 255), 1)
    cv2.line(img, (0, 60), (127, 40), (90, 90, 90, 128), 3)
    cv2.line(img, (60, 30), (86, 30), (200, 30, 30, 255), 2)
    # An opaque white patch: paper painted on the layer, same as transparent after compositing.
    img[2:8, 2:12] = (255, 255, 255, 255)
    return img


def make_hint() -> np.ndarray:
    img = np.zeros((HEIGHT, WIDTH, 4), np.uint8)
    cv2.line(img, (20, 28), (40, 36), (240, 180, 40, 255), 5)        # opaque orange stroke
    cv2.line(img, (64, 20), (82, 46), (40, 90, 220, 140), 6)         # half-transparent blue
    cv2.circle(img, (12, 52), 4, (30, 160, 60, 60), -1)              # faint green dab
    rng = np.random.default_rng(7)
    ys, xs = rng.integers(0, HEIGHT, 40), rng.integers(0, WIDTH, 40)
    img[ys, xs] = np.concatenate([rng.integers(0, 256, (40, 3)), rng.integers(1, 256, (40, 1))], 1)
    return img


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint")
    ap.add_argument("--random", action="store_true")
    ap.add_argument("--model", default="assets/deepcolor.onnx", help="the ONNX this fixture is for (its sha256 goes in meta.json)")
    ap.add_argument("--out", default="test/fixtures/parity")
    args = ap.parse_args()
    if not args.random and not args.checkpoint:
        ap.error("give --checkpoint PATH or --random")
    gen, cfg = load_generator(None if args.random else args.checkpoint)
    blur = float(cfg.get("hint_blur_sigma_fraction", 0.0))

    lineart, hint = make_lineart(), make_hint()
    x = prepare_input(lineart, hint, STRENGTH, blur, with_fill=gen.in_channels == IN_CHANNELS)
    with torch.no_grad():
        y = gen(torch.from_numpy(x)).numpy().astype(np.float32)

    os.makedirs(args.out, exist_ok=True)
    Image.fromarray(lineart, "RGBA").save(os.path.join(args.out, "lineart.png"))
    Image.fromarray(hint, "RGBA").save(os.path.join(args.out, "hint.png"))
    x.astype("<f4").tofile(os.path.join(args.out, "input.bin"))
    y.astype("<f4").tofile(os.path.join(args.out, "output.bin"))
    with open(args.model, "rb") as f:
        model_sha = hashlib.sha256(f.read()).hexdigest()
    meta = {
        "description": "Python reference tensors for the engine parity test (training/make_parity_fixture.py)",
        "height": HEIGHT, "width": WIDTH,
        "inputShape": list(x.shape), "outputShape": list(y.shape),
        "dtype": "float32", "endianness": "little",
        "hintStrength": STRENGTH, "blurSigmaFraction": blur,
        "modelFile": os.path.basename(args.model), "modelSha256": model_sha, "trained": not args.random,
        "tolerance": {
            # Preprocessing is plain float32 arithmetic in a fixed order: only rounding may differ.
            "inputMaxAbs": 1e-6,
            # PyTorch vs onnxruntime (WASM) on the same float32 graph: kernel summation order differs.
            "outputMaxAbs": 2e-3,
            "outputMeanAbs": 2e-4,
        },
        "stats": {"outputMin": float(y.min()), "outputMax": float(y.max()), "outputMean": float(y.mean())},
    }
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print(json.dumps(meta, indent=2))


if __name__ == "__main__":
    main()
