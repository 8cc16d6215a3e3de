"""The emulator's error reply, apart from the wire helpers so that `_auth` needs nothing else."""

from __future__ import annotations

from typing import Any

__all__ = ["ApiError"]


class ApiError(Exception):
    """An error reply in the NestJS shape; `message` may be a string or a list."""

    def __init__(self, status: int, message: str | list[str], error: str | None = None) -> None:
        super().__init__(status, message)
        self.status = status
        self.message = message
        self.error = error

    def body(self) -> dict[str, Any]:
        """Return the JSON body (without traceId, which the pipeline adds)."""
        out: dict[str, Any] = {"statusCode": self.status, "message": self.message}
        if self.error is not None:
            out["error"] = self.error
        return out

    @classmethod
    def unprocessable(cls, messages: list[str]) -> ApiError:
        """Return the 422 that class-validator produces: `message` is a list."""
        return cls(422, messages, "Unprocessable Entity")

    @classmethod
    def not_found(cls, what: str) -> ApiError:
        """Return the 404 for an unknown id."""
        return cls(404, f"{what} not found")
