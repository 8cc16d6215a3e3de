"""The clients' public, read-only settings: what a client was built with, after defaults."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._config import AsyncClientSettings
    from ._transport import Timeout


class SettingsView:
    """Read-only properties over `_config`, the resolved settings (shared by both clients)."""

    __slots__ = ()
    _config: AsyncClientSettings

    @property
    def base_url(self) -> str:
        """The API's base URL, without a trailing slash."""
        return self._config["base_url"]

    @property
    def api_version(self) -> str:
        """The `Version` header sent with every request."""
        return self._config["api_version"]

    @property
    def timeout(self) -> Timeout:
        """The per-attempt timeout (a bare number given at construction becomes its total)."""
        timeout = self._config["timeout"]
        assert not isinstance(timeout, (int, float))  # normalised at construction
        return timeout

    @property
    def deadline(self) -> float | None:
        """Seconds one call may take with its retries and waits (None: no bound)."""
        return self._config["deadline"]

    @property
    def max_retries(self) -> int:
        """How many times a failed idempotent call is repeated."""
        return self._config["max_retries"]

    @property
    def rate_limit_key(self) -> str | None:
        """The budget this client spends (None: the credential's fingerprint)."""
        return self._config["rate_limit_key"]

    @property
    def reconcile(self) -> bool:
        """Whether an ambiguous create is looked up before being re-sent."""
        return self._config["reconcile"]


def client_repr(client: SettingsView) -> str:
    """Name the settings that tell clients apart; never the token."""
    shown = f"base_url={client.base_url!r}, api_version={client.api_version!r}"
    if client.rate_limit_key is not None:
        shown += f", rate_limit_key={client.rate_limit_key!r}"
    return f"{type(client).__name__}({shown})"
