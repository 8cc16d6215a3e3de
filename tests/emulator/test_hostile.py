"""The emulator under hostile input: every client mistake is a JSON 4xx, never a 5xx.

The whole hostile set (see hostile.py) is sent to one emulator, then every stored calendar
is asked for free slots and a booking: no answer may be a 5xx or a 4xx without the API's JSON
error shape, and nothing may be logged as an error.
"""

from __future__ import annotations

import io
import logging
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from yarl import URL

from hoopai_calendars.emulator import Emulator
from hoopai_calendars.emulator._app import ROUTES
from tests.emulator.hostile import (
    DAY_MS,
    MONDAY_MS,
    NOW,
    QUERY_NUMBERS,
    Ids,
    Probe,
    baseline_body,
    fields_of,
    hostile_probes,
)

pytestmark = pytest.mark.anyio

MONDAY_9 = "2024-10-28T09:00:00Z"


@dataclass(frozen=True)
class Answer:
    probe: Probe
    status: int
    body: bytes


async def setup_records(session: aiohttp.ClientSession, emu: Emulator) -> Ids:
    """Create one record of every kind over HTTP and return their ids."""
    headers = {"Authorization": f"Bearer {emu.token}", "Version": "2021-07-28"}

    async def post(path: str, body: Any) -> Any:
        async with session.post(emu.url + path, json=body, headers=headers) as resp:
            assert resp.status in (200, 201), await resp.text()
            return await resp.json()

    ids = Ids({"locationId": "loc_demo", "resourceType": "rooms"})
    cal = (await post("/calendars/", {"locationId": "loc_demo", "name": "C"}))["calendar"]
    ids.values["calendarId"] = cal["id"]
    slug = f"g{uuid.uuid4().hex}"
    group = await post(
        "/calendars/groups",
        {"locationId": "loc_demo", "name": "G", "description": "d", "slug": slug},
    )
    ids.values["slug"] = slug
    ids.values["groupId"] = group["group"]["id"]
    booking = {
        "calendarId": cal["id"],
        "locationId": "loc_demo",
        "contactId": "contact0000000000001",
        "startTime": MONDAY_9,
        "ignoreFreeSlotValidation": True,
    }
    appointment = await post("/calendars/events/appointments", booking)
    ids.values["appointmentId"] = appointment["id"]
    block = await post(
        "/calendars/events/block-slots",
        {
            "calendarId": cal["id"],
            "locationId": "loc_demo",
            "startTime": "2024-10-28T10:00:00Z",
            "endTime": "2024-10-28T10:30:00Z",
        },
    )
    ids.values["eventId"] = block["id"]
    note = await post(f"/calendars/appointments/{appointment['id']}/notes", {"body": "n"})
    ids.values["noteId"] = note["note"]["id"]
    resource = await post("/calendars/resources/rooms", baseline_body("resources.create", ids))
    ids.values["id"] = resource["id"]
    notification = await post(
        f"/calendars/{cal['id']}/notifications", [baseline_body("notifications.create", ids)]
    )
    ids.values["notificationId"] = notification[0]["_id"]
    schedule = await post("/calendars/schedules", baseline_body("schedules.create", ids))
    ids.values["scheduleId"] = schedule["schedule"]["id"]
    return ids


async def send(session: aiohttp.ClientSession, emu: Emulator, probe: Probe) -> Answer:
    headers = {"Authorization": f"Bearer {emu.token}", "Version": "2021-07-28"}
    if probe.body is not None:
        headers["Content-Type"] = probe.content_type
    url: str | URL = emu.url + probe.path
    if probe.encoded:
        url = URL(str(url), encoded=True)
    # A large bytes body makes aiohttp warn; a stream does not.
    data = io.BytesIO(probe.body) if probe.body and len(probe.body) > 1 << 20 else probe.body
    async with session.request(
        probe.method,
        url,
        params=list(probe.query) or None,
        data=data,
        headers=headers,
        skip_auto_headers=("Content-Type",),
    ) as resp:
        return Answer(probe, resp.status, await resp.read())


async def health_round(session: aiohttp.ClientSession, emu: Emulator) -> list[Answer]:
    """Ask every stored calendar for free slots and a booking: its state must be usable."""
    answers: list[Answer] = []
    for calendar_id in list(emu.store.calendars):
        for probe in (
            Probe(
                "health free-slots",
                "GET",
                f"/calendars/{calendar_id}/free-slots",
                (("startDate", str(MONDAY_MS)), ("endDate", str(MONDAY_MS + 7 * DAY_MS))),
            ),
            Probe(
                "health booking",
                "POST",
                "/calendars/events/appointments",
                body=msgspec.json.encode(
                    {
                        "calendarId": calendar_id,
                        "locationId": "loc_demo",
                        "contactId": "contact0000000000001",
                        "startTime": "2024-10-29T16:00:00+00:00",
                    }
                ),
            ),
            Probe(
                "health events",
                "GET",
                "/calendars/events",
                (
                    ("locationId", "loc_demo"),
                    ("calendarId", calendar_id),
                    ("startTime", str(MONDAY_MS - 400 * DAY_MS)),
                    ("endTime", str(MONDAY_MS + 400 * DAY_MS)),
                ),
            ),
        ):
            answers.append(await send(session, emu, probe))
    return answers


async def run_hostile_set(emu: Emulator) -> list[Answer]:
    """Send the whole hostile set (then the health round) and return every answer."""
    async with aiohttp.ClientSession() as session:
        ids = await setup_records(session, emu)
        answers = []
        for probe in hostile_probes(ids):
            answers.append(await send(session, emu, probe))
            if probe.method == "DELETE" and answers[-1].status < 300:
                # Keep every route reachable: recreate what a probe managed to delete.
                ids.values.update((await setup_records(session, emu)).values)
        answers += await health_round(session, emu)
        return answers


def problems_of(answer: Answer) -> str | None:
    """Return what is wrong with one answer, or None."""
    if answer.status >= 500:
        return f"{answer.status}"
    if answer.status < 400:
        return None
    try:
        body = msgspec.json.decode(answer.body)
    except msgspec.DecodeError:
        return f"{answer.status} with a non-JSON body {answer.body[:60]!r}"
    if not isinstance(body, dict):
        return f"{answer.status} with a non-object body"
    missing = [k for k in ("statusCode", "message", "traceId") if k not in body]
    if missing:
        return f"{answer.status} without {missing}"
    if body["statusCode"] != answer.status or not isinstance(body["message"], (str, list)):
        return f"{answer.status} with body {body}"
    if body["message"] == [] or body["message"] == "":
        return f"{answer.status} with an empty message"
    uuid.UUID(body["traceId"])
    return None


@pytest.fixture
async def hostile_emu() -> AsyncIterator[Emulator]:
    async with Emulator(clock=lambda: NOW, rate_limit=10**9, daily_limit=10**9) as emulator:
        yield emulator


def _quiet_errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        f"{r.name}: {r.getMessage()}"
        for r in caplog.records
        if r.levelno >= logging.ERROR or r.exc_info or "Traceback" in r.getMessage()
    ]


async def test_no_hostile_request_gets_a_5xx_or_a_non_json_4xx(
    hostile_emu: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    answers = await run_hostile_set(hostile_emu)
    assert len(answers) > 3000
    bad = [
        f"{a.probe.what} {a.probe.method} {a.probe.path[:80]} {a.probe.query} -> {p}"
        for a in answers
        if (p := problems_of(a)) is not None
    ]
    assert bad == []
    assert _quiet_errors(caplog) == []
    # The set is not all refusals: the baseline bodies and queries it varies are accepted.
    assert sum(a.status < 300 for a in answers) > 100


# --- random input ------------------------------------------------------------------------

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=6)
    ),
    max_leaves=20,
)
FIELD_NAMES = sorted({name for route in ROUTES if route.body for name in fields_of(route.body)})
BODY_LIKE = st.dictionaries(st.sampled_from(FIELD_NAMES), JSON, max_size=8)
QUERY = st.dictionaries(
    st.sampled_from(["locationId", "calendarId", "userId", *QUERY_NUMBERS, "timezone"]),
    st.text(max_size=30),
    max_size=6,
)


@pytest.fixture
async def fuzz(hostile_emu: Emulator) -> AsyncIterator[tuple[aiohttp.ClientSession, Ids]]:
    async with aiohttp.ClientSession() as session:
        yield session, await setup_records(session, hostile_emu)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    route=st.sampled_from([r for r in ROUTES if r.method in ("POST", "PUT")]),
    body=BODY_LIKE | JSON,
)
async def test_random_json_bodies_never_get_a_5xx(
    hostile_emu: Emulator, fuzz: tuple[aiohttp.ClientSession, Ids], route: Any, body: Any
) -> None:
    session, ids = fuzz
    if route.operation == "notifications.create" and isinstance(body, dict):
        body = [body]
    probe = Probe("fuzz", route.method, ids.fill(route.path), body=msgspec.json.encode(body))
    answer = await send(session, hostile_emu, probe)
    assert problems_of(answer) is None, (answer.status, answer.body[:200])


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    route=st.sampled_from([r for r in ROUTES if r.method == "GET"]),
    query=QUERY,
)
async def test_random_queries_never_get_a_5xx(
    hostile_emu: Emulator,
    fuzz: tuple[aiohttp.ClientSession, Ids],
    route: Any,
    query: dict[str, str],
) -> None:
    session, ids = fuzz
    probe = Probe("fuzz", route.method, ids.fill(route.path), tuple(query.items()))
    answer = await send(session, hostile_emu, probe)
    assert problems_of(answer) is None, (answer.status, answer.body[:200])
