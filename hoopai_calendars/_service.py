"""The base of every generated service class: it only holds the client's one call path."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from ._config import RequestOptions
from .api import Endpoint


class AsyncCall(Protocol):
    """The async client's call path, as the generated services see it."""

    async def __call__(
        self,
        row: Endpoint,
        path_args: Sequence[object],
        query: Mapping[str, Any] | None,
        body: object,
        options: RequestOptions | None,
    ) -> Any: ...


class SyncCall(Protocol):
    """The blocking client's call path: the same arguments, run on the portal's loop."""

    def __call__(
        self,
        row: Endpoint,
        path_args: Sequence[object],
        query: Mapping[str, Any] | None,
        body: object,
        options: RequestOptions | None,
    ) -> Any: ...


class AsyncService:
    """Hold the async call path for one group of generated methods."""

    __slots__ = ("_call",)

    def __init__(self, call: AsyncCall) -> None:
        self._call = call


class SyncService:
    """Hold the blocking call path for one group of generated methods."""

    __slots__ = ("_call",)

    def __init__(self, call: SyncCall) -> None:
        self._call = call
