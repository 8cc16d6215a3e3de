"""The `demo` subcommand: many calendars, polled and booked concurrently, against an emulator.

Everything runs in this process over loopback HTTP: an emulator seeded with demo data and
an AsyncCalendarsClient with its default rate limiter, so the run shows the client pacing
itself under the API's 100 requests / 10 s rather than collecting 429s. Free slots go
through the polling workload, so `--days` over the API's 31 days is split into windows.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TypeVar

from .. import AsyncCalendarsClient, HoopAIError, RateLimitError
from ..api import RATE_LIMIT_INTERVAL_MS, RATE_LIMIT_MAX
from ..emulator import DemoData, Emulator
from ..models import AppointmentCreate, FreeSlots
from ..workloads import poll_free_slots
from ._progress import Display

__all__ = ["DemoReport", "percentile", "report_dict", "run_demo_async"]

T = TypeVar("T")
_DAY_MS = 86_400_000


@dataclass
class DemoReport:
    """What one demo run did and measured."""

    calendars: int = 0
    slots_seen: int = 0
    without_slots: int = 0
    bookings: int = 0
    verified: int = 0
    latencies: list[float] = field(default_factory=list)
    surfaced_429: int = 0
    server_429: int = 0
    requests: int = 0
    # The emulator's burst budget, as the API's: (requests, per seconds).
    budget: tuple[int, float] = (RATE_LIMIT_MAX, RATE_LIMIT_INTERVAL_MS / 1000)
    errors: list[str] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)
    wall: float = 0.0

    @property
    def ok(self) -> bool:
        """Tell whether something was booked and every booking was read back."""
        return self.bookings > 0 and self.verified == self.bookings and not self.errors


def percentile(values: Sequence[float], pct: float) -> float:
    """Return the nearest-rank percentile of `values` (0 when there are none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


class _Tally:
    """Count finished calls per phase and show them on the progress display."""

    def __init__(self, display: Display | None) -> None:
        self.display = display
        self.phase, self.done, self.total = "", 0, 0

    def start(self, phase: str, total: int) -> None:
        self.phase, self.done, self.total = phase, 0, total
        if self.display is not None:
            self.display.update(phase, 0, total)

    def tick(self) -> None:
        self.done += 1
        if self.display is not None:
            self.display.update(self.phase, self.done, self.total)


_NO_TALLY = _Tally(None)


async def _guarded(
    report: DemoReport, what: str, call: Awaitable[T], tally: _Tally = _NO_TALLY
) -> T | None:
    """Await `call`; record an SDK error in the report instead of abandoning the run."""
    try:
        return await call
    except HoopAIError as exc:
        if isinstance(exc, RateLimitError):
            report.surfaced_429 += 1
        report.errors.append(f"{what}: {exc}")
        return None
    finally:
        tally.tick()


async def _slots_of(
    client: AsyncCalendarsClient, calendar_id: str, start: int, end: int
) -> FreeSlots:
    (result,) = await poll_free_slots(client, [calendar_id], start, end)
    if result.error is not None:
        raise result.error
    assert result.slots is not None
    return result.slots


async def _timed_free_slots(
    client: AsyncCalendarsClient,
    report: DemoReport,
    calendar_id: str,
    start: int,
    end: int,
    tally: _Tally = _NO_TALLY,
) -> FreeSlots | None:
    began = time.perf_counter()
    call = _slots_of(client, calendar_id, start, end)
    found = await _guarded(report, f"free slots of {calendar_id}", call, tally)
    if found is not None:
        report.latencies.append(time.perf_counter() - began)
    return found


async def _poll(
    client: AsyncCalendarsClient,
    report: DemoReport,
    ids: list[str],
    start: int,
    end: int,
    tally: _Tally = _NO_TALLY,
) -> list[FreeSlots | None]:
    """Ask every calendar for its free slots at once."""
    tally.start("polling", len(ids))
    polled = await asyncio.gather(
        *(_timed_free_slots(client, report, cid, start, end, tally) for cid in ids)
    )
    report.slots_seen = sum(len(found.all) for found in polled if found is not None)
    report.without_slots = sum(1 for found in polled if found is not None and not found.days)
    return polled


async def _book(
    client: AsyncCalendarsClient,
    demo: DemoData,
    report: DemoReport,
    offers: list[tuple[str, FreeSlots | None]],
    tally: _Tally = _NO_TALLY,
) -> list[tuple[str, str, str]]:
    """Book each calendar's first slot, sending the slot string back verbatim."""
    wanted = [
        (cid, found.slots()[0], demo.contact_ids[n % len(demo.contact_ids)])
        for n, (cid, found) in enumerate(offers)
        if found is not None and found.days
    ]
    tally.start("booking", len(wanted))
    booked = await asyncio.gather(
        *(
            _guarded(
                report,
                f"booking {slot} on {cid}",
                client.appointments.create(
                    AppointmentCreate(
                        calendar_id=cid,
                        location_id=demo.location_id,
                        contact_id=contact,
                        start_time=slot,
                    )
                ),
                tally,
            )
            for cid, slot, contact in wanted
        )
    )
    made = [
        (cid, slot, appointment.id)
        for (cid, slot, _), appointment in zip(wanted, booked, strict=True)
        if appointment is not None and appointment.id is not None
    ]
    report.bookings = len(made)
    return made


async def _verify(
    client: AsyncCalendarsClient,
    demo: DemoData,
    report: DemoReport,
    bookings: list[tuple[str, str, str]],
    start: int,
    end: int,
    tally: _Tally = _NO_TALLY,
) -> None:
    """List each calendar's events and find every booking by id and exact start string."""
    tally.start("verifying", len(bookings))
    listed = await asyncio.gather(
        *(
            _guarded(
                report,
                f"events of {cid}",
                client.events.list(
                    location_id=demo.location_id, calendar_id=cid, start_time=start, end_time=end
                ),
                tally,
            )
            for cid, _, _ in bookings
        )
    )
    for (cid, slot, event_id), events in zip(bookings, listed, strict=True):
        if any(e.id == event_id and e.start_time == slot for e in events or ()):
            report.verified += 1
        elif events is not None:
            report.errors.append(f"booking {event_id} at {slot} not found on {cid}")


async def _exercise(
    client: AsyncCalendarsClient,
    demo: DemoData,
    report: DemoReport,
    start: int,
    end: int,
    tally: _Tally = _NO_TALLY,
) -> None:
    """List the calendars, then poll, book and verify; each phase runs its calls concurrently."""
    clock = time.perf_counter()
    calendars = await client.calendars.list(location_id=demo.location_id)
    ids = [c.id for c in calendars if c.id is not None]
    report.calendars = len(ids)
    report.phases["list"] = time.perf_counter() - clock

    clock = time.perf_counter()
    polled = await _poll(client, report, ids, start, end, tally)
    report.phases["poll"] = time.perf_counter() - clock

    clock = time.perf_counter()
    bookings = await _book(client, demo, report, list(zip(ids, polled, strict=True)), tally)
    report.phases["book"] = time.perf_counter() - clock

    clock = time.perf_counter()
    await _verify(client, demo, report, bookings, start, end, tally)
    report.phases["verify"] = time.perf_counter() - clock


async def run_demo_async(
    calendars: int = 50, days: int = 7, display: Display | None = None
) -> DemoReport:
    """Run the demo against a fresh in-process emulator and return its report."""
    tally = _Tally(display)
    report = DemoReport()
    began = time.perf_counter()
    async with Emulator() as emu:
        demo = emu.seed_demo(calendars)
        start = emu.state.now_ms()
        sleep = display.sleep if display is not None else asyncio.sleep
        async with AsyncCalendarsClient(emu.token, base_url=emu.url, sleep=sleep) as client:
            try:
                await _exercise(client, demo, report, start, start + days * _DAY_MS, tally)
            except HoopAIError as exc:  # listing the calendars failed: nothing to go on
                report.errors.append(f"listing calendars: {exc}")
        log = emu.requests
    report.requests = len(log)
    report.budget = (emu.state.limiter.limit, emu.state.limiter.interval_ms / 1000)
    report.server_429 = sum(1 for record in log if record.status == 429)
    report.wall = time.perf_counter() - began
    return report


def _summary(report: DemoReport, days: int) -> str:
    p50, p95 = percentile(report.latencies, 50), percentile(report.latencies, 95)
    lines = [
        "HoopAI Calendars demo: in-process emulator, no network, no credentials",
        f"  calendars        {report.calendars}",
        f"  free slots seen  {report.slots_seen} over {days} day(s)"
        + (f" ({report.without_slots} calendars had none)" if report.without_slots else ""),
        f"  bookings         {report.bookings} (first slot of each calendar, sent verbatim)",
        f"  verified         {report.verified}/{report.bookings} (listed back by id and exact "
        "start string)",
        f"  free-slot calls  {len(report.latencies)} concurrent: p50 {p50 * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms",
        f"  429s surfaced    {report.surfaced_429} (the server answered 429 "
        f"{report.server_429} times in {report.requests} requests)",
        "  phases           " + ", ".join(f"{k} {v:.2f} s" for k, v in report.phases.items()),
        f"  wall time        {report.wall:.2f} s",
    ]
    limit, per = report.budget
    if report.requests > limit:
        lines.append(
            f"  ({report.requests} requests > the API's {limit} per {per:g} s: the client's "
            "limiter held some until the next window instead of collecting 429s)"
        )
    return "\n".join(lines)


def report_dict(report: DemoReport, days: int) -> dict[str, object]:
    """The report as JSON-ready data (`demo --json`)."""
    data = asdict(report)
    latencies = data.pop("latencies")
    data.update(
        days=days,
        ok=report.ok,
        free_slot_calls=len(latencies),
        p50_ms=percentile(latencies, 50) * 1000,
        p95_ms=percentile(latencies, 95) * 1000,
    )
    return data
