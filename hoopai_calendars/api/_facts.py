"""Facts about the Calendars API, each written once; every other layer reads them here.

Pure constants, importing nothing from the package: the models, the errors, the client
and the emulator all sit above this module.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final, Literal, get_args

__all__ = [
    "API_VERSIONS",
    "DEFAULT_API_VERSION",
    "DEFAULT_NOTIFICATIONS_LIMIT",
    "DEFAULT_RESOURCES_LIMIT",
    "DEFAULT_SCHEDULES_LIMIT",
    "EVENTS_READ",
    "EVENTS_WRITE",
    "INACTIVE_STATUSES",
    "INVALID_JWT_MESSAGE",
    "Kind401",
    "MAX_NOTES_LIMIT",
    "MAX_SCHEDULES_LIMIT",
    "MAX_SLOT_WINDOW",
    "MAX_SLOT_WINDOW_DAYS",
    "MAX_SLOT_WINDOW_MS",
    "NO_AUTHORIZATION_MESSAGE",
    "NO_VERSION_MESSAGE",
    "RATE_LIMIT_DAILY",
    "RATE_LIMIT_DAILY_HEADER",
    "RATE_LIMIT_DAILY_REMAINING_HEADER",
    "RATE_LIMIT_DAILY_RESET_HEADER",
    "RATE_LIMIT_INTERVAL_HEADER",
    "RATE_LIMIT_INTERVAL_MS",
    "RATE_LIMIT_MAX",
    "RATE_LIMIT_MAX_HEADER",
    "RATE_LIMIT_REMAINING_HEADER",
    "READ",
    "RESOURCE_TYPES",
    "RETRY_AFTER_HEADER",
    "RETRY_AFTER_MS_HEADER",
    "ResourceTypeName",
    "SCOPES",
    "SCOPE_MESSAGE",
    "SLOT_TAKEN_MARK",
    "SLOT_TAKEN_MESSAGE",
    "Scope",
    "TIMED_OUT_MESSAGE",
    "UNAUTHORIZED_MARKS",
    "UNSUPPORTED_VERSION_MESSAGE",
    "V3",
    "VERSION_HEADER",
    "WRITE",
]

# -- scopes ------------------------------------------------------------------------------

# The seed page's scope table. The upstream spec names finer scopes
# (calendars/groups.*, calendars/resources.*); where they disagree the seed wins.
Scope = Literal[
    "calendars.readonly",
    "calendars.write",
    "calendars/events.readonly",
    "calendars/events.write",
]
READ: Final[Scope] = "calendars.readonly"
WRITE: Final[Scope] = "calendars.write"
EVENTS_READ: Final[Scope] = "calendars/events.readonly"
EVENTS_WRITE: Final[Scope] = "calendars/events.write"
SCOPES: Final[tuple[Scope, ...]] = get_args(Scope)

# -- versions ----------------------------------------------------------------------------

VERSION_HEADER: Final = "Version"
# Every `Version` header value the live API accepts on the calendars routes and that real
# clients send: the v2 spec enumerates 2021-04-15; HoopAI's docs say always send
# 2021-07-28 (our default); the official Node SDK 3.x sends 2023-02-21; the official
# Python SDK 3.x sends v3 (the v3 spec, whose responses carry extra fields).
API_VERSIONS: Final[tuple[str, ...]] = ("2021-04-15", "2021-07-28", "2023-02-21", "v3")
DEFAULT_API_VERSION: Final = "2021-07-28"
V3: Final = "v3"

# -- rate limits -------------------------------------------------------------------------

# Per app per location: a burst budget per interval, and a daily quota.
RATE_LIMIT_MAX_HEADER: Final = "X-RateLimit-Max"
RATE_LIMIT_INTERVAL_HEADER: Final = "X-RateLimit-Interval-Milliseconds"
RATE_LIMIT_REMAINING_HEADER: Final = "X-RateLimit-Remaining"
RATE_LIMIT_DAILY_HEADER: Final = "X-RateLimit-Limit-Daily"
RATE_LIMIT_DAILY_REMAINING_HEADER: Final = "X-RateLimit-Daily-Remaining"
# A duration in ms until the daily quota resets, not an epoch (research users §4).
RATE_LIMIT_DAILY_RESET_HEADER: Final = "X-RateLimit-Daily-Reset"
RETRY_AFTER_MS_HEADER: Final = "retry-after-ms"
RETRY_AFTER_HEADER: Final = "Retry-After"
# The documented defaults, assumed until a response says otherwise.
RATE_LIMIT_MAX: Final = 100
RATE_LIMIT_INTERVAL_MS: Final = 10_000
RATE_LIMIT_DAILY: Final = 200_000

# -- windows and pages -------------------------------------------------------------------

# A free-slots query spans at most this many days.
MAX_SLOT_WINDOW_DAYS: Final = 31
MAX_SLOT_WINDOW: Final = timedelta(days=MAX_SLOT_WINDOW_DAYS)
MAX_SLOT_WINDOW_MS: Final = MAX_SLOT_WINDOW_DAYS * 86_400_000

MAX_NOTES_LIMIT: Final = 20
# schedules.list: at most 500 per page; the API answers 50 when `limit` is left out (spec).
MAX_SCHEDULES_LIMIT: Final = 500
DEFAULT_SCHEDULES_LIMIT: Final = 50
# resources.list requires limit and skip; notifications.list pages this many when unasked.
DEFAULT_RESOURCES_LIMIT: Final = 100
DEFAULT_NOTIFICATIONS_LIMIT: Final = 100

# -- values ------------------------------------------------------------------------------

# The `resourceType` path parameter of the resources rows.
ResourceTypeName = Literal["equipments", "rooms"]
RESOURCE_TYPES: Final[tuple[ResourceTypeName, ...]] = get_args(ResourceTypeName)

# Appointments in these states no longer hold their time.
INACTIVE_STATUSES: Final = frozenset({"cancelled", "invalid"})

# -- error fingerprints ------------------------------------------------------------------

# HTTP 400 when a booking's slot went to someone else; matched by SLOT_TAKEN_MARK.
SLOT_TAKEN_MESSAGE: Final = "The slot you have selected is no longer available."
SLOT_TAKEN_MARK: Final = "no longer available"

# The API answers 401 for several causes; only the message tells them apart.
SCOPE_MESSAGE: Final = "The token is not authorized for this scope."
# The gateway's timeout, in disguise.
TIMED_OUT_MESSAGE: Final = "Command timed out"
# A missing Version header, in the live API's words; an unknown value gets its own message,
# still starting "version header" so clients file it with the missing one (not retryable).
NO_VERSION_MESSAGE: Final = "version header was not found."
UNSUPPORTED_VERSION_MESSAGE: Final = "version header value is not supported; use one of: " + (
    ", ".join(API_VERSIONS)
)
NO_AUTHORIZATION_MESSAGE: Final = "No Authorization header found for authentication!"
INVALID_JWT_MESSAGE: Final = "Invalid JWT"

Kind401 = Literal["expired", "scope", "timed_out", "other"]
# Matched in this order, lower-cased, against the body's messages. The scope and header
# messages come first because they also say "token"/"authorization" but refreshing cannot
# fix them (research users §5.1).
UNAUTHORIZED_MARKS: Final[tuple[tuple[str, Kind401], ...]] = (
    ("not authorized for this scope", "scope"),
    ("command timed out", "timed_out"),
    ("version header", "other"),
    ("no authorization header", "other"),
    ("invalid jwt", "expired"),
    ("invalid token", "expired"),
    ("access token is invalid", "expired"),
    ("expired", "expired"),
)
