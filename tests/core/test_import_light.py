"""`import hoopai_calendars` stays light: aiohttp loads with the first request that needs it."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout.strip()


def test_import_does_not_load_aiohttp_or_httpx() -> None:
    out = _run(
        """
        import sys
        import hoopai_calendars
        from hoopai_calendars import AsyncCalendarsClient, CalendarsClient, models
        CalendarsClient("t").close()
        raw = "hoopai_calendars._generated.async_raw_services"
        print(sorted(m for m in ("aiohttp", "httpx", "yarl", raw) if m in sys.modules))
        """
    )
    assert out == "[]"


def test_transport_name_still_importable_and_loads_aiohttp_on_demand() -> None:
    out = _run(
        """
        import sys
        from hoopai_calendars import AiohttpTransport
        print(AiohttpTransport.__module__, "aiohttp" in sys.modules)
        """
    )
    assert out == "hoopai_calendars._aiohttp True"
