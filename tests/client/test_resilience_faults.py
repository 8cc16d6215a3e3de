"""The fault-injection suite, smaller: 150 mixed calls per fault kind against the emulator.

`python -m benchmarks.fault_suite` runs the same thing with 1,000 calls and prints the table.
"""

from __future__ import annotations

import pytest

from benchmarks.fault_suite import Settings, run_fault
from hoopai_calendars.emulator import FAULT_KINDS, FaultKind

pytestmark = pytest.mark.anyio

# The emulator's budget is 50 requests per second, so the client's limiter is busy
# throughout; 150 calls per kind keeps the whole file under a minute.
SETTINGS = Settings(calls=150, rate_limit=50, rate_interval_ms=1000)


@pytest.mark.parametrize("kind", FAULT_KINDS)
async def test_mixed_calls_under_fault(kind: FaultKind) -> None:
    result = await run_fault(kind, SETTINGS)
    assert result.calls == SETTINGS.calls
    assert result.fired > 0  # the fault really happened
    # Each call succeeded or raised the error its fault should cause, within its deadline;
    # no create was re-sent after a send that may have landed; see `_check`.
    assert result.violations == []
    assert result.duplicates == 0
    if kind != "status_429":
        assert result.surfaced_429 == 0  # the limiter kept every 429 from the caller
    assert result.successes >= 0.6 * result.calls
    assert result.retries > 0  # every kind, an unreadable 2xx included, is retried for reads
    # Every create was confirmed, or raised OutcomeUnknownError, or certainly never ran.
    ended = set(result.creates) - {"confirmed", "unknown", "RateLimitError", "DeadlineExceeded"}
    assert not ended, result.creates
