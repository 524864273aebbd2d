"""Specification tests of the data build's pure parts (no packages needed, < 2 s).

    /usr/bin/python3 -m unittest training.data.test_data_build
"""
from __future__ import annotations

import os
import shutil
import unittest

import cv2
import numpy as np

from training.data import common as C
from training.data import sources as S
from training.data.render import recolour_svg, scale_stroke_widths


def _ring_pair(offset: int = 0):
    """A red disc on white with a black outline, and its lineart (outline moved by offset px)."""
    rgb = np.full((256, 256, 3), 255, np.uint8)
    cv2.circle(rgb, (128, 128), 80, (220, 40, 40), -1)
    cv2.circle(rgb, (128, 128), 80, (0, 0, 0), 3)
    line = np.full((256, 256), 255, np.uint8)
    cv2.circle(line, (128 + offset, 128), 80, 0, 3)
    return rgb, line


class RecolourSvg(unittest.TestCase):
    def test_dark_paint_becomes_ink_and_light_paint_paper(self):
        out = recolour_svg('<svg><path fill="#1a1a1a" stroke="#f2d3b1" d="M0 0"/></svg>')
        self.assertIn('fill="#000000"', out)
        self.assertIn('stroke="#ffffff"', out)

    def test_translucent_dark_shading_is_paper_not_ink(self):
        out = recolour_svg('<svg><path fill="#000" opacity=".1" d="M0 0"/></svg>')
        self.assertIn('fill="#ffffff"', out)

    def test_gradient_paint_is_paper(self):
        out = recolour_svg('<svg><path fill="url(#g)" d="M0 0"/></svg>')
        self.assertIn('fill="#ffffff"', out)

    def test_style_attributes_and_css_blocks_are_recoloured(self):
        out = recolour_svg('<svg><style>.a{fill:#222222}</style><path style="fill:#ffcc00;stroke:#000" d="M0 0"/></svg>')
        self.assertIn(".a{fill:#000000}", out)
        self.assertIn("fill:#ffffff", out)
        self.assertIn("stroke:#000000", out)

    def test_none_is_kept(self):
        self.assertIn('fill="none"', recolour_svg('<svg><path fill="none" d="M0 0"/></svg>'))

    def test_stroke_widths_scale_in_attributes_and_styles(self):
        out = scale_stroke_widths('<path stroke-width="2" style="stroke-width:4;"/>', 0.5)
        self.assertIn('stroke-width="1.000"', out)
        self.assertIn("stroke-width:2.000;", out)


class QualityChecks(unittest.TestCase):
    def test_an_aligned_outlined_pair_passes(self):
        rgb, line = _ring_pair()
        q = C.qa(rgb, line)
        self.assertTrue(q["ok"], q)
        self.assertGreaterEqual(q["edge_fit"], 0.75)

    def test_lines_that_do_not_line_up_fail(self):
        rgb, line = _ring_pair(offset=12)
        q = C.qa(rgb, line)
        self.assertFalse(q["ok"], q)
        self.assertLess(q["edge_fit"], 0.75)

    def test_a_grey_image_fails(self):
        rgb, line = _ring_pair()
        grey = np.repeat(C.to_gray(rgb)[..., None], 3, axis=2)
        self.assertFalse(C.qa(grey, line)["ok"])

    def test_shading_in_the_line_image_fails(self):
        rgb, line = _ring_pair()
        shaded = line.copy()
        shaded[60:200, 60:200] = np.where(shaded[60:200, 60:200] > 128, 150, shaded[60:200, 60:200])
        self.assertFalse(C.qa(rgb, shaded)["ok"])

    def test_copies_of_one_render_hash_equal_and_a_recoloured_one_does_not(self):
        rgb, _ = _ring_pair()
        copy, _ = _ring_pair()
        self.assertEqual(C.image_hash(rgb), C.image_hash(copy))
        blue = rgb[..., ::-1].copy()
        self.assertNotEqual(C.image_hash(rgb), C.image_hash(blue))

    def test_fit_centres_content_with_a_white_margin(self):
        rgba = np.zeros((100, 300, 4), np.uint8)
        rgba[20:80, 50:250] = (10, 200, 10, 255)
        out = C.fit_rgba_on_white(rgba, C.content_box(rgba))
        self.assertEqual(out.shape, (256, 256, 3))
        self.assertTrue((out[:C.PAD] == 255).all() and (out[:, :C.PAD] == 255).all())
        ys, xs = np.nonzero(out[..., 0] < 128)
        self.assertAlmostEqual((xs.min() + xs.max()) / 2, 127.5, delta=1.5)
        self.assertAlmostEqual((ys.min() + ys.max()) / 2, 127.5, delta=1.5)


class SplitsAndSources(unittest.TestCase):
    def test_reserved_evaluation_packages_are_not_sources(self):
        for name in ("renpy-thequestion", "renpy-demo"):
            self.assertNotIn(name, S.PACKAGES)

    def test_split_depends_only_on_the_group(self):
        self.assertEqual(S.split_of("wesnoth:mage"), S.split_of("wesnoth:mage"))
        splits = {S.split_of(f"g{i}") for i in range(200)}
        self.assertEqual(splits, {"train", "val", "test"})

    def test_split_fractions_are_about_8_and_5_percent(self):
        s = [S.split_of(f"group-{i}") for i in range(20000)]
        self.assertAlmostEqual(s.count("test") / len(s), 0.08, delta=0.01)
        self.assertAlmostEqual(s.count("val") / len(s), 0.05, delta=0.01)

    def test_the_readme_example_character_is_in_the_test_split(self):
        self.assertEqual(S.split_of("wesnoth:mage"), "test")


@unittest.skipUnless(shutil.which("node") and shutil.which("rsvg-convert")
                     and os.path.isdir(os.path.join(os.path.dirname(__file__), "..", "work", "tiny", "shards")),
                     "run `bash training/data/build.sh --tiny` first")
class TinySample(unittest.TestCase):
    def test_tiny_shards_have_the_documented_keys_and_types(self):
        d = os.path.join(os.path.dirname(__file__), "..", "work", "tiny", "shards")
        z = np.load(os.path.join(d, "train-0.npz"))
        n = len(z["color"])
        self.assertEqual(z["color"].shape, (n, 256, 256, 3))
        self.assertEqual(z["color"].dtype, np.uint8)
        self.assertEqual(z["line"].shape, (n, 256, 256))
        self.assertEqual(z["paired"].dtype, bool)
        self.assertTrue((z["weight"] > 0).all())
        self.assertTrue(all(g.startswith("dicebear:adventurer-") for g in z["group"]))
        cover = (z["line"] < 128).mean(axis=(1, 2))
        self.assertTrue(((cover >= 0.01) & (cover <= 0.30)).all())


if __name__ == "__main__":
    unittest.main()
