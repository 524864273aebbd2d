"""The contract's preprocessing, as the engine must reproduce it (training/preprocess.py)."""
import hashlib
import json
import os
import unittest

import numpy as np
from PIL import Image

from training.preprocess import blur_channels, hint_channels, line_channel, line_channel_from_gray, output_to_rgb, prepare_input

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PARITY = os.path.join(REPO, "test", "fixtures", "parity")


def rgba(h, w, value):
    return np.full((h, w, 4), value, np.uint8)


class LineChannel(unittest.TestCase):
    def test_transparent_pixels_are_paper_whatever_their_colour(self):
        img = rgba(4, 4, 0)  # black, alpha 0
        np.testing.assert_array_equal(line_channel(img), np.ones((4, 4), np.float32))

    def test_opaque_black_ink_is_zero_and_white_is_one(self):
        img = rgba(2, 2, 255)
        img[0, 0, :3] = 0
        out = line_channel(img)
        self.assertEqual(out[0, 0], 0.0)
        self.assertAlmostEqual(float(out[1, 1]), 1.0, places=6)

    def test_half_transparent_black_ink_composites_over_white(self):
        img = np.zeros((1, 1, 4), np.uint8)
        img[..., 3] = 128
        self.assertAlmostEqual(float(line_channel(img)[0, 0]), 1 - 128 / 255, places=6)

    def test_coloured_ink_uses_rec601_luma(self):
        img = rgba(1, 1, 255)
        img[0, 0, :3] = (255, 0, 0)
        self.assertAlmostEqual(float(line_channel(img)[0, 0]), 0.299, places=6)

    def test_grey_training_lineart_equals_its_opaque_rgba_form(self):
        gray = np.random.default_rng(0).integers(0, 256, (8, 8)).astype(np.uint8)
        as_rgba = np.concatenate([np.repeat(gray[..., None], 3, 2), np.full((8, 8, 1), 255, np.uint8)], 2)
        np.testing.assert_allclose(line_channel_from_gray(gray), line_channel(as_rgba), atol=1e-6)

    def test_rejects_rgb_without_alpha_with_a_clear_message(self):
        with self.assertRaisesRegex(ValueError, "RGBA"):
            line_channel(np.zeros((4, 4, 3), np.uint8))


class HintChannels(unittest.TestCase):
    def test_no_hint_is_all_zero_including_the_mask(self):
        self.assertFalse(hint_channels(None, (3, 5)).any())

    def test_white_opaque_hint_differs_from_no_hint_by_its_mask(self):
        out = hint_channels(rgba(2, 2, 255), (2, 2))
        np.testing.assert_allclose(out, np.ones((4, 2, 2)), atol=1e-6)

    def test_colour_is_premultiplied_by_alpha_times_strength(self):
        img = np.zeros((1, 1, 4), np.uint8)
        img[0, 0] = (200, 100, 0, 102)
        out = hint_channels(img, (1, 1), strength=0.5)
        m = 102 / 255 * 0.5
        np.testing.assert_allclose(out[:, 0, 0], [200 / 255 * m, 100 / 255 * m, 0, m], atol=1e-6)

    def test_size_mismatch_and_bad_strength_are_refused(self):
        with self.assertRaisesRegex(ValueError, "must match"):
            hint_channels(rgba(2, 3, 255), (2, 2))
        with self.assertRaisesRegex(ValueError, "strength"):
            hint_channels(rgba(2, 2, 255), (2, 2), strength=1.5)

    def test_blur_keeps_a_constant_field_constant_and_spreads_a_dot(self):
        flat = np.full((4, 9, 9), 0.5, np.float32)
        np.testing.assert_allclose(blur_channels(flat, 1.5), flat, atol=1e-6)
        dot = np.zeros((4, 15, 15), np.float32)
        dot[:, 7, 7] = 1
        out = blur_channels(dot, 1.0)
        self.assertAlmostEqual(float(out[0].sum()), 1.0, places=5)
        self.assertGreater(out[0, 7, 8], 0.05)


class PrepareInput(unittest.TestCase):
    def test_stacks_line_hint_and_mask_as_nchw(self):
        x = prepare_input(rgba(4, 6, 255), None)
        self.assertEqual(x.shape, (1, 5, 4, 6))
        self.assertEqual(x.dtype, np.float32)

    def test_output_maps_minus_one_to_zero_and_one_to_255(self):
        out = np.array([-1.0, 0.0, 1.0, 2.0], np.float32).reshape(1, 1, 1, 4).repeat(3, 1)
        np.testing.assert_array_equal(output_to_rgb(out)[0, :, 0], [0, 128, 255, 255])


class ParityFixture(unittest.TestCase):
    """The fixture the engine's parity test reads must be what this module computes, for the shipped model."""

    def setUp(self):
        with open(os.path.join(PARITY, "meta.json")) as f:
            self.meta = json.load(f)

    def test_input_bin_is_prepare_input_of_the_fixture_pngs(self):
        lineart = np.asarray(Image.open(os.path.join(PARITY, "lineart.png")).convert("RGBA"))
        hint = np.asarray(Image.open(os.path.join(PARITY, "hint.png")).convert("RGBA"))
        self.assertTrue((lineart[..., 3] < 255).any() and (hint[..., 3] % 255 != 0).any(),
                        "the fixture must exercise transparency and partial alpha")
        expected = prepare_input(lineart, hint, self.meta["hintStrength"], self.meta["blurSigmaFraction"])
        stored = np.fromfile(os.path.join(PARITY, "input.bin"), "<f4").reshape(self.meta["inputShape"])
        np.testing.assert_array_equal(stored, expected)

    def test_fixture_and_contract_name_the_shipped_onnx(self):
        with open(os.path.join(REPO, "assets", "deepcolor.onnx"), "rb") as f:
            sha = hashlib.sha256(f.read()).hexdigest()
        with open(os.path.join(REPO, "assets", "deepcolor.json")) as f:
            contract = json.load(f)
        self.assertEqual(self.meta["modelSha256"], sha, "fixture is stale: run training.make_parity_fixture")
        self.assertEqual(contract["model"]["sha256"], sha, "contract is stale: run training.export")
        out = np.fromfile(os.path.join(PARITY, "output.bin"), "<f4")
        self.assertEqual(out.size, int(np.prod(self.meta["outputShape"])))
        self.assertTrue(np.isfinite(out).all() and np.abs(out).max() <= 1.0)


if __name__ == "__main__":
    unittest.main()
