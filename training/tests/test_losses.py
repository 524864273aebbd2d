"""The SSIM lightness loss: zero for equal images, and it charges a flat fill more than shading
that is as far off in L1 (the reason it exists: L1 alone cannot tell them apart). The region
tone loss: it charges a flat fill and not misplaced shading, and not the contrast between regions."""
import unittest

import torch

from training.losses import gaussian_blur, luma, region_tone_loss, ssim_loss


def shaded_square(offset: float = 0.0) -> torch.Tensor:
    """A grey square on white whose lightness ramps left to right (as if lit from the left), in [-1, 1]."""
    img = torch.ones(1, 3, 64, 64)
    ramp = torch.linspace(0.6, -0.6, 32).view(1, 1, 1, 32) + offset
    img[:, :, 16:48, 16:48] = ramp.expand(1, 3, 32, 32)
    return img


class SsimLoss(unittest.TestCase):
    def test_equal_images_cost_nothing_and_different_ones_do(self):
        a = shaded_square()
        self.assertAlmostEqual(float(ssim_loss(a, a)), 0.0, places=5)
        self.assertGreater(float(ssim_loss(shaded_square(0.2), a)), 0.0)

    def test_a_flat_fill_costs_more_than_shading_as_far_off_in_l1(self):
        target = shaded_square()
        flat = target.clone()
        flat[:, :, 16:48, 16:48] = target[:, :, 16:48, 16:48].mean()
        l1_flat = float((flat - target).abs().mean())
        # the same ramp, brighter by as much as the flat fill is off on average
        offset = l1_flat * target.numel() / target[:, :, 16:48, 16:48].numel()
        shifted = shaded_square(offset)
        self.assertAlmostEqual(float((shifted - target).abs().mean()), l1_flat, places=4)
        self.assertGreater(float(ssim_loss(flat, target)), 1.5 * float(ssim_loss(shifted, target)))

    def test_the_loss_reaches_the_generator_through_its_gradient(self):
        fake = shaded_square(0.1).requires_grad_(True)
        ssim_loss(fake, shaded_square()).backward()
        self.assertGreater(float(fake.grad.abs().sum()), 0.0)

    def test_lightness_weights_and_a_blur_that_keeps_a_constant_image(self):
        white = torch.ones(1, 3, 8, 8)
        self.assertTrue(torch.allclose(luma(white), torch.ones(1, 1, 8, 8)))
        self.assertTrue(torch.allclose(luma(-white), torch.zeros(1, 1, 8, 8)))
        grey = torch.full((1, 1, 20, 20), 0.3)
        self.assertTrue(torch.allclose(gaussian_blur(grey, 6.0), grey, atol=1e-6))


if __name__ == "__main__":
    unittest.main()


class RegionToneLoss(unittest.TestCase):
    # the square (region 2) inside the white page around it (region 1); a 1 px ink frame between
    labels = torch.ones(1, 64, 64, dtype=torch.long)
    labels[:, 15:49, 15:49] = 0
    labels[:, 16:48, 16:48] = 2

    def test_a_flat_fill_costs_and_mirrored_shading_does_not(self):
        target = shaded_square()
        flat = target.clone()
        flat[:, :, 16:48, 16:48] = target[:, :, 16:48, 16:48].mean()
        mirrored = target.clone()
        mirrored[:, :, 16:48, 16:48] = target[:, :, 16:48, 16:48].flip(-1)  # lit from the right instead
        self.assertAlmostEqual(float(region_tone_loss(target, target, self.labels)), 0.0, places=6)
        self.assertGreater(float(region_tone_loss(flat, target, self.labels)), 0.01)
        self.assertLess(float(region_tone_loss(mirrored, target, self.labels)), 1e-3)
        self.assertGreater(float((mirrored - target).abs().mean()), float((flat - target).abs().mean()))  # L1 prefers the flat

    def test_contrast_between_regions_costs_nothing(self):
        target = torch.ones(1, 3, 64, 64)
        target[:, :, 16:48, 16:48] = -0.5  # a flat dark square
        lighter = target.clone()
        lighter[:, :, 16:48, 16:48] = 0.3  # another flat colour: a hint's business, not shading's
        self.assertLess(float(region_tone_loss(lighter, target, self.labels)), 1e-3)

    def test_its_gradient_strengthens_faint_shading(self):
        target = shaded_square()
        faint = target.clone()
        sq = target[:, :, 16:48, 16:48]
        faint[:, :, 16:48, 16:48] = sq.mean() + 0.1 * (sq - sq.mean())  # the right idea, a tenth as strong
        faint.requires_grad_(True)
        region_tone_loss(faint, target, self.labels).backward()
        g = faint.grad[0, 0, 32, 16:48]
        # descending the gradient lightens the light (left) side and darkens the dark side
        self.assertLess(float(g[8]), 0)
        self.assertGreater(float(g[-9]), 0)

    def test_one_sided_charges_too_little_tone_and_not_too_much(self):
        shaded = shaded_square()
        flat = shaded.clone()
        flat[:, :, 16:48, 16:48] = shaded[:, :, 16:48, 16:48].mean()
        two_sided = float(region_tone_loss(flat, shaded, self.labels))
        self.assertAlmostEqual(float(region_tone_loss(flat, shaded, self.labels, one_sided=True)), two_sided, places=6)
        self.assertAlmostEqual(float(region_tone_loss(shaded, flat, self.labels)), two_sided, places=6)
        self.assertEqual(float(region_tone_loss(shaded, flat, self.labels, one_sided=True)), 0.0)
