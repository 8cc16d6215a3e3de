"""The report of a sync: one outcome per desired appointment, and counts that add up."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .._errors import HoopAIError, describe
from ._desired import NaturalKey

__all__ = ["OUTCOMES", "SyncFailure", "SyncReport"]

OUTCOMES = ("created", "updated", "cancelled", "unchanged", "failed", "outcome_unknown")


@dataclass(frozen=True, slots=True)
class SyncFailure:
    """A desired appointment (`index` in the input, natural `key`) that failed, and why.

    `key` is None when the item itself was invalid (no usable start time).
    """

    index: int
    key: NaturalKey | None
    error: HoopAIError

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form: the error by message, type, operation and status."""
        key = list(self.key) if self.key is not None else None
        return {"index": self.index, "key": key, "error": str(self.error), **describe(self.error)}


@dataclass
class SyncReport:
    """What a sync did. Every desired appointment lands in exactly one outcome count.

    `total == created + updated + cancelled + unchanged + failed + outcome_unknown`
    (see `adds_up`). Items finished by an earlier, interrupted run and skipped thanks to
    the checkpoint keep their outcome and are also counted in `resumed`. `rechecked`
    counts creates whose outcome was unknown and that a later listing found. Prune
    results (`pruned`, `prune_failures`, `prune_skipped`) are not desired items and stay
    out of the sum.
    """

    total: int = 0
    created: int = 0
    updated: int = 0
    cancelled: int = 0
    unchanged: int = 0
    failed: int = 0
    outcome_unknown: int = 0
    resumed: int = 0
    rechecked: int = 0
    pruned: int = 0
    prune_skipped: str | None = None
    failures: list[SyncFailure] = field(default_factory=list)
    unknown: list[NaturalKey] = field(default_factory=list)
    prune_failures: list[SyncFailure] = field(default_factory=list)

    @property
    def done(self) -> int:
        """How many desired appointments have an outcome so far."""
        return sum(getattr(self, name) for name in OUTCOMES)

    @property
    def adds_up(self) -> bool:
        """Whether every desired appointment is counted exactly once."""
        return self.done == self.total

    @property
    def ok(self) -> bool:
        """Whether every desired appointment is in line (nothing failed or unknown)."""
        return self.adds_up and self.failed == 0 and self.outcome_unknown == 0

    def counts(self) -> dict[str, int]:
        """The outcome counts plus `total`, `resumed`, `rechecked` and `pruned`."""
        names = ("total", *OUTCOMES, "resumed", "rechecked", "pruned")
        return {name: getattr(self, name) for name in names}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (errors described by message, type, operation and status)."""
        return {
            **self.counts(),
            "adds_up": self.adds_up,
            "prune_skipped": self.prune_skipped,
            "failures": [failure.to_dict() for failure in self.failures],
            "unknown": [list(key) for key in self.unknown],
            "prune_failures": [failure.to_dict() for failure in self.prune_failures],
        }
