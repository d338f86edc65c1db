"""Probe results as text (grouped by URL) and as JSON (`formatVersion` 1, README)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from vapictl.probe.run import ProbeReport, ProbeResult
from vapictl.probe.targets import Probe, StandsFor
from vapictl.secrets import MASK, is_sensitive_field

FORMAT_VERSION = 1
_MARKS = {"pass": "ok  ", "warn": "warn", "fail": "FAIL"}


def mask_url(url: str) -> str:
    """A URL with every query value masked: tokens in query strings are secrets too."""
    parts = urlsplit(url)
    if not parts.query and "@" not in parts.netloc:
        return url
    query = urlencode([(k, MASK) for k, _ in parse_qsl(parts.query, keep_blank_values=True)])
    netloc = parts.netloc.rpartition("@")[2]  # drop user:password@
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _stands_for_text(stands: StandsFor) -> str:
    parts = []
    for label, keys in (
        ("number", stands.phone_numbers),
        ("assistant", stands.assistants),
        ("tool", stands.tools),
    ):
        if keys:
            parts.append(f"{label}{'s' if len(keys) > 1 else ''} {', '.join(keys)}")
    return "; ".join(parts)


def _result_line(result: ProbeResult) -> list[str]:
    answer = result.answer
    status = str(answer.status) if answer.status is not None else "---"
    line = (
        f"  {_MARKS[result.verdict]} {result.probe.event:<22} {status:>3} "
        f"{answer.latency * 1000:7.0f} ms  {_stands_for_text(result.probe.stands_for)}"
    )
    lines = [line.rstrip()]
    lines += [f"         problem: {p}" for p in result.problems]
    lines += [f"         warning: {w}" for w in result.warnings]
    return lines


def render_text(report: ProbeReport) -> str:
    if not report.urls:
        return "No server URL to probe: no event reaches a URL (see `vapictl routes`)."
    lines: list[str] = []
    for url in report.urls:
        lines.append(f"{_MARKS[url.verdict].strip().upper():<4} {mask_url(url.url)}")
        lines += [f"  warning: {w}" for w in url.warnings]
        for result in url.results:
            lines += _result_line(result)
        lines.append("")
    passed, warned, failed = (report.count(v) for v in ("pass", "warn", "fail"))
    total = passed + warned + failed
    summary = (
        f"Probed {len(report.urls)} URL{'s' if len(report.urls) != 1 else ''} with"
        f" {total} request{'s' if total != 1 else ''}: {passed} passed, {warned} with"
        f" warnings, {failed} failed."
    )
    url_warnings = sum(len(u.warnings) for u in report.urls)
    if url_warnings:
        summary += f" {url_warnings} warning(s) about the URLs themselves."
    if report.unrouted:
        summary += f" {report.unrouted} route(s) reach no URL (see `vapictl routes`)."
    lines.append(summary)
    return "\n".join(lines)


def _result_json(result: ProbeResult) -> dict[str, Any]:
    return {
        "event": result.probe.event,
        "standsFor": result.probe.stands_for.to_json(),
        "status": result.answer.status,
        "latencyMs": round(result.answer.latency * 1000, 1),
        "deadlineSeconds": result.probe.deadline,
        "verdict": result.verdict,
        "problems": list(result.problems),
        "warnings": list(result.warnings),
    }


def render_json(report: ProbeReport) -> str:
    document = {
        "formatVersion": FORMAT_VERSION,
        "source": report.source,
        "summary": {
            "urls": len(report.urls),
            "passed": report.count("pass"),
            "warnings": report.count("warn"),
            "failed": report.count("fail"),
            "urlWarnings": sum(len(u.warnings) for u in report.urls),
            "unrouted": report.unrouted,
        },
        "urls": [
            {
                "url": mask_url(url.url),
                "verdict": url.verdict,
                "signed": any(r.probe.endpoint.secret for r in url.results),
                "unsignedStatus": url.unsigned_status,
                "warnings": list(url.warnings),
                "probes": [_result_json(r) for r in url.results],
            }
            for url in report.urls
        ],
    }
    return json.dumps(document, indent=2, allow_nan=False)


def _headers_view(probe: Probe) -> dict[str, str]:
    return {
        name: MASK if is_sensitive_field(name) else value
        for name, value in probe.endpoint.request_headers(signed=True).items()
    }


def render_dry_run_text(by_url: dict[str, list[Probe]]) -> str:
    if not by_url:
        return "No server URL to probe: no event reaches a URL (see `vapictl routes`)."
    lines = []
    for url, probes in by_url.items():
        lines.append(mask_url(url))
        for probe in probes:
            headers = ", ".join(_headers_view(probe))
            lines.append(
                f"  would POST {probe.event:<22} within {probe.deadline:g}s  "
                f"{_stands_for_text(probe.stands_for)}  [headers: {headers}]"
            )
        lines.append("")
    count = sum(len(p) for p in by_url.values())
    lines.append(f"Dry run: {count} request(s) to {len(by_url)} URL(s) would be sent; none was.")
    return "\n".join(lines)


def render_dry_run_json(by_url: dict[str, list[Probe]]) -> str:
    document = {
        "formatVersion": FORMAT_VERSION,
        "dryRun": True,
        "urls": [
            {
                "url": mask_url(url),
                "probes": [
                    {
                        "event": p.event,
                        "standsFor": p.stands_for.to_json(),
                        "deadlineSeconds": p.deadline,
                        "headers": _headers_view(p),
                        "body": p.body,
                    }
                    for p in probes
                ],
            }
            for url, probes in by_url.items()
        ],
    }
    return json.dumps(document, indent=2, allow_nan=False)
