"""Public keys: HighLevel's published ones, and loading PEM, DER, base64 or hex keys."""

from __future__ import annotations

import base64
import binascii
import functools
from collections.abc import Sequence

try:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
    from cryptography.hazmat.primitives.serialization import (
        load_der_public_key,
        load_pem_public_key,
    )
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "hoopai_calendars.webhooks needs the 'cryptography' package: "
        "pip install 'hoopai-calendars[webhooks]'"
    ) from exc

__all__ = [
    "HIGHLEVEL_ED25519_PUBLIC_KEY",
    "HIGHLEVEL_LEGACY_RSA_PUBLIC_KEY",
    "KeyLike",
    "PublicKey",
    "load_public_key",
    "load_public_keys",
]

PublicKey = Ed25519PublicKey | RSAPublicKey
KeyLike = PublicKey | str | bytes

# HighLevel's Ed25519 key for `x-ghl-signature`, as published in the Webhook Integration
# Guide: https://marketplace.gohighlevel.com/docs/webhook/WebhookIntegrationGuide
# (the same SPKI value appears in many independent public integrations).
HIGHLEVEL_ED25519_PUBLIC_KEY = """-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAi2HR1srL4o18O8BRa7gVJY7G7bupbN3H9AwJrHCDiOg=
-----END PUBLIC KEY-----
"""

# The RSA key of the legacy `x-wh-signature` (deprecated 2026-07-01), from HighLevel's
# Webhook Authentication Guide (highlevel-api-docs, docs/oauth/WebhookAuthentication.md).
HIGHLEVEL_LEGACY_RSA_PUBLIC_KEY = """-----BEGIN PUBLIC KEY-----
MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAokvo/r9tVgcfZ5DysOSC
Frm602qYV0MaAiNnX9O8KxMbiyRKWeL9JpCpVpt4XHIcBOK4u3cLSqJGOLaPuXw6
dO0t6Q/ZVdAV5Phz+ZtzPL16iCGeK9po6D6JHBpbi989mmzMryUnQJezlYJ3DVfB
csedpinheNnyYeFXolrJvcsjDtfAeRx5ByHQmTnSdFUzuAnC9/GepgLT9SM4nCpv
uxmZMxrJt5Rw+VUaQ9B8JSvbMPpez4peKaJPZHBbU3OdeCVx5klVXXZQGNHOs8gF
3kvoV5rTnXV0IknLBXlcKKAQLZcY/Q9rG6Ifi9c+5vqlvHPCUJFT5XUGG5RKgOKU
J062fRtN+rLYZUV+BjafxQauvC8wSWeYja63VSUruvmNj8xkx2zE/Juc+yjLjTXp
IocmaiFeAO6fUtNjDeFVkhf5LNb59vECyrHD2SQIrhgXpO4Q3dVNA5rw576PwTzN
h/AMfHKIjE4xQA1SZuYJmNnmVZLIZBlQAF9Ntd03rfadZ+yDiOXCCs9FkHibELhC
HULgCsnuDJHcrGNd5/Ddm5hxGQ0ASitgHeMZ0kcIOwKDOzOU53lDza6/Y09T7sYJ
PQe7z0cvj7aE4B+Ax1ZoZGPzpJlZtGXCsu9aTEGEnKzmsFqwcSsnw3JB31IGKAyk
T1hhTiaCeIY/OwwwNUY2yvcCAwEAAQ==
-----END PUBLIC KEY-----
"""

_ED25519_RAW = 32


def load_public_key(key: KeyLike) -> PublicKey:
    """Return a key object for a PEM text, DER bytes, base64 (SPKI or raw 32 bytes) or hex.

    A raw 32-byte value (as bytes, base64 or 64 hex digits) is read as an Ed25519 key.
    Raises ValueError for anything else, including keys that are neither Ed25519 nor RSA.
    """
    if isinstance(key, (Ed25519PublicKey, RSAPublicKey)):
        return key
    try:
        if isinstance(key, str):
            return _load_text(key.strip())
        if isinstance(key, (bytes, bytearray, memoryview)):
            return _load_bytes(bytes(key))
    except ValueError as exc:
        # cryptography's own text is long and about ASN.1; say what the caller can fix.
        raise ValueError(f"not a usable Ed25519 or RSA public key ({exc})") from None
    raise TypeError(f"expected a public key, PEM, base64 or hex text, got {type(key).__name__}")


def load_public_keys(keys: KeyLike | Sequence[KeyLike]) -> tuple[PublicKey, ...]:
    """Return the key objects of one key or a sequence of keys (a rotation: old and new)."""
    if isinstance(keys, (str, bytes, Ed25519PublicKey, RSAPublicKey)):
        return (load_public_key(keys),)
    loaded = tuple(load_public_key(k) for k in keys)
    if not loaded:
        raise ValueError("no public key given")
    return loaded


@functools.lru_cache(maxsize=64)
def _load_text(text: str) -> PublicKey:
    if text.startswith("-----BEGIN"):
        return _checked(load_pem_public_key(text.encode("ascii")))
    compact = "".join(text.split())
    if len(compact) == 2 * _ED25519_RAW:
        try:
            return _load_bytes(bytes.fromhex(compact))
        except ValueError:
            pass  # 64 characters can also be base64
    try:
        raw = base64.b64decode(compact, validate=True)
    except binascii.Error:
        raise ValueError("neither PEM, base64 nor hex") from None
    return _load_bytes(raw)


@functools.lru_cache(maxsize=64)
def _load_bytes(raw: bytes) -> PublicKey:
    if raw.startswith(b"-----BEGIN"):
        return _checked(load_pem_public_key(raw))
    if len(raw) == _ED25519_RAW:
        return Ed25519PublicKey.from_public_bytes(raw)
    return _checked(load_der_public_key(raw))


def _checked(key: object) -> PublicKey:
    if not isinstance(key, (Ed25519PublicKey, RSAPublicKey)):
        raise ValueError(f"unsupported key type {type(key).__name__}")
    return key
