"""Memory held by decoded events: many events kept alive, measured with tracemalloc.

tracemalloc counts the bytes Python's allocators hand out (msgspec, pydantic-core and
json all allocate objects through them), so the figure is what the held objects cost,
not the process's RSS with its allocator slack.
"""

from __future__ import annotations

import gc
import json
import sys
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

from hoopai_calendars._sansio import decode_success
from hoopai_calendars.api._table import GET_CALENDAR_EVENTS

from .bodies import events_body
from .pydantic_models import PydanticEvents

__all__ = ["MEMORY_DICTS", "MEMORY_OURS", "MEMORY_PYDANTIC", "MemoryResult", "run_memory"]

MEMORY_OURS = "hoopai_calendars (Event Structs)"
MEMORY_DICTS = "json.loads (dicts)"
MEMORY_PYDANTIC = "pydantic v2 models"
_PER_BODY = 1000


@dataclass(frozen=True)
class MemoryResult:
    """Bytes held per decoder, one value per round, for `events` events."""

    events: int
    held: dict[str, list[float]]


def _decoders() -> dict[str, Callable[[bytes], object]]:
    return {
        MEMORY_OURS: lambda body: decode_success(GET_CALENDAR_EVENTS, body),
        MEMORY_DICTS: lambda body: json.loads(body)["events"],
        MEMORY_PYDANTIC: lambda body: PydanticEvents.model_validate_json(body).events,
    }


def _held(decode: Callable[[bytes], object], body: bytes, copies: int) -> int:
    """Bytes still allocated after decoding `copies` bodies and keeping every result."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = [decode(body) for _ in range(copies)]
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del kept
    return after - before


def run_memory(*, rounds: int, events: int) -> MemoryResult:
    """Hold `events` decoded events (bodies of 1,000) per decoder, `rounds` times, interleaved."""
    body = events_body(_PER_BODY)
    copies = max(1, events // _PER_BODY)
    decoders = list(_decoders().items())
    result = MemoryResult(copies * _PER_BODY, {})
    for _, decode in decoders:
        decode(body)  # build decoders and validators outside the measurement
    for round_no in range(rounds):
        shift = round_no % len(decoders)
        for label, decode in decoders[shift:] + decoders[:shift]:
            held = _held(decode, body, copies)
            result.held.setdefault(label, []).append(held)
            print(
                f"[memory {round_no + 1}/{rounds}] {label:<36} {held / 2**20:8.1f} MiB",
                file=sys.stderr,
                flush=True,
            )
    return result
