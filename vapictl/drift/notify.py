"""`drift --notify URL`: post a short summary to a webhook when drift is found.

The body has a `text` field so a Slack (or Mattermost, Teams workflow, Google
Chat) incoming webhook shows it as is. It names resources and field paths, never
values, so no secret can leak through it. A notification is best effort: it
never raises, and the caller warns on stderr without changing the exit code.
Webhook URLs often embed a token (Slack's do), so messages name only the host.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from vapictl.drift.render import report_to_json
from vapictl.drift.report import DriftReport, DriftStatus, ResourceDrift
from vapictl.render.terminal import escape_controls
from vapictl.secrets import redact

if TYPE_CHECKING:
    import httpx

NOTIFY_TIMEOUT_SECONDS = 10.0
NOTIFY_ATTEMPTS = 3
NOTIFY_BACKOFF_SECONDS = 1.0  # doubled after each failed attempt: 1 s, then 2 s
MAX_LISTED_RESOURCES = 10  # keep chat messages short; the JSON report has them all


@dataclass(frozen=True)
class NotifyResult:
    ok: bool
    attempts: int
    error: str = ""  # why the last attempt failed; never the URL itself


def notification_text(report: DriftReport) -> str:
    """`vapictl drift: 2 resources drifted in Acme: assistant/support (server.url), ...`."""
    count = len(report.resources)
    where = f" in {report.org_name}" if report.org_name else ""
    items = [_describe(resource) for resource in report.resources[:MAX_LISTED_RESOURCES]]
    if count > MAX_LISTED_RESOURCES:
        items.append(f"and {count - MAX_LISTED_RESOURCES} more")
    noun = "resource" if count == 1 else "resources"
    text = f"vapictl drift: {count} {noun} drifted{where}: " + ", ".join(items)
    return slack_escape(escape_controls(redact(text)))


def slack_escape(text: str) -> str:
    """Live names are anyone's to choose: escape Slack mrkdwn's control characters so a
    name like `<!channel>` or `<https://evil|click>` shows as text, never pings or links
    (https://api.slack.com/reference/surfaces/formatting#escaping)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _describe(resource: ResourceDrift) -> str:
    if resource.status is DriftStatus.CHANGED:
        paths = ", ".join(dict.fromkeys(f.path for f in resource.fields)) or "changed"
        return f"{resource.address} ({paths})"
    return f"{resource.address} ({resource.status.value})"


def notification_payload(report: DriftReport) -> dict[str, Any]:
    document = report_to_json(report)
    return {
        "text": notification_text(report),
        "drift": {**document["summary"], "checkedAt": document["checkedAt"]},
    }


def send_notification(
    url: str,
    report: DriftReport,
    *,
    timeout: float = NOTIFY_TIMEOUT_SECONDS,
    attempts: int = NOTIFY_ATTEMPTS,
    backoff: float | None = None,
    sleep: Callable[[float], None] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> NotifyResult:
    """POST the summary, retrying timeouts, connection errors, 429 and 5xx; never raises."""
    import httpx

    backoff = NOTIFY_BACKOFF_SECONDS if backoff is None else backoff
    sleep = sleep or time.sleep
    host = urlsplit(url).hostname or "the webhook"
    if urlsplit(url).scheme not in ("http", "https"):
        return NotifyResult(False, 0, f"{host}: not an http(s) URL")
    payload = notification_payload(report)
    error = ""
    with httpx.Client(timeout=timeout, transport=transport, follow_redirects=False) as client:
        for attempt in range(1, attempts + 1):
            try:
                response = client.post(url, json=payload)
            except httpx.TimeoutException:
                error = f"{host} did not answer within {timeout:g} s"
            except httpx.HTTPError as exc:
                error = f"could not reach {host} ({type(exc).__name__})"
            else:
                if response.is_success:
                    return NotifyResult(True, attempt)
                error = f"{host} answered HTTP {response.status_code}"
                if response.status_code != 429 and response.status_code < 500:
                    return NotifyResult(False, attempt, error)  # retrying cannot help
            if attempt < attempts:
                sleep(backoff * 2 ** (attempt - 1))
    return NotifyResult(False, attempts, error)
