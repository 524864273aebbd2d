"""Count multiply-accumulates of the generator (convolutions only; norms and activations are noise).

    /usr/bin/python3 -m training.flops --size 512 --widths 16,32,64,128,256
GFLOP = 2 x GMAC, the convention of the model-size budget (<= 12 GFLOP at 512x512).
"""
from __future__ import annotations

import argparse

import torch
import torch.nn as nn

from training.model import Generator, DEFAULT_WIDTHS, count_parameters


def conv_macs(gen: nn.Module, size: int) -> int:
    total = 0

    def hook(mod, inp, out):
        nonlocal total
        k = mod.kernel_size[0] * mod.kernel_size[1] * (mod.in_channels // mod.groups)
        total += out.numel() * k

    handles = [m.register_forward_hook(hook) for m in gen.modules() if isinstance(m, nn.Conv2d)]
    with torch.no_grad():
        gen(torch.zeros(1, gen.in_channels, size, size))
    for h in handles:
        h.remove()
    return total


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--widths", default=",".join(map(str, DEFAULT_WIDTHS)))
    a = ap.parse_args()
    widths = tuple(int(w) for w in a.widths.split(","))
    g = Generator(widths)
    macs = conv_macs(g, a.size)
    print(f"widths={widths} params={count_parameters(g)} ({count_parameters(g) * 4 / 2**20:.1f} MiB fp32) "
          f"GFLOP@{a.size}={2 * macs / 1e9:.2f}")


if __name__ == "__main__":
    main()
