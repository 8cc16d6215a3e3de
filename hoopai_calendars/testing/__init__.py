"""A pytest plugin: the emulator and clients bound to it, as fixtures (loaded automatically).

    def test_lists_the_demo_calendars(hoopai_sync_client, hoopai_emulator):
        calendars = hoopai_sync_client.calendars.list(location_id=hoopai_emulator.location_id)
        assert len(calendars) == 3

Fixtures: `hoopai_emulator` (a running emulator with a fresh state per test: `.url`,
`.token`, `.demo` ids, `.faults.add(...)`), `hoopai_client` (async; mark the test
`@pytest.mark.anyio`), `hoopai_sync_client` (blocking), and `hoopai_emulator_server`
(the one session-wide emulator, shared and never reset). The ini option
`hoopai_emulator_seed` sets the demo data (`demo:N`, or `none`; default `demo:3`).
Installed packages register it through the `pytest11` entry point; otherwise load it with
`-p hoopai_calendars.testing` or `pytest_plugins = ["hoopai_calendars.testing"]`.
"""

from __future__ import annotations

from . import _fixtures
from ._fixtures import *  # noqa: F403

__all__ = _fixtures.__all__
