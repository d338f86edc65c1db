"""When to retry a request, and how long to wait first.

DESIGN.md §6: retry 429/5xx/connection errors with exponential backoff and full
jitter, honouring `Retry-After`; but never re-send a create whose first attempt
may have been carried out (the engine re-reads by identity instead).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpx

# Statuses worth another attempt: the server was overloaded or briefly broken.
RETRYABLE_STATUSES: frozenset[int] = frozenset({429, 500, 502, 503, 504})

# A Retry-After of 0 (or one already past) must not become a hot loop.
RETRY_AFTER_FLOOR_SECONDS = 0.05
# Beyond this a server's Retry-After is not honoured in full: better to fail
# with a clear error than to hang a CI job for an hour.
RETRY_AFTER_CAP_SECONDS = 120.0

# Transport errors raised before any byte of the request left this machine:
# re-sending cannot duplicate anything, even for a POST.
_NOT_SENT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)
# Errors that no retry can fix (a malformed base URL, say).
_PERMANENT_TRANSPORT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
)


def was_sent(error: httpx.TransportError) -> bool:
    """False only when the request surely never reached the server."""
    return not isinstance(error, _NOT_SENT_ERRORS)


def is_permanent(error: httpx.TransportError) -> bool:
    return isinstance(error, _PERMANENT_TRANSPORT_ERRORS)


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter (AWS blog "Exponential Backoff And Jitter")."""

    max_retries: int = 6
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    uniform: Callable[[float, float], float] = random.uniform

    def backoff(self, retry_number: int) -> float:
        """Seconds to wait before retry `retry_number` (0 for the first retry)."""
        ceiling = min(self.backoff_max, self.backoff_base * 2**retry_number)
        return self.uniform(0.0, ceiling)

    def delay(self, retry_number: int, server_hint: float | None) -> float:
        """The server's Retry-After when it gave one, else our own backoff."""
        if server_hint is not None:
            return min(RETRY_AFTER_CAP_SECONDS, max(server_hint, RETRY_AFTER_FLOOR_SECONDS))
        return self.backoff(retry_number)


def retry_after_seconds(
    headers: Mapping[str, str], now: Callable[[], float] = time.time
) -> float | None:
    """Seconds the server asked us to wait, from `retry-after-ms` or `Retry-After`.

    `Retry-After` is delta-seconds or an HTTP date (RFC 9110 §10.2.3);
    `retry-after-ms` is a non-standard millisecond form some APIs send (the
    Vapi SDK honours both, API-REFERENCE §1). Unparseable values are ignored.
    """
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return max(0.0, float(millis) / 1000.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # HTTP dates are GMT; a naive parse means no zone was given
        return None
    return max(0.0, when.timestamp() - now())
