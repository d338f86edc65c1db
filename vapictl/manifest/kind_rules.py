"""Rules of the newer kinds the API enforces only mid-apply (CONFIG-KINDS §3, §7):
checked offline so that a plan never half-applies.

- a scorecard's points sum to 100, and each metric's structured output has a
  number, integer or boolean schema (a boolean one takes only `=`);
- `server.secret` and `server.credential` are two ways to set one credential;
- a structured output's or scorecard's `assistantIds` is the other side of an
  edge vapictl manages from the assistant (`artifactPlan`).
"""

from __future__ import annotations

from vapictl.manifest.report import Report
from vapictl.manifest.types import Resource
from vapictl.model import SPECS, Kind

_SCORABLE_TYPES = ("number", "integer", "boolean")
_ASSISTANT_SIDE = {
    Kind.STRUCTURED_OUTPUT: "artifactPlan.structuredOutputs",
    Kind.SCORECARD: "artifactPlan.scorecards",
}


def check_kind_rules(resources: dict[Kind, dict[str, Resource]], report: Report) -> None:
    outputs = resources.get(Kind.STRUCTURED_OUTPUT, {})
    for scorecard in resources.get(Kind.SCORECARD, {}).values():
        _check_scorecard(scorecard, outputs, report)
    for kind, entries in resources.items():
        for resource in entries.values():
            server = resource.body.get("server")
            if isinstance(server, dict) and "secret" in server and "credential" in server:
                _error(
                    resource,
                    "server.credential",
                    "both server.secret and server.credential are set; keep one (a secret "
                    "becomes a credential vapictl manages)",
                    "server-credential",
                    report,
                )
            if kind in _ASSISTANT_SIDE and "assistantIds" in resource.body:
                _error(
                    resource,
                    "assistantIds",
                    f"attach it from the assistant instead ({_ASSISTANT_SIDE[kind]}: "
                    f"[{resource.key}]); vapictl manages that side of the link",
                    "assistant-side",
                    report,
                )


def _check_scorecard(scorecard: Resource, outputs: dict[str, Resource], report: Report) -> None:
    metrics = scorecard.body.get("metrics")
    if not isinstance(metrics, list):
        return
    total = 0.0
    for index, metric in enumerate(metrics):
        if not isinstance(metric, dict):
            continue
        conditions = metric.get("conditions")
        for condition in conditions if isinstance(conditions, list) else []:
            points = condition.get("points") if isinstance(condition, dict) else None
            if isinstance(points, int | float) and not isinstance(points, bool):
                total += points
        key = metric.get("structuredOutput")
        output = outputs.get(key) if isinstance(key, str) else None
        schema = output.body.get("schema") if output is not None else None
        schema_type = schema.get("type") if isinstance(schema, dict) else None
        path = f"metrics[{index}].structuredOutput"
        if output is not None and schema_type not in _SCORABLE_TYPES:
            _error(
                scorecard,
                path,
                f"structured output '{key}' has a {schema_type or 'missing'} schema type; a "
                "scorecard scores number, integer or boolean outputs",
                "scorecard-metric",
                report,
            )
        elif schema_type == "boolean":
            for position, condition in enumerate(conditions or []):
                if isinstance(condition, dict) and condition.get("comparator", "=") != "=":
                    _error(
                        scorecard,
                        f"metrics[{index}].conditions[{position}].comparator",
                        "a boolean output is compared with '=' only",
                        "scorecard-metric",
                        report,
                    )
    if metrics and total != 100:
        _error(
            scorecard,
            "metrics",
            f"the points of all conditions must add up to 100; found {total:g}",
            "scorecard-points",
            report,
        )


def _error(resource: Resource, path: str, message: str, code: str, report: Report) -> None:
    section = SPECS[resource.kind].section
    where = f"{section}.{resource.key}.{path}" if section != "org" else f"org.{path}"
    report.error(message, resource.location_of(path), where, code)
