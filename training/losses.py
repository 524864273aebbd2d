"""Loss terms beside L1 and the GAN: a structural similarity on lightness, and the amount of
light and dark inside each region (region_tone_loss, below).

Why: L1 under uncertainty gives the median colour, which inside a region is a flat fill.
SSIM's contrast and structure terms ask for the target's local spread of light and dark
and for its correlation with the target (the same quantity `evaluate.tone_scores` reports
as tone_corr), so a flat answer costs something even where its mean is right. Zhao et al.
("Loss Functions for Image Restoration with Neural Networks", 2017) found L1 + MS-SSIM
better than either alone for restoration. Lightness only: shading is tonal, and hue is
the hint's business. Windows of several sizes, because a figure's shading spans regions
of tens of pixels while SSIM's classic window (sigma 1.5) sees little beyond the lines.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

# ITU-R BT.601 weights: lightness from RGB without a colour-space round trip.
LUMA = (0.299, 0.587, 0.114)
C1, C2 = 0.01 ** 2, 0.03 ** 2  # the SSIM paper's stabilisers for a dynamic range of 1


def luma(rgb: torch.Tensor) -> torch.Tensor:
    """(N, 3, H, W) in [-1, 1] -> (N, 1, H, W) in [0, 1]."""
    w = torch.tensor(LUMA, dtype=rgb.dtype, device=rgb.device).view(1, 3, 1, 1)
    return ((rgb + 1) / 2 * w).sum(dim=1, keepdim=True)


def gaussian_blur(x: torch.Tensor, sigma: float) -> torch.Tensor:
    """Separable Gaussian over (N, C, H, W), radius 3 sigma, reflected at the borders
    (so a window near the edge is not darkened by zero padding)."""
    r = max(1, int(math.ceil(3 * sigma)))
    r = min(r, x.shape[-1] - 1, x.shape[-2] - 1)
    t = torch.arange(-r, r + 1, dtype=x.dtype, device=x.device)
    k = torch.exp(-t ** 2 / (2 * sigma ** 2))
    k = k / k.sum()
    c = x.shape[1]
    x = F.pad(x, (r, r, r, r), mode="reflect")
    x = F.conv2d(x, k.view(1, 1, 1, -1).expand(c, 1, 1, -1), groups=c)
    return F.conv2d(x, k.view(1, 1, -1, 1).expand(c, 1, -1, 1), groups=c)


def ssim_map(a: torch.Tensor, b: torch.Tensor, sigma: float) -> torch.Tensor:
    """Per-pixel SSIM of two (N, 1, H, W) images in [0, 1] with a Gaussian window."""
    mu_a, mu_b = gaussian_blur(a, sigma), gaussian_blur(b, sigma)
    var_a = gaussian_blur(a * a, sigma) - mu_a ** 2
    var_b = gaussian_blur(b * b, sigma) - mu_b ** 2
    cov = gaussian_blur(a * b, sigma) - mu_a * mu_b
    return ((2 * mu_a * mu_b + C1) * (2 * cov + C2)) / ((mu_a ** 2 + mu_b ** 2 + C1) * (var_a + var_b + C2))


def ssim_loss(fake: torch.Tensor, real: torch.Tensor, sigmas: tuple[float, ...] = (1.5, 6.0)) -> torch.Tensor:
    """1 - mean SSIM of the two RGB images' lightness, averaged over window sizes. 0 when equal."""
    a, b = luma(fake.float()), luma(real.float())
    return 1 - sum(ssim_map(a, b, s).mean() for s in sigmas) / len(sigmas)


def region_tone(y: torch.Tensor, ids: torch.Tensor, counted: torch.Tensor, n: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(pixel count, standard deviation of y) of each of n regions over the pixels where counted
    is 1; y, ids, counted flat, ids 0..n-1."""
    count = torch.zeros(n, dtype=y.dtype, device=y.device).index_add_(0, ids, counted)
    s1 = torch.zeros_like(count).index_add_(0, ids, y * counted)
    s2 = torch.zeros_like(count).index_add_(0, ids, y * y * counted)
    mean = s1 / count.clamp_min(1)
    return count, (s2 / count.clamp_min(1) - mean ** 2).clamp_min(0).add(1e-6).sqrt()


def region_tone_loss(fake: torch.Tensor, real: torch.Tensor, labels: torch.Tensor, blur_sigma: float = 2.0,
                     min_pixels: int = 64, one_sided: bool = False) -> torch.Tensor:
    """How far the amount of light and dark inside each line-bounded region differs from the
    target's, whatever its placement: the mean over paper pixels of |std of fake - std of real|
    per region (labels (N, H, W) int64: regions numbered from 1 per image, 0 = ink), on lightness
    blurred first so that speckle does not pay, away from the lines. L1 and SSIM charge a shadow
    in the wrong place more than no shadow, so under uncertainty they pick the flat fill
    (evaluate's tone_ratio 0.6-0.9); this term charges the flat fill, so the generator has a
    reason to commit to its best guess of where the shadow goes. Region contrast (two flat regions of different
    lightness) costs nothing: each region is centred on its own mean. `one_sided`: only too
    little tone costs (most training images are flat fills, where the two-sided term mostly
    takes tone away)."""
    per = labels.flatten(1).max(dim=1).values + 1
    offsets = torch.cumsum(per, 0) - per
    ids = (labels + offsets.view(-1, 1, 1)).flatten()
    # Only pixels farther from the ink than the blur reaches: nearer ones carry the lines and the
    # neighbouring region's colour across them (region contrast, not shading).
    reach = max(1, int(math.ceil(3 * blur_sigma)))
    ink = (labels == 0).to(fake.dtype).unsqueeze(1)
    interior = (1 - F.max_pool2d(ink, 2 * reach + 1, stride=1, padding=reach)).flatten()
    n = int(per.sum())
    a = gaussian_blur(luma(fake.float()), blur_sigma).flatten()
    b = gaussian_blur(luma(real.float()), blur_sigma).flatten()
    count, std_a = region_tone(a, ids, interior, n)
    _, std_b = region_tone(b, ids, interior, n)
    w = count * (count >= min_pixels)
    gap = (std_b - std_a).clamp_min(0) if one_sided else (std_a - std_b).abs()
    return (w * gap).sum() / w.sum().clamp_min(1)
