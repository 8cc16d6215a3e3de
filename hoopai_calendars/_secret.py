"""Secret values: a wrapper whose repr is redacted, and scrubbing of secrets out of text.

Error reporters that capture frame locals (Sentry's `include_local_variables`,
`traceback.TracebackException(capture_locals=True)`) repr every local of every frame;
holding tokens in `Secret` keeps them out of those reports. Only a transport, building
the headers it puts on the wire, calls `reveal()`.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from typing import Generic, TypeVar
from urllib.parse import quote

__all__ = ["REDACTED", "Secret", "as_secret", "scrub_bytes", "scrub_text"]

T = TypeVar("T")
REDACTED = "<redacted>"
# Shorter values are too likely to occur in ordinary text: replacing them would mangle it.
MIN_SCRUB_LENGTH = 8


class Secret(Generic[T]):
    """Hold a secret value; repr and str show `Secret('<redacted>')`, `reveal()` the value.

    A `Secret[str]` compares equal to the plain string it holds (in constant time), so a
    TokenProvider written for plain strings still recognises the token it handed out.
    """

    __slots__ = ("_value",)

    def __init__(self, value: T) -> None:
        self._value = value

    def reveal(self) -> T:
        """Return the secret itself: only to put it on the wire, never to log or show it."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret({REDACTED!r})"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        mine = self._value
        theirs = other._value if isinstance(other, Secret) else other
        if isinstance(mine, str) and isinstance(theirs, str):
            return hmac.compare_digest(mine.encode(), theirs.encode())
        return isinstance(other, Secret) and mine == theirs

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __reduce__(self) -> str | tuple[object, ...]:
        raise TypeError("a Secret cannot be pickled; reveal() it deliberately if you must")

    def __copy__(self) -> Secret[T]:
        return self  # immutable: copying (and deep-copying) is sharing

    def __deepcopy__(self, memo: dict[int, object]) -> Secret[T]:
        return self


def as_secret(value: str | Secret[str]) -> Secret[str]:
    """Wrap a plain string (e.g. what a user's token callable returned); keep a Secret."""
    return value if isinstance(value, Secret) else Secret(value)


def _spellings(secrets: Iterable[Secret[str] | str | None]) -> list[str]:
    found: list[str] = []
    for secret in secrets:
        value = secret.reveal() if isinstance(secret, Secret) else secret
        if not value or len(value) < MIN_SCRUB_LENGTH:
            continue
        # A server may echo the form-encoded spelling (an OAuth body) as well as the raw one.
        for spelling in (value, quote(value, safe="")):
            if spelling not in found:
                found.append(spelling)
    # Longest first, so a secret containing another is replaced whole.
    return sorted(found, key=len, reverse=True)


def scrub_text(text: str, secrets: Iterable[Secret[str] | str | None]) -> str:
    """Replace every secret (8 characters or longer) in `text` with `<redacted>`."""
    for spelling in _spellings(secrets):
        if spelling in text:
            text = text.replace(spelling, REDACTED)
    return text


def scrub_bytes(data: bytes, secrets: Iterable[Secret[str] | str | None]) -> bytes:
    """Replace every secret (8 characters or longer) in `data` with `<redacted>`."""
    marker = REDACTED.encode()
    for spelling in _spellings(secrets):
        raw = spelling.encode()
        if raw in data:
            data = data.replace(raw, marker)
    return data
