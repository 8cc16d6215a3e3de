"""Summaries of repeated runs: median with min-max, and same-round ratios against a baseline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

__all__ = ["Summary", "ratios", "summarize"]


@dataclass(frozen=True)
class Summary:
    """The median and the range of one figure over the runs."""

    median: float
    low: float
    high: float
    runs: int

    def format(self, digits: int = 2, *, suffix: str = "") -> str:
        """`1.23 (1.10-1.31)`, or just the median when every run agreed."""
        text = f"{self.median:,.{digits}f}{suffix}"
        if self.runs > 1 and (round(self.low, digits), round(self.high, digits)) != (
            round(self.median, digits),
            round(self.median, digits),
        ):
            text += f" ({self.low:,.{digits}f}-{self.high:,.{digits}f})"
        return text


def summarize(values: Sequence[float]) -> Summary:
    """Median, min and max of the runs."""
    if not values:
        raise ValueError("no runs to summarize")
    return Summary(median(values), min(values), max(values), len(values))


def ratios(values: Sequence[float], baseline: Sequence[float]) -> list[float]:
    """Run-by-run ratios: each run is divided by the baseline measured in the same round."""
    if len(values) != len(baseline):
        raise ValueError("ratios need one baseline run per run")
    return [value / base for value, base in zip(values, baseline, strict=True)]
