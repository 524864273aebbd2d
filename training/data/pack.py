"""Shards -> one compact file small enough to carry to the GPU machine, and back.

    /usr/bin/python3 -m training.data.pack --shards training/work/shards --out .gpu/data.npz --max-mib 40
    python3 -m training.data.pack --unpack .gpu/data.npz --out /tmp/shards     # there

The shards are 281 MiB (np.savez_compressed of raw pixels); the GPU machine takes 64 MiB per
call, the code included. Each image is stored in its own encoded form instead:
- colour: lossy WebP q90 (mean error ~1/255; lossless WebP measured 10-17 KB per flat avatar or
  emoji, lossy 7 KB, JPEG q90 4:4:4 15 KB);
- paired lines: lossless WebP (exact); unpaired samples store no line (it is all paper);
- validation: only the images train.py validates on (`stratified(val, 48)`), in the same order,
  so validation figures stay comparable with runs on the full shards.
When the whole set is over `--max-mib`, every sample weighted >= 2 (the painted portraits the
sampler favours) is kept and the others are thinned by a fixed hash of their split group, so
the same groups go every time and the pack is deterministic.
`--unpack` writes ordinary uncompressed shards plus index.json, which training.dataset reads.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
from multiprocessing import Pool

import numpy as np
from PIL import Image

from training.dataset import KEYS, load_split, stratified

WEBP_QUALITY = 90
KEEP_ALL_WEIGHT = 2.0
SPLITS = ("train", "val")  # the test split stays here: evaluation runs on this machine


def encode_colour(rgb: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "WEBP", quality=WEBP_QUALITY)
    return buf.getvalue()


def encode_line(gray: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(gray).convert("RGB").save(buf, "WEBP", lossless=True, quality=100, method=2)
    return buf.getvalue()


def _encode(args: tuple[np.ndarray, np.ndarray, bool]) -> tuple[bytes, bytes]:
    color, line, paired = args
    return encode_colour(color), encode_line(line) if paired else b""


def _decode(args: tuple[bytes, bytes, int]) -> tuple[np.ndarray, np.ndarray]:
    colour, line, size = args
    rgb = np.asarray(Image.open(io.BytesIO(colour)).convert("RGB"))
    gray = np.asarray(Image.open(io.BytesIO(line)).convert("L")) if line else np.full((size, size), 255, np.uint8)
    return rgb, gray


def _group_rank(group: str) -> float:
    """A fixed number in [0, 1) per split group: thinning drops whole groups, the same ones every time."""
    return int(hashlib.sha1(("pack:" + group).encode()).hexdigest()[:8], 16) / 2**32


def _concat(blobs: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    offsets = np.cumsum([0] + [len(b) for b in blobs]).astype(np.int64)
    return np.frombuffer(b"".join(blobs), np.uint8), offsets


def pack(shard_dir: str, out_path: str, max_mib: float, workers: int = 2, val_images: int = 48) -> dict:
    arrays: dict[str, np.ndarray] = {}
    report: dict = {"splits": {}}
    encoded = {}
    with Pool(workers) as pool:
        for split in SPLITS:
            data = load_split(shard_dir, split)
            if split == "val":
                data = stratified(data, val_images)
            blobs = pool.map(_encode, zip(data["color"], data["line"], data["paired"]), chunksize=32)
            encoded[split] = (data, blobs)
    budget = max_mib * 2**20 - 16 * 1024  # what the npz's own headers and the metadata take, about

    # Each sample's threshold: below it the sample goes. Heavy samples and validation never go.
    # (Computed once: the bisection below asks for the kept set ~30 times.)
    thresholds = {split: np.array([-1.0 if split != "train" or w >= KEEP_ALL_WEIGHT else _group_rank(str(g))
                                   for w, g in zip(data["weight"], data["group"])])
                  for split, (data, _) in encoded.items()}

    def kept(split: str, data: dict, fraction: float) -> list[int]:
        return np.flatnonzero(thresholds[split] < fraction).tolist()

    def size(fraction: float) -> int:
        return sum(len(blobs[i][0]) + len(blobs[i][1]) for split, (data, blobs) in encoded.items() for i in kept(split, data, fraction))

    # Whole groups go, so the size is a step function of the fraction: bisect on the real bytes.
    fraction = 1.0
    if size(1.0) > budget:
        lo, hi = 0.0, 1.0
        for _ in range(30):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if size(mid) <= budget else (lo, mid)
        fraction = lo
        if size(fraction) > budget:
            raise SystemExit(f"pack: the painted portraits and validation alone take {size(0.0) / 2**20:.1f} MiB, over --max-mib {max_mib}")
    for split, (data, blobs) in encoded.items():
        keep = kept(split, data, fraction)
        arrays[f"{split}_colour"], arrays[f"{split}_colour_offsets"] = _concat([blobs[i][0] for i in keep])
        arrays[f"{split}_line"], arrays[f"{split}_line_offsets"] = _concat([blobs[i][1] for i in keep])
        for k in KEYS:
            if k not in ("color", "line"):
                arrays[f"{split}_{k}"] = data[k][keep]
        arrays[f"{split}_size"] = np.array(data["color"].shape[1])
        per_source: dict[str, list[int]] = {}
        for i in range(len(blobs)):
            per_source.setdefault(str(data["source"][i]), [0, 0])[1] += 1
        for i in keep:
            per_source[str(data["source"][i])][0] += 1
        report["splits"][split] = {"kept": len(keep), "of": len(blobs), "per_source_kept_of": per_source}
    report["thinned_fraction_kept"] = round(fraction, 4)
    arrays["report"] = np.array(json.dumps(report))
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    np.savez(out_path + ".tmp.npz", **arrays)
    os.replace(out_path + ".tmp.npz", out_path)
    report["bytes"] = os.path.getsize(out_path)
    return report


def unpack(pack_path: str, out_dir: str, workers: int = 8, shard_max: int = 2000) -> dict:
    z = np.load(pack_path, allow_pickle=False)
    os.makedirs(out_dir, exist_ok=True)
    shards = []
    with Pool(workers) as pool:
        for split in SPLITS:
            co, lo = z[f"{split}_colour_offsets"], z[f"{split}_line_offsets"]
            colour, line, size = z[f"{split}_colour"].tobytes(), z[f"{split}_line"].tobytes(), int(z[f"{split}_size"])
            n = len(co) - 1
            items = [(colour[co[i]:co[i + 1]], line[lo[i]:lo[i + 1]], size) for i in range(n)]
            decoded = pool.map(_decode, items, chunksize=32)
            for k0 in range(0, n, shard_max):
                part = range(k0, min(n, k0 + shard_max))
                name = f"{split}-{k0 // shard_max}.npz"
                extra = {k: z[f"{split}_{k}"][k0:k0 + len(part)] for k in KEYS if k not in ("color", "line")}
                np.savez(os.path.join(out_dir, name), color=np.stack([decoded[i][0] for i in part]),
                         line=np.stack([decoded[i][1] for i in part]), **extra)
                shards.append({"file": name, "split": split, "count": len(part)})
    index = {"format": "deepcolor-shards", "version": 1, "from": os.path.basename(pack_path), "shards": shards,
             "report": json.loads(str(z["report"]))}
    with open(os.path.join(out_dir, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
    return index


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shards", default="training/work/shards")
    ap.add_argument("--out", required=True, help="the pack file (pack) or the shard folder (--unpack)")
    ap.add_argument("--max-mib", type=float, default=40.0)
    ap.add_argument("--val-images", type=int, default=48, help="as train.py --val-images")
    ap.add_argument("--unpack", metavar="PACK")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    a = ap.parse_args()
    if a.unpack:
        index = unpack(a.unpack, a.out, a.workers)
        print(json.dumps({s["file"]: s["count"] for s in index["shards"]}))
    else:
        print(json.dumps(pack(a.shards, a.out, a.max_mib, a.workers, a.val_images), indent=1))


if __name__ == "__main__":
    main()
