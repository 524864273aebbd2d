"""A synthetic stand-in data set in the shard format, for tests and for development
before the real shards exist: flat-coloured, lightly shaded shapes with black outlines
on white paper, with their exact paired lineart.

    /usr/bin/python3 -m training.synthetic --out training/work/synthetic --n 64

Shard format (shared with training/data): <split>-<k>.npz with keys
color uint8 [N,S,S,3], line uint8 [N,S,S] (255 = paper), paired bool [N],
source str [N], group str [N], weight float32 [N]; plus index.json.
"""
from __future__ import annotations

import argparse
import json
import os

import cv2
import numpy as np


def synthetic_image(rng: np.random.Generator, size: int = 256) -> tuple[np.ndarray, np.ndarray]:
    color = np.full((size, size, 3), 255, np.uint8)
    line = np.full((size, size), 255, np.uint8)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / size
    for _ in range(int(rng.integers(2, 6))):
        mask = np.zeros((size, size), np.uint8)
        cx, cy = (int(v) for v in rng.integers(size // 6, size - size // 6, 2))
        if rng.random() < 0.5:
            axes = tuple(int(v) for v in rng.integers(size // 12, size // 3, 2))
            cv2.ellipse(mask, (cx, cy), axes, float(rng.uniform(0, 180)), 0, 360, 255, -1)
        else:
            pts = (np.array([cx, cy]) + rng.integers(-size // 3, size // 3, (int(rng.integers(3, 7)), 2))).astype(np.int32)
            cv2.fillPoly(mask, [cv2.convexHull(pts)], 255)
        base = rng.integers(30, 240, 3).astype(np.float32)
        shade = 1.0 - 0.35 * np.clip((xx - cx / size) + (yy - cy / size), 0, 1)[..., None]  # light from top-left
        fill = np.clip(base * shade, 0, 255).astype(np.uint8)
        inside = mask > 0
        color[inside] = fill[inside]
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
        cv2.drawContours(line, contours, -1, 0, 2, lineType=cv2.LINE_AA)
    color[line < 128] = 20
    return color, line


def write_shards(out: str, n: int, size: int = 256, seed: int = 0,
                 splits: tuple[tuple[str, float], ...] = (("train", 0.7), ("val", 0.15), ("test", 0.15))) -> dict:
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(seed)
    index = {"format": "deepcolor-shards", "size": size, "synthetic": True, "shards": []}
    start = 0
    for split, frac in splits:
        k = max(2, int(round(n * frac)))
        pairs = [synthetic_image(rng, size) for _ in range(k)]
        path = os.path.join(out, f"{split}-0.npz")
        np.savez_compressed(
            path, color=np.stack([p[0] for p in pairs]), line=np.stack([p[1] for p in pairs]),
            paired=np.ones(k, bool), source=np.array(["synthetic"] * k),
            group=np.array([f"syn{start + i}" for i in range(k)]), weight=np.ones(k, np.float32))
        index["shards"].append({"file": os.path.basename(path), "split": split, "count": k})
        start += k
    with open(os.path.join(out, "index.json"), "w") as f:
        json.dump(index, f, indent=2)
    return index


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="training/work/synthetic")
    ap.add_argument("--n", type=int, default=64)
    ap.add_argument("--size", type=int, default=256)
    a = ap.parse_args()
    print(json.dumps(write_shards(a.out, a.n, a.size), indent=2))


if __name__ == "__main__":
    main()
