"""The blocking clients under test: our facade and requests.Session, callable from many threads."""

from __future__ import annotations

import threading
from typing import Protocol

import requests

from hoopai_calendars import CalendarsClient

from .bodies import LOCATION_ID, TOKEN
from .targets import RAW_HEADERS, Target

__all__ = ["FACADE", "REQUESTS", "Facade", "RequestsSession", "SyncBench", "sync_clients"]

FACADE = "hoopai_calendars CalendarsClient"
REQUESTS = "requests.Session + .json()"


class SyncBench(Protocol):
    """One blocking client; `call` must be safe to use from several threads at once."""

    label: str

    def start(self, base_url: str) -> None: ...

    def call(self, target: Target) -> object: ...

    def close(self) -> None: ...


class Facade:
    """One CalendarsClient shared by every thread, which is how it is meant to be used."""

    def __init__(self, *, rate_limit: bool) -> None:
        self.label = FACADE
        self._rate_limit = rate_limit
        self._client: CalendarsClient | None = None

    def start(self, base_url: str) -> None:
        self._client = CalendarsClient(TOKEN, base_url=base_url, rate_limit=self._rate_limit)

    def call(self, target: Target) -> object:
        assert self._client is not None
        start, end = target.window
        if target.kind == "slots":
            return self._client.calendars.free_slots(
                target.calendar_id, start_date=start, end_date=end
            )
        return self._client.events.list(
            location_id=LOCATION_ID, start_time=start, end_time=end, calendar_id=target.calendar_id
        )

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


class RequestsSession:
    """A requests.Session per thread: Sessions are not documented as thread-safe, and one
    per thread also spares them a shared pool's lock, so this is requests at its best."""

    def __init__(self) -> None:
        self.label = REQUESTS
        self._base = ""
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()

    def start(self, base_url: str) -> None:
        self._base = base_url

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers.update(RAW_HEADERS)
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def call(self, target: Target) -> object:
        response = self._session().get(self._base + target.path())
        response.raise_for_status()
        return response.json()

    def close(self) -> None:
        with self._lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()


def sync_clients(*, emulator: bool) -> list[SyncBench]:
    """Our facade (limiter on only against the emulator) and the requests baseline."""
    return [Facade(rate_limit=emulator), RequestsSession()]
