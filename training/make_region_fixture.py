"""Write the region-labelling fixture the engine's paper-regions test compares against.

    /usr/bin/python3 -m training.make_region_fixture

Writes test/fixtures/regions/: line.u8 (the line channel * 255, uint8 [H, W]),
labels-r<R>.i32 (preprocess.paper_regions(line, R) labels, int32 little-endian
[H, W]) for several gap radii, and meta.json. The picture has lines with gaps
of several widths, thin slots, speckles and lines touching the border, so the
core, growth and rest rules of the gap closing are all exercised.
"""
from __future__ import annotations

import json
import os

import cv2
import numpy as np

from training.preprocess import paper_regions

HEIGHT, WIDTH = 56, 88
RADII = (0, 1, 2, 3)


def make_line() -> np.ndarray:
    rng = np.random.default_rng(11)
    img = np.full((HEIGHT, WIDTH), 255, np.uint8)
    for _ in range(14):
        p, q = rng.integers(0, (WIDTH, HEIGHT), 2), rng.integers(0, (WIDTH, HEIGHT), 2)
        cv2.line(img, tuple(int(v) for v in p), tuple(int(v) for v in q), 0, int(rng.integers(1, 4)), lineType=cv2.LINE_AA)
    cv2.rectangle(img, (50, 8), (80, 40), 0, 2)
    for gap in (1, 2, 3, 4, 6):  # openings in the box's top side
        x = 52 + 5 * (gap - 1)
        img[7:11, x:x + gap] = 255
    img[44:52, 10:13] = 0  # a thin slot of paper between two bars
    img[44:52, 14:17] = 0
    speckle = rng.random((HEIGHT, WIDTH)) < 0.02
    img[speckle] = 255 - img[speckle]
    return img


def main() -> None:
    out = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "regions")
    os.makedirs(out, exist_ok=True)
    img = make_line()
    img.tofile(os.path.join(out, "line.u8"))
    line = img.astype(np.float32) / np.float32(255)
    counts = {}
    for r in RADII:
        n, labels = paper_regions(line, r)
        labels.astype("<i4").tofile(os.path.join(out, f"labels-r{r}.i32"))
        counts[str(r)] = int(n - 1)
    meta = {"description": "training.preprocess.paper_regions on line.u8 / 255 (training/make_region_fixture.py)",
            "height": HEIGHT, "width": WIDTH, "radii": list(RADII), "regionCounts": counts}
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print(json.dumps(meta))


if __name__ == "__main__":
    main()
