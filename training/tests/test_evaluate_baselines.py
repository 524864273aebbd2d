"""The non-learned baselines the model is measured against (training/evaluate.py)."""
import unittest

import numpy as np

from skimage.color import rgb2lab

from training.evaluate import flood_fill_baseline, scores, shaded_original, tonal_spread, tone_regions


class FloodFillBaseline(unittest.TestCase):
    def setUp(self):
        # 24 x 24 paper, a 2-px ink box with a 3-px gap in its top side (closed by the region fill's gap radius).
        self.line = np.full((24, 24), 255, np.uint8)
        self.line[6:8, 6:18] = self.line[16:18, 6:18] = 0
        self.line[6:18, 6:8] = self.line[6:18, 16:18] = 0
        self.line[6:8, 11:14] = 255
        self.hint = np.zeros((24, 24, 4), np.uint8)
        self.hint[11:13, 11:13] = (200, 40, 20, 255)

    def test_paints_the_stroke_colour_over_its_region_only_and_keeps_the_ink(self):
        out = flood_fill_baseline(self.line, self.hint)
        np.testing.assert_array_equal(out[9, 9], (200, 40, 20))
        np.testing.assert_array_equal(out[1, 1], (255, 255, 255), "the gap is closed: outside stays white")
        np.testing.assert_array_equal(out[6, 6], (0, 0, 0))

    def test_without_a_hint_it_is_the_lineart(self):
        out = flood_fill_baseline(self.line, None)
        np.testing.assert_array_equal(out[..., 0], self.line)


class ToneRatio(unittest.TestCase):
    """The 'shaded, not flat' measure: tonal variation inside line-bounded regions."""

    def setUp(self):
        # 64 x 64: a vertical ink line splits the page into two regions.
        self.line = np.full((64, 64), 255, np.uint8)
        self.line[:, 30:33] = 0
        self.regions = tone_regions(self.line)
        # The original: the left region shaded top to bottom, the right one flat.
        self.original = np.full((64, 64, 3), 180, np.uint8)
        self.original[:, :30] = np.linspace(60, 240, 64, dtype=np.uint8)[:, None, None]

    def test_regions_keep_clear_of_the_ink_and_count_two_regions(self):
        self.assertEqual(set(np.unique(self.regions)) - {0}, {int(self.regions[5, 5]), int(self.regions[5, 60])})
        self.assertNotEqual(self.regions[5, 5], self.regions[5, 60])
        self.assertTrue((self.regions[:, 28:35] == 0).all(), "pixels within 2 px of ink are not counted")

    def test_flat_fills_score_zero_and_the_original_scores_one(self):
        lab = rgb2lab(self.original)
        original = shaded_original(lab[..., 0], self.regions)
        self.assertGreater(tonal_spread(original), 5)
        flat = np.full_like(self.original, 180)
        self.assertAlmostEqual(scores(flat, self.original, lab, None, self.regions, original)["tone_ratio"], 0.0, places=4)
        self.assertAlmostEqual(scores(self.original, self.original, lab, None, self.regions, original)["tone_ratio"], 1.0, places=6)
        half = (self.original.astype(np.float32) * 0.5 + 90).astype(np.uint8)  # the same shading, half as strong
        half_scores = scores(half, self.original, lab, None, self.regions, original)
        self.assertTrue(0.3 < half_scores["tone_ratio"] < 0.7)
        self.assertGreater(half_scores["tone_corr"], 0.99)

    def test_the_correlation_tells_shading_in_place_from_shading_anywhere(self):
        lab = rgb2lab(self.original)
        original = shaded_original(lab[..., 0], self.regions)
        upside_down = self.original[::-1].copy()  # as much light and dark, the wrong way round
        s = scores(upside_down, self.original, lab, None, self.regions, original)
        self.assertAlmostEqual(s["tone_ratio"], 1.0, places=2)
        self.assertLess(s["tone_corr"], -0.99)
        noise = np.random.default_rng(0).integers(0, 255, self.original.shape, dtype=np.uint8)
        self.assertLess(abs(scores(noise, self.original, lab, None, self.regions, original)["tone_corr"]), 0.1)
        self.assertEqual(scores(np.full_like(self.original, 90), self.original, lab, None, self.regions, original)["tone_corr"], 0.0)

    def test_a_flat_original_gives_no_ratio(self):
        flat = np.full((64, 64, 3), 120, np.uint8)
        lab = rgb2lab(flat)
        s = scores(flat, flat, lab, None, self.regions, shaded_original(lab[..., 0], self.regions))
        self.assertNotIn("tone_ratio", s)
        self.assertNotIn("tone_corr", s)


class UnderStroke(unittest.TestCase):
    """A flat stroke over a shaded region: copying it (a streak) scores as far off as the stroke
    is; keeping the shading under it scores 0."""

    def test_a_copied_flat_stroke_is_a_streak_and_kept_shading_is_not(self):
        original = np.repeat(np.linspace(60, 200, 32, dtype=np.uint8)[:, None, None], 32, 1).repeat(3, 2)
        hint = np.zeros((32, 32, 4), np.uint8)
        hint[4:28, 14:18] = (130, 130, 130, 255)  # one grey stroke down the ramp
        lab = rgb2lab(original)
        streak = original.copy()
        streak[4:28, 14:18] = 130
        copied = scores(streak, original, lab, hint)
        kept = scores(original, original, lab, hint)
        self.assertAlmostEqual(kept["under_stroke_ciede2000"], 0.0, places=6)
        self.assertGreater(copied["under_stroke_ciede2000"], 5.0)
        self.assertAlmostEqual(copied["under_stroke_ciede2000"], copied["hint_ciede2000_original"], places=6)
        self.assertAlmostEqual(copied["hint_ciede2000"], 0.0, places=6)


if __name__ == "__main__":
    unittest.main()
