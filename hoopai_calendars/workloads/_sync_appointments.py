"""Bulk appointment sync: make the API match a desired list, resumably and without duplicates.

Order of work: read the checkpoint and skip what a previous run finished; list what
exists for the rest (window by window, per calendar); plan each item against its natural
key (calendar, contact, start instant); apply creates, updates and cancels with bounded
concurrency; look up creates whose outcome is unknown before trying them again; then,
only if asked and only on a complete listing, cancel what is not desired.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import timedelta
from os import PathLike
from typing import TYPE_CHECKING

import anyio

from .._config import RequestOptions
from .._errors import (
    AuthenticationError,
    HoopAIError,
    OutcomeUnknownError,
    RateLimitError,
    ValidationError,
)
from ..models import AppointmentCreate, AppointmentStatus, AppointmentUpdate
from ._checkpoint import FINAL_OUTCOMES, Checkpoint, CheckpointEntry, Outcome, load_checkpoint
from ._checkpoint_store import CheckpointStore
from ._desired import DesiredAppointment, NaturalKey, as_desired
from ._events import EVENT_WINDOW
from ._lock import CheckpointLock
from ._outlast import outlast
from ._plan import Plan, index_events, is_live, plan
from ._progress import Progress, ProgressCallback
from ._report import SyncFailure, SyncReport
from ._sync_listing import Existing, list_existing, spans
from ._time import window_ms

if TYPE_CHECKING:
    from .._client import AsyncClientCore as AsyncCalendarsClient

__all__ = ["sync_appointments"]

logger = logging.getLogger("hoopai_calendars.workloads")

# How many times an outcome-unknown create is looked up (and, if absent, tried again).
RECHECK_ROUNDS = 2


@dataclass(slots=True)
class _Item:
    """One desired appointment on its way through the sync."""

    index: int
    desired: DesiredAppointment
    key: NaturalKey
    fp: str
    # A previous run could not tell whether its create landed: finding it counts as created.
    was_unknown: bool = False

    @property
    def location_id(self) -> str:
        return self.desired.appointment.location_id


def _is_fatal(error: HoopAIError) -> bool:
    # Every further request would fail the same way: stop sending, report the rest.
    if isinstance(error, RateLimitError):
        return error.daily_quota_exhausted
    return isinstance(error, AuthenticationError)


class _Sync:
    """The state of one sync run."""

    def __init__(
        self,
        client: AsyncCalendarsClient,
        report: SyncReport,
        *,
        concurrency: int,
        window: timedelta,
        progress: ProgressCallback | None,
        checkpoint: Checkpoint | CheckpointStore | None,
        options: RequestOptions | None,
    ) -> None:
        self.client, self.report = client, report
        self.concurrency, self.window = concurrency, window
        self.progress, self.checkpoint, self.options = progress, checkpoint, options
        self.unknown: dict[NaturalKey, _Item] = {}
        self.fatal: HoopAIError | None = None

    def tick(self, phase: str, done: int | None = None, total: int | None = None) -> None:
        if self.progress is not None:
            report = self.report
            done = report.done if done is None else done
            total = report.total if total is None else total
            self.progress(Progress(phase, done, total, report.counts()))

    async def record(
        self,
        item: _Item,
        outcome: Outcome,
        event_id: str | None = None,
        error: HoopAIError | None = None,
    ) -> None:
        """Count one outcome, append it to the checkpoint, report progress."""
        report = self.report
        setattr(report, outcome, getattr(report, outcome) + 1)
        if error is not None:
            report.failures.append(SyncFailure(item.index, item.key, error))
        if outcome == "outcome_unknown":
            self.unknown[item.key] = item
        if self.checkpoint is not None:
            await self.checkpoint.record(CheckpointEntry(item.key, item.fp, outcome, event_id))
        self.tick("applying")

    def forget_unknown(self, item: _Item) -> None:
        """Take an outcome-unknown item out of the count before giving it a new outcome."""
        self.report.outcome_unknown -= 1
        del self.unknown[item.key]

    async def execute(self, item: _Item, step: Plan) -> None:
        """Carry out one plan and record its outcome."""
        if self.fatal is not None:
            await self.record(item, "failed", error=self.fatal)
            return
        if step.kind == "unchanged":
            await self.record(item, "created" if item.was_unknown else "unchanged", step.event_id)
            return
        outcome: Outcome
        try:
            if step.kind == "create":
                body = item.desired.appointment
                made = await outlast(
                    self.client, lambda: self.client.appointments.create(body, options=self.options)
                )
                outcome, event_id = "created", made.id
            else:
                assert step.event_id is not None
                assert step.update is not None
                event_id, update = step.event_id, step.update
                await outlast(
                    self.client,
                    lambda: self.client.appointments.update(event_id, update, options=self.options),
                )
                outcome = "cancelled" if step.kind == "cancel" else "updated"
        except OutcomeUnknownError as exc:
            logger.info("create of %s may or may not have landed: %s", item.key, exc)
            await self.record(item, "outcome_unknown")
        except HoopAIError as exc:
            if _is_fatal(exc):
                self.fatal = exc
            await self.record(item, "failed", error=exc)
        else:
            await self.record(item, outcome, event_id)

    async def apply(self, work: Sequence[tuple[_Item, Plan]]) -> None:
        """Run the plans with at most `concurrency` requests in flight."""
        queue = iter(work)

        async def worker() -> None:
            for item, step in queue:
                await self.execute(item, step)

        async with anyio.create_task_group() as group:
            for _ in range(min(self.concurrency, len(work))):
                group.start_soon(worker)

    async def existing_for(
        self, items: Sequence[_Item], on_span: Callable[[int, int], None] | None = None
    ) -> Existing:
        """List what exists in the calendars and ranges of `items`."""
        return await list_existing(
            self.client,
            spans([(item.location_id, item.key) for item in items]),
            window=self.window,
            concurrency=self.concurrency,
            options=self.options,
            on_span=on_span,
        )

    async def reconcile(self, items: Sequence[_Item]) -> None:
        """List what exists for `items`, plan each one, apply the plans."""
        existing = await self.existing_for(
            items, on_span=lambda done, total: self.tick("listing", done, total)
        )
        index = index_events(existing.events)
        work: list[tuple[_Item, Plan]] = []
        for item in items:
            blocked = existing.blocked_error(item.key)
            if blocked is not None:
                # Unlisted is not absent: creating here could book a duplicate.
                await self.record(item, "failed", error=blocked)
            else:
                work.append((item, plan(item.desired, index.get(item.key))))
        await self.apply(work)

    async def recheck(self) -> None:
        """Look outcome-unknown creates up; count the found ones, try the absent ones again."""
        for _ in range(RECHECK_ROUNDS):
            if not self.unknown or self.fatal is not None:
                return
            pending = list(self.unknown.values())
            self.tick("rechecking", 0, len(pending))
            existing = await self.existing_for(pending)
            index = index_events(existing.events)
            retry: list[tuple[_Item, Plan]] = []
            for item in pending:
                if existing.blocked_error(item.key) is not None:
                    continue  # still unknown: never re-POST without having looked
                found = index.get(item.key)
                self.forget_unknown(item)
                if found is not None:
                    self.report.rechecked += 1
                    item.was_unknown = True
                    retry.append((item, plan(item.desired, found)))
                else:
                    retry.append((item, Plan("create")))
            await self.apply(retry)

    async def prune(self, items: Sequence[_Item]) -> None:
        """Cancel live appointments in the desired calendars and range that are not desired."""
        existing = await self.existing_for(items)
        if not existing.complete:
            self.report.prune_skipped = "the listing was incomplete; nothing was cancelled"
            return
        wanted = {item.key for item in items}
        ranges: dict[str, tuple[int, int]] = {}
        for item in items:
            low, high = ranges.get(item.key[0], (item.key[2], item.key[2]))
            ranges[item.key[0]] = (min(low, item.key[2]), max(high, item.key[2]))
        extra = []
        for key, event in index_events(existing.events).items():
            bounds = ranges.get(key[0])
            in_range = bounds is not None and bounds[0] <= key[2] <= bounds[1]
            if in_range and key not in wanted and is_live(event):
                extra.append((key, event.id))
        cancel = AppointmentUpdate(appointment_status=AppointmentStatus.CANCELLED)
        limit = anyio.Semaphore(self.concurrency)

        async def one(key: NaturalKey, event_id: str) -> None:
            async with limit:
                try:
                    await outlast(
                        self.client,
                        lambda: self.client.appointments.update(
                            event_id, cancel, options=self.options
                        ),
                    )
                except HoopAIError as exc:
                    self.report.prune_failures.append(SyncFailure(-1, key, exc))
                else:
                    self.report.pruned += 1

        async with anyio.create_task_group() as group:
            for key, event_id in extra:
                if event_id is not None:
                    group.start_soon(one, key, event_id)


def _admit(
    desired: Iterable[DesiredAppointment | AppointmentCreate],
) -> tuple[list[_Item], list[SyncFailure]]:
    """Key every item; an invalid item or a repeated key fails before anything is sent."""
    items: list[_Item] = []
    rejected: list[SyncFailure] = []
    seen: set[NaturalKey] = set()
    for index, raw in enumerate(desired):
        try:
            item = as_desired(raw)
            key = item.key
        except ValidationError as exc:
            rejected.append(SyncFailure(index, None, exc))
            continue
        if key in seen:
            duplicate = ValidationError("desired", "repeats the natural key of an earlier item")
            rejected.append(SyncFailure(index, key, duplicate))
            continue
        seen.add(key)
        items.append(_Item(index, item, key, item.fingerprint))
    return items, rejected


async def sync_appointments(
    client: AsyncCalendarsClient,
    desired: Iterable[DesiredAppointment | AppointmentCreate],
    *,
    checkpoint: str | PathLike[str] | CheckpointStore | None = None,
    concurrency: int = 8,
    progress: ProgressCallback | None = None,
    prune: bool = False,
    window: timedelta = EVENT_WINDOW,
    options: RequestOptions | None = None,
) -> SyncReport:
    """Create, update or cancel appointments until the API matches `desired`; return a report.

    Items match existing appointments by (calendar, contact, start instant), so running
    twice changes nothing the second time. With `checkpoint` (a JSONL path, or a
    CheckpointStore such as RedisCheckpointStore shared by workers) finished items are
    appended as they complete and skipped by a later run over the same input.
    A create whose outcome is unknown is looked up before it is tried again; a start
    whose listing window failed is never created (it is reported failed). `prune=True`
    also cancels live appointments that are not desired, within each desired calendar
    between its earliest and latest desired start, and only if that listing is complete.
    Cancelling is an update of the status, never a delete. `progress` is called after
    every item, on the event loop: keep it quick. A second run on a checkpoint that is
    in use (in any process) raises CheckpointLockedError before doing anything.
    """
    if concurrency < 1:
        raise ValidationError("concurrency", "must be at least 1")
    window_ms("window", window)  # here, not inside a task group (an ExceptionGroup)
    items, rejected = _admit(desired)
    report = SyncReport(total=len(items) + len(rejected))
    report.failed, report.failures = len(rejected), list(rejected)
    # Held from before the checkpoint is read until its last line is written: a second
    # run on it would book what this one is about to book (CheckpointLockedError).
    # A CheckpointStore (Redis, say) is shared by workers; a path is this process's file.
    shared = checkpoint if isinstance(checkpoint, CheckpointStore) else None
    path = None if isinstance(checkpoint, CheckpointStore) else checkpoint
    with CheckpointLock(path) if path is not None else nullcontext():
        previous = (
            await shared.load() if shared else load_checkpoint(path) if path is not None else {}
        )
        todo: list[_Item] = []
        for item in items:
            entry = previous.get(item.key)
            if entry is not None and entry.fp == item.fp and entry.outcome in FINAL_OUTCOMES:
                setattr(report, entry.outcome, getattr(report, entry.outcome) + 1)
                report.resumed += 1
                continue
            item.was_unknown = entry is not None and entry.outcome == "outcome_unknown"
            todo.append(item)
        writer = shared or (Checkpoint(path) if path is not None else None)
        sync = _Sync(
            client,
            report,
            concurrency=concurrency,
            window=window,
            progress=progress,
            checkpoint=writer,
            options=options,
        )
        try:
            sync.tick("starting")
            if todo:
                await sync.reconcile(todo)
                await sync.recheck()
            if prune and sync.fatal is None:
                await sync.prune(items)
            elif prune:
                report.prune_skipped = f"stopped early: {sync.fatal}"
            report.unknown = sorted(sync.unknown)
            sync.tick("done")
        finally:
            if writer is not None:
                await writer.aclose()
        return report
