"""The transport seam: plain request/response values and a two-method protocol over bytes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Protocol, runtime_checkable

import msgspec

from ._secret import Secret


class SecretHeaders(Mapping[str, str]):
    """Request headers holding the bearer token as a Secret; `reveal()` gives the wire headers.

    As a Mapping it holds only the public headers (no Authorization), so a repr, a log
    line or an error reporter walking frame locals never sees the token. The wire
    dictionary is built once per instance: a client with a fixed token builds it once.
    """

    __slots__ = ("_bearer", "_plus", "_public", "_wire")

    def __init__(self, headers: Mapping[str, str], bearer: Secret[str] | None = None) -> None:
        # Authorization comes from `bearer` only: a caller's own must not replace the SDK's.
        self._public = {k: v for k, v in headers.items() if k.lower() != "authorization"}
        self._bearer = bearer
        self._wire: Secret[dict[str, str]] | None = None
        self._plus: tuple[str, str, SecretHeaders] | None = None

    def __getitem__(self, name: str) -> str:
        return self._public[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._public)

    def __len__(self) -> int:
        return len(self._public)

    def __repr__(self) -> str:
        auth = ", Authorization=<redacted>" if self._bearer is not None else ""
        return f"SecretHeaders({self._public!r}{auth})"

    @property
    def bearer(self) -> Secret[str] | None:
        """The token sent as `Authorization: Bearer ...`, still wrapped."""
        return self._bearer

    @classmethod
    def _make(cls, public: dict[str, str], bearer: Secret[str] | None) -> SecretHeaders:
        headers = cls.__new__(cls)
        headers._public, headers._bearer, headers._wire, headers._plus = public, bearer, None, None
        return headers

    def with_bearer(self, bearer: Secret[str]) -> SecretHeaders:
        """The same headers carrying another token (the public part is shared, not copied)."""
        return SecretHeaders._make(self._public, bearer)

    def over(self, extra: Mapping[str, str]) -> SecretHeaders:
        """These headers laid over a caller's extra ones: extras add, they never replace ours."""
        return SecretHeaders._make({**SecretHeaders(extra)._public, **self._public}, self._bearer)

    def plus(self, name: str, value: str) -> SecretHeaders:
        """These headers and one more; the last such result is kept for the next call."""
        cached = self._plus
        if cached is not None and cached[0] == name and cached[1] == value:
            return cached[2]
        headers = SecretHeaders._make({**self._public, name: value}, self._bearer)
        self._plus = (name, value, headers)
        return headers

    def reveal(self) -> Mapping[str, str]:
        """Return the headers to put on the wire, Authorization included (transports only)."""
        wire = self._wire
        if wire is not None:
            return wire._value  # the hot path: one attribute read, no call
        bearer = self._bearer
        plain = self._public
        if bearer is not None:
            plain = {**plain, "Authorization": "Bearer " + bearer.reveal()}
        self._wire = Secret(plain)
        return plain


def with_header(headers: Mapping[str, str], name: str, value: str) -> Mapping[str, str]:
    """Add one header, keeping SecretHeaders secret (and cached, on the fixed-token path)."""
    if isinstance(headers, SecretHeaders):
        return headers.plus(name, value)
    return {**headers, name: value}


def wire_headers(headers: Mapping[str, str]) -> Mapping[str, str]:
    """The headers a transport sends: SecretHeaders revealed, any other mapping as it is."""
    return headers.reveal() if isinstance(headers, SecretHeaders) else headers


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
        # Bodies may hold secrets (the OAuth refresh form); a repr shows neither them nor headers.
        return f"Request({self.method} {self.url})"

    def wire_headers(self) -> Mapping[str, str]:
        """The headers to send, the bearer token revealed: call it inside a transport only."""
        headers = self.headers
        return headers.reveal() if type(headers) is SecretHeaders else wire_headers(headers)


class Response(msgspec.Struct, frozen=True, gc=False):
    """What came back: status, case-insensitive headers, and the raw body."""

    status: int
    headers: Mapping[str, str]
    body: bytes

    def __repr__(self) -> str:
        # An error body may echo a secret the client sent; it is shown scrubbed, in errors.
        return f"Response({self.status}, {len(self.body)} bytes)"


@runtime_checkable
class Transport(Protocol):
    """Sends one request. Failures raise the `TransportError` family, nothing else."""

    async def send(self, request: Request) -> Response: ...

    async def aclose(self) -> None: ...
