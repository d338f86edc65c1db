"""`vapictl pull`: write live values into the manifests, at the line that declared them.

`find_drifts` sorts the differences (findings.py), `plan_edits` decides where each
value goes and edits the texts (writer.py, yaml_edit.py); `write_files` and
`unified_diff` are the two ways to finish.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from pathlib import Path

from vapictl.pull.findings import FieldDrift, Findings, find_drifts
from vapictl.pull.unmanaged import add_unmanaged
from vapictl.pull.writer import Edits, plan_edits

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
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = path.stat().st_mode & 0o777 if path.exists() else None
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(edits.after[path])
            if mode is not None:
                os.chmod(temp, mode)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
