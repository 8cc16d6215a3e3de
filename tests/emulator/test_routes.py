"""The emulator is built from the endpoint table: one handler per row, routes in derived order."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from hoopai_calendars.api import ENDPOINTS
from hoopai_calendars.emulator import Emulator
from hoopai_calendars.emulator._app import ROUTES, create_app
from hoopai_calendars.emulator._routes import HANDLERS, ExtraRoute, Handler, table_routes
from hoopai_calendars.emulator._state import State

pytestmark = pytest.mark.anyio

HEADERS = {"Version": "2021-07-28"}


def test_every_row_has_a_handler_and_every_handler_a_row() -> None:
    assert sorted(HANDLERS) == sorted(row.name for row in ENDPOINTS)
    assert sorted(route.operation for route in ROUTES) == sorted(row.name for row in ENDPOINTS)


def test_a_row_without_a_handler_or_a_handler_without_a_row_is_refused() -> None:
    handlers: dict[str, Handler] = dict(HANDLERS)
    del handlers["calendars.get"]
    handlers["calendars.archive"] = HANDLERS["calendars.delete"]
    with pytest.raises(LookupError) as caught:
        table_routes(ENDPOINTS, handlers)
    assert "['calendars.get']" in str(caught.value)
    assert "['calendars.archive']" in str(caught.value)


def test_routes_take_the_rows_facts_and_their_order_does_not_depend_on_the_table() -> None:
    rows = {row.name: row for row in ENDPOINTS}
    for route in ROUTES:
        row = rows[route.operation]
        assert (route.method, route.path, route.scope, route.body) == (
            row.method,
            row.path,
            row.scope,
            row.body,
        )
    shuffled = table_routes(reversed(ENDPOINTS), HANDLERS)
    assert [r.path for r in shuffled] == [r.path for r in ROUTES]


def filled(path: str) -> str:
    """A concrete path of a row: a valid resource type, made-up ids elsewhere."""
    return re.sub(r"\{(\w+)\}", lambda m: "rooms" if m[1] == "resourceType" else "x1", path)


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(rate_limit=10**6) as emulator:
        yield emulator


async def test_every_row_path_reaches_its_own_handler(emu: Emulator) -> None:
    """A fixed segment (groups, events, ...) is never taken for an id placeholder."""
    headers = {**HEADERS, "Authorization": f"Bearer {emu.token}"}
    async with aiohttp.ClientSession() as session:
        for row in ENDPOINTS:
            path = filled(row.path)
            async with session.request(row.method, emu.url + path, headers=headers) as resp:
                await resp.read()
            # Routing's own 404/405 would be logged with no operation at all.
            assert emu.requests[-1].operation == row.name, (row.method, path, resp.status)


async def test_the_scope_of_each_row_is_enforced(emu: Emulator) -> None:
    reader = emu.mint_token(scopes=["calendars.readonly"])
    headers = {**HEADERS, "Authorization": f"Bearer {reader}"}
    async with aiohttp.ClientSession() as session:
        for row in ENDPOINTS:
            path = filled(row.path)
            async with session.request(row.method, emu.url + path, headers=headers) as resp:
                body = await resp.json()
            refused = (resp.status, body["message"]) == (
                401,
                "The token is not authorized for this scope.",
            )
            assert refused == (row.scope != "calendars.readonly"), (row.name, resp.status, body)


async def test_emulator_only_routes_are_served_beside_the_table(emu: Emulator) -> None:
    async def control(request: web.Request) -> web.Response:
        return web.json_response({"calendars": len(state.store.calendars)})

    state: State = emu.state

    app = create_app(state, extra=[ExtraRoute("GET", "/calendars/_control", lambda _: control)])
    async with TestClient(TestServer(app)) as client:
        # No token needed, and the fixed path wins over /calendars/{calendarId}.
        resp = await client.get("/calendars/_control")
        assert (resp.status, await resp.json()) == (200, {"calendars": 0})
        resp = await client.get("/calendars/abc", headers=HEADERS)
        assert resp.status == 401


async def test_every_row_with_a_body_checks_it_against_its_model(emu: Emulator) -> None:
    """No handler forgets its body: an undeclared property is refused on each of them."""
    from tests.emulator.test_hostile import setup_records

    headers = {**HEADERS, "Authorization": f"Bearer {emu.token}"}
    async with aiohttp.ClientSession() as session:
        ids = await setup_records(session, emu)
        checked = 0
        for route in ROUTES:
            if route.body is None:
                continue
            listed = getattr(route.body, "__origin__", None) is list
            body: object = [{"bogus": 1}] if listed else {"bogus": 1}
            # `eventId` is the blocked slot's; an appointment row needs the appointment's.
            appointment = ("eventId", ids.values["appointmentId"])
            url = emu.url + ids.fill(
                route.path, appointment if "appointments" in route.path else None
            )
            async with session.request(route.method, url, json=body, headers=headers) as resp:
                answer = await resp.json()
            assert resp.status == 422, (route.operation, answer)
            prefix = "0." if listed else ""
            assert f"{prefix}property bogus should not exist" in answer["message"], answer
            checked += 1
    assert checked == sum(row.body is not None for row in ENDPOINTS)
