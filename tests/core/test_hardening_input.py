"""Input that cannot be sent as meant is a ValidationError naming it, before anything is sent.

Lone surrogates, over-long URLs, body fields of the wrong type, and ids equal to a fixed
path word (which would call another endpoint); checked on both transports.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from hoopai_calendars import (
    AiohttpTransport,
    AsyncCalendarsClient,
    HttpxTransport,
    Transport,
    ValidationError,
)
from hoopai_calendars._sansio import MAX_URL_LENGTH, build_request
from hoopai_calendars._transport import Timeout
from hoopai_calendars.api import Endpoint
from hoopai_calendars.api._table import ENDPOINTS, GET_CALENDAR
from hoopai_calendars.emulator import DemoData, Emulator
from hoopai_calendars.models import AppointmentCreate, GroupStatusUpdate

pytestmark = pytest.mark.anyio

Call = Callable[[AsyncCalendarsClient, DemoData], Any]


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(seed="demo:1", rate_limit=10_000) as emulator:
        yield emulator


@pytest.fixture(params=["aiohttp", "httpx"])
async def transport(request: pytest.FixtureRequest) -> AsyncIterator[Transport]:
    made: Transport = AiohttpTransport() if request.param == "aiohttp" else HttpxTransport()
    yield made
    await made.aclose()


def _booking(d: DemoData, **fields: Any) -> AppointmentCreate:
    return AppointmentCreate(
        calendar_id=d.calendar_ids[0],
        location_id=d.location_id,
        contact_id=d.contact_ids[0],
        start_time="2030-01-07T15:00:00Z",
        **fields,
    )


# (what is wrong, the call, the parameter the error must name)
REFUSED: list[tuple[str, Call, str]] = [
    ("surrogate id", lambda c, d: c.calendars.get("cal\ud800"), "calendar_id"),
    (
        "surrogate query value",
        lambda c, d: c.calendars.list(location_id="\udc00"),
        "location_id",
    ),
    (
        "surrogate body string",
        lambda c, d: c.appointments.create(_booking(d, title="Hi \ud83d")),
        "body.title",
    ),
    ("over-long id", lambda c, d: c.calendars.get("x" * 70_000), "calendar_id"),
    (
        "over-long query value",
        lambda c, d: c.calendars.list(location_id="L" * (MAX_URL_LENGTH + 1)),
        "location_id",
    ),
    (
        "body field of the wrong type",
        lambda c, d: c.groups.set_status("g1", GroupStatusUpdate(is_active=7)),  # type: ignore[arg-type]
        "body.isActive",
    ),
    (
        "body value that cannot be encoded",
        lambda c, d: c.appointments.create(_booking(d, title=object())),  # type: ignore[arg-type]
        "body.title",
    ),
    ("fixed path word as an id", lambda c, d: c.calendars.get("groups"), "calendar_id"),
    (
        "fixed path word in another case",
        lambda c, d: c.schedules.get("Search"),
        "schedule_id",
    ),
    ("fixed path word, a write", lambda c, d: c.calendars.delete("events"), "calendar_id"),
]


@pytest.mark.parametrize(("case", "call", "param"), REFUSED, ids=[r[0] for r in REFUSED])
async def test_unsendable_input_is_refused_naming_it_before_anything_is_sent(
    emu: Emulator, transport: Transport, case: str, call: Call, param: str
) -> None:
    assert isinstance(emu.demo, DemoData)
    before = len(emu.requests)
    async with AsyncCalendarsClient(emu.token, base_url=emu.url, transport=transport) as client:
        with pytest.raises(ValidationError) as info:
            await call(client, emu.demo)
    assert info.value.param == param
    assert info.value.operation is not None
    assert len(emu.requests) == before  # nothing reached the server


async def test_ordinary_input_still_goes_through(emu: Emulator, transport: Transport) -> None:
    demo = emu.demo
    assert isinstance(demo, DemoData)
    async with AsyncCalendarsClient(emu.token, base_url=emu.url, transport=transport) as client:
        calendar = await client.calendars.get(demo.calendar_ids[0])
        listed = await client.calendars.list(location_id=demo.location_id)
        made = await client.appointments.create(
            _booking(demo, title="Café ☕ 🎉", ignore_free_slot_validation=True)
        )
    assert calendar.id == demo.calendar_ids[0]
    assert listed
    assert made.title == "Café ☕ 🎉"


def test_a_wrong_body_type_names_the_field_and_a_right_one_passes() -> None:
    row = next(r for r in ENDPOINTS if r.name == "groups.set_status")
    with pytest.raises(ValidationError, match="Expected `bool`, got `int`") as info:
        _build(row, ["g1"], GroupStatusUpdate(is_active=7))  # type: ignore[arg-type]
    assert info.value.param == "body.isActive"
    assert _build(row, ["g1"], GroupStatusUpdate(is_active=False)) == b'{"isActive":false}'


# --- finding 8: ids that would route elsewhere, derived here independently --------------------


def _template(row: Endpoint) -> re.Pattern[str]:
    return re.compile(
        "^" + re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(row.path.rstrip("/"))) + "/?$"
    )


def _collisions() -> list[tuple[Endpoint, int, str, str]]:
    """Every (row, parameter, word, other row) where the word as that id reaches the other."""
    words = {s for row in ENDPOINTS for s in row.path.split("/") if s and "{" not in s}
    found = []
    for row in ENDPOINTS:
        for i, param in enumerate(row.path_params):
            if param.choices:
                continue  # a closed set of values: never a fixed word
            for word in sorted(words):
                args = [word if j == i else "id1" for j in range(len(row.path_params))]
                wires = [p.wire for p in row.path_params]
                path = row.path.format_map(dict(zip(wires, args, strict=True)))
                found.extend(
                    (row, i, word, other.name)
                    for other in ENDPOINTS
                    if other is not row
                    and other.method == row.method
                    and _template(other).match(path)
                )
    return found


def _build(row: Endpoint, args: list[object], body: object = None) -> bytes | None:
    request = build_request(
        row, args, None, body, base_url="https://api.test", headers={}, timeout=Timeout()
    )
    return request.body


def test_every_id_that_would_reach_another_endpoint_is_refused() -> None:
    collisions = _collisions()
    assert len(collisions) >= 14  # calendars.get("groups") -> groups.list, and the rest
    for row, i, word, other in collisions:
        for spelling in (word, word.upper()):
            args: list[object] = ["id1"] * len(row.path_params)
            args[i] = spelling
            with pytest.raises(ValidationError) as info:
                _build(row, args)  # the id is refused before the body is looked at
            assert info.value.param == row.path_params[i].python, (row.name, word, other)


def test_ordinary_ids_near_fixed_words_pass() -> None:
    for value in ("abc123", "groups2", "search-x", "EVENTSx", "5J096TNi6wXeYqSwSPOw"):
        _build(GET_CALENDAR, [value])
