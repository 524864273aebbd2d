"""A few CPU training steps lower the loss; checkpoints resume; the export is a valid ONNX with its contract."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import onnx
import torch
from PIL import Image

from training.contract import AUTO_SCALE
from training.export import export, load_generator
from training.model import IN_CHANNELS, padded_for_export, widen_inputs, Generator, PatchDiscriminator
from training.tests.helpers import synthetic_shards
from training.train import Config, main as train_main, selection_score, validate


class Training(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="deepcolor-train-")
        cls.cfg = dict(shards=synthetic_shards(), run="t", checkpoint_dir=os.path.join(cls.tmp, "ck"),
                       log_dir=os.path.join(cls.tmp, "logs"), widths=(8, 16, 32, 64), disc_base=16, crop=64, batch=4,
                       max_steps=20, val_every=10, val_images=4, log_every=10, gan_start=5, workers=0, quiet=True,
                       lr_g=2e-3, threads=1)
        cls.result = train_main(Config(**cls.cfg))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def test_a_few_steps_lower_the_validation_loss(self):
        h = self.result["history"]
        self.assertEqual([r["step"] for r in h], [0, 10, 20])
        self.assertLess(h[-1]["l1"], h[0]["l1"])
        self.assertGreater(max(r["psnr"] for r in h), h[0]["psnr"])

    def test_checkpoint_holds_everything_needed_to_resume_and_export(self):
        ck = torch.load(os.path.join(self.tmp, "ck", "t", "last.pt"))
        for key in ("generator", "ema", "discriminator", "opt_g", "opt_d", "step", "config"):
            self.assertIn(key, ck)
        self.assertEqual(ck["step"], 20)
        self.assertGreater(ck["config"]["line_width_px"], 0)
        self.assertEqual(ck["config"]["widths"], [8, 16, 32, 64])
        self.assertTrue(os.path.exists(os.path.join(self.tmp, "logs", "t", "samples-000020.png")))

    def test_running_again_resumes_from_the_last_step(self):
        cfg = dict(self.cfg, max_steps=23, val_every=100)
        result = train_main(Config(**cfg))
        self.assertEqual(result["step"], 23)
        with open(os.path.join(self.tmp, "logs", "t", "log.txt")) as f:
            self.assertIn("resumed", f.read())

    def test_an_enlarged_validation_set_is_scored_beside_the_plain_one(self):
        cfg = dict(self.cfg, run="vz", max_steps=2, val_every=2, val_zoom=2.0, l1_only=True)
        history = train_main(Config(**cfg))["history"]
        self.assertIn("psnr_zoom", history[-1])
        self.assertNotEqual(history[-1]["psnr_zoom"], history[-1]["psnr"])

    def test_feature_matching_is_a_loss_term_that_trains_the_generator(self):
        disc = PatchDiscriminator(base=8)
        cond, color = torch.rand(1, IN_CHANNELS, 64, 64), torch.rand(1, 3, 64, 64)
        feats = disc.eval().features(cond, color)
        self.assertEqual(len(feats), 5)
        self.assertTrue(torch.equal(feats[-1], disc(cond, color)))
        fm = self.logged_term("fm", "fm", gan_start=0, fm_weight=10.0)
        self.assertEqual(len(fm), 2)
        self.assertGreater(min(fm), 0)

    def logged_term(self, run: str, term: str, **overrides) -> list[float]:
        """Train 4 steps with `overrides`, logging every 2: the values logged for `term`."""
        train_main(Config(**dict(self.cfg, run=run, max_steps=4, log_every=2, val_every=100, **overrides)))
        with open(os.path.join(self.tmp, "logs", run, "log.txt")) as f:
            return [float(line.split(f" {term} ")[1].split()[0]) for line in f if f" {term} " in line]

    def test_the_ssim_term_is_logged_and_trains_the_generator_when_weighted(self):
        ssim = self.logged_term("ssim", "ssim", l1_only=True, ssim_weight=20.0)
        self.assertEqual(len(ssim), 2)
        self.assertGreater(min(ssim), 0)

    def test_a_shade_warm_start_trains_the_shade_at_its_own_rate_and_resumes(self):
        parent = os.path.join(self.tmp, "ck", "t", "last.pt")
        cfg = dict(self.cfg, run="shade", max_steps=3, l1_only=True, val_every=100, init_from=parent, shade=True, lr_shade=1e-2)
        train_main(Config(**cfg))
        ck = torch.load(os.path.join(self.tmp, "ck", "shade", "last.pt"))
        body, shade = (g["lr"] for g in ck["opt_g"]["param_groups"])
        self.assertAlmostEqual(shade / body, 1e-2 / self.cfg["lr_g"])  # the same schedule, its own base
        self.assertGreater(float(ck["generator"]["shade.weight"].abs().max()), 0)  # it started at exactly zero
        self.assertEqual(train_main(Config(**dict(cfg, max_steps=4)))["step"], 4)

    def test_the_region_tone_term_is_logged_when_weighted(self):
        tone = self.logged_term("tone", "tone", l1_only=True, tone_weight=100.0)
        self.assertEqual(len(tone), 2)
        self.assertGreater(min(tone), 0)

    def test_l1_only_ablation_never_trains_the_discriminator(self):
        cfg = dict(self.cfg, run="l1", max_steps=6, l1_only=True, val_every=100)
        train_main(Config(**cfg))
        ck = torch.load(os.path.join(self.tmp, "ck", "l1", "last.pt"))
        self.assertEqual(len(ck["opt_d"]["state"]), 0)

    def test_best_checkpoint_exports_to_a_valid_onnx_and_contract(self):
        gen, cfg = load_generator(os.path.join(self.tmp, "ck", "t", "best.pt"))
        out = os.path.join(self.tmp, "export")
        contract = export(gen, out, trained=True, training_size=cfg["size"], line_width_px=cfg["line_width_px"])
        model = onnx.load(os.path.join(out, "deepcolor.onnx"))
        onnx.checker.check_model(model)
        self.assertEqual(model.opset_import[0].version, 17)
        inp = model.graph.input[0]
        self.assertEqual(inp.name, "input")
        dims = [d.dim_param or d.dim_value for d in inp.type.tensor_type.shape.dim]
        self.assertEqual(dims, ["batch", 9, "height", "width"])
        self.assertEqual(contract["input"]["channels"][5:], ["fill_r", "fill_g", "fill_b", "fill_mask"])
        self.assertNotIn("ConvTranspose", {n.op_type for n in model.graph.node})
        with open(os.path.join(out, "deepcolor.json")) as f:
            self.assertEqual(json.load(f), contract)
        self.assertEqual(contract["geometry"]["sizeMultiple"], 16)
        self.assertEqual(contract["model"]["trained"], True)
        # The 'auto' working-scale policy travels with every export, and the shipped contract has it.
        self.assertEqual(contract["geometry"]["autoScale"], AUTO_SCALE)
        with open(os.path.join(os.path.dirname(__file__), "..", "..", "assets", "deepcolor.json")) as f:
            self.assertEqual(json.load(f)["geometry"]["autoScale"], AUTO_SCALE)

    def test_evaluation_enlarged_2x_scores_twice_the_size_beside_an_ablation(self):
        out = os.path.join(self.tmp, "eval-zoom")
        ck = os.path.join(self.tmp, "ck", "t", "best.pt")
        subprocess.run([sys.executable, "-m", "training.evaluate", "--checkpoint", ck, "--ablation", ck,
                        "--ablation-label", "GAN twin", "--shards", synthetic_shards(), "--limit", "2",
                        "--zoom", "2", "--sheet-rows", "1", "--out", out], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(out, "metrics.json")) as f:
            metrics = json.load(f)
        self.assertEqual(metrics["meta"]["zoom"], 2.0)
        self.assertEqual(set(metrics["mean"]), {"model", "GAN twin", "composite", "flood fill"})
        with open(os.path.join(out, "results.md")) as f:
            self.assertIn("enlarged 2x", f.read())
        size = int(np.load(os.path.join(synthetic_shards(), "test-0.npz"))["color"].shape[1])
        sheet_height = Image.open(os.path.join(out, "contact_sheet.png")).height
        self.assertGreaterEqual(sheet_height, 2 * size)

    def test_evaluation_with_rough_strokes_scores_the_colour_under_them(self):
        out = os.path.join(self.tmp, "eval-rough")
        ck = os.path.join(self.tmp, "ck", "t", "best.pt")
        subprocess.run([sys.executable, "-m", "training.evaluate", "--checkpoint", ck, "--shards", synthetic_shards(), "--limit", "2",
                        "--sheet-rows", "1", "--rough-strokes", "--out", out], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(out, "metrics.json")) as f:
            metrics = json.load(f)
        self.assertTrue(metrics["meta"]["rough"])
        self.assertIn("under_stroke_ciede2000", metrics["mean"]["model"]["20"])
        with open(os.path.join(out, "results.md")) as f:
            self.assertIn("rough (one flat colour each", f.read())


class ShippedModel(unittest.TestCase):
    def test_shipped_model_fits_the_plugin_budget(self):
        repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        self.assertLessEqual(os.path.getsize(os.path.join(repo, "assets", "deepcolor.onnx")), 20 * 2**20)
        with open(os.path.join(repo, "assets", "deepcolor.json")) as f:
            widths = json.load(f)["model"]["widths"]
        from training.flops import conv_macs
        self.assertLessEqual(2 * conv_macs(Generator(widths), 512) / 1e9, 12.0)

    def test_generator_keeps_size_and_range_on_a_non_square_input(self):
        torch.manual_seed(0)
        g = Generator((8, 16, 32))
        y = g(torch.rand(1, 9, 16, 24))
        self.assertEqual(tuple(y.shape), (1, 3, 16, 24))
        self.assertLessEqual(float(y.abs().max()), 1.0)


class Gate(unittest.TestCase):
    def test_the_gate_takes_the_fill_colour_only_where_a_region_is_filled(self):
        torch.manual_seed(0)
        gated = Generator((8, 16, 32)).eval()
        plain = Generator((8, 16, 32), gate=False, stroke_gate=False).eval()
        plain.load_state_dict({k: v for k, v in gated.state_dict().items() if "gate." not in k})
        with torch.no_grad():
            gated.gate.bias.fill_(30.0)  # wide open
            x = torch.rand(1, 9, 16, 24)
            x[:, 1:9] = 0
            x[:, 5:8, :8] = torch.tensor([0.9, 0.1, 0.5]).view(1, 3, 1, 1)  # fill, mask 1, in the top half
            x[:, 8, :8] = 1.0
            y, ref = gated(x), plain(x)
            # and a painted pixel (hint channels, mask 1) in the filled half wins over the fill
            x[:, 1:4, 2, 3] = torch.tensor([0.25, 0.5, 0.75])
            x[:, 4, 2, 3] = 1.0
            gated.stroke_gate.bias.fill_(30.0)
            y2 = gated(x)
        torch.testing.assert_close(y[:, :, :8], torch.tensor([0.8, -0.8, 0.0]).view(1, 3, 1, 1).expand(1, 3, 8, 24), rtol=0, atol=1e-5)
        torch.testing.assert_close(y[:, :, 8:], ref[:, :, 8:], rtol=0, atol=1e-6)
        torch.testing.assert_close(y2[0, :, 2, 3], torch.tensor([-0.5, 0.0, 0.5]), rtol=0, atol=1e-5)


class Shade(unittest.TestCase):
    def test_the_shade_starts_as_the_identity_and_darkens_the_gated_fill_keeping_its_hue(self):
        torch.manual_seed(0)
        shaded = Generator((8, 16, 32), shade=True).eval()
        plain = Generator((8, 16, 32)).eval()
        plain.load_state_dict({k: v for k, v in shaded.state_dict().items() if not k.startswith("shade.")})
        x = torch.rand(1, 9, 16, 24)
        x[:, 1:9] = 0
        x[:, 5:8, :8] = torch.tensor([0.9, 0.1, 0.5]).view(1, 3, 1, 1)  # fill, mask 1, in the top half
        x[:, 8, :8] = 1.0
        with torch.no_grad():
            torch.testing.assert_close(shaded(x), plain(x), rtol=0, atol=1e-6)  # a warm start changes nothing
            shaded.gate.bias.fill_(30.0)  # the fill wide open: a flat region
            shaded.shade.bias.fill_(float(np.log(1 / 3)))  # factor 2 * sigmoid = 0.5: half as light
            y = (shaded(x) + 1) / 2
            # after the gate, so the flat fill itself is shaded; every channel by the same factor (hue kept)
            torch.testing.assert_close(y[:, :, :8], torch.tensor([0.45, 0.05, 0.25]).view(1, 3, 1, 1).expand(1, 3, 8, 24),
                                       rtol=0, atol=1e-5)
            shaded.shade.bias.fill_(float(np.log(3)))  # factor 1.5 lightens, and the top is clamped
            y = (shaded(x) + 1) / 2
            torch.testing.assert_close(y[:, :, :8], torch.tensor([1.0, 0.15, 0.75]).view(1, 3, 1, 1).expand(1, 3, 8, 24),
                                       rtol=0, atol=1e-5)


class Validation(unittest.TestCase):
    def test_hint_psnr_sees_only_painted_pixels_and_the_default_selection_counts_it(self):
        vy = torch.zeros(2, 3, 8, 8)
        vx = torch.zeros(2, 9, 8, 8)
        vx[0, 4, :2, :2] = 1.0  # 4 painted pixels in image 0

        class WrongWherePainted(torch.nn.Module):
            def forward(self, x):
                return (x[:, 4:5] > 0.5).float().expand(-1, 3, -1, -1)  # off by 1 (of the range 2) only there

        m = validate(WrongWherePainted(), vx, vy, torch.device("cpu"))
        self.assertAlmostEqual(m["hint_psnr"], 10 * np.log10(1 / 0.25), places=4)
        self.assertGreater(m["psnr"], 20)
        self.assertAlmostEqual(selection_score(Config(select_on="psnr"), m), m["psnr"])
        self.assertAlmostEqual(selection_score(Config(), m), (m["psnr"] + m["hint_psnr"]) / 2)
        # an enlarged validation set counts half
        z = dict(m, psnr_zoom=10.0, hint_psnr_zoom=20.0)
        self.assertAlmostEqual(selection_score(Config(), z), ((m["psnr"] + m["hint_psnr"]) / 2 + 15.0) / 2)
        self.assertAlmostEqual(selection_score(Config(select_on="psnr"), z), (m["psnr"] + 10.0) / 2)


class FromOnnx(unittest.TestCase):
    """The shipped ONNX is the one copy of the model every machine has: reading it back must give
    the trained weights exactly, in the training layout (unpadded inputs, separate gates)."""

    def test_export_then_read_back_gives_the_same_weights_and_a_warm_start(self):
        from training.onnx_weights import checkpoint_from_onnx  # noqa: PLC0415

        for shade in (False, True):
            with self.subTest(shade=shade):
                torch.manual_seed(1)
                g = Generator((8, 16, 32), shade=shade).eval()
                for p in g.parameters():  # non-zero everywhere, so a misplaced column, gate or shade would show
                    p.data.normal_(0, 0.2)
                tmp = tempfile.mkdtemp(prefix="deepcolor-onnx-")
                try:
                    export(g, tmp, trained=True, training_size=256, line_width_px=3.5)
                    ck = checkpoint_from_onnx(os.path.join(tmp, "deepcolor.onnx"), os.path.join(tmp, "deepcolor.json"))
                    self.assertEqual(set(ck["ema"]), set(g.state_dict()))
                    for k, v in g.state_dict().items():
                        torch.testing.assert_close(ck["ema"][k], v, rtol=0, atol=0, msg=k)
                    self.assertEqual(ck["config"]["in_channels"], 9)
                    self.assertAlmostEqual(ck["config"]["line_width_px"], 3.5)
                    self.assertNotIn("discriminator", ck)  # not shipped: a warm start makes a fresh one
                finally:
                    shutil.rmtree(tmp)


class Widening(unittest.TestCase):
    def test_padded_export_and_warm_start_widening_compute_the_same_function(self):
        torch.manual_seed(0)
        g = Generator((8, 16, 32)).eval()
        gs = Generator((8, 16, 32), shade=True).eval()
        for p in list(g.parameters()) + list(gs.parameters()):  # non-zero everywhere, so a misplaced column would show
            p.data.normal_(0, 0.2)
        x = torch.rand(1, 9, 16, 24)
        padded = padded_for_export(g)
        self.assertEqual(padded.stem[0].in_channels, 12)
        with torch.no_grad():
            torch.testing.assert_close(padded(x), g(x), rtol=0, atol=1e-6)
            torch.testing.assert_close(padded_for_export(gs)(x), gs(x), rtol=0, atol=1e-6)
            # A 5-channel model widened to 9 ignores the fill channels until trained.
            g5 = Generator((8, 16, 32), 5).eval()
            for p in g5.parameters():
                p.data.normal_(0, 0.2)
            g9 = Generator((8, 16, 32), 9, gate=False, stroke_gate=False).eval()
            g9.load_state_dict(widen_inputs(g5.state_dict(), {"stem.0.weight": 0, "head.weight": 4}, 5, 9))
            x9 = x.clone()
            x9[:, 5:] = torch.rand(1, 4, 16, 24)
            torch.testing.assert_close(g9(x9), g5(x[:, :5]), rtol=0, atol=1e-6)


if __name__ == "__main__":
    unittest.main()
