"""`vapictl pull`: write live values into the manifests, at the line that declared them.

`find_drifts` sorts the differences (findings.py), `plan_edits` decides where each
value goes and edits the texts (writer.py, yaml_edit.py); `write_files` and
`unified_diff` are the two ways to finish.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from vapictl.pull.findings import FieldDrift, Findings, find_drifts
from vapictl.pull.unmanaged import add_unmanaged
from vapictl.pull.writer import Edits, plan_edits
from vapictl.safe_files import replace_bytes

__all__ = [
    "Edits",
    "FieldDrift",
    "Findings",
    "add_unmanaged",
    "find_drifts",
    "plan_edits",
    "unified_diff",
    "write_files",
]


def unified_diff(edits: Edits) -> str:
    chunks: list[str] = []
    for path in edits.changed:
        chunks.extend(
            difflib.unified_diff(
                edits.before[path].splitlines(keepends=True),
                edits.after[path].splitlines(keepends=True),
                fromfile=_shown("a", path) if edits.before[path] else "/dev/null",
                tofile=_shown("b", path),
            )
        )
    return "".join(line if line.endswith("\n") else line + "\n" for line in chunks)


def _shown(side: str, path: Path) -> str:
    """git's `a/path` for files below the working directory, else the path as given."""
    try:
        return f"{side}/{path.resolve().relative_to(Path.cwd().resolve())}"
    except ValueError:
        return str(path)


def write_files(edits: Edits) -> None:
    """Each changed file replaced atomically (a crash leaves the old or the new text)."""
    for path in edits.changed:
        mode = path.stat().st_mode & 0o777 if path.exists() else None
        replace_bytes(path, edits.after[path].encode("utf-8"), mode=mode)
