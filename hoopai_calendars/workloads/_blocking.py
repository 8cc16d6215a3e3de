"""Blocking versions of the workloads, taking a `BlockingClientCore` first.

Each wraps its async twin, so the signature, docstring and behaviour are the same: one-shot
workloads run whole on the facade's loop through `client.run`; iterators are stepped there
through `_bridge`, or run whole as one portal task (`BlockingClientCore.stream`).
Callbacks (`progress`) run on the facade's loop thread.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Coroutine, Generator
from typing import Any, Concatenate, ParamSpec, TypeVar

from .._client import AsyncClientCore
from .._sync import BlockingClientCore
from . import _events, _pages, _slots, _sync_appointments
from ._bridge import BlockingEventExport, BlockingIterator
from ._events import EventExport

__all__ = [
    "BlockingEventExport",
    "BlockingIterator",
    "iter_blocked_slots",
    "iter_events",
    "iter_free_slots",
    "iter_location_events",
    "iter_notes",
    "iter_notifications",
    "iter_resources",
    "iter_schedules",
    "poll_free_slots",
    "sync_appointments",
]

P = ParamSpec("P")
T = TypeVar("T")


_ITEM = re.compile(r"^Async(?:Generator|Iterator)\[(.+?)(?:, None)?\]$")


def _mirror(blocking: Callable[..., Any], work: Callable[..., Any], returns: str) -> None:
    """Give `blocking` its own signature for help() and inspect: blocking client, return.

    `functools.wraps` alone makes inspect follow `__wrapped__` to the async signature.
    `returns` may hold `{item}`: the async iterator's item type.
    """
    signature = inspect.signature(work)
    params = list(signature.parameters.values())
    params[0] = params[0].replace(annotation="CalendarsClient")
    found = _ITEM.match(str(signature.return_annotation))
    shown = returns.format(item=found.group(1) if found else "Any")
    blocking.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=params, return_annotation=shown
    )
    blocking.__annotations__ = {
        **work.__annotations__,
        params[0].name: "CalendarsClient",
        "return": shown,
    }


def _run(
    work: Callable[Concatenate[AsyncClientCore, P], Coroutine[Any, Any, T]],
) -> Callable[Concatenate[BlockingClientCore, P], T]:
    """Make a one-shot workload blocking: it runs whole on the facade's loop."""

    @functools.wraps(work)
    def blocking(client: BlockingClientCore, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return client.run(functools.partial(work, client.async_client, *args, **kwargs))

    _mirror(blocking, work, str(inspect.signature(work).return_annotation))
    return blocking


def _stream(
    work: Callable[Concatenate[AsyncClientCore, P], AsyncGenerator[T, None]],
) -> Callable[Concatenate[BlockingClientCore, P], Generator[T, None, None]]:
    """Make a streaming workload a generator; closing it early cancels what is in flight."""

    @functools.wraps(work)
    def blocking(
        client: BlockingClientCore, /, *args: P.args, **kwargs: P.kwargs
    ) -> Generator[T, None, None]:
        return client.stream(functools.partial(work, client.async_client, *args, **kwargs))

    _mirror(blocking, work, "Generator[{item}, None, None]")
    return blocking


def _pages_of(
    work: Callable[Concatenate[AsyncClientCore, P], AsyncIterator[T]],
) -> Callable[Concatenate[BlockingClientCore, P], BlockingIterator[T]]:
    """Make a paged listing a blocking iterator."""

    @functools.wraps(work)
    def blocking(
        client: BlockingClientCore, /, *args: P.args, **kwargs: P.kwargs
    ) -> BlockingIterator[T]:
        return BlockingIterator(client, work(client.async_client, *args, **kwargs))

    _mirror(blocking, work, "BlockingIterator[{item}]")
    return blocking


def _export(
    work: Callable[Concatenate[AsyncClientCore, P], EventExport],
) -> Callable[Concatenate[BlockingClientCore, P], BlockingEventExport]:
    """Make a windowed listing a blocking iterator with the same completeness signal."""

    @functools.wraps(work)
    def blocking(
        client: BlockingClientCore, /, *args: P.args, **kwargs: P.kwargs
    ) -> BlockingEventExport:
        return BlockingEventExport(client, work(client.async_client, *args, **kwargs))

    _mirror(blocking, work, "BlockingEventExport")
    return blocking


poll_free_slots = _run(_slots.poll_free_slots)
iter_free_slots = _stream(_slots.iter_free_slots)
iter_events = _export(_events.iter_events)
iter_blocked_slots = _export(_events.iter_blocked_slots)
iter_location_events = _export(_events.iter_location_events)
iter_notes = _pages_of(_pages.iter_notes)
iter_resources = _pages_of(_pages.iter_resources)
iter_notifications = _pages_of(_pages.iter_notifications)
iter_schedules = _pages_of(_pages.iter_schedules)
sync_appointments = _run(_sync_appointments.sync_appointments)
