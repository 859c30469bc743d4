"""Timing shared by the benchmarks: wall-clock and CPU seconds of one call.

Both are reported because the machines these run on are shared: wall time swings with the
load of other processes, CPU time (``time.process_time``) is what one core spent on the work.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Timing:
    wall: float
    cpu: float


def timed(fn: Callable[[], T]) -> tuple[T, Timing]:
    """Run ``fn`` once; return its result and how long it took."""
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, Timing(time.perf_counter() - w0, time.process_time() - c0)


def table(rows: list[tuple[str, Timing]], n: int) -> str:
    """Rows of stage, seconds and articles/s (wall and per CPU second) for ``n`` articles."""
    lines = [f"{'stage':<20}{'wall s':>9}{'cpu s':>9}{'art/s wall':>12}{'art/s cpu':>11}"]
    for name, t in rows:
        lines.append(
            f"{name:<20}{t.wall:>9.2f}{t.cpu:>9.2f}{n / t.wall:>12.0f}{n / max(t.cpu, 1e-9):>11.0f}"
        )
    return "\n".join(lines)


def peak_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
