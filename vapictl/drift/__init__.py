"""Drift: what differs between the live org and the manifests, as a read-only report.

`build_drift_report` turns a plan into the report; `render` shows it as text,
JSON or Markdown; `notify` posts a short summary to a webhook (Slack-compatible).
"""

from vapictl.drift.report import (
    DRIFT_FORMAT_VERSION,
    DriftReport,
    DriftStatus,
    FieldDrift,
    ResourceDrift,
    build_drift_report,
)

__all__ = [
    "DRIFT_FORMAT_VERSION",
    "DriftReport",
    "DriftStatus",
    "FieldDrift",
    "ResourceDrift",
    "build_drift_report",
]
