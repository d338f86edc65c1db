"""Probe every resolved URL: send, judge, then check that signed URLs refuse
unsigned requests."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from vapictl.probe.judge import Answer, judge
from vapictl.probe.send import send_all
from vapictl.probe.targets import Bodies, Probe, build_probes
from vapictl.routes.resolve import Route

Verdict = Literal["pass", "warn", "fail"]
Sender = Callable[[list[Probe], int, bool], list[Answer]]

UNSIGNED_ACCEPTED = "accepts unsigned requests (answered {status} without X-Vapi-Secret)"
PLAIN_HTTP = "plain http:// (Vapi would send the secret and call data unencrypted)"
SECRET_UNKNOWN = (
    "a secret is configured but cannot be read back from the live org; probed without it"
    " (probe from the manifests to send it)"
)


@dataclass(frozen=True)
class ProbeResult:
    probe: Probe
    answer: Answer
    problems: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def verdict(self) -> Verdict:
        return "fail" if self.problems else "warn" if self.warnings else "pass"


@dataclass
class UrlReport:
    url: str
    results: list[ProbeResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about the URL as a whole
    unsigned_status: int | None = None  # the answer to the unsigned request, if sent

    @property
    def verdict(self) -> Verdict:
        verdicts = {r.verdict for r in self.results}
        if "fail" in verdicts:
            return "fail"
        return "warn" if self.warnings or "warn" in verdicts else "pass"


@dataclass(frozen=True)
class ProbeReport:
    source: Literal["manifests", "live"]
    urls: tuple[UrlReport, ...]
    unrouted: int  # routes whose event reaches no URL at all (see `vapictl routes`)

    def count(self, verdict: Verdict) -> int:
        return sum(1 for u in self.urls for r in u.results if r.verdict == verdict)

    @property
    def failed(self) -> bool:
        return self.count("fail") > 0

    @property
    def warned(self) -> bool:
        return self.count("warn") > 0 or any(u.warnings for u in self.urls)


def _default_sender(probes: list[Probe], concurrency: int, signed: bool) -> list[Answer]:
    return send_all(probes, concurrency, signed=signed)


def plan_probes(routes: Iterable[Route], bodies: Bodies) -> dict[str, list[Probe]]:
    """The probes that would be sent, grouped by URL (in first-seen order)."""
    by_url: dict[str, list[Probe]] = {}
    for probe in build_probes(routes, bodies):
        by_url.setdefault(probe.endpoint.url, []).append(probe)
    return by_url


def run_probes(
    routes: Iterable[Route],
    bodies: Bodies,
    *,
    source: Literal["manifests", "live"],
    concurrency: int = 8,
    sender: Sender = _default_sender,
) -> ProbeReport:
    route_list = list(routes)
    by_url = plan_probes(route_list, bodies)
    probes = [p for group in by_url.values() for p in group]
    answers = sender(probes, concurrency, True)
    reports = {
        url: UrlReport(url, warnings=[PLAIN_HTTP] if url.startswith("http://") else [])
        for url in by_url
    }
    for probe, answer in zip(probes, answers, strict=True):
        problems, warnings = judge(probe, answer, bodies)
        if probe.endpoint.secret_declared and not probe.endpoint.secret:
            warnings.append(SECRET_UNKNOWN)
        reports[probe.endpoint.url].results.append(
            ProbeResult(probe, answer, tuple(problems), tuple(warnings))
        )
    _check_unsigned(reports, by_url, concurrency, sender)
    unrouted = sum(1 for r in route_list if r.url is None)
    return ProbeReport(source, tuple(reports.values()), unrouted)


def _check_unsigned(
    reports: dict[str, UrlReport],
    by_url: dict[str, list[Probe]],
    concurrency: int,
    sender: Sender,
) -> None:
    """Send each signed URL's first probe again without the secret: a 2xx means
    anyone who learns the URL can impersonate Vapi."""
    signed_firsts = [group[0] for group in by_url.values() if group[0].endpoint.secret]
    for probe, answer in zip(signed_firsts, sender(signed_firsts, concurrency, False), strict=True):
        report = reports[probe.endpoint.url]
        report.unsigned_status = answer.status
        if answer.status is not None and 200 <= answer.status < 300:
            report.warnings.append(UNSIGNED_ACCEPTED.format(status=answer.status))
