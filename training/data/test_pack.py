"""The carry pack: what comes out of --unpack is what went in (lines exactly, colour within WebP error)."""
import os
import shutil
import tempfile
import unittest

import numpy as np

from training.data.pack import pack, unpack
from training.dataset import load_split, stratified
from training.synthetic import write_shards


class Pack(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="deepcolor-pack-")
        cls.shards = os.path.join(cls.tmp, "shards")
        write_shards(cls.shards, 40, seed=3)
        for name in os.listdir(cls.shards):  # every third sample a painted portrait's weight
            if name.endswith(".npz"):
                path = os.path.join(cls.shards, name)
                with np.load(path) as z:
                    arrays = dict(z)
                arrays["weight"][::3] = 4.0
                np.savez(path, **arrays)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def test_round_trip_keeps_every_sample_and_its_fields(self):
        report = pack(self.shards, os.path.join(self.tmp, "p.npz"), max_mib=100, workers=1)
        self.assertEqual(report["thinned_fraction_kept"], 1.0)
        unpack(os.path.join(self.tmp, "p.npz"), os.path.join(self.tmp, "out"), workers=1)
        for split in ("train", "val"):
            a, b = load_split(self.shards, split), load_split(os.path.join(self.tmp, "out"), split)
            if split == "val":
                a = stratified(a, 48)
            self.assertEqual(len(a["color"]), len(b["color"]))
            np.testing.assert_array_equal(a["line"][a["paired"]], b["line"][b["paired"]])
            self.assertTrue((b["line"][~b["paired"]] == 255).all())
            for k in ("paired", "source", "group", "weight"):
                np.testing.assert_array_equal(a[k], b[k])
            err = np.abs(a["color"].astype(int) - b["color"].astype(int))
            self.assertLess(err.mean(), 2.0)
        with self.assertRaises(FileNotFoundError):
            load_split(os.path.join(self.tmp, "out"), "test")  # the test split never travels

    def test_over_budget_keeps_the_heavy_samples_and_thins_the_rest_by_group(self):
        data = load_split(self.shards, "train")
        full = pack(self.shards, os.path.join(self.tmp, "full.npz"), max_mib=100, workers=1)["bytes"] / 2**20
        budget = 0.8 * full
        report = pack(self.shards, os.path.join(self.tmp, "small.npz"), max_mib=budget, workers=1)
        self.assertLess(report["thinned_fraction_kept"], 1.0)
        unpack(os.path.join(self.tmp, "small.npz"), os.path.join(self.tmp, "small"), workers=1)
        kept = load_split(os.path.join(self.tmp, "small"), "train")
        self.assertLess(len(kept["color"]), len(data["color"]))
        heavy = int((data["weight"] >= 2).sum())
        self.assertGreater(heavy, 0)
        self.assertEqual(int((kept["weight"] >= 2).sum()), heavy)
        self.assertEqual(len(load_split(os.path.join(self.tmp, "small"), "val")["color"]),
                         len(stratified(load_split(self.shards, "val"), 48)["color"]))  # validation is never thinned
        # a group is kept or dropped whole: every kept group has all its samples
        for group in set(map(str, kept["group"])):
            self.assertEqual(int((kept["group"] == group).sum()), int((data["group"] == group).sum()), group)
        self.assertLessEqual(report["bytes"], budget * 2**20)  # the budget holds on the real file


if __name__ == "__main__":
    unittest.main()
