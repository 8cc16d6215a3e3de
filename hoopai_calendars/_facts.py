"""Facts about the API itself, read by the client and the emulator alike (written once).

A later redesign moves this under an `api/` package; keep it free of imports from the
rest of the package so that move is a rename.
"""

from __future__ import annotations

__all__ = ["API_VERSIONS", "DEFAULT_API_VERSION", "SCOPES", "V3"]

# Every `Version` header value the live API accepts on the calendars routes and that real
# clients send: the v2 spec enumerates 2021-04-15; HoopAI's docs say always send
# 2021-07-28; the official Node SDK 3.x sends 2023-02-21; the official Python SDK 3.x
# sends v3 (the v3 spec, whose responses carry extra fields).
API_VERSIONS: tuple[str, ...] = ("2021-04-15", "2021-07-28", "2023-02-21", "v3")
DEFAULT_API_VERSION = "2021-07-28"
V3 = "v3"

# The seed page's four OAuth scopes (the upstream spec's finer ones lose to the seed).
SCOPES: tuple[str, ...] = (
    "calendars.readonly",
    "calendars.write",
    "calendars/events.readonly",
    "calendars/events.write",
)
