"""The asyncio clients under test, behind one small interface: start, call(target), close."""

from __future__ import annotations

import json
from typing import Any, Protocol

import aiohttp
import httpx
import msgspec

from hoopai_calendars import AsyncCalendarsClient
from hoopai_calendars.models import DaySlots, Event

from .bodies import LOCATION_ID, TOKEN
from .targets import RAW_HEADERS, Target

__all__ = [
    "OURS",
    "RAW_JSON",
    "RAW_MSGSPEC",
    "AsyncBench",
    "async_clients",
]

OURS = "hoopai_calendars (async)"
RAW_MSGSPEC = "raw aiohttp + msgspec"
RAW_JSON = "raw aiohttp + json.loads"
RAW_READ = "raw aiohttp, no decode (reference)"
HTTPX = "httpx.AsyncClient + .json()"
OFFICIAL = "gohighlevel-api-client 3.0.0"


class AsyncBench(Protocol):
    """One client: `start` opens it (no request), `call` makes one request and decodes it."""

    label: str

    async def start(self, base_url: str) -> None: ...

    async def call(self, target: Target) -> object: ...

    async def close(self) -> None: ...


class Ours:
    """Our client as users build it; the plain server would 429 nobody, so no limiter there."""

    def __init__(self, *, rate_limit: bool) -> None:
        self.label = OURS
        self._rate_limit = rate_limit
        self._client: AsyncCalendarsClient | None = None

    async def start(self, base_url: str) -> None:
        self._client = AsyncCalendarsClient(TOKEN, base_url=base_url, rate_limit=self._rate_limit)

    async def call(self, target: Target) -> object:
        assert self._client is not None
        start, end = target.window
        if target.kind == "slots":
            return await self._client.calendars.free_slots(
                target.calendar_id, start_date=start, end_date=end
            )
        return await self._client.events.list(
            location_id=LOCATION_ID, start_time=start, end_time=end, calendar_id=target.calendar_id
        )

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()


class _EventsEnvelope(msgspec.Struct, gc=False):
    events: list[Event]


# The same Structs our client decodes into: the gap to it is the client's own overhead.
_SLOTS_DECODER = msgspec.json.Decoder(dict[str, DaySlots | str])
_EVENTS_DECODER = msgspec.json.Decoder(_EventsEnvelope)


def _msgspec_decode(kind: str, body: bytes) -> object:
    if kind == "slots":
        return _SLOTS_DECODER.decode(body)
    return _EVENTS_DECODER.decode(body).events


def _json_decode(kind: str, body: bytes) -> object:
    return json.loads(body)


def _no_decode(kind: str, body: bytes) -> object:
    return None


_RAW_DECODERS = {RAW_MSGSPEC: _msgspec_decode, RAW_JSON: _json_decode, RAW_READ: _no_decode}


class RawAiohttp:
    """What a hand-written aiohttp client does: one session, GET, read, decode."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._decode = _RAW_DECODERS[label]
        self._session: aiohttp.ClientSession | None = None
        self._base = ""

    async def start(self, base_url: str) -> None:
        self._base = base_url
        self._session = aiohttp.ClientSession(headers=RAW_HEADERS)

    async def call(self, target: Target) -> object:
        assert self._session is not None
        async with self._session.get(self._base + target.path()) as response:
            response.raise_for_status()
            body = await response.read()
        return self._decode(target.kind, body)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


class Httpx:
    """httpx.AsyncClient with its default limits, as users (and the official SDK) get it."""

    def __init__(self) -> None:
        self.label = HTTPX
        self._client: httpx.AsyncClient | None = None

    async def start(self, base_url: str) -> None:
        self._client = httpx.AsyncClient(base_url=base_url, headers=RAW_HEADERS)

    async def call(self, target: Target) -> object:
        assert self._client is not None
        response = await self._client.get(target.path())
        response.raise_for_status()
        return response.json()

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()


class Official:
    """The official SDK from PyPI (`highlevel.HighLevel`), pointed at the local server.

    It reads its base URL from the class attribute `BASE_URL` when it builds its
    httpx client, so a subclass carrying the local URL is the supported way in.
    """

    def __init__(self) -> None:
        self.label = OFFICIAL
        self._ghl: Any = None

    async def start(self, base_url: str) -> None:
        from highlevel import HighLevel  # type: ignore[import-untyped]

        local = type("LocalHighLevel", (HighLevel,), {"BASE_URL": base_url})
        self._ghl = local(private_integration_token=TOKEN)

    async def call(self, target: Target) -> object:
        start, end = target.window
        if target.kind == "slots":
            return await self._ghl.calendars.get_slots(
                calendar_id=target.calendar_id, start_date=start, end_date=end
            )
        return await self._ghl.calendars.get_calendar_events(
            location_id=LOCATION_ID,
            start_time=str(start),
            end_time=str(end),
            calendar_id=target.calendar_id,
        )

    async def close(self) -> None:
        if self._ghl is not None:
            await self._ghl.close()


def async_clients(*, emulator: bool) -> list[AsyncBench]:
    """The clients of a run; against the emulator only ours (limiter on) and the baseline."""
    if emulator:
        return [Ours(rate_limit=True), RawAiohttp(RAW_MSGSPEC)]
    return [
        Ours(rate_limit=False),
        RawAiohttp(RAW_MSGSPEC),
        RawAiohttp(RAW_JSON),
        RawAiohttp(RAW_READ),
        Httpx(),
        Official(),
    ]
