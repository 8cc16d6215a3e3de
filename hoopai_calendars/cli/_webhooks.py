"""`hoopai-calendars webhooks listen`: verify incoming webhooks and print them as JSON lines.

For development: point an emulator (`--webhook-url`) or a tunnel at it. Every verified
event is printed on stdout as one JSON object; refusals are logged on stderr. With
`--forward URL` each verified delivery is passed on unchanged (same body, same signature)
and a failed forward is answered with 429, so the sender retries it.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import aiohttp
import msgspec

if TYPE_CHECKING:
    from typing import TypeAlias

    from aiohttp import web

    from ..webhooks import KeyLike, WebhookEvent

    Commands: TypeAlias = "argparse._SubParsersAction[Any]"

__all__ = ["add_webhooks_parser", "build_listener_app", "listen"]

_FORWARD_TIMEOUT = aiohttp.ClientTimeout(total=30.0)
_SIGNATURE_HEADERS = ("x-ghl-signature", "x-wh-signature")
_encode = msgspec.json.Encoder().encode


class ForwardError(Exception):
    """The forward target did not take the delivery."""


def _compact(value: object) -> object:
    """Drop null fields: an event's model has many that HighLevel does not send."""
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_compact(v) for v in value]
    return value


def _public_key(text: str | None) -> KeyLike | None:
    """Read --public-key: a file holding the key, or the key itself (PEM, base64, hex)."""
    if text is None:
        return None
    path = Path(text)
    try:
        if path.is_file():
            return path.read_text(encoding="ascii")
    except OSError:
        pass
    return text


def build_listener_app(
    *,
    public_key: KeyLike | None = None,
    forward: str | None = None,
    out: TextIO | None = None,
    allow_legacy_rsa: bool = False,
    clock: Callable[[], float] | None = None,
) -> web.Application:
    """Return an aiohttp app that verifies POSTs on any path and prints each event.

    `clock` (epoch seconds) is "now" for the timestamp check; default the system clock.
    """
    from aiohttp import web

    from ..webhooks import DEFAULT, MemoryReplayStore
    from ..webhooks._aiohttp import read_bounded
    from ..webhooks._receiver import DEFAULT_MAX_BODY, Receiver

    stream = out if out is not None else sys.stdout
    store = MemoryReplayStore()
    app = web.Application()
    sessions: list[aiohttp.ClientSession] = []

    async def handle(request: web.Request) -> web.Response:
        body = await read_bounded(request, DEFAULT_MAX_BODY)

        async def on_event(event: WebhookEvent) -> None:
            stream.write(_encode(_compact(msgspec.to_builtins(event))).decode() + "\n")
            stream.flush()
            if forward is not None and body is not None:
                await _forward(sessions, forward, body, request)

        receiver = Receiver(
            on_event,
            public_key=DEFAULT if public_key is None else public_key,
            allow_legacy_rsa=allow_legacy_rsa,
            replay_store=store,
            clock=clock,
        )
        status, answer = (
            receiver.too_large() if body is None else await receiver.handle(body, request.headers)
        )
        return web.Response(status=status, body=answer, content_type="application/json")

    async def close(_: web.Application) -> None:
        for session in sessions:
            await session.close()

    app.router.add_post("/{tail:.*}", handle)
    app.on_cleanup.append(close)
    return app


async def _forward(
    sessions: list[aiohttp.ClientSession], url: str, body: bytes, request: web.Request
) -> None:
    if not sessions:
        sessions.append(aiohttp.ClientSession(timeout=_FORWARD_TIMEOUT))
    headers = {"content-type": request.headers.get("content-type", "application/json")}
    headers.update({h: request.headers[h] for h in _SIGNATURE_HEADERS if h in request.headers})
    async with sessions[0].post(url, data=body, headers=headers) as answer:
        await answer.read()
        if not 200 <= answer.status < 300:
            raise ForwardError(f"{url} answered {answer.status}")


async def listen(
    host: str,
    port: int,
    *,
    public_key: KeyLike | None = None,
    forward: str | None = None,
    allow_legacy_rsa: bool = False,
) -> None:
    """Serve the listener until cancelled, saying where on stderr."""
    from aiohttp import web

    app = build_listener_app(
        public_key=public_key, forward=forward, allow_legacy_rsa=allow_legacy_rsa
    )
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        where = runner.addresses[0][:2]
        print(f"listening for webhooks on http://{where[0]}:{where[1]}/", file=sys.stderr)
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def _run_listen(args: argparse.Namespace) -> int:
    from ._errors import CommandFailed, Interrupted, UsageError
    from ._run import run

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    try:
        key = _public_key(args.public_key)
        if key is not None:
            from ..webhooks import load_public_key

            load_public_key(key)  # a bad key is a usage error, found before listening
    except (ValueError, TypeError) as exc:
        raise UsageError("--public-key", str(exc)) from None
    try:
        run(
            lambda: listen(
                args.host,
                args.port,
                public_key=key,
                forward=args.forward,
                allow_legacy_rsa=args.allow_legacy_rsa,
            )
        )
    except Interrupted:
        return 0  # how this command is meant to end
    except OSError as exc:
        raise CommandFailed(f"cannot listen on {args.host}:{args.port}: {exc}") from None
    return 0


def add_webhooks_parser(commands: Commands, port: Callable[[str], int] = int) -> None:
    """Register `webhooks listen` on the root subparsers."""
    parser = commands.add_parser(
        "webhooks", help="HighLevel webhooks", description="Work with HighLevel webhooks."
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listen_parser = actions.add_parser(
        "listen",
        help="verify incoming webhooks and print each event as a JSON line",
        description="Listen for webhooks, verify each one (Ed25519 x-ghl-signature, "
        "timestamp, webhookId) and print its event as one JSON line on stdout.",
    )
    listen_parser.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
    listen_parser.add_argument(
        "--port",
        type=port,
        required=True,
        help="port to listen on",
    )
    listen_parser.add_argument(
        "--public-key",
        metavar="KEY",
        help="verifying key: PEM/base64/hex text or a file (default: HighLevel's published key)",
    )
    listen_parser.add_argument(
        "--forward", metavar="URL", help="pass each verified delivery on to URL, unchanged"
    )
    listen_parser.add_argument(
        "--allow-legacy-rsa",
        action="store_true",
        help="also accept the deprecated RSA x-wh-signature",
    )
    listen_parser.set_defaults(run=_run_listen)
