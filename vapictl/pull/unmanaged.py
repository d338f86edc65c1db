"""`pull --add-unmanaged FILE`: live resources no manifest declares, added as entries.

The entries are export's (export/build.py), so `plan` then finds them as they are;
secrets in them become `${VAR}` placeholders to fill in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from vapictl.engine.live import LiveState
from vapictl.export import EXPORTABLE_KINDS, build_export
from vapictl.export.keys import assign_keys
from vapictl.manifest.types import Manifest
from vapictl.model import SPECS, Kind
from vapictl.pull.writer import Edits
from vapictl.pull.yaml_edit import EditError, insert_value

_VARIABLE = re.compile(r"\$\{([A-Z0-9_]+)\}")


def add_unmanaged(
    unmanaged: Iterable[tuple[Kind, dict[str, Any]]],
    live: LiveState,
    manifest: Manifest,
    file: Path,
    edits: Edits,
) -> list[str]:
    """Add an export entry per unmanaged resource to `file`; returns the variables to set."""
    chosen = list(unmanaged)
    if not chosen:
        return []
    # Every listed kind, so that references to other resources become keys.
    exported = build_export(live, frozenset(k for k in EXPORTABLE_KINDS if k is not Kind.ORG))
    variables: set[str] = set()
    for kind, item in chosen:
        section = SPECS[kind].section
        key = assign_keys(kind, live.of(kind))[str(item.get("id"))]
        if manifest.get(kind, key) is not None:
            edits.errors.append(
                f"{kind.value}/{key}: an unmanaged live resource would get the key of a "
                f"declared entry; add it to {file} by hand under another key"
            )
            continue
        entry = exported.sections[section][key]
        variables.update(_VARIABLE.findall(str(entry)))
        try:
            edits.set(file, insert_value(edits.text(file), (section, key), entry))
        except EditError as exc:
            edits.errors.append(f"{kind.value}/{key}: cannot add it to {file}: {exc}")
            continue
        edits.written.append(f"{kind.value}/{key} (unmanaged) -> {file}")
    return sorted(variables)
