"""The plugin's fixtures: one emulator per session, a fresh state per test, bound clients."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .._clients import AsyncCalendarsClient, CalendarsClient
    from ..emulator import Emulator

__all__ = [
    "hoopai_client",
    "hoopai_emulator",
    "hoopai_emulator_server",
    "hoopai_sync_client",
    "pytest_addoption",
]

SEED_OPTION = "hoopai_emulator_seed"
DEFAULT_SEED = "demo:3"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        SEED_OPTION,
        "demo data loaded into each test's emulator state: demo:N calendars, or none",
        default=DEFAULT_SEED,
    )


def _seed(config: pytest.Config) -> int | None:
    value = str(config.getini(SEED_OPTION)).strip()
    if value.lower() in ("", "none"):
        return None
    name, _, count = value.partition(":")
    if name != "demo" or (count and not count.isdigit()):
        raise pytest.UsageError(f"{SEED_OPTION} = {value!r}: expected demo, demo:N or none")
    return int(count) if count else 50


@pytest.fixture(scope="session")
def hoopai_emulator_server(pytestconfig: pytest.Config) -> Iterator[Emulator]:
    """Return the session's running emulator, shared and never reset (ask for it to share).

    It serves from a thread of its own, so sync tests and async tests on any event loop
    can reach it at `.url` with `.token`.
    """
    from ..emulator import Emulator

    emulator = Emulator()
    seed = _seed(pytestconfig)
    if seed is not None:
        emulator.seed_demo(seed)
    with emulator.running_in_thread():
        yield emulator


@pytest.fixture
def hoopai_emulator(hoopai_emulator_server: Emulator, pytestconfig: pytest.Config) -> Emulator:
    """Return the running emulator with a fresh state: demo data, no faults, full limits.

    `.url`, `.token`, `.location_id`, `.demo` (the seeded ids), `.faults.add(...)`,
    `.mint_token(scopes)`, `.requests` (the log).
    """
    emulator = hoopai_emulator_server
    emulator.reset()
    seed = _seed(pytestconfig)
    if seed is not None:
        emulator.seed_demo(seed)
    return emulator


@pytest.fixture
async def hoopai_client(hoopai_emulator: Emulator) -> AsyncIterator[AsyncCalendarsClient]:
    """Return an AsyncCalendarsClient bound to the fresh emulator (needs an async runner).

    With anyio's pytest plugin mark the test `@pytest.mark.anyio` (asyncio backend).
    """
    from .._clients import AsyncCalendarsClient

    async with AsyncCalendarsClient(hoopai_emulator.token, base_url=hoopai_emulator.url) as client:
        yield client


@pytest.fixture
def hoopai_sync_client(hoopai_emulator: Emulator) -> Iterator[CalendarsClient]:
    """Return a blocking CalendarsClient bound to the fresh emulator, for plain tests."""
    from .._clients import CalendarsClient

    with CalendarsClient(hoopai_emulator.token, base_url=hoopai_emulator.url) as client:
        yield client
