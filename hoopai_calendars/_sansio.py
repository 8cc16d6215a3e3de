"""Pure request building and response parsing: (row, args) -> Request; (row, Response) -> value."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from http import HTTPStatus
from typing import Any, NamedTuple, Optional, TypeVar
from urllib.parse import quote, unquote

import msgspec

from ._body import encode_body
from ._errors import APIStatusError, DecodeError, ValidationError, error_class
from ._transport import Request, Response, Timeout, with_header
from .api import DOT_SEGMENTS, Endpoint
from .models._base import to_millis

T = TypeVar("T")

# Unreserved characters (RFC 3986) need no percent-encoding: most ids and values are these.
_plain = re.compile(r"[A-Za-z0-9_.~-]+").fullmatch

# The longest URL a request may have. 8 KiB is the common ceiling on the way to the API
# (CloudFront's URL limit is 8,192 bytes; nginx's default header buffers and aiohttp's
# request line are 8 KiB); longer ones would be refused by some hop after the request was
# sent, or by the HTTP library (httpx stops at 64 KiB) with an error of its own.
MAX_URL_LENGTH = 8192


def _quote(value: str) -> str:
    """Percent-encode everything but unreserved characters ('/' included)."""
    return value if _plain(value) else quote(value, safe="")


def check_text(param: str, value: str) -> None:
    """Refuse text that cannot be sent as UTF-8 (a lone surrogate such as "\\ud800")."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = value[exc.start : exc.end]
        raise ValidationError(
            param, f"{bad!r} at position {exc.start} cannot be encoded as UTF-8"
        ) from None


def check_path_value(
    param: str,
    value: object,
    choices: tuple[str, ...] = (),
    reserved: frozenset[str] = DOT_SEGMENTS,
) -> str:
    """Refuse ids that are empty, dot segments, or could change which endpoint is called.

    `reserved` (lower-cased, dot segments included) are the fixed path words that would
    send the request to another endpoint, e.g. "groups" for a calendar id.
    """
    if isinstance(value, str) and _plain(value) and not choices and value.lower() not in reserved:
        return value  # the common case: an alphanumeric id, nothing to decode or check
    if not isinstance(value, str):
        raise ValidationError(param, f"expected a string id, got {type(value).__name__}")
    if not value:
        raise ValidationError(param, "must not be empty")
    if choices and value not in choices:
        raise ValidationError(param, f"must be one of {', '.join(choices)}; got {value!r}")
    if value.lower() in reserved - DOT_SEGMENTS:
        raise ValidationError(
            param, f"{value!r} is a fixed word of the API's paths; it would call another endpoint"
        )
    check_text(param, value)
    decoded = unquote(value)
    if decoded in (".", "..") or "/" in decoded or "\\" in decoded:
        raise ValidationError(param, f"{value!r} is not a valid id (path separator or dot segment)")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in decoded):
        raise ValidationError(param, "must not contain control characters")
    return value


# Paths already rendered from checked ids: a service polling many calendars renders the same
# few paths again and again. Only all-string arguments are stored, and the store is bounded.
_rendered: dict[tuple[Endpoint[Any], tuple[object, ...]], str] = {}
_RENDERED_MAX = 4096


def render_path(row: Endpoint[Any], args: Sequence[object]) -> str:
    """Fill the path template, percent-encoding every id with nothing left safe."""
    if type(args) is not tuple:
        args = tuple(args)
    key = (row, args)
    try:
        path = _rendered.get(key)
    except TypeError:  # an unhashable argument: not an id, refused below
        path = None
    if path is not None:
        return path
    params = row.path_params
    if len(args) != len(params):
        raise ValidationError("path", f"expected {len(params)} path parameters, got {len(args)}")
    pieces = row.path_pieces
    path = pieces[0]
    for i, (param, value) in enumerate(zip(params, args, strict=True)):
        path += _quote(check_path_value(param.python, value, param.choices, param.reserved))
        path += pieces[i + 1]
    if all(type(value) is str for value in args):
        if len(_rendered) >= _RENDERED_MAX:
            _rendered.clear()
        _rendered[key] = path
    return path


def _query_value(param: str, value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if not value.isascii():  # isascii is O(1): the check costs ASCII text nothing
            check_text(param, value)
        return value
    if isinstance(value, (int, datetime)):
        return str(to_millis(param, value)) if isinstance(value, datetime) else str(value)
    raise ValidationError(param, f"unsupported query value {value!r}")


_QueryField = tuple[str, str, bool]  # (Python name, wire name, required)
_query_fields: dict[type[msgspec.Struct], tuple[_QueryField, ...]] = {}


def _fields_of(struct_type: type[msgspec.Struct]) -> tuple[_QueryField, ...]:
    fields = _query_fields.get(struct_type)
    if fields is None:
        fields = _query_fields[struct_type] = tuple(
            (f.name, f.encode_name, f.required) for f in msgspec.structs.fields(struct_type)
        )
    return fields


def query_string(query: msgspec.Struct) -> str:
    """Encode a query Struct as the URL's query text: lists repeat the key, None is omitted."""
    parts: list[str] = []
    for name, wire, required in _fields_of(type(query)):
        value = getattr(query, name)
        if value is None:
            if required:
                raise ValidationError(name, "is required")
        elif type(value) is int:
            parts.append(f"{wire}={value}")  # epoch ms and counts: nothing to escape
        elif type(value) is str and _plain(value):
            parts.append(f"{wire}={value}")
        elif isinstance(value, (list, tuple)):
            parts.extend(f"{wire}={_quote(_query_value(name, item))}" for item in value)
        else:
            parts.append(f"{wire}={_quote(_query_value(name, value))}")
    return "&".join(parts)


def build_request(
    row: Endpoint[Any],
    path_args: Sequence[object],
    query: msgspec.Struct | None,
    body: object,
    *,
    base_url: str,
    headers: Mapping[str, str],
    timeout: Timeout,
) -> Request:
    """Build the exact request for one call of `row`; raise ValidationError before any I/O.

    `query` is the row's query Struct, built (and so checked) by the caller.
    """
    url = base_url + render_path(row, path_args)
    text = ""
    if query is not None:
        if type(query) is not row.query:
            expected = "no query" if row.query is None else row.query.__name__
            raise ValidationError("query", f"expected {expected}, got {type(query).__name__}")
        text = query_string(query)
        if text:
            url += "?" + text
    if len(url) > MAX_URL_LENGTH:
        raise _too_long(row, path_args, text, len(url))
    content = encode_body(row, body)
    if content is not None:
        headers = with_header(headers, "Content-Type", "application/json")
    return Request(row.method, url, headers, content, timeout)


def _too_long(
    row: Endpoint[Any], path_args: Sequence[object], query_text: str, length: int
) -> ValidationError:
    """Name the parameter taking most of an over-long URL: the one to shorten or split."""
    names = {wire: name for name, wire, _ in _fields_of(row.query)} if row.query else {}
    sizes: Counter[str] = Counter()
    for p, v in zip(row.path_params, path_args, strict=True):
        sizes[p.python] += len(_quote(str(v)))
    for pair in query_text.split("&") if query_text else ():
        wire = pair.partition("=")[0]  # a list repeats its key: its values count together
        sizes[names.get(wire, wire)] += len(pair) + 1
    culprit = sizes.most_common(1)[0][0] if sizes else "path"
    return ValidationError(
        culprit, f"makes the URL {length} characters long; the limit is {MAX_URL_LENGTH}"
    )


class _ErrorBody(msgspec.Struct, gc=False):
    message: Any = None
    error: Any = None
    error_description: Any = None
    traceId: str | None = None  # the wire name


_error_decoder = msgspec.json.Decoder(_ErrorBody, strict=False)


def _texts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return (str(value),)


class ErrorBody(NamedTuple):
    """What an error body says, whatever its shape (NestJS, OAuth, or a bare `error`)."""

    messages: tuple[str, ...]
    error: str | None
    trace_id: str | None


def read_error_body(body: bytes) -> ErrorBody | None:
    """Read a JSON error body; None when it is not JSON (an HTML gateway page, nothing)."""
    try:
        parsed = _error_decoder.decode(body)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    error = str(parsed.error) if parsed.error is not None else None
    messages = _texts(parsed.message) or _texts(parsed.error_description) or _texts(error)
    return ErrorBody(messages, error, parsed.traceId)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"HTTP {status}"


def api_error(row: Endpoint[Any], response: Response) -> APIStatusError:
    """Turn a non-2xx response into the matching typed error; any body shape is accepted."""
    body = response.body
    parsed = read_error_body(body)
    messages, error, trace_id = parsed or ((), None, None)
    if parsed is None and body:
        kind = response.headers.get("content-type", "unknown content type")
        messages = (f"non-JSON error body ({kind}, {len(body)} bytes)",)
    location = response.headers.get("location")
    if 300 <= response.status < 400 and location:
        # Never followed, so the token never travels; say where the server pointed.
        messages = (f"redirect to {location} not followed",)
    elif not messages:
        messages = (f"{_reason(response.status)} (empty error body)",)
    exc = error_class(response.status, messages)(
        response.status,
        messages,
        trace_id=trace_id,
        body=body,
        headers=response.headers,
        error=error,
    )
    exc.with_operation(row.name, row.method, row.path)
    return exc


def _make_decoder(row: Endpoint[T]) -> Callable[[bytes], T]:
    # Lax (strict=False): a boolean or number the API sends as a string ("true", "1.5"),
    # as the spec's own examples do, decodes instead of failing the whole call.
    if row.decoder is not None:
        return row.decoder
    if not row.envelope:
        return msgspec.json.Decoder(row.returns, strict=False).decode
    fields = [(key, Optional[row.returns], None) for key in row.envelope]  # noqa: UP045
    envelope = msgspec.json.Decoder(
        msgspec.defstruct(f"{row.constant}_envelope", fields, gc=False), strict=False
    )
    keys = row.envelope

    def unwrap(body: bytes) -> T:
        decoded = envelope.decode(body)
        for key in keys:
            value: T | None = getattr(decoded, key)
            if value is not None:
                return value
        raise msgspec.ValidationError(f"expected one of the keys {', '.join(keys)}")

    return unwrap


_decoders: dict[Endpoint[Any], Callable[[bytes], Any]] = {}


def decode_success(row: Endpoint[T], body: bytes) -> T:
    """Decode a 2xx body into the row's return type, unwrapping its envelope."""
    decode: Callable[[bytes], T] | None = _decoders.get(row)
    if decode is None:
        decode = _decoders[row] = _make_decoder(row)
    try:
        return decode(body)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise DecodeError(str(exc), body).with_operation(row.name, row.method, row.path) from None


def parse_response(row: Endpoint[T], response: Response) -> T:
    """Return the decoded value of a 2xx response, or raise the typed error for any other."""
    if 200 <= response.status < 300:
        return decode_success(row, response.body)
    raise api_error(row, response)
