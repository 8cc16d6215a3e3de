"""Outlast a rate limit: repeat a call the rate limit refused, after the client gave up on it."""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

import anyio

from .._errors import DeadlineExceeded, HoopAIError, RateLimitError

__all__ = ["patiently", "refused_unsent"]

T = TypeVar("T")
logger = logging.getLogger("hoopai_calendars.workloads")


def refused_unsent(error: HoopAIError) -> bool:
    """Whether the request certainly did not run because of the rate limit or a deadline.

    A 429 is refused before the handler runs; a deadline that expired while waiting for
    the limiter (`sent` False) never left the process. A spent daily quota is excluded:
    waiting seconds cannot fix it.
    """
    if isinstance(error, RateLimitError):
        return not error.daily_quota_exhausted
    return isinstance(error, DeadlineExceeded) and not error.sent


async def patiently(
    call: Callable[[], Awaitable[T]],
    *,
    retries: int = 8,
    base: float = 0.25,
    cap: float = 10.0,
) -> T:
    """Await `call()`, repeating it after a refusal the client's own retries could not absorb.

    Repeating is safe even for a create, because the request did not run (the client's
    retry rules rely on the same fact); see `refused_unsent`.
    """
    attempt = 0
    while True:
        try:
            return await call()
        except HoopAIError as exc:
            if not refused_unsent(exc) or attempt >= retries:
                raise
            # Equal jitter: never near zero, so a crowd of workers does not stampede back.
            delay = min(cap, base * 2.0**attempt) * (0.5 + 0.5 * random.random())
            logger.debug("%s reached the workload; again in %.2f s", type(exc).__name__, delay)
            await anyio.sleep(delay)
            attempt += 1
