"""Shards load, are checked, and become training examples in the contract's ranges."""
import os
import shutil
import tempfile
import unittest

import numpy as np
import torch

from training.dataset import ColorizationDataset, boosted, check_split, load_split, stratified, zoomed_window
from training.tests.helpers import tiny_shards


class Shards(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tiny_shards()
        cls.train = load_split(cls.dir, "train")

    def test_every_split_loads_with_matching_columns(self):
        for split in ("train", "val", "test"):
            d = load_split(self.dir, split)
            n = len(d["color"])
            self.assertGreater(n, 0)
            self.assertEqual(d["line"].shape, (n,) + d["color"].shape[1:3])
            self.assertTrue((d["weight"] > 0).all())

    def test_paired_lines_have_ink_and_the_colour_images_are_not_blank(self):
        paired = self.train["paired"]
        if paired.any():
            ink = (self.train["line"][paired] < 128).mean(axis=(1, 2))
            self.assertTrue(((ink > 0.002) & (ink < 0.5)).all(), f"ink cover out of range: {ink.min()}..{ink.max()}")
        self.assertTrue((self.train["color"].std(axis=(1, 2, 3)) > 5).all())

    def test_no_group_appears_in_two_splits(self):
        groups = {s: set(load_split(self.dir, s)["group"]) for s in ("train", "val", "test")}
        self.assertFalse(groups["train"] & groups["test"])
        self.assertFalse(groups["train"] & groups["val"])

    def test_missing_split_names_the_folder(self):
        empty = tempfile.mkdtemp()
        try:
            with self.assertRaisesRegex(FileNotFoundError, "no 'train' shards"):
                load_split(empty, "train")
        finally:
            shutil.rmtree(empty)

    def test_a_broken_shard_is_refused(self):
        bad = dict(self.train)
        bad["weight"] = np.zeros(len(bad["color"]), np.float32)
        with self.assertRaisesRegex(ValueError, "weights must be positive"):
            check_split(bad, "train")

    def test_stratified_subset_takes_every_source(self):
        d = dict(self.train)
        n = len(d["color"])
        d["source"] = np.array(["a"] * (n - 2) + ["b", "b"])
        sub = stratified(d, 4)
        self.assertEqual(sorted(sub["source"]), ["a", "a", "b", "b"])


class Examples(unittest.TestCase):
    def test_examples_are_cropped_and_in_the_contract_ranges(self):
        ds = ColorizationDataset(load_split(tiny_shards(), "train"), crop=64)
        torch.manual_seed(0)
        for i in range(6):
            x, y = ds[i % len(ds)]
            self.assertEqual(tuple(x.shape), (9, 64, 64))
            self.assertEqual(tuple(y.shape), (3, 64, 64))
            self.assertGreaterEqual(float(x.min()), 0.0)
            self.assertLessEqual(float(x.max()), 1.0 + 1e-6)
            self.assertGreaterEqual(float(y.min()), -1.0)
            self.assertLessEqual(float(y.max()), 1.0)
            # premultiplied: colour never exceeds the mask
            self.assertTrue(bool((x[1:4] <= x[4:5] + 1e-6).all()))
            self.assertTrue(bool((x[5:8] <= x[8:9] + 1e-6).all()))
            # the fill is where the hint is painted on paper, and never on ink
            self.assertFalse(bool((x[8][x[0] < 0.5] > 0).any()))

    def test_zoomed_samples_have_larger_regions_at_the_same_size(self):
        # vertical stripes 8 px wide: a 2x window shows half as many stripe edges per row
        color = np.zeros((256, 256, 3), np.uint8)
        color[:, (np.arange(256) // 8) % 2 == 1] = 200
        rng = np.random.default_rng(0)

        def edges(img):
            row = img[img.shape[0] // 2, :, 0].astype(int)
            return int((np.abs(np.diff(row)) > 100).sum())
        plain = zoomed_window(color, 128, 1.0, rng)
        zoomed = zoomed_window(color, 128, 2.0, rng)
        self.assertEqual(plain.shape, (128, 128, 3))
        self.assertEqual(zoomed.shape, (128, 128, 3))
        self.assertIn(edges(plain), (15, 16))
        self.assertIn(edges(zoomed), (7, 8))

    def test_zoomed_examples_keep_the_contract(self):
        ds = ColorizationDataset(load_split(tiny_shards(), "train"), crop=64, zoom_p=1.0, zoom_max=3.0)
        torch.manual_seed(1)
        for i in range(4):
            x, y = ds[i % len(ds)]
            self.assertEqual(tuple(x.shape), (9, 64, 64))
            self.assertEqual(tuple(y.shape), (3, 64, 64))
            self.assertFalse(bool((x[8][x[0] < 0.5] > 0).any()))

    def test_weighted_sampling_follows_the_weights(self):
        d = load_split(tiny_shards(), "train")
        d = dict(d)
        d["weight"] = np.ones(len(d["color"]), np.float32)
        d["weight"][0] = 50.0
        g = torch.Generator()
        g.manual_seed(0)
        draws = list(ColorizationDataset(d, 64).sampler(2000, g))
        share = draws.count(0) / len(draws)
        expected = 50 / (50 + len(d["color"]) - 1)
        self.assertAlmostEqual(share, expected, delta=0.06)

    def test_source_boost_multiplies_only_the_matching_sources_weights(self):
        d = dict(load_split(tiny_shards(), "train"))
        d["source"] = np.array(["wesnoth-1.16-dm", "flare-game", "openmoji"] * (len(d["color"]) // 3 + 1))[:len(d["color"])]
        b = boosted(d, "wesnoth-*=3, flare-game=2")
        ratio = b["weight"] / d["weight"]
        np.testing.assert_allclose(ratio[d["source"] == "wesnoth-1.16-dm"], 3)
        np.testing.assert_allclose(ratio[d["source"] == "flare-game"], 2)
        np.testing.assert_allclose(ratio[d["source"] == "openmoji"], 1)
        self.assertIs(boosted(d, ""), d)
        for bad in ("wesnoth-*", "nosuch=2", "openmoji=0"):
            with self.assertRaises(ValueError):
                boosted(d, bad)


if __name__ == "__main__":
    unittest.main()
