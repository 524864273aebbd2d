"""The non-learned baselines the model is measured against (training/evaluate.py)."""
import unittest

import numpy as np

from training.evaluate import flood_fill_baseline


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


if __name__ == "__main__":
    unittest.main()
