"""Make the README's bundled example (examples/portrait-lineart.png + examples/portrait-hint.png).

Source: Battle for Wesnoth 1.16 portrait humans/mage-red+female.png (Debian wesnoth-1.16-data,
GPL-2+). Its character group ("wesnoth:mage") is in the TEST split of training/manifest.csv, so
the model never trained on it and the example is honest.

The lineart is extracted with XDoG from the painted portrait; the hint layer is a few hand-placed
brush strokes (hair, skin, hood, dress, sleeve, gem) in flat colours picked by eye from the
original painting, like an artist would block in colours.

    /usr/bin/python3 -m training.data.make_example   (needs the package fetched: build.sh does that)
"""
from __future__ import annotations

import argparse
import os

import cv2
import numpy as np
from PIL import Image

from training.data.common import content_box, fit_rgba_on_white, load_rgba, portrait_box, to_gray, xdog

REL = "usr/share/games/wesnoth/1.16/data/core/images/portraits/humans/mage-red+female.png"
SIZE = 640

# (name, width px, points at 640x640). Placed by looking at the painting: each stays inside its region.
COLOURS = {  # flat colours an artist might pick for each region
    "hair": (204, 128, 58), "skin": (238, 196, 166), "hood": (96, 70, 46),
    "dress": (122, 122, 116), "sleeve": (150, 48, 44), "gem": (205, 30, 45),
}
STROKES = [
    ("hair", 16, [(300, 270), (318, 320), (332, 370), (342, 420)]),
    ("hair", 12, [(252, 280), (240, 310), (230, 345)]),
    ("hair", 10, [(386, 290), (392, 318)]),
    ("hair", 10, [(380, 395), (384, 440)]),
    ("skin", 12, [(326, 165), (336, 195), (348, 222)]),
    ("skin", 8, [(352, 122), (372, 128)]),
    ("hood", 18, [(252, 70), (236, 140), (214, 220)]),
    ("hood", 18, [(440, 230), (455, 300), (470, 380), (480, 450)]),
    ("hood", 14, [(130, 420), (112, 470)]),
    ("dress", 14, [(330, 596), (352, 594)]),
    ("sleeve", 14, [(132, 590), (152, 584)]),
    ("gem", 10, [(204, 462), (206, 464)]),
]


def make(src_root: str, out_dir: str) -> None:
    rgba = load_rgba(os.path.join(src_root, "wesnoth-1.16-data", REL))
    box = portrait_box(content_box(rgba))
    rgb = fit_rgba_on_white(rgba, box, size=SIZE, pad=16)
    line = xdog(to_gray(rgb), sigma=1.0, p=30.0, eps=-0.03, phi=8.0)

    hint = np.zeros((SIZE, SIZE, 4), np.uint8)
    for name, width, pts in STROKES:
        mask = np.zeros((SIZE, SIZE), np.uint8)
        cv2.polylines(mask, [np.array(pts, np.int32)], False, 255, width, cv2.LINE_AA)
        colour = np.array(COLOURS[name], np.uint8)
        a = np.maximum(hint[..., 3], mask)
        sel = mask > 0
        hint[sel, :3] = colour
        hint[..., 3] = a

    os.makedirs(out_dir, exist_ok=True)
    Image.fromarray(np.stack([line] * 3, -1)).save(os.path.join(out_dir, "portrait-lineart.png"), optimize=True)
    Image.fromarray(hint, "RGBA").save(os.path.join(out_dir, "portrait-hint.png"), optimize=True)
    # The original, for people to compare with (not used by the README command).
    Image.fromarray(rgb).save(os.path.join(out_dir, "portrait-original.png"), optimize=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--src", default="training/work/src")
    ap.add_argument("--out", default="examples")
    args = ap.parse_args()
    make(args.src, args.out)


if __name__ == "__main__":
    main()
