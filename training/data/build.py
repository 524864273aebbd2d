"""Build the Deepcolor training set from npm and Debian packages.

    /usr/bin/python3 -m training.data.build                 # everything (fetch, render, shards, manifest)
    /usr/bin/python3 -m training.data.build --units openmoji,dicebear,wesnoth   # only some sources
    /usr/bin/python3 -m training.data.build --tiny          # CI sample: 48 DiceBear avatars, < 1 min
    /usr/bin/python3 -m training.data.build --fetch-only    # download + unpack the packages

Stages (each cached under training/work/, so a re-run only does what is missing):
  1. fetch   `npm pack` / `apt-get download` into training/work/pkgs (skipped when present)
  2. unpack  npm -> training/work/npm/node_modules/<name>, deb -> training/work/src/<name>
  3. render  per source unit, in 2 worker processes -> training/work/cache/<unit>.npz + .json
  4. shards  dedupe (first unit wins), split by group, write training/work/shards/<split>-<k>.npz,
             index.json, and the committed manifest training/manifest.csv

Shards are written unit by unit in UNIT_ORDER, so adding a later unit appends shards and leaves
the earlier ones unchanged (a training run that already loaded them keeps valid data).
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import glob
import hashlib
import json
import multiprocessing as mp
import os
import shutil
import subprocess
import sys
import tarfile
import time

import numpy as np

from training.data import sources as S
from training.data.render import process

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UNIT_ORDER = ["openmoji", "dicebear", "wesnoth", "flare", "tuxpaint", "dicebear2", "openclipart", "wesnoth-face", "wesnoth-story"]
UNIT_PACKAGES = {
    "openmoji": ["openmoji"],
    "dicebear": ["@dicebear/core", "@dicebear/adventurer", "@dicebear/micah", "@dicebear/open-peeps"],
    "wesnoth": S.WESNOTH,
    "flare": ["flare-game"],
    "openclipart": ["openclipart-svg"],
    "tuxpaint": ["tuxpaint-stamps-default"],
    "dicebear2": ["@dicebear/core", "@dicebear/adventurer", "@dicebear/micah"],
    "wesnoth-face": S.WESNOTH,
    "wesnoth-story": S.WESNOTH,
}
SHARD_MAX = 2000
# Per-unit factor on the package weight: story paintings are mostly landscapes, not characters.
UNIT_WEIGHT = {"wesnoth-story": 0.5}
TINY_UNIT = "dicebear-tiny"
TINY_COUNTS = {"adventurer": (0, 48)}  # smallest count whose seeds reach all three splits


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


# ---------------------------------------------------------------- fetch + unpack

def fetch(work: str, names: list[str]) -> None:
    pkgs = os.path.join(work, "pkgs")
    os.makedirs(pkgs, exist_ok=True)
    for name in names:
        p = S.PACKAGES[name]
        if name in S.RESERVED:
            raise SystemExit(f"{name} is reserved for evaluation")
        if p.kind == "npm":
            tgz = name.lstrip("@").replace("/", "-") + f"-{p.version}.tgz"
            if not os.path.exists(os.path.join(pkgs, tgz)):
                log("npm pack", name)
                subprocess.run(["npm", "pack", "--silent", f"{name}@{p.version}"], cwd=pkgs, check=True,
                               stdout=subprocess.DEVNULL)
            dest = S.src_dir(work, name)
            if not os.path.exists(os.path.join(dest, "package.json")):
                os.makedirs(dest, exist_ok=True)
                with tarfile.open(os.path.join(pkgs, tgz)) as tf:
                    for m in tf.getmembers():
                        m.name = m.name.split("/", 1)[1] if "/" in m.name else ""
                        if m.name and (m.isfile() or m.isdir()):
                            tf.extract(m, dest)
        else:
            debs = glob.glob(os.path.join(pkgs, f"{name}_*.deb"))
            if not debs:
                log("apt-get download", name)
                subprocess.run(["apt-get", "download", f"{name}={p.version}"], cwd=pkgs, check=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                debs = glob.glob(os.path.join(pkgs, f"{name}_*.deb"))
            dest = S.src_dir(work, name)
            if not os.path.isdir(os.path.join(dest, "usr")):
                os.makedirs(dest, exist_ok=True)
                subprocess.run(["dpkg-deb", "-x", debs[0], dest], check=True)


# ---------------------------------------------------------------- items per unit

def dicebear_svgs(work: str, ranges: dict[str, tuple[int, int]], out: str) -> None:
    modules = os.path.join(work, "npm", "node_modules")
    gen = os.path.join(REPO, "training", "data", "dicebear_gen.mjs")
    for style, (first, end) in ranges.items():
        if not all(os.path.exists(os.path.join(out, f"{style}-{i}.svg")) for i in (first, end - 1)):
            subprocess.run(["node", gen, modules, style, str(first), str(end - first), out], check=True)


def unit_items(work: str, unit: str) -> list[S.Item]:
    if unit == "openmoji":
        return S.openmoji_items(work)
    if unit in ("dicebear", "dicebear2", TINY_UNIT):
        counts = {TINY_UNIT: TINY_COUNTS, "dicebear": S.DICEBEAR_STYLES, "dicebear2": S.DICEBEAR_MORE}[unit]
        svg_dir = os.path.join(work, "dicebear-svg")
        dicebear_svgs(work, counts, svg_dir)
        return S.dicebear_items(work, svg_dir, counts)
    if unit == "wesnoth":
        return S.wesnoth_items(work)
    if unit == "wesnoth-face":
        # Close-ups of the same paintings (head and shoulders at a larger scale, like a user's
        # portrait page); same groups, so always in the same split as the full portrait.
        return [dataclasses.replace(it, crop="face") for it in S.wesnoth_items(work)]
    if unit == "wesnoth-story":
        return S.wesnoth_story_items(work)
    if unit == "flare":
        return S.flare_items(work)
    if unit == "openclipart":
        return S.openclipart_items(work)
    if unit == "tuxpaint":
        return S.tuxpaint_items(work)
    raise ValueError(unit)


# ---------------------------------------------------------------- render

def render_unit(work: str, unit: str, jobs: int, force: bool = False) -> str:
    cache = os.path.join(work, "cache")
    os.makedirs(cache, exist_ok=True)
    npz, meta_path = os.path.join(cache, unit + ".npz"), os.path.join(cache, unit + ".json")
    if os.path.exists(meta_path) and not force:
        log(f"{unit}: cached")
        return meta_path
    items = unit_items(work, unit)
    log(f"{unit}: rendering {len(items)} items with {jobs} workers")
    t0 = time.time()
    colors, lines, metas = [], [], []
    rejected = errors = 0
    rejects = []  # (file, why) for DATA.md statistics and debugging
    with mp.get_context("fork").Pool(jobs) as pool:
        for k, (it, r) in enumerate(zip(items, pool.imap(process, items, chunksize=4))):
            if (k + 1) % 500 == 0:
                log(f"  {unit}: {k + 1}/{len(items)}")
            if r is None or "rejected" in r:
                rejected += 1
                rejects.append([it.package, it.file, r["rejected"] if r else "empty"])
                continue
            if "error" in r:
                errors += 1
                rejects.append([it.package, it.file, r["error"]])
                continue
            colors.append(r["color"])
            lines.append(r["line"] if r["line"] is not None else np.full((256, 256), 255, np.uint8))
            p = S.PACKAGES[it.package]
            metas.append({"file": it.file, "variant": "face" if it.crop == "face" else "", "package": it.package, "version": p.version, "licence": p.licence,
                          "group": it.group, "paired": r["paired"], "weight": p.weight * UNIT_WEIGHT.get(unit, 1.0), "hash": r["hash"],
                          **{k2: v for k2, v in r["qa"].items() if k2 != "ok"}})
    tmp = npz + ".tmp.npz"
    np.savez(tmp, color=np.stack(colors) if colors else np.zeros((0, 256, 256, 3), np.uint8),
             line=np.stack(lines) if lines else np.zeros((0, 256, 256), np.uint8))
    os.replace(tmp, npz)
    with open(meta_path, "w") as f:
        json.dump({"unit": unit, "items": len(items), "kept": len(metas), "rejected": rejected,
                   "errors": errors, "seconds": round(time.time() - t0, 1), "samples": metas,
                   "rejects": rejects}, f)
    log(f"{unit}: kept {len(metas)}/{len(items)} (rejected {rejected}, errors {errors}) in {time.time() - t0:.0f}s")
    return meta_path


# ---------------------------------------------------------------- shards + manifest

def _write_npz_atomic(path: str, **arrays) -> None:
    tmp = path + ".tmp.npz"
    np.savez_compressed(tmp, **arrays)
    os.replace(tmp, path)


def assemble(work: str, units: list[str], out_dir: str, manifest_path: str | None) -> dict:
    os.makedirs(out_dir, exist_ok=True)
    index_path = os.path.join(out_dir, "index.json")
    old = json.load(open(index_path)) if os.path.exists(index_path) else {"shards": []}
    old_keys = {s["file"]: s.get("key") for s in old.get("shards", [])}
    seen: set[str] = set()
    shards, rows = [], []
    counter = {"train": 0, "val": 0, "test": 0}
    counts: dict[str, dict[str, int]] = {}
    dups = 0
    for unit in units:
        meta_path = os.path.join(work, "cache", unit + ".json")
        if not os.path.exists(meta_path):
            continue
        meta = json.load(open(meta_path))
        arr = np.load(os.path.join(work, "cache", unit + ".npz"))
        color, line = arr["color"], arr["line"]
        by_split: dict[str, list[int]] = {"train": [], "val": [], "test": []}
        for i, m in enumerate(meta["samples"]):
            if m["hash"] in seen:
                dups += 1
                continue
            seen.add(m["hash"])
            by_split[S.split_of(m["group"])].append(i)
        for split in ("train", "val", "test"):
            idx = by_split[split]
            for c0 in range(0, len(idx), SHARD_MAX):
                part = idx[c0:c0 + SHARD_MAX]
                name = f"{split}-{counter[split]}.npz"
                counter[split] += 1
                # Content key: a shard is rewritten only when its samples (files, renders, weights) change.
                key = hashlib.sha1(json.dumps([unit] + [[meta["samples"][i].get(k, "") for k in ("file", "variant", "hash", "weight", "paired")]
                                                        for i in part], default=str).encode()).hexdigest()
                path = os.path.join(out_dir, name)
                ms = [meta["samples"][i] for i in part]
                if old_keys.get(name) != key or not os.path.exists(path):
                    _write_npz_atomic(
                        path,
                        color=color[part], line=line[part],
                        paired=np.array([m["paired"] for m in ms], bool),
                        source=np.array([m["package"] for m in ms]),
                        group=np.array([m["group"] for m in ms]),
                        files=np.array([m["file"] for m in ms]),
                        weight=np.array([m["weight"] for m in ms], np.float32),
                        line_cover=np.array([m["line_cover"] for m in ms], np.float32),
                        edge_fit=np.array([m["edge_fit"] for m in ms], np.float32),
                    )
                    log(f"wrote {name}: {len(part)} ({unit})")
                shards.append({"file": name, "split": split, "unit": unit, "count": len(part), "key": key,
                               "bytes": os.path.getsize(path)})
                for j, m in enumerate(ms):
                    counts.setdefault(split, {}).setdefault(m["package"], 0)
                    counts[split][m["package"]] += 1
                    rows.append({"file": m["file"], "variant": m.get("variant", ""), "package": m["package"], "version": m["version"],
                                 "licence": m["licence"], "lineart": "paired" if m["paired"] else "extracted",
                                 "split": split, "group": m["group"], "shard": name, "index": j,
                                 "line_cover": m["line_cover"], "saturated": m["saturated"], "edge_fit": m["edge_fit"]})
    # Shards of units no longer built (or renumbered past the end) are removed so index.json is the truth.
    names = {s["file"] for s in shards}
    for f in glob.glob(os.path.join(out_dir, "*.npz")):
        if os.path.basename(f) not in names:
            os.remove(f)
    index = {
        "format": "deepcolor-shards", "version": 1, "size": 256,
        "keys": {"color": "uint8 [N,256,256,3] RGB on white", "line": "uint8 [N,256,256] 255 paper 0 ink; all 255 when not paired",
                 "paired": "bool [N]", "source": "str [N] package", "group": "str [N] split group",
                 "files": "str [N] path inside package", "weight": "float32 [N] sampling weight",
                 "line_cover": "float32 [N] ink fraction of the paired line, or of a XDoG line when not paired",
                 "edge_fit": "float32 [N] fraction of colour edges within 2 px of that line"},
        "units": units, "duplicates_dropped": dups,
        "totals": {s: sum(c.values()) for s, c in counts.items()}, "counts": counts, "shards": shards,
    }
    with open(index_path + ".tmp", "w") as f:
        json.dump(index, f, indent=1)
    os.replace(index_path + ".tmp", index_path)
    if manifest_path:
        with open(manifest_path, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0].keys()) if rows else ["file"])
            w.writeheader()
            w.writerows(rows)
    log(f"shards: {index['totals']} duplicates dropped {dups}")
    return index


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--work", default=os.path.join(REPO, "training", "work"))
    ap.add_argument("--units", default=",".join(UNIT_ORDER), help="comma list of " + ",".join(UNIT_ORDER))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--force", action="store_true", help="re-render units even when cached")
    ap.add_argument("--fetch-only", action="store_true")
    ap.add_argument("--tiny", action="store_true", help="CI sample: 48 DiceBear adventurer avatars -> <work>/tiny/shards")
    ap.add_argument("--out", help="shard folder (default <work>/shards, or <work>/tiny/shards with --tiny)")
    ap.add_argument("--manifest", default=os.path.join(REPO, "training", "manifest.csv"))
    a = ap.parse_args(argv)
    t0 = time.time()
    work = os.path.abspath(a.work)
    if a.tiny:
        fetch(work, ["@dicebear/core", "@dicebear/adventurer"])
        render_unit(work, TINY_UNIT, a.jobs, a.force)
        assemble(work, [TINY_UNIT], a.out or os.path.join(work, "tiny", "shards"), None)
        log(f"tiny build done in {time.time() - t0:.0f}s")
        return 0
    units = [u for u in a.units.split(",") if u]
    for u in units:
        if u not in UNIT_ORDER:
            raise SystemExit(f"unknown unit {u!r}; choose from {UNIT_ORDER}")
    fetch(work, [p for u in units for p in UNIT_PACKAGES[u]])
    if a.fetch_only:
        return 0
    for u in units:
        render_unit(work, u, a.jobs, a.force)
    # Shards always cover every unit rendered so far, in the fixed order.
    done = [u for u in UNIT_ORDER if os.path.exists(os.path.join(work, "cache", u + ".json"))]
    assemble(work, done, a.out or os.path.join(work, "shards"), a.manifest)
    log(f"build done in {time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
