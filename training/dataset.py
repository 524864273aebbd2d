"""Training examples from shards: weighted sampling, random crops and flips,
lineart and hints drawn on the fly (training.lineart, training.hints), tensors made by
training.preprocess so the network sees what the engine will send.
"""
from __future__ import annotations

import fnmatch
import glob
import json
import os

import cv2
import numpy as np
import torch
from torch.utils.data import Dataset, WeightedRandomSampler

from training.hints import random_hint
from training.lineart import random_lineart, xdog
from training.preprocess import hint_channels, line_channel_from_gray, network_input

KEYS = ("color", "line", "paired", "source", "group", "weight")  # shards may hold more; these are used


def shard_files(shard_dir: str, split: str) -> list[str]:
    index_path = os.path.join(shard_dir, "index.json")
    if os.path.exists(index_path):
        with open(index_path) as f:
            index = json.load(f)
        files = [os.path.join(shard_dir, s["file"]) for s in index.get("shards", []) if s.get("split") == split]
        if files:
            return files
    return sorted(glob.glob(os.path.join(shard_dir, f"{split}-*.npz")))


def load_split(shard_dir: str, split: str, limit: int | None = None) -> dict[str, np.ndarray]:
    files = shard_files(shard_dir, split)
    if not files:
        raise FileNotFoundError(f"no '{split}' shards in {shard_dir} (expected {split}-<k>.npz or index.json)")
    parts: dict[str, list[np.ndarray]] = {k: [] for k in KEYS}
    n = 0
    for path in files:
        with np.load(path, allow_pickle=False) as z:
            for k in KEYS:
                parts[k].append(z[k])
            n += len(z["color"])
        if limit is not None and n >= limit:
            break
    data = {k: np.concatenate(v) for k, v in parts.items()}
    if limit is not None:
        data = {k: v[:limit] for k, v in data.items()}
    check_split(data, split)
    return data


def stratified(data: dict[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
    """Up to n images taken round-robin over sources (fixed order), so a small validation or
    evaluation set covers painted portraits as well as emoji and avatars."""
    if n <= 0 or n >= len(data["color"]):
        return data
    by_source: dict[str, list[int]] = {}
    for i, s in enumerate(data["source"]):
        by_source.setdefault(str(s), []).append(i)
    queues = [by_source[k] for k in sorted(by_source)]
    picked: list[int] = []
    while len(picked) < n:
        for q in queues:
            if q and len(picked) < n:
                picked.append(q.pop(0))
    picked.sort()
    return {k: v[picked] for k, v in data.items()}


def check_split(data: dict[str, np.ndarray], split: str) -> None:
    n, s = len(data["color"]), data["color"].shape[1]
    problems = []
    if data["color"].dtype != np.uint8 or data["color"].shape[1:] != (s, s, 3):
        problems.append(f"color must be uint8 [N,S,S,3], got {data['color'].dtype} {data['color'].shape}")
    if data["line"].dtype != np.uint8 or data["line"].shape != (n, s, s):
        problems.append(f"line must be uint8 [N,S,S], got {data['line'].dtype} {data['line'].shape}")
    for k in ("paired", "source", "group", "weight"):
        if len(data[k]) != n:
            problems.append(f"{k} has {len(data[k])} entries for {n} images")
    if (data["weight"] <= 0).any():
        problems.append("weights must be positive")
    if problems:
        raise ValueError(f"bad '{split}' shards: " + "; ".join(problems))


def enlarged(color: np.ndarray, zoom: float) -> np.ndarray:
    """The image `zoom` times larger (bicubic; itself at 1): a test or validation image at the scale
    the engine works at on a page. Its lineart is then extracted at that size (paired lines would
    be enlarged with it), so lines keep their width while regions grow."""
    if zoom == 1.0:
        return color
    size = int(round(color.shape[0] * zoom))
    return cv2.resize(color, (size, size), interpolation=cv2.INTER_CUBIC)


def reference_lineart(color: np.ndarray, line: np.ndarray, paired: bool) -> np.ndarray:
    """The one fixed lineart of an image for validation and evaluation: its paired line, else XDoG sigma 0.9."""
    return line if paired else xdog(color, sigma=0.9)


def to_target(color: np.ndarray) -> np.ndarray:
    """RGB uint8 [H,W,3] -> float32 [3,H,W] in -1..1 (the generator's output range)."""
    return (color.astype(np.float32).transpose(2, 0, 1) / 127.5 - 1.0).astype(np.float32)


def make_example(color: np.ndarray, line: np.ndarray, hint: np.ndarray | None, strength: float,
                 with_fill: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(input [9,H,W] (5 without the region fill), target [3,H,W]) for an opaque grey lineart and an RGBA hint layer."""
    h, w = line.shape
    x = network_input(line_channel_from_gray(line), hint_channels(hint, (h, w), strength), with_fill)
    return x, to_target(color)


def one_thread_per_worker(_: int = 0) -> None:
    """A data worker's setup: the workers already use every core between them, so OpenCV's and
    torch's own thread pools inside each would only oversubscribe the CPU."""
    cv2.setNumThreads(1)
    torch.set_num_threads(1)


def zoomed_window(color: np.ndarray, out: int, zoom: float, rng: np.random.Generator) -> np.ndarray:
    """A random square window of `out / zoom` px of `color`, enlarged (bicubic) to `out` px.

    Why: the engine picks its working scale so that line widths match the training lineart's,
    which makes an artist's figure several times larger in pixels than a 256 px training figure.
    Trained only at 1x, the network read a large line-free area as background and painted it
    white even where the region fill said brown (the README example's cloak). The lineart of a
    zoomed sample is extracted after enlarging, so its lines keep their usual pixel width while
    the regions between them grow."""
    s = color.shape[0]
    side = max(8, min(s, int(round(out / zoom))))
    y, x = (int(v) for v in rng.integers(0, s - side + 1, 2))
    window = color[y:y + side, x:x + side]
    return cv2.resize(window, (out, out), interpolation=cv2.INTER_CUBIC)


def boosted(data: dict, spec: str) -> dict:
    """`data` with its sampling weights multiplied per source: spec "pattern=factor,...", each
    pattern an fnmatch of the source name (e.g. "wesnoth-*=3,flare-game=3"); "" changes nothing."""
    if not spec:
        return data
    weight = data["weight"].astype(np.float64).copy()
    sources = np.asarray(data["source"]).astype(str)
    for item in spec.split(","):
        pattern, sep, factor = item.partition("=")
        if not sep or not pattern or float(factor) <= 0:
            raise ValueError(f"source boost {item!r}: expected pattern=factor with a positive factor")
        hit = np.array([fnmatch.fnmatch(s, pattern.strip()) for s in sources])
        if not hit.any():
            raise ValueError(f"source boost {item!r}: no source matches {pattern!r}")
        weight[hit] *= float(factor)
    return {**data, "weight": weight.astype(np.float32)}


class ColorizationDataset(Dataset):
    """Random crop (square, `crop` px) + horizontal flip + random lineart style + random hint.

    With probability `zoom_p` the crop is instead a smaller window enlarged up to `zoom_max`
    times (see zoomed_window); such samples use extracted lineart, never the paired line,
    whose ink would be enlarged with the window."""

    def __init__(self, data: dict[str, np.ndarray], crop: int, seed: int = 0, with_fill: bool = True,
                 zoom_p: float = 0.0, zoom_max: float = 1.0, rough_p: float = 0.0):
        self.data, self.crop, self.seed, self.with_fill = data, crop, seed, with_fill
        self.zoom_p, self.zoom_max, self.rough_p = zoom_p, zoom_max, rough_p
        self.calls = 0

    def __len__(self) -> int:
        return len(self.data["color"])

    def sampler(self, num_samples: int, generator: torch.Generator | None = None) -> WeightedRandomSampler:
        return WeightedRandomSampler(torch.from_numpy(self.data["weight"].astype(np.float64)), num_samples,
                                     replacement=True, generator=generator)

    def __getitem__(self, i: int):
        # torch seeds each worker differently; draw numpy's seed from torch so workers differ too.
        rng = np.random.default_rng(int(torch.randint(0, 2**31 - 1, (1,)).item()))
        color = self.data["color"][i]
        # Unpaired sources store an all-paper line: their lineart is always extracted here.
        paired = self.data["line"][i] if bool(self.data["paired"][i]) else None
        s = color.shape[0]
        if self.zoom_max > 1.0 and rng.random() < self.zoom_p:
            zoom = float(np.exp(rng.uniform(0.0, np.log(self.zoom_max))))  # log-uniform in [1, zoom_max]
            color, paired = zoomed_window(color, min(self.crop, s), zoom, rng), None
        elif self.crop < s:
            y, x = (int(v) for v in rng.integers(0, s - self.crop + 1, 2))
            color = color[y:y + self.crop, x:x + self.crop]
            paired = None if paired is None else paired[y:y + self.crop, x:x + self.crop]
        if rng.random() < 0.5:
            color = color[:, ::-1]
            paired = None if paired is None else paired[:, ::-1]
        color = np.ascontiguousarray(color)
        paired = None if paired is None else np.ascontiguousarray(paired)
        lineart, _ = random_lineart(color, paired, rng)
        hint, strength, _ = random_hint(color, rng, self.rough_p)
        x, y = make_example(color, lineart, hint, strength, self.with_fill)
        return torch.from_numpy(x), torch.from_numpy(y)
