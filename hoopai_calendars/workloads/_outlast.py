"""Outlast a rate limit under the client's own retry policy, clock, sleep and randomness."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from .._errors import DeadlineExceeded, HoopAIError, RateLimitError

if TYPE_CHECKING:
    from .._client import AsyncClientCore

__all__ = ["outlast", "refused_unsent"]

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


async def outlast(client: AsyncClientCore, call: Callable[[], Awaitable[T]]) -> T:
    """Await `call()`, repeating it after a refusal the client's own retries could not absorb.

    Repeating is safe even for a create, because the request did not run (the client's
    retry rules rely on the same fact). The repeats, and the waits before them, are the
    client's policy's (`RetryPolicy.refusal_retries`, `backoff`), on its injected sleep
    and randomness; each repeat is a new call, so the deadline holds for each.
    """
    policy = client._retry
    repeats = 0
    while True:
        try:
            return await call()
        except HoopAIError as exc:
            if not refused_unsent(exc) or repeats >= policy.refusal_retries:
                raise
            delay = policy.backoff(repeats, client._random)
            logger.debug("%s reached the workload; again in %.2f s", type(exc).__name__, delay)
            await client._sleep(delay)
            repeats += 1
