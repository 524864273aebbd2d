"""Deepcolor generator (U-Net) and patch discriminator.

The generator follows the seed (Frans 2017: a U-Net fed lineart + colour hint)
with two changes that measurements asked for:
- upsampling is nearest-neighbour resize + 3x3 conv, not transposed conv
  (no checkerboard; transposed convs are slow on onnxruntime-web's WebGPU EP);
- the hint carries a mask channel, so "no hint" differs from "white hint".

Input:  [N, 9, H, W]  = line (1, ink 0 / paper 1), hint rgb premultiplied by
        mask (3, 0..1), hint mask (1, 0..1), and the hint spread over the
        line-bounded regions (region fill, 4: rgb premultiplied, mask; see
        training/preprocess.py). Models without the fill take the first 5.
        H, W multiples of 2**len(widths).
Output: [N, 3, H, W]  RGB in [-1, 1]: tanh of the head, pulled toward the
        region-fill colour by a learned gate where a region is filled, then
        toward the painted colour by a second gate where the hint is painted,
        then (models with `shade`) multiplied by a learned shade, as an
        artist lays a Multiply layer of light and dark over the flats.
"""
from __future__ import annotations

import torch
import torch.nn as nn
import torch.nn.functional as F

IN_CHANNELS = 9
HINT_ONLY_CHANNELS = 5  # the first contract (no region fill)
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
    def __init__(self, widths=DEFAULT_WIDTHS, in_channels: int = IN_CHANNELS, conv_in_channels: int | None = None,
                 gate: bool | None = None, stroke_gate: bool | None = None, fused_head: bool = False,
                 shade: bool = False):
        super().__init__()
        self.widths = tuple(widths)
        self.in_channels = in_channels
        # The input convs may be wider than the input, which is then padded with zero channels
        # (see padded_for_export).
        self.conv_in_channels = conv_in_channels or in_channels
        in_channels = self.conv_in_channels
        self.stem = nn.Sequential(nn.Conv2d(in_channels, widths[0] // 2, 3, padding=1), nn.LeakyReLU(0.2))
        chans = [widths[0] // 2] + list(widths)
        self.downs = nn.ModuleList(Down(chans[i], chans[i + 1]) for i in range(len(widths)))
        ups = []
        for i in range(len(widths), 0, -1):
            cin = chans[i]
            cskip = chans[i - 1]
            cout = chans[i - 1] if i > 1 else widths[0] // 2
            ups.append(Up(cin, cskip, cout))
        self.ups = nn.ModuleList(ups)
        # With the region fill, a gate decides per pixel how far to take the fill colour over the
        # network's own: following a hint is then one number to learn, not a colour to rebuild.
        # A second gate does the same for the painted pixels themselves (the hint channels), after
        # the fill: where several strokes share a region the fill is their mean, the stroke is exact.
        # (gate=False: a model trained before the gates existed.)
        use_gate = self.in_channels >= IN_CHANNELS if gate is None else gate
        use_stroke_gate = use_gate if stroke_gate is None else stroke_gate
        # The gates' first input channels, in the order they apply: the fill (5-8), then the hint (1-4).
        self.gate_inputs = tuple(first for used, first in ((use_gate, 5), (use_stroke_gate, 1)) if used)
        # For export: head and gates as one conv (3 + gates outputs). Same function, one pass over
        # the full-resolution features instead of three (onnxruntime-node: 56-63 -> 44-47 ms a 512 tile).
        self.fused_head = fused_head and (bool(self.gate_inputs) or shade)
        # The gates copy a flat colour over a region or a stroke, which erases whatever light and
        # dark the network put there. The shade is applied after them: a per-pixel factor
        # 2 * sigmoid(logit) in 0..2 on the colour in 0..1 (hue kept, as a Multiply layer keeps it),
        # so the shading survives a hint. (shade=False: a model trained before the shade existed.)
        self.has_shade = shade
        head_in = widths[0] // 2 + in_channels
        extra = len(self.gate_inputs) + int(shade)
        self.head = nn.Conv2d(head_in, OUT_CHANNELS + (extra if self.fused_head else 0), 3, padding=1)
        separate = not self.fused_head
        self.gate = nn.Conv2d(head_in, 1, 3, padding=1) if use_gate and separate else None
        self.stroke_gate = nn.Conv2d(head_in, 1, 3, padding=1) if use_stroke_gate and separate else None
        self.shade = nn.Conv2d(head_in, 1, 3, padding=1) if shade and separate else None
        # The gates start almost shut (zero weights, bias -2: 12 % where a region is filled or painted).
        for g in (self.gate, self.stroke_gate):
            if g is not None:
                nn.init.zeros_(g.weight)
                nn.init.constant_(g.bias, -2.0)
        # The shade starts as the identity (factor exactly 1), so a warm start computes what its parent did.
        if self.shade is not None:
            nn.init.zeros_(self.shade.weight)
            nn.init.zeros_(self.shade.bias)

    @property
    def size_multiple(self) -> int:
        return 2 ** len(self.widths)

    def forward(self, x):
        if self.conv_in_channels > self.in_channels:
            x = torch.cat([x, torch.zeros_like(x[:, : self.conv_in_channels - self.in_channels])], dim=1)
        inp = x
        x = self.stem(x)
        skips = [x]
        for down in self.downs:
            x = down(x)
            skips.append(x)
        skips.pop()  # the bottleneck itself is not a skip
        for up in self.ups:
            x = up(x, skips.pop())
        features = torch.cat([x, inp], dim=1)
        shade_logit = None
        if self.fused_head:
            y = self.head(features)
            out = torch.tanh(y[:, :OUT_CHANNELS])
            logits = [y[:, OUT_CHANNELS + k:OUT_CHANNELS + k + 1] for k in range(len(self.gate_inputs))]
            if self.has_shade:
                shade_logit = y[:, -1:]
        else:
            out = torch.tanh(self.head(features))
            logits = [g(features) for g in (self.gate, self.stroke_gate) if g is not None]
            if self.shade is not None:
                shade_logit = self.shade(features)
        for logit, first in zip(logits, self.gate_inputs):
            mask = inp[:, first + 3:first + 4]
            # un-premultiplied, in -1..1 (clamped: a tiny mask or an off-contract input must not overshoot)
            colour = (inp[:, first:first + 3] / mask.clamp_min(1e-3)).clamp(0, 1) * 2 - 1
            out = out + torch.sigmoid(logit) * mask * (colour - out)
        if shade_logit is not None:
            # (out + 1) / 2 is the colour in 0..1; times the factor, back to -1..1. Only the top
            # can overshoot (factor > 1 on a light colour): clamped there, as the engine would.
            out = ((out + 1) * (2 * torch.sigmoid(shade_logit)) - 1).clamp(max=1.0)
        return out


def padded_for_export(gen: Generator, multiple: int = 4) -> Generator:
    """The same function, shaped for onnxruntime-web: the input convs widened to a multiple of
    `multiple` channels (zero weights, zero-padded input), and head and gates fused into one conv.
    onnxruntime-web's WebGPU EP (1.30, measured on Chromium's SwiftShader) computes the 9-channel
    net wrongly (max 132/255 from WASM on random weights) while 8- and 12-channel ones agree."""
    conv_in = -(-gen.in_channels // multiple) * multiple
    head_start = gen.widths[0] // 2
    names = [n for n in ("gate", "stroke_gate", "shade") if getattr(gen, n) is not None]
    state = gen.state_dict()
    if conv_in != gen.conv_in_channels:
        convs = {"stem.0.weight": 0, "head.weight": head_start, **{f"{n}.weight": head_start for n in names}}
        state = widen_inputs(state, convs, gen.conv_in_channels, conv_in)
    if names:
        for kind in ("weight", "bias"):
            state[f"head.{kind}"] = torch.cat([state[f"head.{kind}"]] + [state.pop(f"{n}.{kind}") for n in names])
    out = Generator(gen.widths, gen.in_channels, conv_in, gate=gen.gate is not None,
                    stroke_gate=gen.stroke_gate is not None, fused_head=True, shade=gen.shade is not None)
    out.load_state_dict(state)
    return out.eval()


class PatchDiscriminator(nn.Module):
    """70x70-style PatchGAN on (condition, colour); spectral norm for stability."""

    def __init__(self, base: int = 48, in_channels: int = IN_CHANNELS):
        super().__init__()
        sn = nn.utils.spectral_norm
        self.net = nn.Sequential(
            sn(nn.Conv2d(in_channels + OUT_CHANNELS, base, 4, 2, 1)), nn.LeakyReLU(0.2),
            sn(nn.Conv2d(base, base * 2, 4, 2, 1)), nn.LeakyReLU(0.2),
            sn(nn.Conv2d(base * 2, base * 4, 4, 2, 1)), nn.LeakyReLU(0.2),
            sn(nn.Conv2d(base * 4, base * 4, 4, 1, 1)), nn.LeakyReLU(0.2),
            sn(nn.Conv2d(base * 4, 1, 4, 1, 1)),
        )

    def forward(self, cond, color):
        return self.net(torch.cat([cond, color], dim=1))

    def features(self, cond, color) -> list:
        """Every layer's activation, the patch logits last (pix2pixHD's feature matching)."""
        out, h = [], torch.cat([cond, color], dim=1)
        for layer in self.net:
            h = layer(h)
            if not isinstance(layer, nn.Conv2d):  # after each LeakyReLU
                out.append(h)
        return out + [h]


def count_parameters(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def widen_inputs(state: dict, prefix_in: dict[str, int], old: int, new: int) -> dict:
    """A state dict with the input convs grown from `old` to `new` input channels, new weights 0.

    `prefix_in` maps a conv weight's key to the index where the model's input channels start
    in that conv's input (the stem: 0; the head: after the decoder's features; the
    discriminator: 0, with the colour after them). A warm start from a 5-channel model
    therefore computes exactly what it did until training moves the new weights.
    Spectral-norm vectors of a widened conv are re-derived from its weight.
    """
    out = dict(state)
    for key, start in prefix_in.items():
        w = state[key]
        grown = torch.zeros((w.shape[0], w.shape[1] + new - old) + tuple(w.shape[2:]), dtype=w.dtype)
        grown[:, :start + old] = w[:, :start + old]
        grown[:, start + new:] = w[:, start + old:]
        out[key] = grown
        if key.endswith("weight_orig"):
            u = state[key[:-len("weight_orig")] + "weight_u"]
            v = grown.reshape(grown.shape[0], -1).t() @ u
            out[key[:-len("weight_orig")] + "weight_v"] = v / v.norm().clamp_min(1e-12)
    return out


def narrow_inputs(state: dict, prefix_in: dict[str, int], wide: int, narrow: int) -> dict:
    """The inverse of `widen_inputs`: the input convs cut from `wide` back to `narrow` input
    channels. The channels removed must have zero weights (as widening and the export's padding
    leave them), or the narrowed model would not compute the same function."""
    out = dict(state)
    for key, start in prefix_in.items():
        w = state[key]
        removed = w[:, start + narrow:start + wide]
        if removed.numel() and float(removed.abs().max()) != 0.0:
            raise ValueError(f"{key}: input channels {narrow}..{wide - 1} have non-zero weights; they cannot be removed")
        out[key] = torch.cat([w[:, :start + narrow], w[:, start + wide:]], dim=1)
    return out
