"""`pull --add-unmanaged FILE`: live resources no manifest declares, added as entries.

The entries are export's (export/build.py), so `plan` then finds them as they are;
secrets in them become `${VAR}` placeholders to fill in, and references to declared
resources use the manifests' keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from vapictl.engine.live import LiveState
from vapictl.export import EXPORTABLE_KINDS, build_export
from vapictl.export.keys import assign_keys
from vapictl.manifest.types import Manifest
from vapictl.model import SPECS, Kind, is_platform_default
from vapictl.pull.writer import Edits
from vapictl.pull.yaml_edit import EditError, insert_value

_VARIABLE = re.compile(r"\$\{([A-Z0-9_]+)\}")


def add_unmanaged(
    unmanaged: Iterable[tuple[Kind, dict[str, Any]]],
    live: LiveState,
    manifest: Manifest,
    known_ids: Mapping[str, str],
    file: Path,
    edits: Edits,
) -> list[str]:
    """Add an export entry per unmanaged resource to `file`; returns the variables to set.
    `known_ids`: manifest address -> live id of every declared resource (the plan's)."""
    chosen = list(unmanaged)
    if not chosen:
        return []
    known_keys = _keys_by_id(known_ids)
    # Every listed kind, so that references to other resources become keys.
    exported = build_export(
        live, frozenset(k for k in EXPORTABLE_KINDS if k is not Kind.ORG), known_keys=known_keys
    )
    variables: set[str] = set()
    for kind, item in chosen:
        section = SPECS[kind].section
        exportable = [i for i in live.of(kind) if not is_platform_default(kind, i)]
        key = assign_keys(kind, exportable).get(str(item.get("id")), "")
        entry = exported.sections.get(section, {}).get(key)
        if entry is None or manifest.get(kind, key) is not None:
            edits.errors.append(
                f"{kind.value}/{key or item.get('id')}: this unmanaged live resource would get "
                f"the key of a declared entry; add it to {file} by hand under another key"
            )
            continue
        variables.update(_VARIABLE.findall(str(entry)))
        try:
            edits.set(file, insert_value(edits.current(file), (section, key), entry))
        except EditError as exc:
            edits.errors.append(f"{kind.value}/{key}: cannot add it to {file}: {exc}")
            continue
        edits.written.append(f"{kind.value}/{key} (unmanaged) -> {file}")
    return sorted(variables)


def _keys_by_id(known_ids: Mapping[str, str]) -> dict[Kind, dict[str, str]]:
    keys: dict[Kind, dict[str, str]] = {}
    kinds = {kind.value: kind for kind in Kind}
    for address, item_id in known_ids.items():
        kind_text, _, key = address.partition("/")
        if kind_text in kinds:
            keys.setdefault(kinds[kind_text], {})[item_id] = key
    return keys
