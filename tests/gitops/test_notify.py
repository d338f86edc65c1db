"""The drift notifier over httpx.MockTransport: retry policy, backoff, what is sent."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx

from vapictl.drift.notify import MAX_LISTED_RESOURCES, notification_text, send_notification
from vapictl.drift.report import DriftReport, DriftStatus, FieldDrift, ResourceDrift
from vapictl.model import Kind

REPORT = DriftReport(
    resources=(
        ResourceDrift(
            Kind.ASSISTANT,
            "support",
            "a1",
            DriftStatus.CHANGED,
            (FieldDrift("server.url", "https://a", "https://b"),),
        ),
        ResourceDrift(Kind.TOOL, "lookup", None, DriftStatus.MISSING),
    ),
    checked_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    org_name="Acme",
)


def _transport(statuses: list[int], seen: list[httpx.Request]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(statuses[min(len(seen), len(statuses)) - 1])

    return httpx.MockTransport(handle)


def test_payload_is_slack_text_plus_summary_without_values() -> None:
    seen: list[httpx.Request] = []
    result = send_notification("https://hooks.example/x", REPORT, transport=_transport([200], seen))

    assert result.ok and result.attempts == 1
    body = json.loads(seen[0].content)
    assert body == {
        "text": "vapictl drift: 2 resources drifted in Acme: "
        "assistant/support (server.url), tool/lookup (missing)",
        "drift": {"changed": 1, "missing": 1, "unmanaged": 0, "checkedAt": "2026-01-02T03:04:05Z"},
    }
    assert "https://a" not in seen[0].content.decode()  # paths only, never values


def test_retries_5xx_and_429_with_doubling_backoff_then_gives_up() -> None:
    seen: list[httpx.Request] = []
    delays: list[float] = []
    result = send_notification(
        "https://hooks.example/x",
        REPORT,
        transport=_transport([500, 429, 503], seen),
        sleep=delays.append,
    )
    assert not result.ok and result.attempts == 3 and len(seen) == 3
    assert delays == [1.0, 2.0]
    assert result.error == "hooks.example answered HTTP 503"


def test_client_errors_are_not_retried_and_bad_urls_are_not_tried() -> None:
    seen: list[httpx.Request] = []
    rejected = send_notification("https://h.example/x", REPORT, transport=_transport([404], seen))
    assert (rejected.ok, rejected.attempts, len(seen)) == (False, 1, 1)

    bogus = send_notification("ftp://h.example/x", REPORT, transport=_transport([200], seen))
    assert (bogus.ok, bogus.attempts, len(seen)) == (False, 0, 1)


def test_long_lists_are_cut() -> None:
    many = DriftReport(
        tuple(
            ResourceDrift(Kind.ASSISTANT, f"a{i}", None, DriftStatus.MISSING)
            for i in range(MAX_LISTED_RESOURCES + 3)
        ),
        checked_at=REPORT.checked_at,
    )
    text = notification_text(many)
    assert text.startswith(f"vapictl drift: {MAX_LISTED_RESOURCES + 3} resources drifted: ")
    assert text.endswith(", and 3 more")
