"""The contract's preprocessing, as the engine must reproduce it (training/preprocess.py)."""
import hashlib
import json
import os
import unittest

import numpy as np
from PIL import Image

from training.preprocess import (blur_channels, hint_channels, line_channel, line_channel_from_gray, network_input, output_to_rgb, paper_regions,
                                 prepare_input, region_fill)

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

    def test_stroke_strength_scales_the_painted_pixels_the_network_sees_not_the_region_fill(self):
        line = np.ones((16, 16), np.float32)
        line[8, :] = 0  # two regions
        rgba = np.zeros((16, 16, 4), np.uint8)
        rgba[2:4, 2:6] = (200, 40, 20, 255)
        hint = hint_channels(rgba, (16, 16), 1.0)
        full, weak = network_input(line, hint, True), network_input(line, hint, True, stroke_strength=0.25)
        np.testing.assert_array_equal(weak[5:], full[5:])  # the fill: the same
        np.testing.assert_array_equal(weak[1:5], full[1:5] * np.float32(0.25))
        self.assertGreater(float(weak[8, 0, 0]), 0.9)  # the stroke's region is filled at full strength

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
        self.assertEqual(x.shape, (1, 9, 4, 6))
        self.assertEqual(x.dtype, np.float32)
        self.assertFalse(x[0, 1:].any(), "no hint: hint and fill channels are all zero")
        self.assertEqual(prepare_input(rgba(4, 6, 255), None, with_fill=False).shape, (1, 5, 4, 6))

    def test_output_maps_minus_one_to_zero_and_one_to_255(self):
        out = np.array([-1.0, 0.0, 1.0, 2.0], np.float32).reshape(1, 1, 1, 4).repeat(3, 1)
        np.testing.assert_array_equal(output_to_rgb(out)[0, :, 0], [0, 128, 255, 255])


def two_rooms(h=6, w=9):
    """Paper split by an ink column at x = 4: a left room (x < 4) and a right room (x > 4)."""
    line = np.ones((h, w), np.float32)
    line[:, 4] = 0.0
    return line


class RegionFill(unittest.TestCase):
    def test_a_stroke_colours_its_whole_region_and_stops_at_the_line(self):
        line = two_rooms()
        hint = np.zeros((4,) + line.shape, np.float32)
        hint[:, 2, 1] = (0.9, 0.2, 0.1, 1.0)  # one red pixel in the left room
        fill = region_fill(line, hint)
        np.testing.assert_allclose(fill[:, :, :4], np.broadcast_to(np.array([0.9, 0.2, 0.1, 1.0], np.float32)[:, None, None], (4, 6, 4)))
        self.assertFalse(fill[:, :, 4:].any(), "the ink column and the unpainted right room stay empty")

    def test_mean_colour_of_several_strokes_and_mean_mask_where_painted(self):
        line = two_rooms()
        hint = np.zeros((4,) + line.shape, np.float32)
        hint[:, 0, 6] = (1.0, 0.0, 0.0, 1.0)          # opaque red
        hint[:, 5, 8] = (0.0, 0.0, 0.5, 0.5)          # half-transparent blue (premultiplied)
        fill = region_fill(line, hint)
        # colour = sum(rgb) / sum(mask) = (1, 0, 0.5) / 1.5; mask = 1.5 / 2 painted pixels
        np.testing.assert_allclose(fill[:, 3, 7], [2 / 3 * 0.75, 0.0, 1 / 3 * 0.75, 0.75], rtol=1e-6)

    def test_diagonal_ink_separates_regions_because_paper_connects_only_4_ways(self):
        line = np.ones((5, 5), np.float32)
        for i in range(5):
            line[i, 4 - i] = 0.0  # an anti-diagonal staircase of ink
        hint = np.zeros((4, 5, 5), np.float32)
        hint[:, 0, 0] = (0.0, 1.0, 0.0, 1.0)
        fill = region_fill(line, hint)
        self.assertEqual(fill[3, 1, 1], 1.0)
        self.assertEqual(fill[3, 4, 4], 0.0, "paper on the other side of the diagonal is another region")

    def test_hint_strength_scales_the_fill_mask_not_the_colour(self):
        line = two_rooms()
        img = np.zeros(line.shape + (4,), np.uint8)
        img[1, 1] = (200, 100, 50, 255)
        full = region_fill(line, hint_channels(img, line.shape, 1.0))
        half = region_fill(line, hint_channels(img, line.shape, 0.5))
        np.testing.assert_allclose(half[3, 0, 0], 0.5 * full[3, 0, 0], rtol=1e-6)
        np.testing.assert_allclose(half[:3, 0, 0] / half[3, 0, 0], full[:3, 0, 0] / full[3, 0, 0], rtol=1e-5)


def box_with_gap(gap: int, size=24):
    """A 2-px ink square outline (rows/cols 6-7 and 16-17) with a `gap`-px opening in its top side."""
    line = np.ones((size, size), np.float32)
    line[6:8, 6:18] = line[16:18, 6:18] = 0.0
    line[6:18, 6:8] = line[6:18, 16:18] = 0.0
    line[6:8, 11:11 + gap] = 1.0
    return line


class LineRounding(unittest.TestCase):
    def test_the_line_channel_is_rounded_once_as_the_engine_does(self):
        # 0.299 * 233/255 + 0.587 * 49/255 + 0.114 = 0.49999998... in float64, 0.5 once rounded to
        # float32 (the engine's value); rounding every step to float32 gave 0.49999997, i.e. ink.
        px = np.array([[[233, 49, 255, 255]]], np.uint8)
        self.assertEqual(line_channel(px)[0, 0], np.float32(0.5))

    def test_grey_shortcut_equals_the_rgba_path(self):
        v = np.arange(256, dtype=np.uint8)
        rgba = np.stack([v, v, v, np.full(256, 255, np.uint8)], -1)[None]
        np.testing.assert_array_equal(line_channel_from_gray(v[None]), line_channel(rgba))


class GapClosing(unittest.TestCase):
    def test_a_small_gap_no_longer_joins_inside_and_outside(self):
        line = box_with_gap(3)
        _, open_labels = paper_regions(line, 0)
        self.assertEqual(open_labels[12, 12], open_labels[1, 1], "without closing the gap joins them")
        _, labels = paper_regions(line, 2)
        self.assertNotEqual(labels[12, 12], labels[1, 1])
        hint = np.zeros((4,) + line.shape, np.float32)
        hint[:, 12, 12] = (1.0, 0.0, 0.0, 1.0)
        fill = region_fill(line, hint, gap_radius=2)
        self.assertEqual(fill[3, 10, 10], 1.0)
        self.assertEqual(fill[3, 1, 1], 0.0, "the stroke inside stays inside")

    def test_a_gap_wider_than_the_radius_can_close_stays_open(self):
        line = box_with_gap(6)
        _, labels = paper_regions(line, 2)
        self.assertEqual(labels[12, 12], labels[1, 1])

    def test_every_paper_pixel_gets_a_region_and_ink_none(self):
        rng = np.random.default_rng(3)
        line = (rng.random((40, 50)) > 0.3).astype(np.float32)  # noisy: many narrow bits
        n, labels = paper_regions(line, 2)
        np.testing.assert_array_equal(labels > 0, line >= 0.5)
        self.assertEqual(set(np.unique(labels)) - {0}, set(range(1, n)), "numbered 1..n-1 without holes")

    def test_regions_stay_4_connected_and_grown_pixels_join_a_neighbour(self):
        line = box_with_gap(3)
        _, labels = paper_regions(line, 2)
        for lab in np.unique(labels[labels > 0]):
            import cv2
            k, _ = cv2.connectedComponents((labels == lab).astype(np.uint8), connectivity=4)
            self.assertEqual(k, 2, f"region {lab} is one 4-connected piece")

    def test_paper_narrow_everywhere_is_its_own_region(self):
        line = np.zeros((12, 12), np.float32)
        line[2:10, 5:7] = 1.0  # a 2-px wide isolated slot: no pixel has a 5x5 all-paper square
        n, labels = paper_regions(line, 2)
        self.assertEqual(n, 2)
        self.assertTrue((labels[2:10, 5:7] == 1).all())

    def test_radius_zero_is_plain_connected_components(self):
        line = box_with_gap(3)
        n, labels = paper_regions(line, 0)
        self.assertEqual(n, 2)


class RegionFixture(unittest.TestCase):
    """test/fixtures/regions (the engine's labelling parity) must be what paper_regions computes now."""

    def test_stored_labels_are_paper_regions_of_the_stored_line(self):
        d = os.path.join(REPO, "test", "fixtures", "regions")
        with open(os.path.join(d, "meta.json")) as f:
            meta = json.load(f)
        line = np.fromfile(os.path.join(d, "line.u8"), np.uint8).reshape(meta["height"], meta["width"])
        line = line.astype(np.float32) / np.float32(255)
        self.assertIn(2, meta["radii"], "the shipped radius must be covered")
        for r in meta["radii"]:
            stored = np.fromfile(os.path.join(d, f"labels-r{r}.i32"), "<i4").reshape(line.shape)
            n, labels = paper_regions(line, r)
            np.testing.assert_array_equal(stored, labels, f"stale fixture at radius {r}: run training.make_region_fixture")
            self.assertEqual(meta["regionCounts"][str(r)], n - 1)


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
        expected = prepare_input(lineart, hint, self.meta["hintStrength"], self.meta["blurSigmaFraction"],
                                 with_fill=self.meta["inputShape"][1] == 9)
        stored = np.fromfile(os.path.join(PARITY, "input.bin"), "<f4").reshape(self.meta["inputShape"])
        np.testing.assert_array_equal(stored, expected)

    def test_the_fixture_exercises_gap_closing(self):
        lineart = np.asarray(Image.open(os.path.join(PARITY, "lineart.png")).convert("RGBA"))
        hint = np.asarray(Image.open(os.path.join(PARITY, "hint.png")).convert("RGBA"))
        line = line_channel(lineart)
        hc = hint_channels(hint, line.shape, self.meta["hintStrength"])
        self.assertFalse(np.array_equal(region_fill(line, hc, gap_radius=0), region_fill(line, hc, gap_radius=2)),
                         "closing the circle's opening must change the fill, or the engine's gap closing goes unchecked")

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
