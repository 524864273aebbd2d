"""Export the generator to ONNX plus the contract file.

    /usr/bin/python3 -m training.export --checkpoint training/checkpoints/best.pt --out assets
    /usr/bin/python3 -m training.export --random --out assets      # architecture stand-in

Writes <out>/deepcolor.onnx (opset 17, dynamic height/width) and
<out>/deepcolor.json (the contract the TypeScript engine reads).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os

import torch

from training.checkpoint_io import load_checkpoint
from training.contract import make_contract
from training.model import Generator, DEFAULT_WIDTHS, HINT_ONLY_CHANNELS, IN_CHANNELS, count_parameters, padded_for_export

OPSET = 17


def export(gen: Generator, out_dir: str, *, trained: bool, training_size: int, line_width_px: float,
           hint_blur_sigma_fraction: float = 0.0, default_hint_strength: float = 1.0, fp16: bool = False,
           extra_meta: dict | None = None) -> dict:
    os.makedirs(out_dir, exist_ok=True)
    onnx_path = os.path.join(out_dir, "deepcolor.onnx")
    parameters = count_parameters(gen)  # the trained ones, not the export's zero padding
    gen = padded_for_export(gen.eval().cpu())
    m = gen.size_multiple
    dummy = torch.zeros(1, gen.in_channels, m * 2, m * 2)
    torch.onnx.export(
        gen, dummy, onnx_path, opset_version=OPSET, input_names=["input"], output_names=["output"],
        # The batch axis is dynamic too, so a backend may run several tiles in one call (the engine
        # sends one; PyTorch on an H200 ran a 2048 page 5x faster as one batch of 25 tiles).
        dynamic_axes={"input": {0: "batch", 2: "height", 3: "width"}, "output": {0: "batch", 2: "height", 3: "width"}},
        do_constant_folding=True,
    )
    with open(onnx_path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    contract = make_contract(
        model_file="deepcolor.onnx", sha256=sha, size_multiple=m, trained=trained,
        training_size=training_size, line_width_px=line_width_px, opset=OPSET,
        hint_blur_sigma_fraction=hint_blur_sigma_fraction, default_hint_strength=default_hint_strength,
        # "shade": the fused head's last channel is the shade (model.Generator), which the ONNX
        # graph alone does not say; training.onnx_weights reads it back from here.
        model_meta={"widths": list(gen.widths), "parameters": parameters, **({"shade": True} if gen.has_shade else {}),
                    **(extra_meta or {})},
        with_fill=gen.in_channels == IN_CHANNELS,
    )
    with open(os.path.join(out_dir, "deepcolor.json"), "w") as f:
        json.dump(contract, f, indent=2)
        f.write("\n")
    return contract


def load_generator(checkpoint: str | None) -> tuple[Generator, dict]:
    """The generator to ship and its training config: a checkpoint's EMA weights, or the
    seed-0 random stand-in of the current architecture when checkpoint is None. The config
    also carries the checkpoint's `checkpoint_step`, its own validation PSNR `checkpoint_psnr` and the
    run's `best_psnr`, so nothing reads it twice."""
    if checkpoint is None:
        torch.manual_seed(0)
        return Generator(DEFAULT_WIDTHS).eval(), {
            "widths": list(DEFAULT_WIDTHS), "size": 256, "line_width_px": 1.5, "hint_blur_sigma_fraction": 0.0}
    ck = load_checkpoint(checkpoint)
    own = [h["psnr"] for h in ck.get("history", []) if h.get("step") == ck.get("step")]
    cfg = {**ck["config"], "checkpoint_step": ck.get("step"), "best_psnr": ck.get("best_psnr"),
           # this checkpoint's own validation PSNR (last.pt is not always the run's best)
           "checkpoint_psnr": own[-1] if own else ck.get("best_psnr")}
    state = ck.get("ema") or ck["generator"]
    gen = Generator(tuple(cfg["widths"]), cfg.get("in_channels", HINT_ONLY_CHANNELS), gate="gate.weight" in state,
                    stroke_gate="stroke_gate.weight" in state, shade="shade.weight" in state)
    gen.load_state_dict(state)
    return gen.eval(), cfg


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint")
    ap.add_argument("--random", action="store_true", help="export random weights (seed 0)")
    ap.add_argument("--out", default="assets")
    args = ap.parse_args()
    if not args.random and not args.checkpoint:
        ap.error("give --checkpoint PATH or --random")
    gen, cfg = load_generator(None if args.random else args.checkpoint)
    extra = {}
    if not args.random:
        extra = {"run": cfg.get("run"), "step": cfg["checkpoint_step"], "validationPsnr": round(float(cfg["checkpoint_psnr"] or 0), 3)}
    c = export(gen, args.out, trained=not args.random, training_size=cfg["size"], line_width_px=round(cfg["line_width_px"], 3),
               hint_blur_sigma_fraction=cfg.get("hint_blur_sigma_fraction", 0.0), extra_meta=extra)
    print(json.dumps(c["model"], indent=2))


if __name__ == "__main__":
    main()
