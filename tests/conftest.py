"""Fixtures for every test: the asyncio backend, the one fake clock, a real redis-server on demand.

The one fake clock and the one recording transport live in `tests.support.fakes`; a module
that needs a clock at another instant overrides the `clock` fixture.
"""

from __future__ import annotations

import pytest

from tests.support.fakes import FakeClock, RecordingTransport
from tests.support.redis_server import redis_url  # noqa: F401 - a real redis-server, for the tests that ask


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def clock() -> FakeClock:
    """Monotonic time that moves only when someone sleeps on it."""
    return FakeClock()


@pytest.fixture
def recording_transport() -> RecordingTransport:
    """A transport with nothing scripted yet: append to `answers` or give it an `inner`."""
    return RecordingTransport()
