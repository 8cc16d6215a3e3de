"""The emulator's webhook sender: signed appointment events, 429-only retries, faults.

A handler reports each appointment change through `State.appointment_changed`; the
sender snapshots the payload at once, signs it with the emulator's own Ed25519 key and
delivers it from a background task, so the API answer is not held up. HighLevel's
delivery rules are kept: only a 429 is retried (six times, `retry_delay` apart) and any
other failure loses the event. Faults can drop, duplicate and delay deliveries.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import random
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import aiohttp
import msgspec

from ._wire import iso_utc

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

__all__ = ["APPOINTMENT_FIELDS", "Delivery", "WebhookSender"]

logger = logging.getLogger("hoopai_calendars.emulator")

# The appointment object of HighLevel's Appointment{Create,Update,Delete} webhooks.
APPOINTMENT_FIELDS = (
    "id",
    "address",
    "title",
    "calendarId",
    "contactId",
    "groupId",
    "appointmentStatus",
    "assignedUserId",
    "users",
    "notes",
    "source",
    "startTime",
    "endTime",
    "dateAdded",
    "dateUpdated",
)
RETRIES = 6
# HighLevel retries a 429 every ten minutes; inject `sleep` to not wait for real.
RETRY_DELAY_S = 600.0
LOG_SIZE = 10_000
_ATTEMPT_TIMEOUT = aiohttp.ClientTimeout(total=10.0)
_encode = msgspec.json.Encoder().encode


@dataclass(frozen=True, slots=True)
class Delivery:
    """How one event fared at one URL: `status` is the last HTTP status (None: none came)."""

    url: str
    webhook_id: str
    type: str
    appointment_id: str | None
    status: int | None
    attempts: int
    dropped: bool = False
    duplicate: bool = False


@dataclass
class _Faults:
    drop: float = 0.0
    duplicate: float = 0.0
    delay: float = 0.0


class WebhookSender:
    """Sends the emulator's appointment webhooks to every subscribed URL.

    `public_key` is the PEM of the signing key (pass it as `public_key` to
    `hoopai_calendars.webhooks.verify`). `deliveries` logs the latest outcomes, one per
    event, URL and copy (drops included).
    """

    def __init__(
        self,
        clock: Callable[[], float],
        *,
        sleep: Callable[[float], Awaitable[Any]] | None = None,
        retry_delay: float = RETRY_DELAY_S,
        signing_key: Ed25519PrivateKey | None = None,
    ) -> None:
        self._clock = clock
        self._sleep = sleep or asyncio.sleep
        self.retry_delay = retry_delay
        self._key = signing_key
        self._urls: list[str] = []
        self._faults = _Faults()
        self._rng = random.Random()
        self._tasks: set[asyncio.Task[None]] = set()
        self._session: aiohttp.ClientSession | None = None
        self.deliveries: deque[Delivery] = deque(maxlen=LOG_SIZE)

    @property
    def urls(self) -> tuple[str, ...]:
        """Return the subscribed URLs."""
        return tuple(self._urls)

    @property
    def public_key(self) -> str:
        """Return the PEM public key that verifies this emulator's signatures."""
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        pem = (
            self._signing_key()
            .public_key()
            .public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
        )
        return pem.decode("ascii")

    def subscribe(self, url: str) -> None:
        """Send every appointment event to `url` (an http:// or https:// URL) from now on."""
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"webhook URL must be http:// or https://, got {url!r}")
        self._signing_key()  # fail now, not in a background task, if cryptography is absent
        if url not in self._urls:
            self._urls.append(url)

    def unsubscribe(self, url: str) -> None:
        """Stop sending to `url`."""
        with contextlib.suppress(ValueError):
            self._urls.remove(url)

    def faults(
        self,
        *,
        drop: float = 0.0,
        duplicate: float = 0.0,
        delay: float = 0.0,
        seed: int | None = None,
    ) -> None:
        """Drop, duplicate (send twice) or delay (up to `delay` s) deliveries at random.

        `drop` and `duplicate` are probabilities per delivery; `seed` makes the draws
        repeatable. Calling it again replaces the previous settings; zeros turn it off.
        """
        for name, value in (("drop", drop), ("duplicate", duplicate)):
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be a probability between 0 and 1")
        if delay < 0:
            raise ValueError("delay must not be negative")
        self._faults = _Faults(drop, duplicate, delay)
        self._rng = random.Random(seed)

    def emit(self, kind: str, record: dict[str, Any]) -> None:
        """Queue the `kind` event of an appointment record for every subscribed URL."""
        if not self._urls:
            return
        appointment = {k: record[k] for k in APPOINTMENT_FIELDS if k in record}
        if "source" not in appointment:
            created_by = record.get("createdBy")
            source = created_by.get("source") if isinstance(created_by, dict) else None
            appointment["source"] = source or "third_party"
        webhook_id = str(uuid.uuid4())
        payload = {
            "type": kind,
            "locationId": record.get("locationId"),
            "appointment": appointment,
            "timestamp": iso_utc(int(self._clock() * 1000)),
            "webhookId": webhook_id,
        }
        body = _encode(payload)
        signature = base64.b64encode(self._signing_key().sign(body)).decode("ascii")
        loop = asyncio.get_running_loop()
        for url in self._urls:
            faults = self._faults
            dropped = faults.drop > 0 and self._rng.random() < faults.drop
            copies = 2 if faults.duplicate > 0 and self._rng.random() < faults.duplicate else 1
            meta = (url, webhook_id, kind, record.get("id"))
            if dropped:
                self.deliveries.append(Delivery(*meta, status=None, attempts=0, dropped=True))
                continue
            for copy in range(copies):
                delay = self._rng.uniform(0, faults.delay) if faults.delay > 0 else 0.0
                task = loop.create_task(self._deliver(meta, body, signature, delay, copy > 0))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        """Wait until every queued delivery (retries included) has finished."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def aclose(self, grace: float = 5.0) -> None:
        """Drain for up to `grace` seconds, abandon what is left, close the HTTP session."""
        try:
            await asyncio.wait_for(self.drain(), grace)
        except asyncio.TimeoutError:
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
            logger.warning("emulator shut down with undelivered webhooks")
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    def _signing_key(self) -> Ed25519PrivateKey:
        if self._key is None:
            try:
                from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
            except ImportError:
                raise RuntimeError(
                    "emulator webhooks need cryptography: pip install 'hoopai-calendars[webhooks]'"
                ) from None
            self._key = Ed25519PrivateKey.generate()
        return self._key

    async def _deliver(
        self,
        meta: tuple[str, str, str, str | None],
        body: bytes,
        signature: str,
        delay: float,
        duplicate: bool,
    ) -> None:
        if delay:
            await self._sleep(delay)
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=_ATTEMPT_TIMEOUT)
        headers = {"content-type": "application/json", "x-ghl-signature": signature}
        status: int | None = None
        attempts = 0
        while True:
            attempts += 1
            try:
                async with self._session.post(meta[0], data=body, headers=headers) as answer:
                    status = answer.status
                    await answer.read()
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                logger.info("webhook to %s failed: %s", meta[0], type(exc).__name__)
                status = None
            # Like HighLevel: a 429 is retried, anything else (errors too) is final.
            if status != 429 or attempts > RETRIES:
                break
            await self._sleep(self.retry_delay)
        self.deliveries.append(
            Delivery(*meta, status=status, attempts=attempts, duplicate=duplicate)
        )
