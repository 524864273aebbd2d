"""Deepcolor generator (U-Net) and patch discriminator.

The generator follows the seed (Frans 2017: a U-Net fed lineart + colour hint)
with two changes that measurements asked for:
- upsampling is nearest-neighbour resize + 3x3 conv, not transposed conv
  (no checkerboard; transposed convs are slow on onnxruntime-web's WebGPU EP);
- the hint carries a mask channel, so "no hint" differs from "white hint".

Input:  [N, 5, H, W]  = line (1, ink 0 / paper 1), hint rgb premultiplied by
        mask (3, 0..1), hint mask (1, 0..1). H, W multiples of 2**len(widths).
Output: [N, 3, H, W]  RGB in [-1, 1] (tanh).
"""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

IN_CHANNELS = 5
OUT_CHANNELS = 3
# Sized for the plugin and for CPU training (python3 -m training.flops): six levels, 2.08M
# parameters (7.9 MiB fp32), 2.44 GFLOP at 512x512, size multiple 64. The seed-sized
# 32-64-128-192-256 net was 25 GFLOP (over the 12 GFLOP budget); 16-32-64-128-256 has the same
# parameters at 7.75 GFLOP, most of it in thin full-resolution layers.
DEFAULT_WIDTHS = (8, 16, 32, 64, 128, 256)


def _norm(ch: int) -> nn.Module:
    # GroupNorm behaves the same at batch 1 (inference, tiles) as in training,
    # unlike BatchNorm; 8 groups keeps it cheap.
    return nn.GroupNorm(min(8, ch), ch)


class Down(nn.Module):
    def __init__(self, cin: int, cout: int):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, 4, stride=2, padding=1)
        self.norm = _norm(cout)
        self.refine = nn.Conv2d(cout, cout, 3, padding=1)
        self.norm2 = _norm(cout)

    def forward(self, x):
        x = F.leaky_relu(self.norm(self.conv(x)), 0.2)
        return F.leaky_relu(self.norm2(self.refine(x)), 0.2)


class Up(nn.Module):
    def __init__(self, cin: int, cskip: int, cout: int):
        super().__init__()
        self.conv = nn.Conv2d(cin + cskip, cout, 3, padding=1)
        self.norm = _norm(cout)

    def forward(self, x, skip):
        x = F.interpolate(x, scale_factor=2.0, mode="nearest")
        x = torch.cat([x, skip], dim=1)
        return F.relu(self.norm(self.conv(x)))


class Generator(nn.Module):
    def __init__(self, widths=DEFAULT_WIDTHS):
        super().__init__()
        self.widths = tuple(widths)
        self.stem = nn.Sequential(nn.Conv2d(IN_CHANNELS, widths[0] // 2, 3, padding=1), nn.LeakyReLU(0.2))
        chans = [widths[0] // 2] + list(widths)
        self.downs = nn.ModuleList(Down(chans[i], chans[i + 1]) for i in range(len(widths)))
        ups = []
        for i in range(len(widths), 0, -1):
            cin = chans[i]
            cskip = chans[i - 1]
            cout = chans[i - 1] if i > 1 else widths[0] // 2
            ups.append(Up(cin, cskip, cout))
        self.ups = nn.ModuleList(ups)
        self.head = nn.Conv2d(widths[0] // 2 + IN_CHANNELS, OUT_CHANNELS, 3, padding=1)

    @property
    def size_multiple(self) -> int:
        return 2 ** len(self.widths)

    def forward(self, x):
        inp = x
        x = self.stem(x)
        skips = [x]
        for down in self.downs:
            x = down(x)
            skips.append(x)
        skips.pop()  # the bottleneck itself is not a skip
        for up in self.ups:
            x = up(x, skips.pop())
        return torch.tanh(self.head(torch.cat([x, inp], dim=1)))


class PatchDiscriminator(nn.Module):
    """70x70-style PatchGAN on (condition, colour); spectral norm for stability."""

    def __init__(self, base: int = 48):
        super().__init__()
        sn = nn.utils.spectral_norm
        self.net = nn.Sequential(
            sn(nn.Conv2d(IN_CHANNELS + OUT_CHANNELS, base, 4, 2, 1)), nn.LeakyReLU(0.2),
            sn(nn.Conv2d(base, base * 2, 4, 2, 1)), nn.LeakyReLU(0.2),
            sn(nn.Conv2d(base * 2, base * 4, 4, 2, 1)), nn.LeakyReLU(0.2),
            sn(nn.Conv2d(base * 4, base * 4, 4, 1, 1)), nn.LeakyReLU(0.2),
            sn(nn.Conv2d(base * 4, 1, 4, 1, 1)),
        )

    def forward(self, cond, color):
        return self.net(torch.cat([cond, color], dim=1))


def count_parameters(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())
