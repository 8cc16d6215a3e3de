"""Fault-injection suite: mixed calls against the emulator, once per fault kind.

    python -m benchmarks.fault_suite [--calls 1000] [--kinds delay,reset_after] [--seed 7]

For each fault kind a fresh emulator (rate limit scaled down in time so the client's
limiter has work to do) fails a share of all requests that way, while workers make
mixed calls: free slots, calendars.get/list, events.list, appointments.create from a
free slot (verbatim) and appointments.update. Every call is checked: it succeeds or
raises the error that fault should produce, within its deadline; a create is never sent
again after a send that may have reached the server; no appointment exists twice; no
429 reaches the caller unless injected 429s used up its retries; a create whose answer
was lost (a reset, a 2xx cut off mid-body or undecodable) ends in OutcomeUnknownError.
Prints a Markdown table: `fired` faults the emulator injected, `retries` sends beyond one
per call (counted by a wrapping transport), `creates` how the creates ended (confirmed /
OutcomeUnknownError / refused unsent), `server 429s` rejections by the emulator's own rate
limit (the limiter's misses; they are retried), `slowest call` in seconds against the
deadline.
tests/client/test_resilience_faults.py runs `run_fault` with fewer calls.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import time
from collections import Counter
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from hoopai_calendars import (
    AiohttpTransport,
    AsyncCalendarsClient,
    AuthenticationError,
    DeadlineExceeded,
    DecodeError,
    HoopAIError,
    OutcomeUnknownError,
    RateLimitError,
    ReadError,
    ReadTimeout,
    Request,
    Response,
    ServerError,
    Timeout,
    TransportError,
)
from hoopai_calendars.emulator import FAULT_KINDS, Emulator, FaultKind
from hoopai_calendars.models import AppointmentCreate, AppointmentUpdate

# How often each kind of call appears in the mix (free-slot polling dominates real use).
MIX: dict[str, int] = {
    "calendars.free_slots": 30,
    "calendars.get": 15,
    "calendars.list": 10,
    "events.list": 15,
    "appointments.create": 18,
    "appointments.update": 12,
}

# The error an idempotent call may end with once its retries are spent, per fault kind.
IDEMPOTENT_ERRORS: dict[str, tuple[type[HoopAIError], ...]] = {
    "status_429": (RateLimitError,),
    "status_5xx": (ServerError,),
    "html_502": (ServerError,),
    "reset_before": (ReadError,),
    "reset_after": (ReadError,),
    "delay": (ReadTimeout,),
    "malformed_json": (DecodeError,),  # retried like any failed read, then surfaced
    "truncated_2xx": (ReadError,),  # the body was cut off mid-way: retried, then surfaced
    "command_timed_out": (AuthenticationError,),
}
# A create that may have reached the server ends in OutcomeUnknownError instead; only
# errors of requests that certainly did not run may end a create otherwise.
CREATE_ERRORS: dict[str, tuple[type[HoopAIError], ...]] = {
    "status_429": (RateLimitError,),
}
# Attempts of a create that may be followed by another one: nothing reached the handler.
_RESENDABLE = frozenset({"429", "ConnectError", "ConnectTimeout"})
# Timing slack for "within its deadline": scheduling, not policy.
_DEADLINE_SLACK = 1.0

_sends: ContextVar[list[str] | None] = ContextVar("sends", default=None)


@dataclass(frozen=True)
class Settings:
    """One run's shape: sizes, fault odds, the emulator's budget and the client's limits."""

    calls: int = 1000
    probability: float = 0.15
    seed: int = 7
    workers: int = 32
    rate_limit: int = 50
    rate_interval_ms: int = 1000
    deadline: float = 20.0
    timeout: float = 1.0
    delay_seconds: float = 1.5
    calendars: int = 4
    max_retries: int = 2


@dataclass
class FaultResult:
    """What one fault kind's run did, and every rule it broke (`violations`)."""

    fault: str
    calls: int = 0
    sends: int = 0
    fired: int = 0
    successes: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    creates: Counter[str] = field(default_factory=Counter)
    duplicates: int = 0
    surfaced_429: int = 0
    server_429: int = 0
    slowest: float = 0.0
    seconds: float = 0.0
    violations: list[str] = field(default_factory=list)

    @property
    def retries(self) -> int:
        return self.sends - self.calls


class CountingTransport:
    """Wrap a transport and note each send's outcome in the current call's list."""

    def __init__(self, inner: AiohttpTransport) -> None:
        self._inner = inner
        self.sends = 0

    async def send(self, request: Request) -> Response:
        log = _sends.get()
        self.sends += 1
        try:
            response = await self._inner.send(request)
        except TransportError as exc:
            if log is not None:
                log.append(type(exc).__name__)
            raise
        if log is not None:
            log.append(str(response.status))
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


class _Run:
    """The shared state of one run's workers: the slot pool, bookings, results."""

    def __init__(self, emu: Emulator, client: AsyncCalendarsClient, settings: Settings) -> None:
        assert emu.demo is not None
        self.emu, self.client, self.settings = emu, client, settings
        self.calendars = emu.demo.calendar_ids
        self.contacts = emu.demo.contact_ids
        self.random = random.Random(settings.seed)
        self.slots: dict[str, list[str]] = {c: [] for c in self.calendars}
        self.claimed: set[tuple[str, str]] = set()
        self.booked: list[str] = []
        self.start = datetime.now(timezone.utc) + timedelta(days=1)
        self.end = self.start + timedelta(days=30)

    async def free_slots(self, calendar_id: str) -> None:
        found = await self.client.calendars.free_slots(
            calendar_id, start_date=self.start, end_date=self.end
        )
        self.slots[calendar_id] = [s for s in found.slots() if (calendar_id, s) not in self.claimed]

    def _claim(self) -> tuple[str, str] | None:
        for calendar_id in self.random.sample(self.calendars, len(self.calendars)):
            pool = self.slots[calendar_id]
            while pool:
                slot = pool.pop(self.random.randrange(len(pool)))
                if (calendar_id, slot) not in self.claimed:
                    self.claimed.add((calendar_id, slot))
                    return calendar_id, slot
        return None

    async def call(self, op: str) -> str:
        """Make one call of kind `op`; return the kind actually made (fallbacks included)."""
        client, pick = self.client, self.random.choice
        if op == "appointments.create":
            claim = self._claim()
            if claim is not None:
                body = AppointmentCreate(
                    calendar_id=claim[0],
                    location_id=self.emu.location_id,
                    contact_id=pick(self.contacts),
                    start_time=claim[1],  # the free-slot string, verbatim
                )
                made = await client.appointments.create(body)
                if made.id:
                    self.booked.append(made.id)
                return op
            op = "calendars.free_slots"
        if op == "appointments.update" and self.booked:
            update = AppointmentUpdate(title=f"Updated {self.random.randrange(10**6)}")
            await client.appointments.update(pick(self.booked), update)
            return op
        if op in ("appointments.update", "calendars.get"):
            await client.calendars.get(pick(self.calendars))
            return "calendars.get"
        if op == "calendars.list":
            await client.calendars.list(location_id=self.emu.location_id)
        elif op == "events.list":
            await client.events.list(
                location_id=self.emu.location_id,
                calendar_id=pick(self.calendars),
                start_time=self.start,
                end_time=self.end,
            )
        else:
            await self.free_slots(pick(self.calendars))
        return op


def _check(kind: str, op: str, error: BaseException | None, sends: list[str]) -> str | None:
    """Return why this call broke the rules, or None."""
    if error is not None and not isinstance(error, HoopAIError):
        return f"{op}: unexpected {type(error).__name__}: {error}"
    if op == "appointments.create":
        early = [s for s in sends[:-1] if s not in _RESENDABLE]
        if early:
            return f"create re-sent after an attempt that may have landed: {sends}"
        if isinstance(error, TransportError) and error.sent:
            return f"create ended in {type(error).__name__} after sending, not OutcomeUnknownError"
        allowed: tuple[type[BaseException], ...] = (
            OutcomeUnknownError,
            DeadlineExceeded,
            *CREATE_ERRORS.get(kind, ()),
        )
    else:
        allowed = (DeadlineExceeded, *IDEMPOTENT_ERRORS[kind])
    if error is not None and not isinstance(error, allowed):
        return f"{op}: {type(error).__name__} is not what {kind} should cause: {error}"
    if isinstance(error, RateLimitError) and any(s != "429" for s in sends):
        return f"{op}: a 429 surfaced although retries were left: {sends}"
    return None


def _inject(emu: Emulator, kind: FaultKind, settings: Settings) -> None:
    if kind != "status_5xx":
        emu.faults.add(kind, probability=settings.probability, seconds=settings.delay_seconds)
        return
    # One rule per status; each takes a quarter of the odds (the first is rolled first).
    for status in (500, 502, 503, 504):
        emu.faults.add(kind, probability=settings.probability / 4, status=status)


def _duplicates(emu: Emulator, before: set[str]) -> int:
    booked = Counter(
        (a["calendarId"], a["startTime"])
        for key, a in emu.store.appointments.items()
        if key not in before
    )
    return sum(n - 1 for n in booked.values() if n > 1)


async def run_fault(kind: FaultKind, settings: Settings | None = None) -> FaultResult:
    """Run `settings.calls` mixed calls while `kind` hits a share of all requests."""
    settings = settings or Settings()
    result = FaultResult(kind)
    emulator = Emulator(
        seed=f"demo:{settings.calendars}",
        rate_limit=settings.rate_limit,
        rate_interval_ms=settings.rate_interval_ms,
    )
    async with emulator as emu:
        transport = CountingTransport(AiohttpTransport())
        client = AsyncCalendarsClient(
            emu.token,
            base_url=emu.url,
            transport=transport,
            timeout=Timeout(settings.timeout, settings.timeout),
            deadline=settings.deadline,
            max_retries=settings.max_retries,
        )
        try:
            run = _Run(emu, client, settings)
            for calendar_id in run.calendars:  # warm-up: fill the slot pool, no faults yet
                await run.free_slots(calendar_id)
            before = set(emu.store.appointments)
            sends_before = transport.sends
            emu.faults.reseed(settings.seed)
            _inject(emu, kind, settings)
            ops = run.random.choices(list(MIX), weights=list(MIX.values()), k=settings.calls)
            queue: asyncio.Queue[str] = asyncio.Queue()
            for op in ops:
                queue.put_nowait(op)
            started = time.perf_counter()
            workers = [
                asyncio.create_task(_worker(run, kind, queue, result))
                for _ in range(settings.workers)
            ]
            await asyncio.gather(*workers)
            result.seconds = time.perf_counter() - started
            result.sends = transport.sends - sends_before
            result.fired = sum(emu.faults.fired.values())
            # The emulator's own limit, not an injected fault: the client's limiter failed.
            result.server_429 = sum(1 for r in emu.requests if r.status == 429 and not r.fault)
            result.duplicates = _duplicates(emu, before)
        finally:
            await client.close()
            await transport.aclose()
    if result.duplicates:
        result.violations.append(f"{result.duplicates} duplicate appointments")
    if kind != "status_429" and result.surfaced_429:
        result.violations.append(f"{result.surfaced_429} RateLimitErrors reached the caller")
    return result


async def _worker(run: _Run, kind: str, queue: asyncio.Queue[str], result: FaultResult) -> None:
    deadline = run.settings.deadline
    while not queue.empty():
        op = queue.get_nowait()
        sends: list[str] = []
        token = _sends.set(sends)
        error: BaseException | None = None
        started = time.perf_counter()
        try:
            op = await run.call(op)
        except Exception as exc:  # every outcome is recorded and judged below
            error = exc
        finally:
            _sends.reset(token)
        elapsed = time.perf_counter() - started
        result.slowest = max(result.slowest, elapsed)
        result.calls += 1
        if op == "appointments.create":
            ended = "confirmed" if error is None else type(error).__name__
            result.creates["unknown" if ended == "OutcomeUnknownError" else ended] += 1
        if error is None:
            result.successes += 1
        else:
            result.errors[type(error).__name__] += 1
            result.surfaced_429 += isinstance(error, RateLimitError)
        problem = _check(kind, op, error, sends)
        if elapsed > deadline + _DEADLINE_SLACK:
            problem = f"{op} took {elapsed:.1f} s, past its {deadline} s deadline"
        if problem is not None:
            result.violations.append(problem)


async def run_suite(
    kinds: Sequence[FaultKind] = FAULT_KINDS, settings: Settings | None = None
) -> list[FaultResult]:
    """Run every fault kind in turn, each against a fresh emulator."""
    return [await run_fault(kind, settings) for kind in kinds]


def markdown(results: Sequence[FaultResult]) -> str:
    """Render the results as a Markdown table."""
    lines = [
        "| fault | calls | fired | retries | successes | errors by type "
        "| creates ok / unknown / unsent | duplicates "
        "| 429s surfaced | server 429s | slowest call s | violations | run s |",
        "|---|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        errors = ", ".join(f"{name} {n}" for name, n in sorted(r.errors.items())) or "none"
        c = r.creates
        unsent = sum(c.values()) - c["confirmed"] - c["unknown"]
        lines.append(
            f"| {r.fault} | {r.calls} | {r.fired} | {r.retries} | {r.successes} | {errors} "
            f"| {c['confirmed']} / {c['unknown']} / {unsent} | {r.duplicates} "
            f"| {r.surfaced_429} | {r.server_429} | {r.slowest:.2f} "
            f"| {len(r.violations)} | {r.seconds:.1f} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, run the suite, print the table; exit 1 if any rule was broken."""
    parser = argparse.ArgumentParser(description="Run the fault-injection suite.")
    parser.add_argument("--calls", type=int, default=1000, help="calls per fault kind")
    parser.add_argument("--kinds", default=",".join(FAULT_KINDS), help="comma-separated")
    parser.add_argument("--probability", type=float, default=0.15, help="per request")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=32, help="concurrent callers")
    args = parser.parse_args(argv)
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = set(kinds) - set(FAULT_KINDS)
    if unknown:
        parser.error(f"unknown fault kinds {sorted(unknown)}; choose from {FAULT_KINDS}")
    settings = Settings(
        calls=args.calls, probability=args.probability, seed=args.seed, workers=args.workers
    )
    # The emulator logs a traceback when a client hangs up before the handler read the
    # body, which the `delay` kind makes happen on purpose: not a finding here.
    logging.getLogger("hoopai_calendars.emulator").setLevel(logging.CRITICAL)
    results = asyncio.run(run_suite(kinds, settings))
    print(markdown(results))
    for r in results:
        for problem in r.violations[:20]:
            print(f"- {r.fault}: {problem}")
    return 1 if any(r.violations for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
