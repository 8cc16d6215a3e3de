"""verify(): real Ed25519 (and legacy RSA) signatures, every tampering refused with its reason."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import given, settings
from hypothesis import strategies as st
from multidict import CIMultiDict

from hoopai_calendars import HoopAIError
from hoopai_calendars.webhooks import (
    HIGHLEVEL_ED25519_PUBLIC_KEY,
    HIGHLEVEL_LEGACY_RSA_PUBLIC_KEY,
    MemoryReplayStore,
    WebhookVerificationError,
    load_public_key,
    verify,
    verify_signature,
)
from tests.support.fakes import FakeClock
from tests.support.webhook_support import NOW, body_of, new_rsa_key, payload, sign, sign_rsa

pytestmark = pytest.mark.anyio
KEY = Ed25519PrivateKey.generate()
PUBLIC = KEY.public_key()


async def check(body: bytes, headers: Any, **options: Any) -> None:
    options.setdefault("public_key", PUBLIC)
    options.setdefault("now", NOW)
    options.setdefault("replay_store", MemoryReplayStore())
    await verify(body, headers, **options)


async def refused(body: bytes, headers: Any, **options: Any) -> str:
    with pytest.raises(WebhookVerificationError) as caught:
        await check(body, headers, **options)
    assert body.decode(errors="replace") not in str(caught.value)
    return caught.value.reason


async def test_a_genuine_delivery_passes_and_its_error_class_is_an_sdk_error() -> None:
    body = body_of(payload())
    await check(body, sign(KEY, body))
    assert issubclass(WebhookVerificationError, HoopAIError)


@pytest.mark.parametrize(
    "headers",
    [
        lambda h: h,
        lambda h: {k.upper(): v for k, v in h.items()},
        lambda h: CIMultiDict({"X-Ghl-Signature": h["x-ghl-signature"]}),
        lambda h: (
            [(b"content-type", b"application/json")]
            + [(k.encode(), v.encode()) for k, v in h.items()]
        ),
    ],
    ids=["dict", "upper-case", "cimultidict", "asgi-pairs"],
)
async def test_headers_are_found_in_any_spelling_and_shape(headers: Any) -> None:
    body = body_of(payload())
    await check(body, headers(sign(KEY, body)))


async def test_one_changed_byte_of_the_body_is_refused() -> None:
    body = body_of(payload())
    headers = sign(KEY, body)
    at = body.index(b"Consult")
    tampered = body[:at] + b"K" + body[at + 1 :]
    assert await refused(tampered, headers) == "bad_signature"


async def test_a_reserialised_body_with_other_whitespace_is_refused() -> None:
    data = payload()
    headers = sign(KEY, body_of(data))
    # Same JSON value, different bytes: what a framework's parse-and-dump produces.
    assert json.loads(json.dumps(data, indent=2)) == data
    assert await refused(json.dumps(data, indent=2).encode(), headers) == "bad_signature"
    assert await refused(json.dumps(data).encode(), headers) == "bad_signature"


async def test_a_tampered_signature_header_is_refused() -> None:
    body = body_of(payload())
    raw = bytearray(KEY.sign(body))
    raw[10] ^= 0x01
    flipped = {"x-ghl-signature": base64.b64encode(bytes(raw)).decode()}
    assert await refused(body, flipped) == "bad_signature"
    assert await refused(body, {"x-ghl-signature": "not base64!"}) == "bad_base64"
    assert await refused(body, {"x-ghl-signature": ""}) == "bad_signature"
    assert await refused(body, {}) == "missing_header"


async def test_a_signature_by_another_key_is_refused() -> None:
    body = body_of(payload())
    assert await refused(body, sign(Ed25519PrivateKey.generate(), body)) == "bad_signature"
    # And HighLevel's own key does not vouch for our test key's signatures.
    assert await refused(body, sign(KEY, body), public_key=HIGHLEVEL_ED25519_PUBLIC_KEY) == (
        "bad_signature"
    )


async def test_stale_and_future_timestamps_are_refused_at_the_tolerance() -> None:
    for offset, reason in ((-301, "stale_timestamp"), (301, "future_timestamp")):
        body = body_of(payload(at=NOW + offset))
        assert await refused(body, sign(KEY, body)) == reason
        # Inside a wider tolerance the same delivery passes.
        await check(body, sign(KEY, body), tolerance=600)
    body = body_of(payload(at=NOW - 299))
    await check(body, sign(KEY, body))


async def test_epoch_timestamps_and_missing_ones() -> None:
    for stamp in (NOW, NOW * 1000):
        data = {**payload(), "timestamp": stamp}
        await check(body_of(data), sign(KEY, body_of(data)))
    for stamp in (None, "yesterday", "2024-10-27T12:00:00"):  # the last has no offset
        data = {**payload(), "timestamp": stamp}
        if stamp is None:
            del data["timestamp"]
        assert await refused(body_of(data), sign(KEY, body_of(data))) == "missing_timestamp"


async def test_a_replayed_webhook_id_is_refused_and_only_verified_ones_are_remembered() -> None:
    store = MemoryReplayStore()
    body = body_of(payload(webhook_id="wh-replay"))
    forged = body_of(payload(webhook_id="wh-later"))
    # A forged delivery must not burn the id of the genuine one that comes later.
    assert await refused(
        forged, sign(Ed25519PrivateKey.generate(), forged), replay_store=store
    ) == ("bad_signature")
    await check(forged, sign(KEY, forged), replay_store=store)
    await check(body, sign(KEY, body), replay_store=store)
    assert await refused(body, sign(KEY, body), replay_store=store) == "replay"
    await check(body, sign(KEY, body), replay_store=None)  # the check can be turned off
    data = payload()
    del data["webhookId"]
    assert await refused(body_of(data), sign(KEY, body_of(data))) == "missing_webhook_id"


async def test_the_memory_store_is_bounded_and_expires() -> None:
    clock = FakeClock(0.0)
    store = MemoryReplayStore(3, clock=clock)
    for n in range(5):
        assert await store.seen(f"id-{n}", 10) is False
    assert len(store) == 3
    assert await store.seen("id-4", 10) is True
    clock.now = 11.0
    assert await store.seen("id-4", 10) is False
    await store.forget("id-4")
    assert await store.seen("id-4", 10) is False


async def test_legacy_rsa_needs_opt_in() -> None:
    rsa_key = new_rsa_key()
    body = body_of(payload())
    headers = sign_rsa(rsa_key, body)
    assert await refused(body, headers) == "legacy_not_allowed"
    legacy = rsa_key.public_key()
    await check(body, headers, allow_legacy_rsa=True, legacy_public_key=legacy)
    tampered = body.replace(b"Consult", b"Konsult")
    assert await refused(tampered, headers, allow_legacy_rsa=True, legacy_public_key=legacy) == (
        "bad_signature"
    )
    # When both headers come, the Ed25519 one decides.
    both = {**sign_rsa(rsa_key, body), "x-ghl-signature": sign(KEY, tampered)["x-ghl-signature"]}
    assert await refused(body, both, allow_legacy_rsa=True, legacy_public_key=legacy) == (
        "bad_signature"
    )


async def test_a_rotation_accepts_any_of_several_keys() -> None:
    new_key = Ed25519PrivateKey.generate()
    body = body_of(payload())
    await check(body, sign(new_key, body), public_key=[PUBLIC, new_key.public_key()])
    assert await refused(body, sign(new_key, body), public_key=[PUBLIC]) == "bad_signature"


def test_pem_base64_hex_and_raw_keys_all_load() -> None:
    pem = PUBLIC.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    der = PUBLIC.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    raw = PUBLIC.public_bytes(Encoding.Raw, PublicFormat.Raw)
    spellings = [
        pem,
        pem.decode(),
        der,
        base64.b64encode(der).decode(),
        base64.b64encode(raw).decode(),
        raw.hex(),
        raw.hex().upper(),
        raw,
    ]
    body = body_of(payload())
    signature = KEY.sign(body)
    for spelling in spellings:
        load_public_key(spelling).verify(signature, body)  # type: ignore[call-arg]
    assert load_public_key(HIGHLEVEL_LEGACY_RSA_PUBLIC_KEY).key_size == 4096  # type: ignore[union-attr]
    load_public_key(HIGHLEVEL_ED25519_PUBLIC_KEY)
    for bad in ("", "zz" * 32, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"):
        with pytest.raises(ValueError, match="not a usable Ed25519 or RSA public key"):
            load_public_key(bad)


def test_verify_signature_is_the_blocking_half() -> None:
    body = body_of(payload(webhook_id="wh-sync"))
    assert verify_signature(body, sign(KEY, body), public_key=PUBLIC, now=NOW) == "wh-sync"
    with pytest.raises(WebhookVerificationError) as caught:
        verify_signature(body, {}, public_key=PUBLIC, now=NOW)
    assert caught.value.reason == "missing_header"
    with pytest.raises(TypeError):
        verify_signature(body.decode(), sign(KEY, body), public_key=PUBLIC)  # type: ignore[arg-type]


def test_a_signed_body_that_is_not_an_object_is_a_bad_payload() -> None:
    for body in (b"[1, 2]", b"not json", b'{"timestamp": {"a": 1}}'):
        with pytest.raises(WebhookVerificationError) as caught:
            verify_signature(body, sign(KEY, body), public_key=PUBLIC, now=NOW)
        assert caught.value.reason == "bad_payload"


def test_importing_the_sdk_does_not_import_cryptography() -> None:
    code = (
        "import sys, hoopai_calendars, hoopai_calendars.emulator\n"
        "print('cryptography' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


_header_names = st.sampled_from(["x-ghl-signature", "X-GHL-Signature", "x-wh-signature", "other"])
_header_values = st.one_of(
    st.text(max_size=120),
    st.binary(max_size=90).map(lambda b: base64.b64encode(b).decode()),
    st.just(base64.b64encode(b"\0" * 64).decode()),
)


@settings(max_examples=300, deadline=None)
@given(
    body=st.one_of(st.binary(max_size=300), st.just(body_of(payload()))),
    headers=st.one_of(
        st.dictionaries(_header_names, _header_values, max_size=3),
        st.lists(
            st.tuples(_header_names.map(str.encode), _header_values.map(str.encode)), max_size=3
        ),
    ),
    legacy=st.booleans(),
)
def test_random_bodies_and_headers_only_ever_raise_verification_errors(
    body: bytes, headers: Any, legacy: bool
) -> None:
    # A random signature never matches, so every example must be refused, and only so.
    with pytest.raises(WebhookVerificationError) as caught:
        verify_signature(body, headers, public_key=PUBLIC, now=NOW, allow_legacy_rsa=legacy)
    assert caught.value.reason in {
        "missing_header",
        "bad_base64",
        "bad_signature",
        "legacy_not_allowed",
    }
