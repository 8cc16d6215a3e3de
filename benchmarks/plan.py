"""What a run measures: the scenarios of each server, and how long and how often."""

from __future__ import annotations

from dataclasses import dataclass

from .bodies import EVENT_COUNTS
from .clients_async import HTTPX, OFFICIAL, OURS, RAW_JSON, RAW_MSGSPEC, RAW_READ
from .clients_sync import FACADE, REQUESTS
from .http_suite import Scenario
from .targets import emulator_slots, events, free_slots

__all__ = ["FULL", "QUICK", "Settings", "emulator_scenarios", "plain_scenarios"]


@dataclass(frozen=True)
class Settings:
    """Rounds (every figure is a median of these), seconds per client per scenario and round,
    seconds per decoder per body and round, and how many decoded events to hold."""

    name: str
    rounds: int
    duration: float
    decode_seconds: float
    memory_events: int


FULL = Settings("full", rounds=5, duration=1.0, decode_seconds=0.25, memory_events=100_000)
QUICK = Settings("quick", rounds=3, duration=0.25, decode_seconds=0.05, memory_events=20_000)

_ASYNC = (OURS, RAW_MSGSPEC, RAW_JSON, RAW_READ, HTTPX, OFFICIAL)
_SYNC = (FACADE, REQUESTS)


def plain_scenarios() -> list[Scenario]:
    """Every client on free slots and both events lists at concurrency 1 and 64, ours and the
    baseline 8 wide on free slots; the blocking clients from 1 and 8 threads on free slots and
    the 1,000-event list."""
    bodies = [free_slots()] + [events(n) for n in EVENT_COUNTS]
    scenarios = [
        Scenario(target, "async", width, _ASYNC, RAW_MSGSPEC)
        for target in bodies
        for width in (1, 64)
    ]
    # Issue 3 compares the facade from 8 threads with the async client 8 wide.
    scenarios.append(Scenario(free_slots(), "async", 8, (OURS, RAW_MSGSPEC), RAW_MSGSPEC))
    scenarios += [
        Scenario(target, "threads", width, _SYNC, REQUESTS)
        for target in (free_slots(), events(max(EVENT_COUNTS)))
        for width in (1, 8)
    ]
    return scenarios


def emulator_scenarios() -> list[Scenario]:
    """Ours against the baseline on the emulator: free slots and 1,000 events, 1 and 64 wide;
    the facade against requests on free slots from 1 and 8 threads."""
    slots = emulator_slots()
    scenarios = [
        Scenario(target, "async", width, (OURS, RAW_MSGSPEC), RAW_MSGSPEC)
        for target in (slots, events(max(EVENT_COUNTS)))
        for width in (1, 64)
    ]
    scenarios += [Scenario(slots, "threads", width, _SYNC, REQUESTS) for width in (1, 8)]
    return scenarios
