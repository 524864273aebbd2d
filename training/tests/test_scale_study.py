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


if __name__ == "__main__":
    unittest.main()
