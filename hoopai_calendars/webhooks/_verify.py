"""Verify a webhook: signature over the exact bytes, then timestamp, then webhookId."""

from __future__ import annotations

import base64
import binascii
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import msgspec
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.hashes import SHA256

from ..api import parse_instant
from ._errors import WebhookVerificationError
from ._keys import (
    HIGHLEVEL_ED25519_PUBLIC_KEY,
    HIGHLEVEL_LEGACY_RSA_PUBLIC_KEY,
    KeyLike,
    PublicKey,
    load_public_keys,
)
from ._replay import MemoryReplayStore, ReplayStore

__all__ = [
    "DEFAULT",
    "DEFAULT_TOLERANCE",
    "LEGACY_SIGNATURE_HEADER",
    "SIGNATURE_HEADER",
    "Headers",
    "Keys",
    "verify",
    "verify_signature",
]

SIGNATURE_HEADER: Final = "x-ghl-signature"
LEGACY_SIGNATURE_HEADER: Final = "x-wh-signature"
# HighLevel's guide: "within an acceptable time window (e.g., 5 minutes)".
DEFAULT_TOLERANCE: Final = 300.0
# An Ed25519 signature is 64 bytes: 88 base64 characters. A 4096-bit RSA one is 684.
_MAX_SIGNATURE_CHARS = 2048


class _Default:
    def __repr__(self) -> str:
        return "DEFAULT"


DEFAULT: Final = _Default()
"""Use HighLevel's published key (or the process-wide in-memory replay store)."""

Headers = Mapping[str, Any] | Iterable[tuple[Any, Any]]
Keys = KeyLike | Sequence[KeyLike]

_DEFAULT_KEYS = load_public_keys(HIGHLEVEL_ED25519_PUBLIC_KEY)
_DEFAULT_LEGACY_KEYS = load_public_keys(HIGHLEVEL_LEGACY_RSA_PUBLIC_KEY)
_DEFAULT_STORE = MemoryReplayStore()


class _Envelope(msgspec.Struct, rename="camel", gc=False):
    timestamp: str | int | float | None = None
    webhook_id: str | None = None


_decode_envelope = msgspec.json.Decoder(_Envelope).decode


def _header(headers: Headers, name: str) -> str | None:
    """Return the first value of a header, matched case-insensitively, as text."""
    value: Any = None
    if isinstance(headers, Mapping):
        value = headers.get(name)  # exact or case-insensitive (CIMultiDict) hit
        if value is None:
            for key, item in headers.items():
                if isinstance(key, (str, bytes)) and _lower(key) == name:
                    value = item
                    break
    else:  # ASGI style: an iterable of (name, value) pairs, usually bytes
        for pair in headers:
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                continue
            if isinstance(pair[0], (str, bytes)) and _lower(pair[0]) == name:
                value = pair[1]
                break
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    return value if isinstance(value, str) else None


def _lower(key: str | bytes) -> str:
    return (key.decode("latin-1") if isinstance(key, bytes) else key).lower()


def _signature(text: str) -> bytes:
    if len(text) > _MAX_SIGNATURE_CHARS:
        raise WebhookVerificationError("bad_base64")
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise WebhookVerificationError("bad_base64") from None


def _keys(value: object, default: tuple[PublicKey, ...]) -> tuple[PublicKey, ...]:
    if value is DEFAULT:
        return default
    return load_public_keys(value)  # type: ignore[arg-type]


def _check_signature(
    raw_body: bytes,
    headers: Headers,
    public_key: Keys | _Default,
    allow_legacy_rsa: bool,
    legacy_public_key: Keys | _Default,
) -> None:
    text = _header(headers, SIGNATURE_HEADER)
    if text is not None:
        signature = _signature(text)
        for key in _keys(public_key, _DEFAULT_KEYS):
            if isinstance(key, Ed25519PublicKey):
                try:
                    key.verify(signature, raw_body)
                    return
                except InvalidSignature:
                    continue
        raise WebhookVerificationError("bad_signature")
    legacy = _header(headers, LEGACY_SIGNATURE_HEADER)
    if legacy is None:
        raise WebhookVerificationError("missing_header")
    if not allow_legacy_rsa:
        raise WebhookVerificationError("legacy_not_allowed")
    signature = _signature(legacy)
    # The legacy guide's Node code: createVerify('SHA256') = RSASSA-PKCS1-v1_5 with SHA-256.
    for key in _keys(legacy_public_key, _DEFAULT_LEGACY_KEYS):
        if isinstance(key, RSAPublicKey):
            try:
                key.verify(signature, raw_body, PKCS1v15(), SHA256())
                return
            except InvalidSignature:
                continue
    raise WebhookVerificationError("bad_signature")


def _epoch_seconds(value: str | int | float | None) -> float:
    if isinstance(value, str):
        millis = parse_instant(value)
        if millis is None:
            raise WebhookVerificationError("missing_timestamp")
        return millis / 1000
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        # Numbers this large are milliseconds (seconds would be past the year 5000).
        return value / 1000 if value > 1e11 else float(value)
    raise WebhookVerificationError("missing_timestamp")


def verify_signature(
    raw_body: bytes,
    headers: Headers,
    *,
    public_key: Keys | _Default = DEFAULT,
    now: float | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    allow_legacy_rsa: bool = False,
    legacy_public_key: Keys | _Default = DEFAULT,
) -> str | None:
    """Check signature and timestamp (not replays) and return the payload's webhookId.

    The blocking half of `verify`, for code that keeps its own replay check; every
    argument means the same as there.
    """
    if not isinstance(raw_body, (bytes, bytearray, memoryview)):
        raise TypeError("raw_body must be the exact bytes received")
    body = bytes(raw_body)
    _check_signature(body, headers, public_key, allow_legacy_rsa, legacy_public_key)
    try:
        envelope = _decode_envelope(body)
    except msgspec.DecodeError:
        raise WebhookVerificationError("bad_payload") from None
    sent = _epoch_seconds(envelope.timestamp)
    current = time.time() if now is None else now
    if sent < current - tolerance:
        raise WebhookVerificationError("stale_timestamp")
    if sent > current + tolerance:
        raise WebhookVerificationError("future_timestamp")
    return envelope.webhook_id


async def verify(
    raw_body: bytes,
    headers: Headers,
    *,
    public_key: Keys | _Default = DEFAULT,
    now: float | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    allow_legacy_rsa: bool = False,
    legacy_public_key: Keys | _Default = DEFAULT,
    replay_store: ReplayStore | _Default | None = DEFAULT,
) -> None:
    """Verify a HighLevel webhook or raise WebhookVerificationError (its `reason` says why).

    Checks, in order: an `x-ghl-signature` header is present; it is base64; it is a valid
    Ed25519 signature of `raw_body` (the exact bytes received: never re-serialise the
    JSON) under `public_key` (HighLevel's published key by default; a sequence of keys
    accepts any of them, for a rotation); the body is a JSON object; its `timestamp` is
    within `tolerance` seconds of `now` (epoch seconds, default the system clock) on
    either side; its `webhookId` was not accepted before (`replay_store`, by default one
    in-memory store per process; None turns the check off). The id is recorded only
    after every other check passed. The legacy RSA `x-wh-signature` counts only with
    `allow_legacy_rsa=True` (deprecated by HighLevel on 2026-07-01). `headers` may be
    any mapping (case-insensitive lookup) or ASGI-style (name, value) pairs.
    """
    webhook_id = verify_signature(
        raw_body,
        headers,
        public_key=public_key,
        now=now,
        tolerance=tolerance,
        allow_legacy_rsa=allow_legacy_rsa,
        legacy_public_key=legacy_public_key,
    )
    if replay_store is None:
        return
    if not webhook_id:
        raise WebhookVerificationError("missing_webhook_id")
    store = _DEFAULT_STORE if isinstance(replay_store, _Default) else replay_store
    # Twice the tolerance: an older copy is refused by its timestamp anyway.
    if await store.seen(webhook_id, 2 * tolerance):
        raise WebhookVerificationError("replay")
