"""RetryPolicy and Retry-After parsing."""

from __future__ import annotations

import pytest

from vapictl.api import RetryPolicy, retry_after_seconds
from vapictl.api.retry import RETRY_AFTER_CAP_SECONDS, RETRY_AFTER_FLOOR_SECONDS


def test_backoff_ceiling_doubles_up_to_the_maximum() -> None:
    policy = RetryPolicy(backoff_base=0.5, backoff_max=3.0, uniform=lambda low, high: high)
    assert [policy.backoff(n) for n in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_backoff_is_full_jitter_from_zero() -> None:
    bounds: list[tuple[float, float]] = []

    def uniform(low: float, high: float) -> float:
        bounds.append((low, high))
        return low

    RetryPolicy(backoff_base=1.0, uniform=uniform).backoff(2)
    assert bounds == [(0.0, 4.0)]


def test_server_hint_wins_but_is_floored_and_capped() -> None:
    policy = RetryPolicy(uniform=lambda low, high: high)
    assert policy.delay(0, 3.0) == 3.0
    assert policy.delay(0, 0.0) == RETRY_AFTER_FLOOR_SECONDS
    assert policy.delay(0, 10_000.0) == RETRY_AFTER_CAP_SECONDS
    assert policy.delay(0, None) == 0.5


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"retry-after": "2"}, 2.0),
        ({"retry-after": " 1.5 "}, 1.5),
        ({"retry-after": "-3"}, 0.0),
        ({"retry-after-ms": "750"}, 0.75),
        ({"retry-after-ms": "750", "retry-after": "9"}, 0.75),
        ({"retry-after-ms": "soon", "retry-after": "9"}, 9.0),
        ({"retry-after": "Thu, 01 Jan 1970 00:00:10 GMT"}, 7.0),
        ({"retry-after": "Thu, 01 Jan 1970 00:00:01 GMT"}, 0.0),
        ({"retry-after": "whenever"}, None),
    ],
)
def test_retry_after_forms(headers: dict[str, str], expected: float | None) -> None:
    assert retry_after_seconds(headers, now=lambda: 3.0) == expected
