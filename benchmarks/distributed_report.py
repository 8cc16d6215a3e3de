"""The Markdown section of `benchmarks/distributed.py`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .distributed import Results

__all__ = ["render"]


def render(r: Results) -> str:
    """The Markdown section for the parts that ran."""
    lines = ["## Beyond one process (`benchmarks/distributed.py`)", ""]
    if r.budget:
        lines += _render_budget(r)
    if r.overhead:
        lines += _render_overhead(r)
    if r.tokens:
        lines += _render_tokens(r)
    if r.locations:
        lines += _render_locations(r)
    return "\n".join(lines)


def _render_budget(r: Results) -> list[str]:
    s = r.settings
    lines = [
        f"{s.procs} processes polling free slots on one location for {s.seconds:g} s; the "
        f"emulator allows {s.limit} per {s.interval_ms / 1000:g} s.",
        "",
        "| limiter | reserve | 2xx | server 429s | budget used |",
        "|---|---:|---:|---:|---:|",
    ]
    labels = {"memory": "in-memory, one per process", "redis": "Redis, shared"}
    for run_key, b in r.budget.items():
        mode, reserve = run_key.split()
        lines.append(
            f"| {labels[mode]} | {reserve} | {b['ok']:.0f} | {b['429']:.0f} | {b['used']:.0%} |"
        )
    return [
        *lines,
        "",
        "Budget used: 2xx answers / (limit x span / interval), span from the first send to "
        "the last answer of any process. Clients run with `max_retries=0`, so every 429 is "
        "a failed call.",
        "",
    ]


def _render_overhead(r: Results) -> list[str]:
    lines = [
        f"One process, concurrency 64, {r.settings.overhead_calls:,} calls per limiter, "
        "canned in-process transport (the limiter never waits):",
        "",
        "| limiter | CPU per call (client) | + redis-server CPU | latency per call | calls/s |",
        "|---|---:|---:|---:|---:|",
    ]
    for mode in ("none", "memory", "redis"):
        o = r.overhead[mode]
        lines.append(
            f"| {mode} | {o['cpu_us']:.0f} µs | {o['redis_cpu_us']:.0f} µs "
            f"| {o['latency_ms']:.2f} ms | {o['calls_s']:,.0f} |"
        )
    return [*lines, ""]


def _render_tokens(r: Results) -> list[str]:
    t = r.tokens
    return [
        f"Token rotation: {r.settings.token_procs} processes share one token (expires in "
        f"0.25 s) through Redis; {t['stalled']:.0f} refreshers killed (SIGKILL) mid-refresh, "
        f"{t['seconds']:.0f} s.",
        "",
        "| rotations | on_refresh calls | distinct tokens | answered token POSTs | broken chains "
        "| worst recovery after a kill |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {t['rotations']:.0f} | {t['on_refresh']:.0f} | {t['distinct']:.0f} "
        f"| {t['posts']:.0f} | {t['broken']:.0f} "
        f"| {t['recovery_max_s']:.2f} s (lock timeout {t['lock_timeout_s']:g} s) |",
        "",
    ]


def _render_locations(r: Results) -> list[str]:
    lines = [
        f"{r.settings.locations:,} locations x 5 calendars in one process (one pool), "
        "concurrency 64, against the plain server (medians of 5 rounds):",
        "",
        "| clients | calls/s | CPU per call | vs one unlimited client |",
        "|---|---:|---:|---:|",
    ]
    for name, x in r.locations.items():
        lines.append(f"| {name} | {x['calls_s']:,.0f} | {x['cpu_us']:.0f} µs | {x['ratio']:.2f}x |")
    return [*lines, ""]
