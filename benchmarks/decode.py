"""Decode time per body, in process: our typed decode, json.loads, msgspec to dicts, pydantic.

Our figure is `decode_success`, the very function the client calls on a 2xx body
(envelope unwrap and the free-slots decoder included), not a hand-picked Decoder.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import msgspec

from hoopai_calendars._sansio import decode_success
from hoopai_calendars.api._table import GET_CALENDAR_EVENTS, GET_SLOTS

from .bodies import EVENT_COUNTS, events_body, slots_body
from .pydantic_models import PydanticEvents, PydanticFreeSlots

__all__ = ["DECODE_BASELINE", "DECODE_OURS", "DecodeResult", "run_decode"]

DECODE_OURS = "hoopai_calendars (msgspec Structs)"
DECODE_BASELINE = "json.loads"
DECODE_UNTYPED = "msgspec.json.decode (dicts)"
DECODE_PYDANTIC = "pydantic v2 model_validate_json"


@dataclass(frozen=True)
class DecodeResult:
    """Per-body seconds per decode, per decoder, one value per round."""

    bodies: dict[str, int]
    seconds: dict[tuple[str, str], list[float]]


def _decoders(body_kind: str) -> dict[str, Callable[[bytes], object]]:
    row = GET_SLOTS if body_kind == "slots" else GET_CALENDAR_EVENTS
    model = PydanticFreeSlots if body_kind == "slots" else PydanticEvents
    return {
        DECODE_OURS: lambda body: decode_success(row, body),
        DECODE_BASELINE: json.loads,
        DECODE_UNTYPED: msgspec.json.decode,
        DECODE_PYDANTIC: model.model_validate_json,
    }


def _time_per_call(decode: Callable[[bytes], object], body: bytes, seconds: float) -> float:
    """Mean time of back-to-back decodes over about `seconds` (GC left on, as in real use)."""
    calls, started = 0, time.perf_counter()
    elapsed = 0.0
    while elapsed < seconds or calls < 3:
        decode(body)
        calls += 1
        elapsed = time.perf_counter() - started
    return elapsed / calls


def run_decode(*, rounds: int, seconds: float) -> DecodeResult:
    """Time every decoder on every body, interleaved: each round runs them all once."""
    bodies = {"free slots": ("slots", slots_body())}
    for count in EVENT_COUNTS:
        bodies[f"events {count:,}"] = ("events", events_body(count))
    result = DecodeResult({name: len(body) for name, (_, body) in bodies.items()}, {})
    for round_no in range(rounds):
        for name, (kind, body) in bodies.items():
            decoders = list(_decoders(kind).items())
            shift = round_no % len(decoders)
            for label, decode in decoders[shift:] + decoders[:shift]:
                decode(body)  # warm caches (msgspec's decoder, pydantic's validator)
                gc.collect()
                spent = _time_per_call(decode, body, seconds)
                result.seconds.setdefault((name, label), []).append(spent)
                where = f"[decode {round_no + 1}/{rounds}] {name:<13} {label:<36}"
                print(f"{where} {spent * 1e3:8.3f} ms", file=sys.stderr, flush=True)
    return result
