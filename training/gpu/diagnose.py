"""Where a training step's time goes on a machine: one training sample (in one process and in
several at once, with the page faults it costs) and one generator step on the GPU.

    python3 -m training.gpu.diagnose --shards /tmp/deepcolor-train/shards [--procs 15]

Written after the first GPU run (2026-12-04) reached ~20 samples/s per run with 9 data workers
on a 16-core machine: a sample that takes 14-17 ms on the 2-core CPU machine took ~450 ms there.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import time
from multiprocessing import Pool

import numpy as np
import torch

from training.dataset import ColorizationDataset, load_split, one_thread_per_worker
from training.malloc_tuning import keep_freed_memory

_ds: ColorizationDataset | None = None


def _init(shards: str) -> None:
    global _ds
    one_thread_per_worker()  # as train.py's data workers
    _ds = ColorizationDataset(load_split(shards, "train", 400), 256)


def sample_cost(start: int, n: int = 20) -> dict:
    """ms per sample and minor page faults per sample, over n samples (after one warm-up)."""
    assert _ds is not None
    _ds[start]
    r0, t = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    for j in range(start, start + n):
        _ds[j % len(_ds)]
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    return {"ms": (time.perf_counter() - t) / n * 1000, "faults": (r1.ru_minflt - r0.ru_minflt) / n,
            "sys_ms": (r1.ru_stime - r0.ru_stime) / n * 1000}


def generator_step_ms(batch: int = 32, size: int = 256, steps: int = 10) -> float | None:
    if not torch.cuda.is_available():
        return None
    from training.model import Generator  # noqa: PLC0415

    torch.backends.cudnn.benchmark = True
    g = Generator().cuda()
    x, y = torch.rand(batch, 9, size, size, device="cuda"), torch.rand(batch, 3, size, size, device="cuda")
    opt = torch.optim.Adam(g.parameters())
    for k in range(steps + 5):
        if k == 5:
            torch.cuda.synchronize()
            t = time.perf_counter()
        with torch.autocast("cuda"):
            loss = (g(x).float() - y).abs().mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    torch.cuda.synchronize()
    return (time.perf_counter() - t) / steps * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shards", required=True)
    ap.add_argument("--procs", type=int, default=max(1, (os.cpu_count() or 2) - 1))
    ap.add_argument("--glibc-default", action="store_true", help="measure without training.malloc_tuning (as before it)")
    a = ap.parse_args()
    tuned = False if a.glibc_default else keep_freed_memory()
    env = {k: v for k, v in os.environ.items() if k.startswith(("MALLOC_", "OMP_"))}
    _init(a.shards)
    one = sample_cost(0)
    with Pool(a.procs, initializer=_init, initargs=(a.shards,)) as pool:
        many = pool.starmap(sample_cost, [(20 * i, 20) for i in range(a.procs)])
    # from each process's own timing, so loading the shards in the workers is not counted
    rate = sum(1000 / m["ms"] for m in many)
    print(json.dumps({
        "env": env, "malloc_tuned": tuned, "cpus": os.cpu_count(), "numpy": np.__version__, "torch": torch.__version__,
        "one_process": {k: round(v, 2) for k, v in one.items()},
        f"{a.procs}_processes": {"samples_per_s": round(rate, 1),
                                 "ms": round(float(np.mean([m["ms"] for m in many])), 2),
                                 "faults": round(float(np.mean([m["faults"] for m in many])), 1)},
        "g_step_ms_batch32_256px": generator_step_ms(),
    }))


if __name__ == "__main__":
    main()
