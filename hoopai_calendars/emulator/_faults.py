"""Fault injection: make chosen requests fail the ways the live API and its CDN do."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Literal, get_args

from aiohttp import web

__all__ = ["FAULT_KINDS", "CutOffResponse", "FaultInjector", "FaultKind", "FaultRule"]

FaultKind = Literal[
    "status_429",
    "status_5xx",
    "html_502",
    "reset_before",
    "reset_after",
    "delay",
    "malformed_json",
    "truncated_2xx",
    "command_timed_out",
]
FAULT_KINDS: tuple[FaultKind, ...] = get_args(FaultKind)

# Kinds whose point is that the write happened although the client cannot tell.
_AFTER_BY_DEFAULT = frozenset({"reset_after", "malformed_json", "truncated_2xx"})


@dataclass
class FaultRule:
    """One configured fault: what happens, to which requests, how often.

    `route` is None (every route), an operation-name glob (`"appointments.create"`,
    `"calendars.*"`), or `"METHOD PATH"` where METHOD may be `*` and PATH is either a
    route template (`/calendars/{calendarId}`) or a glob of the request path.
    `count` is how many more times the rule may fire (None: unlimited); `probability`
    (None: always) is rolled per matching request with the injector's seeded random.
    With `run_handler` the handler runs (and its write lands) before the fault answers.
    """

    kind: FaultKind
    route: str | None = None
    count: int | None = 1
    probability: float | None = None
    status: int = 503
    seconds: float = 1.0
    run_handler: bool = False
    fired: int = 0

    @property
    def exhausted(self) -> bool:
        """Whether the rule has used up its count."""
        return self.count is not None and self.count <= 0

    def matches(self, operation: str, method: str, path: str, template: str) -> bool:
        """Whether the rule applies to this request."""
        if self.route is None:
            return True
        want_method, space, want_path = self.route.partition(" ")
        if not space:
            return fnmatchcase(operation, self.route)
        if want_method != "*" and want_method.upper() != method.upper():
            return False
        return want_path == template or fnmatchcase(path, want_path)


@dataclass
class FaultInjector:
    """The fault table of one emulator, plus counters tests can assert on.

    `seen` counts requests per operation name (every request that matched a route),
    `fired` counts faults per kind.
    """

    seed: int = 0
    rules: list[FaultRule] = field(default_factory=list)
    seen: Counter[str] = field(default_factory=Counter)
    fired: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def reseed(self, seed: int) -> None:
        """Restart the random sequence used by probabilistic rules."""
        self.seed = seed
        self._random = random.Random(seed)

    @property
    def total_seen(self) -> int:
        """Return how many routed requests arrived."""
        return sum(self.seen.values())

    def add(
        self,
        kind: FaultKind,
        route: str | None = None,
        *,
        count: int | None = None,
        probability: float | None = None,
        status: int = 503,
        seconds: float = 1.0,
        run_handler: bool | None = None,
    ) -> FaultRule:
        """Add a rule; without count or probability it fires once."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {FAULT_KINDS}")
        if probability is not None and not 0.0 <= probability <= 1.0:
            raise ValueError("probability must be between 0 and 1")
        if kind == "status_5xx" and status not in (500, 502, 503, 504):
            raise ValueError("status_5xx takes status 500, 502, 503 or 504")
        if count is None and probability is None:
            count = 1
        after = kind in _AFTER_BY_DEFAULT if run_handler is None else run_handler
        if kind == "reset_before":
            after = False
        rule = FaultRule(kind, route, count, probability, status, seconds, after)
        self.rules.append(rule)
        return rule

    def status_429(
        self,
        route: str | None = None,
        *,
        count: int | None = None,
        probability: float | None = None,
    ) -> FaultRule:
        """Answer 429 Too Many Requests, as in a burst from another process."""
        return self.add("status_429", route, count=count, probability=probability)

    def status_5xx(
        self,
        route: str | None = None,
        *,
        status: int = 503,
        count: int | None = None,
        probability: float | None = None,
        run_handler: bool = False,
    ) -> FaultRule:
        """Answer a NestJS-shaped 500/502/503/504 (after the write, with `run_handler`)."""
        return self.add(
            "status_5xx",
            route,
            status=status,
            count=count,
            probability=probability,
            run_handler=run_handler,
        )

    def html_502(
        self,
        route: str | None = None,
        *,
        count: int | None = None,
        probability: float | None = None,
        run_handler: bool = False,
    ) -> FaultRule:
        """Answer 502 with the CDN's HTML page instead of JSON."""
        return self.add(
            "html_502", route, count=count, probability=probability, run_handler=run_handler
        )

    def reset_before(
        self,
        route: str | None = None,
        *,
        count: int | None = None,
        probability: float | None = None,
    ) -> FaultRule:
        """Reset the connection before the handler runs: nothing happened."""
        return self.add("reset_before", route, count=count, probability=probability)

    def reset_after(
        self,
        route: str | None = None,
        *,
        count: int | None = None,
        probability: float | None = None,
    ) -> FaultRule:
        """Run the handler (the write lands), then reset the connection without answering."""
        return self.add("reset_after", route, count=count, probability=probability)

    def delay(
        self,
        seconds: float,
        route: str | None = None,
        *,
        count: int | None = None,
        probability: float | None = None,
    ) -> FaultRule:
        """Wait `seconds` before handling the request."""
        return self.add("delay", route, seconds=seconds, count=count, probability=probability)

    def malformed_json(
        self,
        route: str | None = None,
        *,
        count: int | None = None,
        probability: float | None = None,
    ) -> FaultRule:
        """Run the handler, then answer 200 with its JSON body cut short."""
        return self.add("malformed_json", route, count=count, probability=probability)

    def truncated_2xx(
        self,
        route: str | None = None,
        *,
        count: int | None = None,
        probability: float | None = None,
    ) -> FaultRule:
        """Run the handler, then cut its 2xx off mid-body: the headers promise every byte
        (Content-Length), half arrives, and the connection closes."""
        return self.add("truncated_2xx", route, count=count, probability=probability)

    def command_timed_out(
        self,
        route: str | None = None,
        *,
        count: int | None = None,
        probability: float | None = None,
        run_handler: bool = False,
    ) -> FaultRule:
        """Answer the API's gateway timeout in disguise: 401 "Command timed out"."""
        return self.add(
            "command_timed_out",
            route,
            count=count,
            probability=probability,
            run_handler=run_handler,
        )

    def clear(self) -> None:
        """Remove every rule and reset the counters."""
        self.rules.clear()
        self.seen.clear()
        self.fired.clear()

    def pick(self, operation: str, method: str, path: str, template: str) -> FaultRule | None:
        """Return the first live rule that fires for this request, spending its count."""
        for rule in self.rules:
            if rule.exhausted or not rule.matches(operation, method, path, template):
                continue
            if rule.probability is not None and self._random.random() >= rule.probability:
                continue
            if rule.count is not None:
                rule.count -= 1
            rule.fired += 1
            self.fired[rule.kind] += 1
            return rule
        return None


class CutOffResponse(web.Response):
    """A response whose Content-Length promises `body` but which closes after half of it.

    What a client sees when a proxy or the network drops the connection mid-body: the
    status and headers arrived, the body did not finish.
    """

    def __init__(
        self, request: web.Request, status: int, body: bytes, headers: dict[str, str]
    ) -> None:
        # The body is set so that Content-Length announces every byte of it.
        super().__init__(status=status, body=body, headers=headers, content_type="application/json")
        self._request = request
        self._full = body

    async def write_eof(self, data: bytes = b"") -> None:
        """Send half the body, then close the connection instead of finishing it."""
        await self.write(self._full[: len(self._full) // 2])
        transport = self._request.transport
        if transport is not None:
            transport.close()  # flushes what was written, then FIN: the rest never comes
