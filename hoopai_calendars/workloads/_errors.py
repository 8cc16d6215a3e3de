"""Errors and records of the workloads: a listing that is not complete says so loudly."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .._errors import HoopAIError

__all__ = ["FailedWindow", "IncompleteListingError"]


@dataclass(frozen=True, slots=True)
class FailedWindow:
    """One time window [start_ms, end_ms) whose listing failed, and why.

    `source` names what was listed (e.g. "calendar_id=abc") when a listing spans several.
    """

    start_ms: int
    end_ms: int
    error: HoopAIError
    source: str | None = None


class IncompleteListingError(HoopAIError):
    """A windowed listing finished with windows that failed; what was yielded is partial.

    Never feed a partial listing into delete-missing or cancel-missing logic.
    `failed_windows` says which spans are missing; `yielded` how many items came through.
    """

    def __init__(self, failed_windows: Sequence[FailedWindow], yielded: int) -> None:
        self.failed_windows = tuple(failed_windows)
        self.yielded = yielded
        super().__init__(self.failed_windows, yielded)

    def __str__(self) -> str:
        first = self.failed_windows[0] if self.failed_windows else None
        cause = f"; first: {first.error}" if first is not None else ""
        return (
            f"listing incomplete: {len(self.failed_windows)} window(s) failed after "
            f"{self.yielded} item(s){cause}"
        )
