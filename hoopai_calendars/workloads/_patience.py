"""Outlast a rate limit: repeat a call that ended in a (non-daily) 429."""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

import anyio

from .._errors import RateLimitError

__all__ = ["patiently"]

T = TypeVar("T")
logger = logging.getLogger("hoopai_calendars.workloads")


async def patiently(
    call: Callable[[], Awaitable[T]],
    *,
    retries: int = 8,
    base: float = 0.25,
    cap: float = 10.0,
) -> T:
    """Await `call()`, repeating it after a 429 the client's own retries could not absorb.

    A 429 means the request was refused before it ran, so repeating it is safe even for
    a create (the client's retry rules rely on the same fact). A spent daily quota is
    raised at once: waiting seconds cannot fix it.
    """
    attempt = 0
    while True:
        try:
            return await call()
        except RateLimitError as exc:
            if exc.daily_quota_exhausted or attempt >= retries:
                raise
            # Equal jitter: never near zero, so a crowd of workers does not stampede back.
            delay = min(cap, base * 2.0**attempt) * (0.5 + 0.5 * random.random())
            logger.debug("429 reached the workload; waiting %.2f s (%d)", delay, attempt + 1)
            await anyio.sleep(delay)
            attempt += 1
