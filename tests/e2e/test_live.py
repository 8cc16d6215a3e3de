"""Smoke test against the real API; runs only when HOOPAI_TOKEN (and HOOPAI_LOCATION_ID) are set."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

import pytest

from hoopai_calendars import AsyncCalendarsClient

TOKEN = os.environ.get("HOOPAI_TOKEN")
LOCATION = os.environ.get("HOOPAI_LOCATION_ID")

pytestmark = [
    pytest.mark.live,
    pytest.mark.anyio,
    pytest.mark.skipif(not (TOKEN and LOCATION), reason="set HOOPAI_TOKEN and HOOPAI_LOCATION_ID"),
]


async def test_list_calendars_and_read_free_slots() -> None:
    assert TOKEN is not None
    assert LOCATION is not None
    async with AsyncCalendarsClient(TOKEN) as client:
        calendars = await client.calendars.list(location_id=LOCATION)
        if not calendars or calendars[0].id is None:
            pytest.skip("the location has no calendars")
        start = datetime.now(timezone.utc)
        slots = await client.calendars.free_slots(
            calendars[0].id, start_date=start, end_date=start + timedelta(days=7)
        )
    assert all(slot[:10] in slots.days for slot in slots.slots())
