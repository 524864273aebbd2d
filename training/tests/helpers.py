"""Shared test fixtures: a tiny shard folder (the data build's --tiny sample when it has been
built here, else the synthetic stand-in, so the suite runs anywhere in seconds)."""
import os
import tempfile

from training.synthetic import write_shards

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_TINY = os.path.join(REPO, "training", "work", "tiny", "shards")
_cache = {}


def tiny_shards() -> str:
    if os.path.exists(os.path.join(_TINY, "index.json")):
        return _TINY
    if "synthetic" not in _cache:
        d = tempfile.mkdtemp(prefix="deepcolor-shards-")
        write_shards(d, 40, seed=1)
        _cache["synthetic"] = d
    return _cache["synthetic"]


def synthetic_shards() -> str:
    if "synthetic" not in _cache:
        d = tempfile.mkdtemp(prefix="deepcolor-shards-")
        write_shards(d, 40, seed=1)
        _cache["synthetic"] = d
    return _cache["synthetic"]
