"""Turn failed HTTP exchanges into errors a person can act on.

Never include a request body (it may hold secrets) or the API key. The API's
own messages are kept: they say what to fix, and the CLI redacts them anyway.
"""

from __future__ import annotations

from typing import Any

import httpx

from vapictl.errors import ApiError, AuthError, NotFoundError
from vapictl.secrets import MASK


def api_messages(response: httpx.Response) -> list[str]:
    """The NestJS `message` (a string, or a list for validation errors; API-REFERENCE §1)."""
    try:
        body: Any = response.json()
    except ValueError:
        return []
    if not isinstance(body, dict):
        return []
    message = body.get("message")
    if isinstance(message, list):
        return [str(item) for item in message]
    if message:
        return [str(message)]
    error = body.get("error")
    return [str(error)] if error else []


def _what(method: str, path: str, resource: str) -> str:
    return f"{method} {path} for {resource}" if resource else f"{method} {path}"


def _scrub(text: str, api_key: str) -> str:
    return text.replace(api_key, MASK) if api_key else text


def error_for_response(
    response: httpx.Response,
    *,
    method: str,
    path: str,
    resource: str,
    api_key: str,
    ambiguous: bool = False,
    attempts: int = 1,
) -> ApiError:
    """The error for a non-2xx response."""
    status = response.status_code
    messages = [_scrub(m, api_key) for m in api_messages(response)]
    detail = "; ".join(messages) or response.reason_phrase or "no message"
    common: dict[str, Any] = {
        "status": status,
        "api_messages": messages,
        "method": method,
        "path": path,
        "resource": resource,
    }
    if status in (401, 403):
        said = f" The API said: {detail}" if messages else ""
        return AuthError(
            f"The Vapi API rejected the API key (HTTP {status}). "
            f"Check VAPI_API_KEY or --api-key.{said}",
            **common,
        )
    what = _what(method, path, resource)
    if status == 404:
        return NotFoundError(f"{what} was not found (HTTP 404): {detail}", **common)
    if status >= 500 or status == 429:
        tries = f" after {attempts} attempts" if attempts > 1 else ""
        text = f"{what} failed (HTTP {status}){tries}: {detail}"
        if ambiguous:
            text += _ambiguity_note(method)
        return ApiError(text, ambiguous=ambiguous, **common)
    return ApiError(f"{what} was rejected (HTTP {status}): {detail}", **common)


def unreachable_error(
    error: httpx.TransportError, *, base_url: str, method: str, path: str, resource: str
) -> ApiError:
    """The host could not be reached (nothing was sent): name the URL to check."""
    return ApiError(
        f"Could not reach the Vapi API at {base_url}: {_reason(error)}."
        " Check --base-url / VAPI_BASE_URL and your network.",
        method=method,
        path=path,
        resource=resource,
    )


def interrupted_error(
    error: httpx.TransportError,
    *,
    base_url: str,
    method: str,
    path: str,
    resource: str,
    ambiguous: bool,
    attempts: int = 1,
) -> ApiError:
    """The connection failed after the request was sent (timeout, dropped connection)."""
    what = _what(method, path, resource)
    tries = f" after {attempts} attempts" if attempts > 1 else ""
    text = f"{what} to {base_url} failed{tries}: {_reason(error)}"
    if ambiguous:
        text += _ambiguity_note(method)
    return ApiError(
        text if text.endswith(".") else text + ".",
        method=method,
        path=path,
        resource=resource,
        ambiguous=ambiguous,
    )


def _ambiguity_note(method: str) -> str:
    if method == "POST":
        return (
            ". The request reached the server, so it may have been carried out;"
            " it was not re-sent, to avoid creating a duplicate."
        )
    return ". The request reached the server, so it may have been carried out."


def _reason(error: httpx.TransportError) -> str:
    text = str(error).strip().rstrip(".")
    kind = type(error).__name__
    if not text:
        return kind
    return f"{text} ({kind})"
