"""The default transport: one pooled aiohttp ClientSession, created inside the running loop."""

from __future__ import annotations

import asyncio
import functools
import io

import aiohttp
from yarl import URL

from ._errors import (
    CertificateError,
    ConnectError,
    ConnectTimeout,
    ReadError,
    ReadTimeout,
    UnsendableRequestError,
)
from ._transport import Request, Response, Timeout

_STREAM_ABOVE = 1024 * 1024


@functools.lru_cache(maxsize=64)
def _client_timeout(timeout: Timeout) -> aiohttp.ClientTimeout:
    return aiohttp.ClientTimeout(total=timeout.total, sock_connect=timeout.connect)


class AiohttpTransport:
    """Send requests over one keep-alive pool; redirects are returned, never followed.

    Pass `session` to share your own ClientSession (it is then not closed here, and
    aiohttp's own silent re-send of idempotent requests stays as you configured it).
    """

    def __init__(
        self,
        *,
        session: aiohttp.ClientSession | None = None,
        max_connections: int = 100,
        max_connections_per_host: int = 0,
    ) -> None:
        self._session = session
        self._owns_session = session is None
        self._limit = max_connections
        self._limit_per_host = max_connections_per_host
        # The aiohttp form of the last Timeout sent: a client sends its one Timeout object
        # call after call, and an identity test costs less than hashing it for the cache.
        self._timeout: Timeout | None = None
        self._client_timeout = aiohttp.ClientTimeout()

    def _client_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            # Built lazily: a ClientSession must be created inside the loop that uses it.
            connector = aiohttp.TCPConnector(
                limit=self._limit, limit_per_host=self._limit_per_host, ttl_dns_cache=300
            )
            session = aiohttp.ClientSession(connector=connector, raise_for_status=False)
            # aiohttp silently re-sends an idempotent request once when the connection
            # breaks; that send would bypass the rate limiter and the retry budget.
            session._retry_connection = False
            self._session = session
        return self._session

    async def send(self, request: Request) -> Response:
        session = self._session or self._client_session()
        if request.timeout is not self._timeout:
            self._client_timeout = _client_timeout(request.timeout)
            self._timeout = request.timeout
        body = request.body
        # aiohttp writes large raw bytes in one blocking call (and warns); stream them instead.
        data = io.BytesIO(body) if body is not None and len(body) > _STREAM_ABOVE else body
        try:
            # Awaited, not entered with `async with`: that adds two coroutine levels which
            # every wake-up of every request in flight passes through.
            resp = await session.request(
                request.method,
                URL(request.url, encoded=True),
                headers=request.wire_headers(),
                data=data,
                allow_redirects=False,
                timeout=self._client_timeout,
            )
            try:
                body = await resp.read()
            finally:
                resp.release()
                await resp.wait_for_close()
            return Response(resp.status, resp.headers, body)
        except aiohttp.ConnectionTimeoutError as exc:
            raise ConnectTimeout(f"connect timed out: {exc}") from None
        except (aiohttp.ClientConnectorCertificateError, aiohttp.ClientSSLError) as exc:
            raise CertificateError(f"TLS verification failed: {exc}") from None
        except aiohttp.ClientConnectorError as exc:
            raise ConnectError(f"could not connect: {exc.os_error}") from None
        except (asyncio.TimeoutError, aiohttp.SocketTimeoutError):
            raise ReadTimeout(f"no response within {request.timeout.total} s") from None
        except (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError) as exc:
            raise UnsendableRequestError(f"aiohttp refused the URL: {type(exc).__name__}") from None
        except aiohttp.ClientPayloadError as exc:
            raise ReadError(f"the response body was cut short: {type(exc).__name__}") from None
        except aiohttp.ClientError as exc:
            raise ReadError(f"connection failed after sending: {type(exc).__name__}") from None
        except (ValueError, UnicodeError) as exc:
            # aiohttp raises these while serializing a request it cannot send (a header with
            # a newline or outside latin-1), before a byte of it is written. Its message may
            # quote a header value (the token), so only the type is kept.
            raise UnsendableRequestError(
                f"aiohttp refused the request: {type(exc).__name__}"
            ) from None
        except Exception as exc:
            # Anything else the library lets out: it may have been sent, so say so.
            raise ReadError(f"aiohttp failed: {type(exc).__name__}") from None

    async def aclose(self) -> None:
        session, self._session = self._session, None
        if session is not None and self._owns_session:
            await session.close()
