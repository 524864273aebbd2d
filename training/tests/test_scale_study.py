"""The working-scale study's pages (training/scale_study.py): what the CLI is given."""
import os
import tempfile
import unittest

import numpy as np
from PIL import Image

from training.dataset import load_split
from training.scale_study import DENSITIES, make_pages
from training.tests.helpers import tiny_shards


class Pages(unittest.TestCase):
    def test_each_image_zoom_and_density_gets_an_enlarged_lineart_and_a_hint_where_painted(self):
        data = load_split(tiny_shards(), "val")
        data = {k: v[:2] for k, v in data.items()}
        size = data["color"].shape[1]
        with tempfile.TemporaryDirectory() as folder:
            pages = make_pages(data, [1.0, 2.0], folder)
            self.assertEqual(len(pages), 2 * 2 * len(DENSITIES))
            self.assertEqual({page.zoom for page in pages.values()}, {1.0, 2.0})
            for name, page in pages.items():
                line = np.array(Image.open(os.path.join(folder, name + ".png")))
                self.assertEqual(line.shape, (int(size * page.zoom),) * 2)
                self.assertEqual(page.original.shape, (int(size * page.zoom),) * 2 + (3,))
                self.assertEqual(os.path.exists(os.path.join(folder, name + ".hint.png")), page.strokes > 0)


class ScaleEntries(unittest.TestCase):
    def test_flags_after_the_scale_become_cli_options_with_their_values(self):
        from training.scale_study import split_scale
        self.assertEqual(split_scale("auto"), ("auto", []))
        self.assertEqual(split_scale("0.5+keep-strokes"), ("0.5", ["--keep-strokes"]))
        self.assertEqual(split_scale("auto:exponent=0.5+light=top-left+shade=0.2"),
                         ("auto:exponent=0.5", ["--light", "top-left", "--shade", "0.2"]))


class WhitePatches(unittest.TestCase):
    def test_counts_coloured_pixels_left_paper_white_and_nothing_else(self):
        from training.white_patches import white_patches
        original = np.full((10, 10, 3), 255, np.uint8)
        original[:, :5] = (200, 120, 60)  # a coloured half on white paper
        got = original.copy()
        self.assertEqual(white_patches(original, got), 0.0)
        got[:2, :5] = 250  # 10 of the 50 coloured pixels come out white
        got[:, 5:] = 0  # paper painted over does not count: that is not a white patch
        self.assertAlmostEqual(white_patches(original, got), 0.2)
        self.assertEqual(white_patches(np.full((4, 4, 3), 255, np.uint8), got[:4, :4]), 0.0)


class FitWhites(unittest.TestCase):
    def test_a_policy_is_charged_the_white_patches_of_the_scale_it_picks(self):
        from training import fit_auto_scale as fit
        whites = {"i000-z4-h0": {"0.25": 0.02, "0.5": 0.10}}
        # Halfway in log scale between 0.25 and 0.5 is sqrt(0.125).
        self.assertAlmostEqual(fit.psnr_at(whites["i000-z4-h0"], 0.125 ** 0.5), 0.06)
        self.assertAlmostEqual(fit.psnr_at(whites["i000-z4-h0"], 1.0), 0.10)  # clamped to the scored scales


if __name__ == "__main__":
    unittest.main()
