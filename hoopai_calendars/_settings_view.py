"""The clients' public, read-only settings: what a client was built with, after defaults."""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ForwardRef

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


def spell_out_settings(client: type, settings: type, defaults: Mapping[str, Any]) -> None:
    """Show each setting as a keyword in help() and inspect, on the class and its __init__."""
    signature = settings_signature(settings, defaults)
    client.__signature__ = signature  # type: ignore[attr-defined]
    this = inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    keywords = list(signature.parameters.values())
    client.__init__.__signature__ = signature.replace(  # type: ignore[misc]
        parameters=[this, *keywords]
    )
    client.with_options.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[this, *keywords[1:]], return_annotation="Self"
    )


def settings_signature(settings: type, defaults: Mapping[str, Any]) -> inspect.Signature:
    """Spell `(token=None, **settings)` out, so help() and inspect show every setting."""
    token = inspect.Parameter(
        "token",
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        default=None,
        annotation="TokenSource | None",
    )
    keywords = [
        inspect.Parameter(
            name, inspect.Parameter.KEYWORD_ONLY, default=defaults[name], annotation=hint
        )
        for name, hint in _annotations(settings).items()
    ]
    return inspect.Signature([token, *keywords], return_annotation="None")


def _annotations(settings: type) -> dict[str, Any]:
    # A TypedDict's own and inherited keys, in declaration order, as written (strings).
    merged: dict[str, Any] = {}
    for klass in reversed(settings.__mro__):
        for name, hint in getattr(klass, "__annotations__", {}).items():
            merged[name] = hint.__forward_arg__ if isinstance(hint, ForwardRef) else hint
    return merged
