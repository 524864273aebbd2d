"""Print the DATA.md counts section from a built data set.

    /usr/bin/python3 -m training.data.report [training/work]
"""
from __future__ import annotations

import json
import os
import sys


def report(work: str) -> str:
    idx = json.load(open(os.path.join(work, "shards", "index.json")))
    counts = idx["counts"]
    splits = ["train", "val", "test"]
    # Per source package; the 16 Wesnoth campaign packages are summed into one row.
    merged: dict[str, dict[str, int]] = {}
    for sp, c in counts.items():
        for src, n in c.items():
            key = "wesnoth-1.16-<campaigns> (16 packages)" if src.startswith("wesnoth-1.16-") and src != "wesnoth-1.16-data" else src
            merged.setdefault(key, {}).setdefault(sp, 0)
            merged[key][sp] += n
    out = ["| source package | " + " | ".join(splits) + " | total |", "|---|" + "---:|" * (len(splits) + 1)]
    for src in sorted(merged):
        row = [merged[src].get(sp, 0) for sp in splits]
        out.append(f"| {src} | " + " | ".join(map(str, row)) + f" | {sum(row)} |")
    tot = [sum(counts.get(sp, {}).values()) for sp in splits]
    out.append("| **all** | " + " | ".join(f"**{t}**" for t in tot) + f" | **{sum(tot)}** |")
    out.append("")
    out.append(f"Near-duplicates dropped: {idx['duplicates_dropped']}.")
    out.append("")
    out.append("Per unit (shard group) and split:")
    out.append("")
    out.append("| unit | " + " | ".join(splits) + " | shards (file: count) |")
    out.append("|---|" + "---:|" * len(splits) + "---|")
    for unit in idx["units"]:
        sh = [s for s in idx["shards"] if s["unit"] == unit]
        row = [sum(s["count"] for s in sh if s["split"] == sp) for sp in splits]
        out.append(f"| {unit} | " + " | ".join(map(str, row)) + " | " + ", ".join(f"{s['file']}: {s['count']}" for s in sh) + " |")
    out.append("")
    out.append("| unit | files tried | kept | rejected by QA | errors | render seconds (2 workers, shared 2-core machine) |")
    out.append("|---|---:|---:|---:|---:|---:|")
    for unit in idx["units"]:
        m = json.load(open(os.path.join(work, "cache", unit + ".json")))
        out.append(f"| {unit} | {m['items']} | {m['kept']} | {m['rejected']} | {m['errors']} | {m['seconds']:.0f} |")
    out.append("")
    size = sum(s["bytes"] for s in idx["shards"])
    out.append(f"{len(idx['shards'])} shards, {size / 2**20:.0f} MiB in all (np.savez_compressed), "
               f"largest {max(s['bytes'] for s in idx['shards']) / 2**20:.0f} MiB.")
    return "\n".join(out)


if __name__ == "__main__":
    print(report(sys.argv[1] if len(sys.argv) > 1 else "training/work"))
