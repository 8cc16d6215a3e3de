"""Interleaved HTTP measurements: every round runs every scenario once per client.

Clients are opened once and kept (warm pools, as in a long-lived program). Within a
round each scenario runs its clients back to back in an order that rotates from round
to round, so a noisy second on a shared machine hits different clients each time and
a ratio is always taken between runs of the same round.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal

from hoopai_calendars.models import DaySlots, FreeSlots

from .clients_async import AsyncBench
from .clients_sync import SyncBench
from .runner import Sample, run_async, run_threads
from .targets import Target

__all__ = ["Scenario", "SuiteResult", "run_suite"]


@dataclass(frozen=True)
class Scenario:
    """One load shape: a target, asyncio tasks or threads, how many, and who runs it."""

    target: Target
    mode: Literal["async", "threads"]
    width: int
    clients: tuple[str, ...]
    baseline: str

    @property
    def title(self) -> str:
        unit = "concurrency" if self.mode == "async" else "threads"
        return f"{self.target.label}, {unit} {self.width}"


@dataclass
class SuiteResult:
    """Samples per (scenario title, client label), one per round, in round order."""

    scenarios: list[Scenario]
    samples: dict[tuple[str, str], list[Sample]] = field(default_factory=dict)

    def runs(self, scenario: Scenario, client: str) -> list[Sample]:
        return self.samples[(scenario.title, client)]


def count_items(result: object) -> int:
    """How many slots or events a decoded answer holds, whatever shape the client returns."""
    if isinstance(result, FreeSlots):
        return len(result.all)  # len() of a FreeSlots counts its days
    if isinstance(result, list):
        return len(result)
    if isinstance(result, dict):
        if isinstance(result.get("events"), list):
            return len(result["events"])
        total = 0
        for day in result.values():
            if isinstance(day, dict):
                total += len(day["slots"])
            elif isinstance(day, DaySlots):
                total += len(day.slots)
        return total
    raise TypeError(f"unexpected result type {type(result).__name__}")


def _check(label: str, target: Target, result: object) -> None:
    # Every client must really decode the whole body, or its figures mean nothing.
    if result is None or not target.items:
        return
    found = count_items(result)
    if found != target.items:
        raise RuntimeError(
            f"{label} decoded {found} items of {target.label}, expected {target.items}"
        )


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def run_suite(
    base_url: str,
    scenarios: Sequence[Scenario],
    async_clients: Sequence[AsyncBench],
    sync_clients: Sequence[SyncBench],
    *,
    rounds: int,
    duration: float,
    name: str,
) -> SuiteResult:
    """Open every client, warm each scenario, then run `rounds` interleaved rounds."""
    by_label_async = {c.label: c for c in async_clients}
    by_label_sync = {c.label: c for c in sync_clients}
    threads = max([s.width for s in scenarios if s.mode == "threads"], default=1)
    loop = asyncio.new_event_loop()
    pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="bench")
    result = SuiteResult(list(scenarios))

    def measure(scenario: Scenario, label: str, seconds: float) -> Sample:
        target, width = scenario.target, scenario.width
        if scenario.mode == "async":
            client = by_label_async[label]
            return loop.run_until_complete(
                run_async(lambda: client.call(target), width, seconds, min_calls=width)
            )
        sync = by_label_sync[label]
        return run_threads(pool, lambda: sync.call(target), width, seconds, min_calls=width)

    try:
        for client in async_clients:
            loop.run_until_complete(client.start(base_url))
        for sync in sync_clients:
            sync.start(base_url)
        for scenario in scenarios:
            for label in scenario.clients:
                if scenario.mode == "async":
                    answer = loop.run_until_complete(by_label_async[label].call(scenario.target))
                else:
                    answer = by_label_sync[label].call(scenario.target)
                _check(label, scenario.target, answer)
                # Opens the pool to full width and lets caches settle before anything counts.
                measure(scenario, label, duration / 4)
        for round_no in range(rounds):
            for scenario in scenarios:
                shift = round_no % len(scenario.clients)
                order = scenario.clients[shift:] + scenario.clients[:shift]
                for label in order:
                    sample = measure(scenario, label, duration)
                    result.samples.setdefault((scenario.title, label), []).append(sample)
                    _log(
                        f"[{name} {round_no + 1}/{rounds}] {scenario.title:<34} {label:<36}"
                        f" {sample.rate:9,.0f}/s  {sample.cpu_per_1k:7.3f} CPU s/1k"
                    )
    finally:
        for client in async_clients:
            loop.run_until_complete(client.close())
        for sync in sync_clients:
            sync.close()
        pool.shutdown()
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
    # Samples were stored in the rotated order of each round; their list index is the round.
    return result
