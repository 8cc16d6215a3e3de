"""Signing helpers for the webhook tests: real keys generated here, real signatures."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from typing import Any

from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.hashes import SHA256

NOW = 1_730_030_400.0  # 2024-10-27T12:00:00Z


def iso(epoch_s: float) -> str:
    return datetime.fromtimestamp(epoch_s, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def payload(
    kind: str = "AppointmentCreate", *, at: float = NOW, webhook_id: str = "wh-1"
) -> dict[str, Any]:
    return {
        "type": kind,
        "locationId": "loc-1",
        "appointment": {
            "id": "appt-1",
            "address": "https://example.com/meeting",
            "title": "Consult",
            "calendarId": "cal-1",
            "contactId": "contact-1",
            "groupId": "group-1",
            "appointmentStatus": "confirmed",
            "assignedUserId": "user-1",
            "users": ["user-1"],
            "notes": "",
            "source": "booking_widget",
            "startTime": "2024-10-28T09:00:00+05:30",
            "endTime": "2024-10-28T09:30:00+05:30",
            "dateAdded": "2024-10-27T12:00:00.000Z",
            "dateUpdated": "2024-10-27T12:00:00.000Z",
            "somethingNew": {"nested": True},
        },
        "timestamp": iso(at),
        "webhookId": webhook_id,
    }


def body_of(data: dict[str, Any]) -> bytes:
    return json.dumps(data, separators=(",", ":")).encode()


def sign(key: Ed25519PrivateKey, body: bytes) -> dict[str, str]:
    return {"x-ghl-signature": base64.b64encode(key.sign(body)).decode()}


def sign_rsa(key: rsa.RSAPrivateKey, body: bytes) -> dict[str, str]:
    signature = key.sign(body, padding.PKCS1v15(), SHA256())
    return {"x-wh-signature": base64.b64encode(signature).decode()}


def new_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)
