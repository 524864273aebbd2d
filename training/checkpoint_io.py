"""Reading checkpoints the same way on Debian's torch 1.13 (here, CI) and torch 2.x (the GPU machine).

    /usr/bin/python3 -m training.checkpoint_io --slim IN.pt OUT.pt   # EMA generator + config only

torch >= 2.6 loads with weights_only=True by default; our checkpoints are our own files (the
config and the validation history are plain dicts), so they are read with the full unpickler.
A slim copy keeps what export and evaluation need (the EMA generator, step, history, config):
a full checkpoint with two optimisers is too large to come back from the GPU machine (16 MiB a file).
"""
from __future__ import annotations

import argparse
import os

import torch

SLIM_KEYS = ("ema", "step", "elapsed_s", "best_psnr", "best_score", "history", "val_fingerprint", "config")


def load_checkpoint(path: str, map_location="cpu") -> dict:
    return torch.load(path, map_location=map_location, weights_only=False)


def slim(ck: dict) -> dict:
    """The checkpoint without training state: the EMA generator serves as both generator and EMA."""
    out = {k: ck[k] for k in SLIM_KEYS if k in ck}
    out["ema"] = {k: v.detach().cpu().clone() for k, v in (ck.get("ema") or ck["generator"]).items()}
    out["generator"] = out["ema"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--slim", nargs=2, metavar=("IN", "OUT"), required=True)
    a = ap.parse_args()
    src, dst = a.slim
    torch.save(slim(load_checkpoint(src)), dst + ".tmp")
    os.replace(dst + ".tmp", dst)
    print(f"{dst}: {os.path.getsize(dst) / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
