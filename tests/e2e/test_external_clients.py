"""Clients nobody here wrote, run unmodified against the emulator (each call's status checked).

The official Python SDK (`gohighlevel-api-client` 3.0.0) sends `Version: v3` on every call
and cannot be told otherwise; it is only pointed at the emulator's URL. Skipped when the
package is missing, except under CI=true, where it is required. The Node SDK run
(`@gohighlevel/api-client`) happens only when node and that package are already there.
"""

from __future__ import annotations

import inspect
import json
import os
import shutil
import subprocess
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path
from typing import Any

import pytest

from hoopai_calendars.emulator import Emulator

pytestmark = pytest.mark.anyio

NOW = 1_730_030_400.0  # Sunday 2024-10-27 12:00 UTC
MONDAY = 1_730_073_600_000
DAY = 86_400_000


def _required() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _highlevel() -> Any:
    try:
        from highlevel import HighLevel
    except ImportError:
        if _required():
            pytest.fail("gohighlevel-api-client must be installed under CI=true (test group)")
        pytest.skip("gohighlevel-api-client is not installed")
    return HighLevel


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with Emulator(clock=lambda: NOW, seed="demo:2") as emulator:
        yield emulator


class Recorder:
    """Run SDK calls and note the status the emulator answered to each."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.statuses: dict[str, int] = {}

    async def __call__(self, name: str, call: Awaitable[Any]) -> Any:
        before = len(self.emu.requests)
        try:
            result = await call
        except Exception as exc:  # the SDK's GHLError on any 4xx/5xx
            result = exc
        (record,) = self.emu.requests[before:]
        self.statuses[name] = record.status
        return result


async def test_the_official_python_sdk_runs_every_calendars_method(emu: Emulator) -> None:
    high_level = _highlevel()
    ghl = high_level(private_integration_token=emu.token, log_level="error")
    ghl.http_client.base_url = emu.url  # the only change: where to send
    cal, run, loc = ghl.calendars, Recorder(emu), emu.location_id
    assert emu.demo is not None
    user = emu.demo.user_ids[0]
    try:
        await run("get_calendars", cal.get_calendars(loc))
        made = await run("create_calendar", cal.create_calendar({"locationId": loc, "name": "SDK"}))
        cid = made["calendar"]["id"]
        await run("get_calendar", cal.get_calendar(cid))
        await run("update_calendar", cal.update_calendar(cid, {"name": "SDK 2"}))
        slots = await run("get_slots", cal.get_slots(cid, MONDAY, MONDAY + DAY, timezone="UTC"))
        first = slots["2024-10-28"]["slots"][0]

        group = {"locationId": loc, "name": "G", "description": "d", "slug": "sdk-g"}
        gid = (await run("create_calendar_group", cal.create_calendar_group(group)))["group"]["id"]
        await run("get_groups", cal.get_groups(loc))
        slug = {"locationId": loc, "slug": "sdk-g"}
        await run("validate_groups_slug", cal.validate_groups_slug(slug))
        edit = {"name": "G2", "description": "d2", "slug": "sdk-g2"}
        await run("edit_group", cal.edit_group(gid, edit))
        await run("disable_group", cal.disable_group(gid, {"isActive": False}))
        await run("delete_group", cal.delete_group(gid))

        booking = {"calendarId": cid, "locationId": loc, "contactId": "c1", "startTime": first}
        aid = (await run("create_appointment", cal.create_appointment(booking)))["id"]
        await run("get_appointment", cal.get_appointment(aid))
        await run("edit_appointment", cal.edit_appointment(aid, {"title": "Moved"}))
        window = {"start_time": str(MONDAY), "end_time": str(MONDAY + DAY), "calendar_id": cid}
        await run("get_calendar_events", cal.get_calendar_events(loc, **window))

        await run("create_appointment_note", cal.create_appointment_note(aid, {"body": "hi"}))
        await run("get_appointment_notes", cal.get_appointment_notes(10, 0, aid))
        # The SDK's own defect: these two have no noteId parameter and send `{noteId}`.
        await run("update_appointment_note", cal.update_appointment_note(aid, {"body": "x"}))
        await run("delete_appointment_note", cal.delete_appointment_note(aid))

        block = {
            "locationId": loc,
            "calendarId": cid,
            "startTime": "2024-10-28T15:00:00Z",
            "endTime": "2024-10-28T16:00:00Z",
        }
        bid = (await run("create_block_slot", cal.create_block_slot(block)))["id"]
        await run("get_blocked_slots", cal.get_blocked_slots(loc, **window))
        await run("edit_block_slot", cal.edit_block_slot(bid, {**block, "title": "Off"}))
        await run("delete_event", cal.delete_event(aid, {}))
        await cal.delete_event(bid, {})

        room = {
            "locationId": loc,
            "name": "Room",
            "description": "d",
            "quantity": 1,
            "outOfService": 0,
            "capacity": 4,
            "calendarIds": [cid],
        }
        made_room = await run(
            "create_calendar_resource", cal.create_calendar_resource("rooms", room)
        )
        rid = made_room["id"]
        await run("fetch_calendar_resources", cal.fetch_calendar_resources("rooms", loc, 10, 0))
        await run("get_calendar_resource", cal.get_calendar_resource("rooms", rid))
        change = {"name": "Room 2"}
        await run("update_calendar_resource", cal.update_calendar_resource("rooms", rid, change))
        await run("delete_calendar_resource", cal.delete_calendar_resource("rooms", rid))

        note = [{"receiverType": "contact", "channel": "email", "notificationType": "booked"}]
        made_note = await run("create_event_notification", cal.create_event_notification(cid, note))
        nid = made_note[0]["_id"]
        await run("get_event_notification", cal.get_event_notification(cid))
        await run("find_event_notification", cal.find_event_notification(cid, nid))
        change = {"isActive": False}
        await run("update_event_notification", cal.update_event_notification(cid, nid, change))
        await run("delete_event_notification", cal.delete_event_notification(cid, nid))

        plan = {"timezone": "UTC", "locationId": loc, "name": "S", "userId": user}
        sid = (await run("create_schedule", cal.create_schedule(plan)))["schedule"]["id"]
        await run("get_all_schedules", cal.get_all_schedules(loc, user))
        await run("get_schedule_by_id", cal.get_schedule_by_id(sid))
        await run("update_schedule", cal.update_schedule(sid, {"name": "S2"}))
        await run("add_calendar_to_schedule", cal.add_calendar_to_schedule(sid, cid))
        await run("remove_calendar_from_schedule", cal.remove_calendar_from_schedule(sid, cid))
        await run("delete_schedule", cal.delete_schedule(sid))
        await run("delete_calendar", cal.delete_calendar(cid))
    finally:
        await ghl.close()

    broken_by_the_sdk = {"update_appointment_note", "delete_appointment_note"}
    failed = {
        name: status
        for name, status in run.statuses.items()
        if not 200 <= status < 300 and name not in broken_by_the_sdk
    }
    assert failed == {}
    assert {run.statuses[name] for name in broken_by_the_sdk} == {404}
    # Every calendars method of the SDK but the v3-only families the emulator does not serve.
    v3_only = ("service", "calendar_schedule")
    methods = {
        name
        for name in dir(cal)
        if not name.startswith("_") and inspect.iscoroutinefunction(getattr(cal, name))
    }
    assert set(run.statuses) == {m for m in methods if not any(k in m for k in v3_only)}


NODE_SCRIPT = Path(__file__).with_name("node_sdk_run.cjs")


def _node_modules() -> tuple[str, Path]:
    """Return node and a node_modules folder holding the SDK, or skip (never required)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    folder = Path(os.environ.get("HOOPAI_NODE_SDK_DIR", ".")) / "node_modules"
    if not (folder / "@gohighlevel" / "api-client").is_dir():
        pytest.skip("@gohighlevel/api-client not found (set HOOPAI_NODE_SDK_DIR to its folder)")
    return node, folder


def test_the_official_node_sdk_runs_against_the_emulator() -> None:
    node, modules = _node_modules()
    emulator = Emulator(clock=lambda: NOW)
    with emulator.running_in_thread() as emu:
        done = subprocess.run(
            [node, str(NODE_SCRIPT), emu.url, emu.token, emu.location_id],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            env={**os.environ, "NODE_PATH": str(modules)},
        )
        assert done.returncode == 0, done.stderr
        statuses = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(statuses) == 11
    assert {name: code for name, code in statuses.items() if not 200 <= code < 300} == {}


# The SDK posts its form as `data=<str>`, which httpx deprecates: the SDK's warning, not ours.
@pytest.mark.filterwarnings("ignore:Use 'content=<...>':DeprecationWarning")
async def test_the_official_python_sdk_refreshes_tokens_at_the_emulator(emu: Emulator) -> None:
    high_level = _highlevel()
    emu.oauth.add_app("app", "secret")
    refresh = emu.oauth.refresh_token("app", location_id=emu.location_id)
    ghl = high_level(client_id="app", client_secret="secret", log_level="error")
    ghl.http_client.base_url = emu.url
    try:
        fresh = await ghl.oauth.refresh_token(refresh, "app", "secret", "refresh_token", "Location")
        with pytest.raises(Exception, match="invalid_grant") as spent:
            await ghl.oauth.refresh_token(refresh, "app", "secret", "refresh_token", "Location")
    finally:
        await ghl.close()
    assert fresh["locationId"] == emu.location_id
    assert fresh["refreshToken"] != refresh
    assert spent.value.status_code == 400  # type: ignore[attr-defined]
    assert [r.status for r in emu.requests if r.operation == "oauth.token"] == [200, 400]


@pytest.mark.filterwarnings("ignore:Use 'content=<...>':DeprecationWarning")
async def test_the_official_python_sdk_exchanges_an_agency_token(emu: Emulator) -> None:
    high_level = _highlevel()
    emu.oauth.add_app("app", "secret")
    refresh = emu.oauth.refresh_token("app", user_type="Company", location_id=None)
    agency = emu.oauth
    ghl = high_level(client_id="app", client_secret="secret", log_level="error")
    ghl.http_client.base_url = emu.url
    try:
        company = await ghl.oauth.refresh_token(
            refresh, "app", "secret", "refresh_token", "Company"
        )
        agency_ghl = high_level(
            client_id="app",
            client_secret="secret",
            agency_access_token=company["accessToken"],
            log_level="error",
        )
        agency_ghl.http_client.base_url = emu.url
        try:
            form = {"companyId": company["companyId"], "locationId": emu.location_id}
            location = await agency_ghl.oauth.get_location_access_token(form)
        finally:
            await agency_ghl.close()
    finally:
        await ghl.close()
    assert agency.agency_tokens  # the Company token was registered as an agency token
    assert location["locationId"] == emu.location_id
    assert location["refreshToken"]
    statuses = [(r.operation, r.status) for r in emu.requests]
    assert statuses == [("oauth.token", 200), ("oauth.location-token", 200)]
