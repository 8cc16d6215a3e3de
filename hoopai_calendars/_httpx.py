"""Optional transport on httpx (extra "httpx"); respx mocks it without patching anything."""

from __future__ import annotations

import ssl

try:
    import httpx
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("HttpxTransport needs httpx: pip install 'hoopai-calendars[httpx]'") from exc

from ._errors import (
    CertificateError,
    ConnectError,
    ConnectTimeout,
    ReadError,
    ReadTimeout,
    UnsendableRequestError,
)
from ._transport import Request, Response


class HttpxTransport:
    """Send requests through an httpx.AsyncClient; redirects are returned, never followed.

    `transport` is handed to httpx (e.g. `httpx.MockTransport(respx_router.async_handler)`).
    """

    def __init__(
        self,
        *,
        client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(transport=transport, follow_redirects=False)

    async def send(self, request: Request) -> Response:
        timeout = httpx.Timeout(request.timeout.total, connect=request.timeout.connect)
        try:
            resp = await self._client.request(
                request.method,
                request.url,
                headers=request.wire_headers(),
                content=request.body,
                timeout=timeout,
                follow_redirects=False,
            )
        except httpx.ConnectTimeout as exc:
            raise ConnectTimeout(f"connect timed out: {exc}") from None
        except httpx.PoolTimeout:
            raise ConnectTimeout("no free connection in the pool") from None
        except httpx.ConnectError as exc:
            if isinstance(exc.__context__, ssl.SSLError):
                raise CertificateError(f"TLS verification failed: {exc}") from None
            raise ConnectError(f"could not connect: {exc}") from None
        except httpx.TimeoutException:
            raise ReadTimeout(f"no response within {request.timeout.total} s") from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, httpx.LocalProtocolError) as exc:
            # Raised while building or writing the request line and headers: nothing sent.
            # Its message may quote a header value (the token), so only the type is kept.
            raise UnsendableRequestError(
                f"httpx refused the request: {type(exc).__name__}"
            ) from None
        except httpx.HTTPError as exc:  # TransportError, DecodingError, StreamError...
            raise ReadError(f"connection failed after sending: {type(exc).__name__}") from None
        except (ValueError, UnicodeError) as exc:
            # Header values httpx cannot encode fail before anything is written.
            raise UnsendableRequestError(
                f"httpx refused the request: {type(exc).__name__}"
            ) from None
        except Exception as exc:
            # Anything else (an ExceptionGroup from its connection code, say): it may have
            # been sent, so say so.
            raise ReadError(f"httpx failed: {type(exc).__name__}") from None
        return Response(resp.status_code, resp.headers, resp.content)

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()
