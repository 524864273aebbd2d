"""Lineart extractors and simulated hints behave as the training recipe says."""
import unittest

import cv2
import numpy as np

from training.hints import ROUGH_LIGHTNESS, random_hint, seed_hint, stroke_hint
from training.lineart import adaptive_threshold, jitter_width, random_lineart, stroke_width, xdog


def two_tone(size=64):
    """A mid-orange disc on white paper: one clear edge, no ink."""
    img = np.full((size, size, 3), 255, np.uint8)
    cv2.circle(img, (size // 2, size // 2), size // 4, (230, 150, 60), -1)
    return img


def drawn_line(width):
    line = np.full((64, 64), 255, np.uint8)
    cv2.line(line, (8, 32), (56, 32), 0, width)
    return line


class Lineart(unittest.TestCase):
    def test_flat_paper_gives_no_ink_for_every_extractor(self):
        paper = np.full((32, 32, 3), 255, np.uint8)
        self.assertTrue((xdog(paper) == 255).all())
        self.assertTrue((adaptive_threshold(paper) == 255).all())

    def test_xdog_and_adaptive_put_ink_on_the_edge_and_not_inside(self):
        img = two_tone()
        for line in (xdog(img, sigma=1.0), adaptive_threshold(img)):
            ink = line < 128
            self.assertGreater(ink.sum(), 20)
            ring = np.zeros((64, 64), np.uint8)
            cv2.circle(ring, (32, 32), 16, 1, 5)
            self.assertGreater((ink & (ring > 0)).sum() / ink.sum(), 0.8, "ink must lie on the disc's outline")
            self.assertFalse(ink[32, 32], "the flat inside must stay paper")

    def test_width_jitter_thickens_and_thins_ink(self):
        line = drawn_line(3)
        self.assertGreater((jitter_width(line, 1) < 128).sum(), (line < 128).sum())
        self.assertLess((jitter_width(line, -1) < 128).sum(), (line < 128).sum())

    def test_stroke_width_measures_a_drawn_line(self):
        for width in (2, 6):
            line = np.full((64, 64), 255, np.uint8)
            line[30:30 + width, 4:60] = 0  # a straight stroke exactly `width` px wide
            self.assertAlmostEqual(stroke_width(line), width, delta=0.12 * width)
        self.assertEqual(stroke_width(np.full((16, 16), 255, np.uint8)), 0.0)

    def test_random_lineart_draws_several_styles(self):
        img, paired = two_tone(), drawn_line(2)
        rng = np.random.default_rng(0)
        styles = {random_lineart(img, paired, rng)[1].split("+")[0] for _ in range(40)}
        self.assertEqual(styles, {"paired", "xdog", "adaptive"})
        self.assertNotIn("paired", {random_lineart(img, None, rng)[1].split("+")[0] for _ in range(20)})


class Hints(unittest.TestCase):
    def test_zero_strokes_is_a_fully_transparent_layer(self):
        self.assertFalse(stroke_hint(two_tone(), 0, np.random.default_rng(0)).any())

    def test_strokes_carry_the_colour_of_the_region_they_are_painted_in(self):
        img = two_tone()
        hint = stroke_hint(img, 30, np.random.default_rng(1), colour_tolerance=10)
        painted = hint[..., 3] > 0
        self.assertGreater(painted.sum(), 30)
        diff = np.abs(hint[..., :3].astype(int) - img.astype(int)).max(axis=2)
        self.assertLessEqual(int(diff[painted].max()), 10)

    def test_an_overshooting_stroke_runs_past_its_region_by_at_most_the_overshoot(self):
        img = two_tone()
        careful = stroke_hint(img, 30, np.random.default_rng(1), colour_tolerance=10)
        careless = stroke_hint(img, 30, np.random.default_rng(1), colour_tolerance=10, overshoot=8)

        def off_region(hint):
            diff = np.abs(hint[..., :3].astype(int) - img.astype(int)).max(axis=2)
            return (hint[..., 3] > 0) & (diff > 10)

        self.assertFalse(off_region(careful).any())
        self.assertGreater(int(off_region(careless).sum()), 0)
        # Off its region only near the disc's edge: within the overshoot (8 at 256 px = 2 px at 64).
        disc = (img[..., 2] < 128).astype(np.uint8)
        edge = cv2.dilate(disc, np.ones((3, 3), np.uint8)) != cv2.erode(disc, np.ones((3, 3), np.uint8))
        near = cv2.dilate(edge.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))) > 0
        self.assertTrue(near[off_region(careless)].all())

    def test_rough_strokes_are_one_flat_colour_each_off_the_original_by_a_lightness(self):
        flat = np.full((64, 64, 3), (180, 120, 60), np.uint8)
        exact = stroke_hint(flat, 20, np.random.default_rng(3))
        rough = stroke_hint(flat, 20, np.random.default_rng(3), rough=True)
        painted = rough[..., 3] > 0
        self.assertTrue((exact[exact[..., 3] > 0][:, :3] == (180, 120, 60)).all())
        offset = rough[painted][:, :3].astype(int) - (180, 120, 60)
        self.assertTrue((offset == offset[:, :1]).all())  # the same shift on every channel: lightness, not hue
        self.assertLessEqual(int(np.abs(offset).max()), ROUGH_LIGHTNESS + 1)
        self.assertGreater(len(np.unique(offset[:, 0])), 3)  # each stroke its own
        self.assertLessEqual(len(np.unique(offset[:, 0])), 20)

    def test_a_rough_stroke_takes_the_mean_colour_of_what_it_crosses(self):
        ramp = np.repeat(np.linspace(20, 230, 256).astype(np.uint8)[None, :, None], 256, 0).repeat(3, 2)
        hint = stroke_hint(ramp, 1, np.random.default_rng(1), rough=True, colour_tolerance=255)
        painted = hint[..., 3] > 0
        under = ramp[painted][:, 0].astype(float)
        self.assertGreater(under.max() - under.min(), 3 * ROUGH_LIGHTNESS)  # it crosses light and shadow
        self.assertLessEqual(abs(float(hint[painted][0, 0]) - under.mean()), ROUGH_LIGHTNESS + 1)
        self.assertEqual(len(np.unique(hint[painted][:, 0])), 1)

    def test_more_strokes_cover_more_of_the_picture(self):
        img = two_tone(128)
        cover = [(stroke_hint(img, n, np.random.default_rng(2))[..., 3] > 0).mean() for n in (1, 5, 20, 100)]
        self.assertEqual(cover, sorted(cover))
        self.assertGreater(cover[-1], cover[0] * 5)

    def test_seed_hint_is_opaque_blurred_colour(self):
        img = two_tone()
        hint = seed_hint(img, np.random.default_rng(0), n_whiteouts=0)
        self.assertTrue((hint[..., 3] == 255).all())
        self.assertLess(np.abs(np.diff(hint[..., 0].astype(int), axis=1)).max(), 20, "a heavy blur leaves no sharp edge")

    def test_random_hint_mixes_none_seed_and_strokes(self):
        rng = np.random.default_rng(0)
        kinds = {random_hint(two_tone(), rng)[2].rstrip("0123456789") for _ in range(60)}
        self.assertEqual(kinds, {"none", "seed", "strokes"})
        rough = {random_hint(two_tone(), rng, rough_p=1.0)[2].rstrip("0123456789") for _ in range(60)}
        self.assertEqual(rough, {"none", "seed", "rough"})


if __name__ == "__main__":
    unittest.main()
