"""PyTorch CUDA on the shipped model's own weights: the near-physical reference
for the WebGPU figures. Runs on the GPU machine (torch, onnx installed there).

    python3 bench/gpu/torch_bench.py --out FILE [--tiny] [--device cuda|cpu]

Weights are read from assets/deepcolor.onnx into training/model.py's
Generator (widths from assets/deepcolor.json), so the two paths time the same
network whether the model is the random stand-in or the trained one; the
load is checked against onnxruntime (when importable) on a small input.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, ROOT)
from training.model import Generator  # noqa: E402
from training.onnx_weights import load_generator_from_onnx  # noqa: E402


def check_against_onnxruntime(gen: Generator, onnx_path: str) -> dict:
    try:
        import onnxruntime as ort  # noqa: PLC0415
    except ImportError:
        return {"checked": False, "why": "onnxruntime not importable"}
    x = np.random.default_rng(0).random((1, gen.in_channels, 64, 64), dtype=np.float32)
    sess = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    ref = sess.run(None, {sess.get_inputs()[0].name: x})[0]
    with torch.no_grad():
        got = gen.cpu()(torch.from_numpy(x)).numpy()
    return {"checked": True, "max_abs_diff": float(np.abs(ref - got).max()), "onnxruntime": ort.__version__}


def timeit(fn, runs: int, warmup: int, sync) -> dict:
    for _ in range(warmup):
        fn()
    sync()
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        sync()
        samples.append((time.perf_counter() - t) * 1000)
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "runs": runs, "unit": "ms"}


def tiles_for(size: int, tile: int, overlap: int) -> int:
    if size <= tile:
        return 1
    overlap = min(overlap, tile // 4)  # as the engine's default for small tiles
    per_axis = -(-(size - overlap) // (tile - overlap))
    return per_axis * per_axis


def onnxruntime_gpu(onnx_path: str, sizes, runs: int) -> dict:
    try:
        import onnxruntime as ort  # noqa: PLC0415
    except ImportError:
        return {}
    if "CUDAExecutionProvider" not in ort.get_available_providers():
        return {}
    sess = ort.InferenceSession(onnx_path, providers=["CUDAExecutionProvider"])
    name = sess.get_inputs()[0].name
    out = {}
    for s in sizes:
        x = np.zeros((1, sess.get_inputs()[0].shape[1], s, s), np.float32)
        out[f"tile{s}_ort_cuda_ms"] = timeit(lambda: sess.run(None, {name: x}), runs, 3, lambda: None)
    return out


class _HalfInside(torch.nn.Module):
    """float32 in and out, fp16 inside: the engine's contract stays float32."""

    def __init__(self, gen: Generator):
        super().__init__()
        self.gen = gen

    def forward(self, x):
        return self.gen(x.half()).float()


def export_fp16(gen: Generator, path: str, dev: torch.device) -> dict:
    import copy  # noqa: PLC0415

    half = dev.type == "cuda"
    g = copy.deepcopy(gen).float().to(dev).eval()
    model = _HalfInside(g.half()) if half else g
    dummy = torch.zeros(1, gen.in_channels, 64, 64, device=dev)
    torch.onnx.export(model, dummy, path, opset_version=17, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {2: "height", 3: "width"}, "output": {2: "height", 3: "width"}},
                      do_constant_folding=True)
    # torch >= 2.9 exports through dynamo and may put the weights in PATH.data beside the model;
    # onnxruntime-web takes one buffer (it failed with "Module.MountedFiles is not available" on
    # 2026-12-04), so fold any external data back into the file.
    import onnx  # noqa: PLC0415

    if os.path.exists(path + ".data"):
        onnx.save_model(onnx.load(path), path, save_as_external_data=False)
        os.remove(path + ".data")
    info = {"path": path, "fp16": half, "bytes": os.path.getsize(path)}
    if half:
        x = torch.rand(1, gen.in_channels, 256, 256, device=dev)
        with torch.inference_mode():
            ref = gen.float().to(dev)(x)
            got = model(x)
        info["max_abs_diff_vs_fp32"] = float((ref - got).abs().max())
    return info


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--tiny", action="store_true", help="64 px only, 2 runs (a check, not a measurement)")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--export-fp16", metavar="PATH",
                    help="also export the network with fp16 weights and activations (float32 input/output, casts inside) "
                         "to PATH for the WebGPU bench; on a CPU-only torch it exports fp32 (half convs need CUDA)")
    ap.add_argument("--dump-check", metavar="PREFIX",
                    help="write PREFIX.in.f32 (a fixed 1x5x64x64 input) and PREFIX.out.f32 (the loaded network's output) "
                         "so another runtime can confirm the weights are the ONNX file's; then exit")
    args = ap.parse_args()

    contract = json.load(open(os.path.join(ROOT, "assets", "deepcolor.json")))
    onnx_path = os.path.join(ROOT, "assets", contract["model"]["file"])
    gen = load_generator_from_onnx(onnx_path, contract["model"]["widths"], contract["model"].get("shade", False))
    if args.dump_check:
        x = np.random.default_rng(0).random((1, gen.in_channels, 64, 64), dtype=np.float32)
        with torch.no_grad():
            y = gen(torch.from_numpy(x)).numpy()
        x.tofile(args.dump_check + ".in.f32")
        y.astype(np.float32).tofile(args.dump_check + ".out.f32")
        return
    check = check_against_onnxruntime(gen, onnx_path)

    dev = torch.device(args.device)
    cuda = dev.type == "cuda"
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    torch.backends.cudnn.benchmark = True
    gen = gen.to(dev)
    tile, overlap = contract["geometry"]["tileSize"], contract["geometry"]["tileOverlap"]
    sizes = [64] if args.tiny else [512, 1024, 2048, 4096]
    runs = 2 if args.tiny else 20
    figures = {}
    for dtype, tag in ((torch.float32, "fp32"), (torch.float16, "fp16")):
        if dtype == torch.float16 and not cuda:
            continue
        g = gen.to(dtype)
        with torch.inference_mode():
            for s in sizes:
                x = torch.rand(1, gen.in_channels, s, s, device=dev, dtype=dtype)
                figures[f"tile{s}_torch_{tag}_ms"] = timeit(lambda: g(x), runs, 3, sync)
            # A page as the engine runs it: tile x tile, one after another, and all at once (batched).
            t = 64 if args.tiny else tile
            for page in ([128] if args.tiny else [2048, 4096]):
                n = tiles_for(page, t, overlap)
                x1 = torch.rand(1, gen.in_channels, t, t, device=dev, dtype=dtype)
                figures[f"page{page}_tiles_torch_{tag}_ms"] = timeit(lambda: [g(x1) for _ in range(n)], max(3, runs // 4), 1, sync)
                xb = torch.rand(n, gen.in_channels, t, t, device=dev, dtype=dtype)
                figures[f"page{page}_batched_torch_{tag}_ms"] = timeit(lambda: g(xb), max(3, runs // 4), 1, sync)
        gen = g.to(torch.float32)
    if args.export_fp16:
        result_fp16 = export_fp16(gen, args.export_fp16, dev)
    else:
        result_fp16 = None
    figures.update(onnxruntime_gpu(onnx_path, [64] if args.tiny else [512, 2048], runs))
    result = {
        "kind": "pytorch",
        "device": torch.cuda.get_device_name(0) if cuda else "cpu",
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "cudnn": torch.backends.cudnn.version() if cuda else None,
        "weights_check": check,
        "fp16_export": result_fp16,
        "model": {"widths": contract["model"]["widths"], "parameters": contract["model"].get("parameters")},
        "figures": {k: {kk: (round(vv, 3) if isinstance(vv, float) else vv) for kk, vv in v.items()} for k, v in figures.items()},
    }
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(json.dumps({k: v["median"] for k, v in result["figures"].items()}, indent=1), file=sys.stderr)


if __name__ == "__main__":
    main()
