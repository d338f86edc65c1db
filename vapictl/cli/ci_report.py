"""What vapictl tells a CI system besides its normal output.

- GitHub Actions (`GITHUB_ACTIONS=true`): `::error`/`::warning` workflow commands with
  file, line and column, so validation errors and plan warnings show on the pull
  request's diff; and Markdown appended to the job summary (`GITHUB_STEP_SUMMARY`).
- GitLab: `--output codequality` prints a Code Quality report (a JSON list), which
  GitLab shows in the merge request widget and on the diff.

Annotations go to stderr (the runner reads workflow commands from both streams), so
`--output json` on stdout stays parseable.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from vapictl.errors import Diagnostic
from vapictl.secrets import redact

MAX_ANNOTATIONS = 50  # GitHub shows at most 10 per step and 50 per job; the rest are noise


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _repo_path(file: str) -> str:
    """Annotations and Code Quality want paths relative to the checkout."""
    root = os.environ.get("GITHUB_WORKSPACE") or os.environ.get("CI_PROJECT_DIR") or os.getcwd()
    path = Path(file)
    if path.is_absolute():
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()
    return path.as_posix()


def annotation(diagnostic: Diagnostic, title: str) -> str:
    """`::error file=base/a.yaml,line=3,col=5,title=vapictl validate::field: message`."""
    command = "error" if diagnostic.severity == "error" else "warning"
    properties = [f"title={_escape_property(title)}"]
    location = diagnostic.location
    if location is not None:
        properties.insert(0, f"file={_escape_property(_repo_path(location.file))}")
        if location.line:
            properties.insert(1, f"line={location.line}")
            properties.insert(2, f"col={location.column or 1}")
    message = f"{diagnostic.path}: {diagnostic.message}" if diagnostic.path else diagnostic.message
    return f"::{command} {','.join(properties)}::{_escape_data(redact(message))}"


def annotate(diagnostics: Iterable[Diagnostic], title: str) -> None:
    """In GitHub Actions, one workflow command per diagnostic (errors first)."""
    if not in_github_actions():
        return
    from vapictl.cli.output import echo

    ordered = sorted(diagnostics, key=lambda d: d.severity != "error")
    for diagnostic in ordered[:MAX_ANNOTATIONS]:
        echo(annotation(diagnostic, title), err=True)


def append_step_summary(markdown: str) -> None:
    """Add Markdown to the GitHub job summary, if there is one (never fatal)."""
    from vapictl.cli.step_summary import append_step_summary_text

    append_step_summary_text(markdown.rstrip("\n") + "\n")


_SEVERITY = {"error": "major", "warning": "minor"}


def codequality(diagnostics: Iterable[Diagnostic]) -> list[dict[str, Any]]:
    """GitLab Code Quality issues (https://docs.gitlab.com/ci/testing/code_quality/)."""
    issues: list[dict[str, Any]] = []
    for d in diagnostics:
        path = _repo_path(d.location.file) if d.location else "."
        line = d.location.line if d.location and d.location.line else 1
        description = redact(f"{d.path}: {d.message}" if d.path else d.message)
        # Stable across runs and line moves: what and where (file + field), not the line.
        key = f"{d.code}|{path}|{d.path}|{d.message}"
        issues.append(
            {
                "type": "issue",
                "description": description,
                "check_name": f"vapictl/{d.code or d.severity}",
                "categories": ["Bug Risk"] if d.severity == "error" else ["Style"],
                "fingerprint": hashlib.sha256(key.encode()).hexdigest(),
                "severity": _SEVERITY.get(d.severity, "info"),
                "location": {"path": path, "lines": {"begin": line}},
            }
        )
    return issues
