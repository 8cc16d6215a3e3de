from __future__ import annotations

import pytest

from tests.support.redis_server import redis_url  # noqa: F401 - a real redis-server, for the tests that ask


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
