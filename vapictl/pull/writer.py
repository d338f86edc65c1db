"""Where each pulled value goes, and the edited file texts (nothing is written here).

Without an environment a value goes back where the winning declaration was written
(the manifest tree keeps file:line per key). With `-e NAME`, a value that the
environment's overlay declares is edited there; one that only the base declares is
added to the overlay, so the base stays shared and other environments untouched.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vapictl.manifest.fields import SERVER_ALIASES
from vapictl.model import SPECS, Kind
from vapictl.pull import yaml_edit
from vapictl.pull.findings import FieldDrift, PathParts, dotted
from vapictl.pull.yaml_edit import EditError

_ALIAS_OF = {name: alias for alias, name in SERVER_ALIASES.items()}


@dataclass
class Edits:
    """File texts before and after, in the order first touched; what was done and skipped."""

    before: dict[Path, str] = field(default_factory=dict)
    after: dict[Path, str] = field(default_factory=dict)
    # value replacements not applied yet, per file: applied together (one parse per file)
    pending: dict[Path, list[tuple[str, yaml_edit.Replacement]]] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)  # "assistant/x firstMessage -> file"
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def text(self, path: Path) -> str:
        if path not in self.after:
            # bytes, not read_text: universal newlines would turn CRLF files into LF ones
            original = path.read_bytes().decode("utf-8") if path.exists() else ""
            self.before[path] = original
            self.after[path] = original
        return self.after[path]

    def current(self, path: Path) -> str:
        """The text with every queued replacement applied: what an insert starts from."""
        self.text(path)
        self.flush(path)
        return self.after[path]

    def set(self, path: Path, text: str) -> None:
        """Replace the whole text, computed from `current(path)`."""
        assert not self.pending.get(path), "queued replacements would be lost"
        self.text(path)
        self.after[path] = text

    def replace(self, path: Path, label: str, replacement: yaml_edit.Replacement) -> None:
        """Queue a replacement computed against `text(path)`."""
        self.text(path)
        self.pending.setdefault(path, []).append((label, replacement))

    def flush(self, path: Path) -> None:
        queued = self.pending.pop(path, [])
        if not queued:
            return
        try:
            self.after[path] = yaml_edit.apply_replacements(
                self.after[path], [replacement for _, replacement in queued]
            )
        except EditError as exc:
            self.errors.extend(f"{label}: {exc}" for label, _ in queued)

    def flush_all(self) -> None:
        for path in list(self.pending):
            self.flush(path)

    @property
    def changed(self) -> list[Path]:
        return [p for p in self.after if self.after[p] != self.before[p]]


def plan_edits(drifts: list[FieldDrift], overlay: Path | None) -> Edits:
    edits = Edits()
    for drift in drifts:
        try:
            _place(drift, overlay, edits)
        except EditError as exc:
            edits.errors.append(f"{drift.label}: {exc}")
    edits.flush_all()
    return edits


def entry_path(kind: Kind, key: str) -> PathParts:
    return ("org",) if kind is Kind.ORG else (SPECS[kind].section, key)


def _in(file: Path, directory: Path | None) -> bool:
    return directory is not None and file.resolve().is_relative_to(directory.resolve())


def _place(drift: FieldDrift, overlay: Path | None, edits: Edits) -> None:
    resource = drift.resource
    where = resource.location_of(dotted(drift.path))
    declared_in = Path(where.file)
    source = resource.text_files.get(dotted(drift.path))
    own_file = source is not None and (overlay is None or _in(Path(source.location.file), overlay))
    if own_file and source is not None and isinstance(drift.value, str):
        path = Path(source.file)
        edits.set(path, drift.value)
        edits.written.append(f"{drift.label} -> {path} (a !file prompt)")
        return
    doc_path = (*entry_path(resource.kind, resource.key), *drift.path)
    doc_path = _as_written(edits.text(declared_in), doc_path)
    raw = yaml_edit.find(yaml_edit.compose(edits.text(declared_in)), doc_path)
    if raw is not None and yaml_edit.mentions_variable(raw.node):
        edits.notes.append(
            f"{drift.label}: live is {drift.value!r}, but the manifests take it from a "
            f"variable ({declared_in}:{where.line}); change the variable's value instead"
        )
        return
    if overlay is None or _in(declared_in, overlay):
        _write(edits, declared_in, doc_path, drift)
        return
    target = _overlay_file(overlay, doc_path, edits)
    if yaml_edit.find(yaml_edit.compose(edits.text(target)), doc_path) is not None:
        _write(edits, target, doc_path, drift)  # an earlier edit of this run put it there
        return
    if drift.raw_id_key is not None:
        raise EditError(
            "a raw id would have to replace a base reference in the overlay; write "
            f"{drift.raw_id_key}: {drift.value} there by hand"
        )
    if source is not None:
        edits.notes.append(
            f"{drift.label}: the base reads it from {source.written}; the live text is "
            "written inline into the overlay so that other environments keep the file"
        )
    insert_path, value = _overlay_value(edits.text(declared_in), doc_path, drift.value)
    edits.set(target, yaml_edit.insert_value(edits.current(target), insert_path, value))
    edits.written.append(f"{drift.label} -> {target} (added to the overlay)")


def _write(edits: Edits, file: Path, doc_path: PathParts, drift: FieldDrift) -> None:
    text = edits.text(file)
    if drift.raw_id_key is not None:
        replacement = yaml_edit.plan_rename(text, doc_path, drift.raw_id_key, drift.value)
    else:
        replacement = yaml_edit.plan_replace(text, doc_path, drift.value)
    edits.replace(file, drift.label, replacement)
    edits.written.append(f"{drift.label} -> {file}")


def _as_written(text: str, doc_path: PathParts) -> PathParts:
    """`server.url` may be written with its seed-era alias `serverUrl`."""
    root = yaml_edit.compose(text)
    if yaml_edit.find(root, doc_path) is not None or len(doc_path) < 2:
        return doc_path
    if doc_path[-2] == "server" and doc_path[-1] in _ALIAS_OF:
        alias_path = (*doc_path[:-2], _ALIAS_OF[str(doc_path[-1])])
        if yaml_edit.find(root, alias_path) is not None:
            return alias_path
    return doc_path


def _overlay_file(overlay: Path, doc_path: PathParts, edits: Edits) -> Path:
    """The overlay file that already holds most of the path; else a new one per section."""
    candidates = sorted(
        p for p in overlay.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
    )
    candidates += [p for p in edits.after if p.parent == overlay and p not in candidates]
    best: Path | None = None
    best_depth = -1
    for candidate in candidates:
        depth, _ = yaml_edit.deepest(yaml_edit.compose(edits.text(candidate)), doc_path)
        if depth > best_depth:
            best, best_depth = candidate, depth
    if best is None or best_depth == 0:
        return overlay / f"{doc_path[0]}.yaml"  # created (or extended) for this section
    return best


def _overlay_value(base_text: str, doc_path: PathParts, value: Any) -> tuple[PathParts, Any]:
    """Lists are replaced whole by an overlay: copy the base's list, as written, with
    the live value in place."""
    first_index = next((i for i, part in enumerate(doc_path) if isinstance(part, int)), None)
    if first_index is None:
        return doc_path, value
    list_path = doc_path[:first_index]
    whole = copy.deepcopy(yaml_edit.load_value(base_text, list_path))
    node = whole
    for part in doc_path[first_index:-1]:
        node = node[part]
    node[doc_path[-1]] = value
    return list_path, whole
