"""GitHub Actions' job summary ($GITHUB_STEP_SUMMARY): best effort, never fatal.

The summary is a convenience; a missing or unwritable file must not turn a
result (drift's exit 2, a plan) into a crash, so failures become a warning.
"""

from __future__ import annotations

import os
from pathlib import Path

from vapictl.render.terminal import escape_controls
from vapictl.secrets import redact


def append_step_summary_text(markdown: str) -> None:
    """Append `markdown` (scrubbed of secrets) to the job summary, if there is one."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with Path(target).open("a", encoding="utf-8") as handle:
            handle.write(escape_controls(redact(markdown)) + "\n")
    except OSError as error:
        from vapictl.cli.output import echo

        reason = error.strerror or type(error).__name__
        echo(
            f"Warning: could not append to the job summary (GITHUB_STEP_SUMMARY): {reason}. "
            "The result above is unaffected.",
            err=True,
        )
