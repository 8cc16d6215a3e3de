"""The one error every failed webhook check raises."""

from __future__ import annotations

from typing import Literal

from .._errors import HoopAIError

__all__ = ["REASONS", "Reason", "WebhookVerificationError"]

Reason = Literal[
    "missing_header",
    "bad_base64",
    "bad_signature",
    "legacy_not_allowed",
    "bad_payload",
    "missing_timestamp",
    "stale_timestamp",
    "future_timestamp",
    "missing_webhook_id",
    "replay",
    "body_too_large",
]

# Fixed texts: a message is built from the reason alone, so it can never echo the body.
REASONS: dict[str, str] = {
    "missing_header": "no x-ghl-signature header",
    "bad_base64": "the signature header is not valid base64",
    "bad_signature": "the signature does not match the body for any trusted key",
    "legacy_not_allowed": "only the legacy x-wh-signature (RSA) header was sent, and legacy "
    "signatures are not accepted (pass allow_legacy_rsa=True to accept them)",
    "bad_payload": "the body is not a JSON object of the expected shape",
    "missing_timestamp": "the payload has no usable timestamp",
    "stale_timestamp": "the payload timestamp is older than the tolerance",
    "future_timestamp": "the payload timestamp is further in the future than the tolerance",
    "missing_webhook_id": "the payload has no webhookId, so a replay cannot be detected",
    "replay": "this webhookId was already accepted",
    "body_too_large": "the body is larger than the receiver accepts",
}


class WebhookVerificationError(HoopAIError):
    """A webhook failed a check; `reason` names which (see `REASONS`). Never holds the body."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason)
        self.reason: Reason = reason

    def __str__(self) -> str:
        return f"webhook refused ({self.reason}): {REASONS[self.reason]}"
