"""What the benchmarks share: timing a step, best of several runs."""

from __future__ import annotations

import time


def best(func, repeat: int = 5) -> float:
    """The fastest of ``repeat`` runs of ``func``, in seconds (the least disturbed by the machine)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)
