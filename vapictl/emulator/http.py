"""HTTP errors in the NestJS shape the real API uses (API-REFERENCE §1)."""

from __future__ import annotations

from contextvars import ContextVar
from http import HTTPStatus
from typing import Any

# Seen widely for a wrong key (API-REFERENCE §1); not in official docs.
INVALID_KEY_MESSAGE = (
    "Invalid Key. Hot tip, you may be using the private key instead of the public key, "
    "or vice versa."
)


class HttpError(Exception):
    """An error response: status plus `{"statusCode", "error", "message"}` body."""

    def __init__(
        self, status: int, message: str | list[str], headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}

    @property
    def body(self) -> dict[str, Any]:
        return {
            "statusCode": self.status,
            "error": HTTPStatus(self.status).phrase,
            "message": self.message,
        }


class JsonText(str):
    """A response body already serialised as compact JSON (a list of stored documents,
    whose stored text is what json.dumps would write): sent as it is."""


def bad_request(message: str | list[str]) -> HttpError:
    return HttpError(400, message)


def not_found(message: str) -> HttpError:
    return HttpError(404, message)


# The scheme and host the current request came to ("http://127.0.0.1:8787"): absolute
# URLs the emulator hands out (a file's storage `url`) point back at itself.
REQUEST_BASE: ContextVar[str] = ContextVar("REQUEST_BASE", default="http://localhost")
