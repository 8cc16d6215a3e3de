"""The transport seam: plain request/response values and a two-method protocol over bytes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class Timeout:
    """Per-attempt limits in seconds: `total` for the whole exchange, `connect` for the socket."""

    total: float = 30.0
    connect: float = 5.0


@dataclass(frozen=True, slots=True)
class Request:
    """A fully built HTTP request; `url` is already percent-encoded and final."""

    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes | None
    timeout: Timeout

    def __repr__(self) -> str:
        # Headers hold the bearer token; a repr must never show it.
        return f"Request({self.method} {self.url})"


@dataclass(frozen=True, slots=True)
class Response:
    """What came back: status, headers with lower-case names, and the raw body."""

    status: int
    headers: Mapping[str, str]
    body: bytes


@runtime_checkable
class Transport(Protocol):
    """Sends one request. Failures raise the `TransportError` family, nothing else."""

    async def send(self, request: Request) -> Response: ...

    async def aclose(self) -> None: ...
