"""The transport seam: plain request/response values and a two-method protocol over bytes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, runtime_checkable

import msgspec


class SecretHeaders(dict[str, str]):
    """Request headers whose repr never shows the Authorization value."""

    def __repr__(self) -> str:
        shown = {k: "<hidden>" if k.lower() == "authorization" else v for k, v in self.items()}
        return f"SecretHeaders({shown!r})"


# msgspec Structs rather than frozen dataclasses: two are built per call, ten times faster.
class Timeout(msgspec.Struct, frozen=True, gc=False):
    """Per-attempt limits in seconds: `total` for the whole exchange, `connect` for the socket."""

    total: float = 30.0
    connect: float = 5.0


class Request(msgspec.Struct, frozen=True, gc=False):
    """A fully built HTTP request; `url` is already percent-encoded and final."""

    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes | None
    timeout: Timeout

    def __repr__(self) -> str:
        # Headers hold the bearer token; a repr must never show it.
        return f"Request({self.method} {self.url})"


class Response(msgspec.Struct, frozen=True, gc=False):
    """What came back: status, case-insensitive headers, and the raw body."""

    status: int
    headers: Mapping[str, str]
    body: bytes


@runtime_checkable
class Transport(Protocol):
    """Sends one request. Failures raise the `TransportError` family, nothing else."""

    async def send(self, request: Request) -> Response: ...

    async def aclose(self) -> None: ...
