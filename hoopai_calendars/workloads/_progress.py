"""Progress reports the workloads hand to a callback, and the callback's type."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

__all__ = ["Progress", "ProgressCallback"]


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a workload stands: `done` of `total` units in `phase`, plus running counts."""

    phase: str
    done: int
    total: int
    counts: Mapping[str, int] = field(default_factory=dict)


# Called on the event loop's thread; it must return quickly and must not block.
ProgressCallback = Callable[[Progress], None]
