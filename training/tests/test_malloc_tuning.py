"""keep_freed_memory: freed arrays are reused instead of faulting in fresh pages."""
import subprocess
import sys
import unittest

PROBE = """
import resource, sys
import numpy as np
from training.malloc_tuning import keep_freed_memory
tuned = keep_freed_memory() if sys.argv[1] == "tuned" else None
def sample():  # a few arrays alive at once, as a training sample makes, then all freed
    arrays = [np.ones(1 << 20) for _ in range(4)]  # 4 x 8 MiB
    return sum(float(a[0]) for a in arrays)
for _ in range(3):
    sample()
r0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(20):
    sample()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - r0, tuned)
"""


def faults(mode: str) -> tuple[int, str]:
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True).stdout.split()
    return int(out[0]), out[1]


class KeepFreedMemory(unittest.TestCase):
    def test_reallocating_a_freed_array_costs_no_page_faults(self):
        plain, _ = faults("plain")
        tuned, took = faults("tuned")
        if took != "True":
            self.skipTest("not glibc: mallopt unavailable")
        # 20 x 32 MiB = 160,000 pages: glibc trims (or unmaps) them on free, so they fault in
        # again each time; with it the same pages come back.
        self.assertGreater(plain, 20_000)
        self.assertLess(tuned, 1_000)


if __name__ == "__main__":
    unittest.main()
