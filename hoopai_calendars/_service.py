"""The base of every generated service class: it only holds the client's one call path."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

import msgspec

from ._config import RequestOptions
from ._errors import HoopAIError
from ._raw import RawResponse
from .api import Endpoint

T = TypeVar("T")


class AsyncCall(Protocol):
    """The async client's call path, as the generated services see it."""

    async def __call__(
        self,
        row: Endpoint[T],
        path_args: Sequence[object],
        query: msgspec.Struct | None,
        body: object,
        options: RequestOptions | None,
    ) -> T: ...


class SyncCall(Protocol):
    """The blocking client's call path: the same arguments, run on the portal's loop."""

    def __call__(
        self,
        row: Endpoint[T],
        path_args: Sequence[object],
        query: msgspec.Struct | None,
        body: object,
        options: RequestOptions | None,
    ) -> T: ...


class AsyncRawCall(Protocol):
    """The async client's call path answering the raw response."""

    async def __call__(
        self,
        row: Endpoint[T],
        path_args: Sequence[object],
        query: msgspec.Struct | None,
        body: object,
        options: RequestOptions | None,
    ) -> RawResponse[T]: ...


class SyncRawCall(Protocol):
    """The blocking client's call path answering the raw response."""

    def __call__(
        self,
        row: Endpoint[T],
        path_args: Sequence[object],
        query: msgspec.Struct | None,
        body: object,
        options: RequestOptions | None,
    ) -> RawResponse[T]: ...


def refused(row: Endpoint[Any], error: HoopAIError) -> HoopAIError:
    """Name the row in an error raised while its query Struct was built."""
    return error.with_operation(row.name, row.method, row.path)


class AsyncService:
    """Hold the async call paths (plain and raw) for one group of generated methods."""

    __slots__ = ("_call", "_raw")

    def __init__(self, call: AsyncCall, raw: AsyncRawCall) -> None:
        self._call = call
        self._raw = raw


class SyncService:
    """Hold the blocking call paths (plain and raw) for one group of generated methods."""

    __slots__ = ("_call", "_raw")

    def __init__(self, call: SyncCall, raw: SyncRawCall) -> None:
        self._call = call
        self._raw = raw


class AsyncRawService:
    """Hold the raw async call path: the generated methods answer RawResponse."""

    __slots__ = ("_call",)

    def __init__(self, call: AsyncRawCall) -> None:
        self._call = call


class SyncRawService:
    """Hold the raw blocking call path: the generated methods answer RawResponse."""

    __slots__ = ("_call",)

    def __init__(self, call: SyncRawCall) -> None:
        self._call = call
