"""`client.with_options(**settings)`: a cheap copy that shares the pool, limiter and token."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from ._client import AsyncClientCore
    from ._config import AsyncClientSettings

C = TypeVar("C", bound="AsyncClientCore")


def derive(client: C, settings: AsyncClientSettings) -> C:
    """Build a client of the same class from `client`'s settings with `settings` over them."""
    config: dict[str, Any] = {**client._config, **settings}
    limiter = client._limiter
    if limiter is not None and "rate_limiter" not in settings and config["rate_limit"]:
        config["rate_limiter"] = limiter  # one budget: the copy's sends count against it
    # The same provider object: a refresh by either client serves both.
    derived = type(client)(client._tokens, **config)
    if "transport" not in settings and client._config["transport"] is None:
        derived._pool_of = client._pool_of or client
    return derived
