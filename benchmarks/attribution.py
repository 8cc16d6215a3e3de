"""Where our async client's extra CPU per call goes, layer by layer, against the plain server.

    python -m benchmarks.attribution [--rounds 5] [--duration 1.0]

Each variant adds one layer of our call path on top of the previous one, all on free slots
and interleaved like the main run; the step from one row to the next is that layer's cost:
raw aiohttp + msgspec -> our transport + the same decoder -> + our decode (decode_success)
-> + the retry loop and response parsing (`_send`, `parse_response`, on a request built
once) -> the full generated-method call (adds `build_request` and the generated method).
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from statistics import median

from hoopai_calendars import AsyncCalendarsClient
from hoopai_calendars._aiohttp import AiohttpTransport
from hoopai_calendars._config import RequestOptions
from hoopai_calendars._sansio import build_request, decode_success, parse_response
from hoopai_calendars._transport import Request, Timeout
from hoopai_calendars.api._table import GET_SLOTS
from hoopai_calendars.models import FreeSlotsQuery

from .bodies import TOKEN
from .clients_async import _SLOTS_DECODER, RAW_MSGSPEC, RawAiohttp
from .procs import server_process
from .runner import Sample, run_async
from .targets import RAW_HEADERS, free_slots

Variant = tuple[str, Callable[[], Awaitable[object]]]


async def _measure(url: str, width: int, rounds: int, duration: float) -> None:
    target = free_slots()
    start, end = target.window
    raw = RawAiohttp(RAW_MSGSPEC)
    await raw.start(url)
    transport = AiohttpTransport()
    request = Request("GET", url + target.path(), RAW_HEADERS, None, Timeout())
    client = AsyncCalendarsClient(TOKEN, base_url=url, rate_limit=False)
    query = FreeSlotsQuery(start_date=start, end_date=end)
    built = build_request(
        GET_SLOTS, (target.calendar_id,), query, None,
        base_url=url, headers=client._headers, timeout=Timeout(),
    )  # fmt: skip
    options = RequestOptions()

    async def raw_call() -> object:
        return await raw.call(target)

    async def transport_call() -> object:
        return _SLOTS_DECODER.decode((await transport.send(request)).body)

    async def decode_call() -> object:
        return decode_success(GET_SLOTS, (await transport.send(request)).body)

    async def send_call() -> object:
        return parse_response(GET_SLOTS, await client._send(GET_SLOTS, built, options))

    async def full_call() -> object:
        return await client.calendars.free_slots(target.calendar_id, start_date=start, end_date=end)

    variants: list[Variant] = [
        ("raw aiohttp + msgspec", raw_call),
        ("+ our transport (AiohttpTransport.send)", transport_call),
        ("+ our decode (decode_success, FreeSlots)", decode_call),
        ("+ retry loop and parsing (_send, parse_response)", send_call),
        ("+ build_request and generated method = full call", full_call),
    ]
    try:
        for _, call in variants:
            await run_async(call, width, duration / 4, width)
        runs: dict[str, list[Sample]] = {name: [] for name, _ in variants}
        for round_no in range(rounds):
            shift = round_no % len(variants)
            for name, call in variants[shift:] + variants[:shift]:
                runs[name].append(await run_async(call, width, duration, width))
    finally:
        await raw.close()
        await transport.aclose()
        await client.close()
    base = runs[variants[0][0]]
    previous = None
    print(f"\nconcurrency {width}: client CPU per call (median of {rounds} rounds)")
    for name, _ in variants:
        cpu = median(s.cpu_per_1k * 1000 for s in runs[name])
        ratio = median(a.cpu_per_1k / b.cpu_per_1k for a, b in zip(runs[name], base, strict=True))
        step = "" if previous is None else f"  step {cpu - previous:+6.1f} us"
        print(f"  {name:52} {cpu:6.1f} us  {ratio:4.2f}x raw{step}")
        previous = cpu


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=float, default=1.0)
    args = parser.parse_args()
    with server_process("benchmarks.server") as url:
        for width in (1, 64):
            asyncio.run(_measure(url, width, args.rounds, args.duration))


if __name__ == "__main__":
    main()
