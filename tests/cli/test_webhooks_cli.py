"""`hoopai-calendars webhooks listen` and the emulator's `--webhook-url` flag."""

from __future__ import annotations

import io
import json

import pytest
from aiohttp import web

from hoopai_calendars.cli import build_parser, main
from hoopai_calendars.cli._webhooks import build_listener_app
from hoopai_calendars.emulator import Emulator
from hoopai_calendars.webhooks import (
    WebhookEvent,
    aiohttp_handler,
)
from tests.support.webhook_servers import (
    NOW,
    book_one,
    serving,
)

pytestmark = pytest.mark.anyio


async def test_the_listen_command_prints_each_verified_event_and_forwards_it() -> None:
    forwarded: list[WebhookEvent] = []

    async def on_forward(event: WebhookEvent) -> None:
        forwarded.append(event)

    emu = Emulator(clock=lambda: NOW)
    out = io.StringIO()
    # The forward target checks the emulator's signature: the body is passed on unchanged.
    target = aiohttp_handler(on_forward, public_key=emu.webhook_public_key, clock=lambda: NOW)
    async with serving(target) as forward_url:
        listener = build_listener_app(
            public_key=emu.webhook_public_key, forward=forward_url, out=out, clock=lambda: NOW
        )
        async with serving(listener) as url:
            emu.webhooks.subscribe(url.replace("/hooks", "/any/path"))
            async with emu:
                appointment_id = await book_one(emu)
                await emu.webhooks.drain()
    [line] = out.getvalue().splitlines()
    printed = json.loads(line)
    assert printed["type"] == "AppointmentCreate"
    assert printed["appointment"]["id"] == appointment_id
    assert [e.appointment.id for e in forwarded] == [appointment_id]  # type: ignore[union-attr]
    assert [d.status for d in emu.webhooks.deliveries] == [200]


async def test_a_failed_forward_answers_429_so_the_sender_retries() -> None:
    async def refuse(request: web.Request) -> web.Response:
        return web.Response(status=503)

    async def no_wait(seconds: float) -> None:
        return None

    emu = Emulator(clock=lambda: NOW, webhook_sleep=no_wait)
    out = io.StringIO()
    async with serving(refuse) as forward_url:
        listener = build_listener_app(
            public_key=emu.webhook_public_key, forward=forward_url, out=out, clock=lambda: NOW
        )
        async with serving(listener) as url:
            emu.webhooks.subscribe(url)
            async with emu:
                await book_one(emu)
                await emu.webhooks.drain()
    assert [(d.status, d.attempts) for d in emu.webhooks.deliveries] == [(429, 7)]
    assert len(out.getvalue().splitlines()) == 7  # each retry was verified and printed


def test_the_cli_wires_the_flags() -> None:
    args = build_parser().parse_args(
        ["emulator", "--webhook-url", "http://127.0.0.1:9/a", "--webhook-url", "http://b"]
    )
    assert args.webhook_url == ["http://127.0.0.1:9/a", "http://b"]
    listen = build_parser().parse_args(["webhooks", "listen", "--port", "0", "--forward", "u"])
    assert (listen.port, listen.forward, listen.public_key) == (0, "u", None)
    assert main(["webhooks", "listen", "--port", "0", "--public-key", "garbage"]) == 2
