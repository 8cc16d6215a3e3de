"""Webhook receive cost: `verify` + `parse_event` per event vs a bare Ed25519 verify.

Both sides handle the same signed appointment events in the same round, back to back:
ours runs every check a receiver makes (header lookup, base64, signature, payload
timestamp, webhookId dedupe in a fresh in-memory store per round, then the typed
decode); the baseline is `Ed25519PublicKey.verify(signature, body)` alone, with the
signature already decoded. `python -m benchmarks.webhooks` prints the figures.
"""

from __future__ import annotations

import base64
import gc
import json
import sys
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from hoopai_calendars.webhooks import MemoryReplayStore, parse_event, verify

from .stats import Summary, ratios, summarize

if TYPE_CHECKING:
    from .targets_check import Verdict

__all__ = [
    "WEBHOOK_BOUND",
    "WebhookResult",
    "run_webhooks",
    "webhook_ratio",
    "webhook_verdicts",
]

WEBHOOK_BOUND = 1.3
_NOW = 1_730_030_400.0


@dataclass(frozen=True)
class WebhookResult:
    """Seconds per event for ours and the bare verify, one value per round."""

    body_bytes: int
    ours: list[float]
    bare: list[float]


def _bodies(key: Ed25519PrivateKey, count: int) -> list[tuple[bytes, dict[str, str], bytes]]:
    out = []
    for n in range(count):
        data = {
            "type": "AppointmentUpdate",
            "locationId": "ve9EPM428h8vShlRW1KT",
            "appointment": {
                "id": f"appt{n:016d}",
                "address": "https://zoom.us/j/1234567890",
                "title": "Initial consultation",
                "calendarId": "BqTwX8QFwXzpegMve9EQ",
                "contactId": "9NkT25Vor1v4aQatFsv2",
                "groupId": "9NkT25Vor1v4aQatFsv2",
                "appointmentStatus": "confirmed",
                "assignedUserId": "YlWd2wuCAZQzh2cH1fVZ",
                "users": ["YlWd2wuCAZQzh2cH1fVZ"],
                "notes": "Prefers a call back in the afternoon",
                "source": "booking_widget",
                "startTime": "2024-10-28T16:00:00+05:30",
                "endTime": "2024-10-28T16:30:00+05:30",
                "dateAdded": "2024-10-20T09:12:44.512Z",
                "dateUpdated": "2024-10-27T11:59:59.001Z",
            },
            "timestamp": "2024-10-27T12:00:00.000Z",
            "webhookId": f"5a3b1c2d-0000-4000-8000-{n:012d}",
        }
        body = json.dumps(data, separators=(",", ":")).encode()
        signature = key.sign(body)
        out.append((body, {"x-ghl-signature": base64.b64encode(signature).decode()}, signature))
    return out


def _run(coro: Coroutine[Any, Any, None]) -> None:
    # The in-memory store never suspends, so the coroutine finishes on its first step;
    # driving it by hand keeps event-loop overhead (not ours) out of the figure.
    try:
        coro.send(None)
    except StopIteration:
        return
    raise RuntimeError("verify suspended")


def _batch(step: Callable[[int], None], first: int, count: int) -> float:
    started = time.perf_counter()
    for i in range(first, first + count):
        step(i)
    return time.perf_counter() - started


def run_webhooks(rounds: int = 7, batches: int = 20, batch: int = 100) -> WebhookResult:
    """Measure both sides `rounds` times on the same events, interleaved in small batches.

    Interleaving (ours on 100 events, the baseline on the same 100, and so on, the
    order flipping each batch) keeps a busy machine's drift out of the ratio.
    """
    key = Ed25519PrivateKey.generate()
    public = key.public_key()
    events = _bodies(key, batches * batch)
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(rounds):
        store = MemoryReplayStore()

        def receive(i: int, store: MemoryReplayStore = store) -> None:
            body, headers, _ = events[i]
            _run(verify(body, headers, public_key=public, now=_NOW, replay_store=store))
            parse_event(body)

        def baseline(i: int) -> None:
            body, _, signature = events[i]
            public.verify(signature, body)

        gc.collect()
        spent = {"ours": 0.0, "bare": 0.0}
        for b in range(batches):
            first = b * batch
            order = [("ours", receive), ("bare", baseline)]
            for name, step in order if b % 2 == 0 else order[::-1]:
                spent[name] += _batch(step, first, batch)
        ours.append(spent["ours"] / (batches * batch))
        bare.append(spent["bare"] / (batches * batch))
    return WebhookResult(len(events[0][0]), ours, bare)


def webhook_ratio(result: WebhookResult) -> Summary:
    """Same-round ratios of ours to the bare verify."""
    return summarize(ratios(result.ours, result.bare))


def webhook_verdicts(result: WebhookResult) -> list[Verdict]:
    """Issue 12: verify + parse_event at most 1.3x a bare Ed25519 verify."""
    # Imported here: the HTTP suites' clients need the bench extras; this part does not.
    from .targets_check import Verdict

    return [
        Verdict(
            "webhook verify + parse_event vs bare Ed25519 verify",
            f"{result.body_bytes}-byte appointment event",
            webhook_ratio(result),
            WEBHOOK_BOUND,
            False,
        )
    ]


def main() -> int:
    """Print both figures and the ratio."""
    result = run_webhooks()
    ours, bare = summarize(result.ours), summarize(result.bare)
    print(f"body: {result.body_bytes} bytes")
    print(f"verify + parse_event: {ours.median * 1e6:.1f} us/event (median of rounds)")
    print(f"bare Ed25519 verify:  {bare.median * 1e6:.1f} us/event")
    ratio = webhook_ratio(result)
    verdict = "PASS" if ratio.median <= WEBHOOK_BOUND else "MISS"
    print(f"ratio: {ratio.format()} (needs <= {WEBHOOK_BOUND:g}x): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
