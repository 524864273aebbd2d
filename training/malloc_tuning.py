"""Keep freed memory in the process instead of handing it back to the kernel (glibc only).

Every training sample makes a few MiB of numpy arrays. glibc serves allocations over 128 KiB
with mmap and unmaps them on free, so each sample touched fresh pages: 1,667-2,200 minor page
faults per 256 px sample, measured with getrusage. On the 2-core CPU machine that is 20 % of a
sample's time; on the GPU machine (a Firecracker VM whose memory grows as it is touched) the
first GPU run's data workers took ~450 ms a sample against 14-17 ms here, and page faults are
the suspect. With these settings a sample costs ~1 fault. Forked data workers inherit them.
"""
from __future__ import annotations

import ctypes
import ctypes.util

_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3


def keep_freed_memory(mmap_threshold: int = 32 << 20, trim_threshold: int = 1 << 30, top_pad: int = 64 << 20) -> bool:
    """True when glibc's mallopt took every setting; False where there is no mallopt (not glibc).

    32 MiB is the largest mmap threshold every glibc accepts (HEAP_MAX_SIZE / 2 before 2.35's
    change); a training sample's arrays are a few MiB. Each setting is tried on its own, so one
    refused value does not keep the others from applying."""
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    results = [mallopt(p, v) == 1 for p, v in ((_M_MMAP_THRESHOLD, mmap_threshold), (_M_TRIM_THRESHOLD, trim_threshold),
                                                (_M_TOP_PAD, top_pad))]
    return all(results)
