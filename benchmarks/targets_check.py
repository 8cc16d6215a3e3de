"""The issues' performance targets, judged on same-round ratios (median over the rounds)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .clients_async import OFFICIAL, OURS, RAW_MSGSPEC
from .clients_sync import FACADE, REQUESTS
from .decode import DECODE_BASELINE, DECODE_OURS, DecodeResult
from .http_suite import Scenario, SuiteResult
from .memory import MEMORY_DICTS, MEMORY_OURS, MEMORY_PYDANTIC, MemoryResult
from .runner import Sample
from .stats import Summary, ratios, summarize

__all__ = ["Verdict", "judge"]


@dataclass(frozen=True)
class Verdict:
    """One target in one scenario: the measured ratio against what it needs."""

    target: str
    scenario: str
    measured: Summary
    bound: float
    at_least: bool  # True: ratio >= bound passes; False: ratio <= bound passes

    @property
    def passed(self) -> bool:
        value = self.measured.median
        return value >= self.bound if self.at_least else value <= self.bound

    @property
    def every_round(self) -> bool:
        """Whether the worst round passes too (a median pass may hide a failing round)."""
        worst = self.measured.low if self.at_least else self.measured.high
        return worst >= self.bound if self.at_least else worst <= self.bound

    @property
    def needs(self) -> str:
        return f"{'>=' if self.at_least else '<='} {self.bound:g}x"

    @property
    def label(self) -> str:
        if not self.passed:
            return "**MISS**"
        return "PASS" if self.every_round else "PASS (median; not every round)"


def _series(
    suite: SuiteResult, scenario: Scenario, client: str, metric: Callable[[Sample], float]
) -> list[float]:
    return [metric(sample) for sample in suite.runs(scenario, client)]


def _ratio(
    suite: SuiteResult,
    scenario: Scenario,
    client: str,
    baseline: str,
    metric: Callable[[Sample], float],
    *,
    baseline_scenario: Scenario | None = None,
) -> Summary:
    values = _series(suite, scenario, client, metric)
    base = _series(suite, baseline_scenario or scenario, baseline, metric)
    return summarize(ratios(values, base))


def _rate(sample: Sample) -> float:
    return sample.rate


def _cpu(sample: Sample) -> float:
    return sample.cpu_per_1k


def _latency(sample: Sample) -> float:
    return sample.latency_ms


def _find(scenarios: Sequence[Scenario], mode: str, kind: str, width: int) -> list[Scenario]:
    return [s for s in scenarios if s.mode == mode and s.target.kind == kind and s.width == width]


def http_verdicts(suite: SuiteResult) -> list[Verdict]:
    """Issue 7's client targets and issue 3's facade targets on the plain server."""
    out: list[Verdict] = []
    # Issue 7 states its async targets at concurrency 1 and 64; other widths are context.
    asyncs = [s for s in suite.scenarios if s.mode == "async" and s.width in (1, 64)]
    for s in asyncs:
        out.append(
            Verdict(
                "async req/s vs raw aiohttp + msgspec",
                s.title,
                _ratio(suite, s, OURS, RAW_MSGSPEC, _rate),
                0.9,
                True,
            )
        )
    for s in asyncs:
        out.append(
            Verdict(
                "async CPU per request vs raw aiohttp + msgspec",
                s.title,
                _ratio(suite, s, OURS, RAW_MSGSPEC, _cpu),
                1.15,
                False,
            )
        )
    for s in _find(asyncs, "async", "slots", 64):
        out.append(
            Verdict(
                "async req/s vs official SDK (free slots)",
                s.title,
                _ratio(suite, s, OURS, OFFICIAL, _rate),
                15,
                True,
            )
        )
    for s in [s for s in asyncs if s.target.kind == "events"]:
        out.append(
            Verdict(
                "async req/s vs official SDK (events)",
                s.title,
                _ratio(suite, s, OURS, OFFICIAL, _rate),
                2,
                True,
            )
        )
    for s in [s for s in suite.scenarios if s.mode == "threads"]:
        bound = 1.8 if s.width == 1 else 2.5
        out.append(
            Verdict(
                "facade calls/s vs requests.Session",
                s.title,
                _ratio(suite, s, FACADE, REQUESTS, _rate),
                bound,
                True,
            )
        )
    for s in _find(suite.scenarios, "threads", "slots", 1):
        twins = _find(asyncs, "async", "slots", 1)
        if twins:
            out.append(
                Verdict(
                    "facade per-call latency vs async client",
                    s.title,
                    _ratio(suite, s, FACADE, OURS, _latency, baseline_scenario=twins[0]),
                    1.3,
                    False,
                )
            )
    return out


def decode_verdicts(decode: DecodeResult) -> list[Verdict]:
    """Events decode at most 0.6x json.loads."""
    out = []
    for body in decode.bodies:
        if not body.startswith("events"):
            continue
        ours = decode.seconds[(body, DECODE_OURS)]
        base = decode.seconds[(body, DECODE_BASELINE)]
        out.append(
            Verdict(
                "typed decode time vs json.loads", body, summarize(ratios(ours, base)), 0.6, False
            )
        )
    return out


def memory_verdicts(memory: MemoryResult) -> list[Verdict]:
    """Held events at most 0.85x dicts and 0.45x pydantic."""
    ours = memory.held[MEMORY_OURS]
    scenario = f"{memory.events:,} events held"
    return [
        Verdict(
            "memory held vs dicts",
            scenario,
            summarize(ratios(ours, memory.held[MEMORY_DICTS])),
            0.85,
            False,
        ),
        Verdict(
            "memory held vs pydantic",
            scenario,
            summarize(ratios(ours, memory.held[MEMORY_PYDANTIC])),
            0.45,
            False,
        ),
    ]


def judge(
    suite: SuiteResult | None, decode: DecodeResult | None, memory: MemoryResult | None
) -> list[Verdict]:
    """Every target that the parts of this run can judge."""
    out: list[Verdict] = []
    if suite is not None:
        out += http_verdicts(suite)
    if decode is not None:
        out += decode_verdicts(decode)
    if memory is not None:
        out += memory_verdicts(memory)
    return out
