"""The shipped ONNX file back as PyTorch weights.

    /usr/bin/python3 -m training.onnx_weights --onnx assets/deepcolor.onnx --out init.pt

Checkpoints never leave the machine that trained them (they are git-ignored), so the shipped
`assets/deepcolor.onnx` is the one copy of the current model that every machine has. This
reads it into training/model.py's Generator, undoes what `padded_for_export` did (the zero
input channels, the head fused with its gates), and writes a checkpoint that `--init-from`
takes: a GPU run can continue the CPU-trained model instead of starting from noise.
The discriminator is not shipped, so such a checkpoint has none: the run starts a fresh one.
"""
from __future__ import annotations

import argparse
import json
import os

import numpy as np
import torch

from training.model import OUT_CHANNELS, Generator, narrow_inputs


def load_generator_from_onnx(onnx_path: str, widths, shade: bool = False) -> Generator:
    """The exported network (padded, fused head) with the ONNX file's weights.

    Conv weights keep their state_dict names in the export; GroupNorm's affine parameters
    become the constant operands of the Mul/Add that follow each InstanceNormalization, in
    nodes named /<module path>/Mul and /Add (directly or through an Identity, when the
    exporter shared equal tensors).
    """
    import onnx  # noqa: PLC0415 (only this path needs it)
    from onnx import numpy_helper  # noqa: PLC0415

    model = onnx.load(onnx_path)
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    for node in model.graph.node:
        if node.op_type == "Identity" and node.input[0] in inits:
            inits[node.output[0]] = inits[node.input[0]]
    state = {}
    for node in model.graph.node:
        if node.op_type in ("Mul", "Add") and node.name.count("/") >= 2:
            module = ".".join(node.name.strip("/").split("/")[:-1])
            const = [i for i in node.input if i in inits]
            if const and module.split(".")[-1].startswith("norm"):
                key = f"{module}.{'weight' if node.op_type == 'Mul' else 'bias'}"
                state[key] = inits[const[0]].reshape(-1)
    in_channels = model.graph.input[0].type.tensor_type.shape.dim[1].dim_value  # 9 with the region fill, 5 without
    conv_in = int(inits["stem.0.weight"].shape[1])  # the export pads the input to a multiple of 4 channels
    # the export fuses the gates (and the shade, last) into the head
    gates = int(inits["head.weight"].shape[0]) - OUT_CHANNELS - int(shade)
    gen = Generator(tuple(widths), in_channels, conv_in, gate=gates >= 1, stroke_gate=gates >= 2,
                    fused_head=gates > 0 or shade, shade=shade)
    sd = gen.state_dict()
    for k in sd:
        if k in inits:
            state[k] = inits[k]
    missing = [k for k in sd if k not in state]
    if missing:
        raise SystemExit(f"could not find ONNX weights for {missing[:5]} ... ({len(missing)} missing)")
    gen.load_state_dict({k: torch.from_numpy(np.array(v)).reshape(sd[k].shape) for k, v in state.items()})
    return gen.eval()


def trainable(exported: Generator) -> Generator:
    """The inverse of `padded_for_export`: the input convs narrowed to the real input channels
    and the fused head split back into head and gates, in the order the export fused them."""
    gen = Generator(exported.widths, exported.in_channels, gate=5 in exported.gate_inputs,
                    stroke_gate=1 in exported.gate_inputs, shade=exported.has_shade)
    names = [n for n in ("gate", "stroke_gate", "shade") if getattr(gen, n) is not None]
    head_start = exported.widths[0] // 2  # the head sees the decoder's features, then the input
    state = narrow_inputs(exported.state_dict(), {"stem.0.weight": 0, "head.weight": head_start},
                          exported.conv_in_channels, exported.in_channels)
    if exported.fused_head:
        for kind in ("weight", "bias"):
            fused = state.pop(f"head.{kind}")
            state[f"head.{kind}"] = fused[:OUT_CHANNELS]
            for k, name in enumerate(names):
                state[f"{name}.{kind}"] = fused[OUT_CHANNELS + k:OUT_CHANNELS + k + 1]
    gen.load_state_dict(state)
    return gen.eval()


def checkpoint_from_onnx(onnx_path: str, contract_path: str) -> dict:
    """A checkpoint dict (as train.py saves, without discriminator or optimisers) of the shipped model."""
    with open(contract_path) as f:
        contract = json.load(f)
    gen = trainable(load_generator_from_onnx(onnx_path, contract["model"]["widths"], contract["model"].get("shade", False)))
    state = gen.state_dict()
    return {
        "generator": state, "ema": state, "step": contract["model"].get("step", 0),
        "config": {"run": f"onnx:{contract['model'].get('run', os.path.basename(onnx_path))}",
                   "widths": list(gen.widths), "in_channels": gen.in_channels,
                   "size": contract["geometry"]["trainingSize"], "line_width_px": contract["geometry"]["lineWidthPx"],
                   "hint_blur_sigma_fraction": contract["hint"]["blurSigmaFraction"]},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--onnx", default="assets/deepcolor.onnx")
    ap.add_argument("--contract", default="assets/deepcolor.json")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    ck = checkpoint_from_onnx(args.onnx, args.contract)
    torch.save(ck, args.out)
    print(f"{args.out}: {ck['config']['run']} step {ck['step']}, widths {ck['config']['widths']}")


if __name__ == "__main__":
    main()
