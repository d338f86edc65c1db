"""`files:` entries: the local content each `path:` names, read once the manifests load.

The path is relative to the manifest file that holds it and confined to the
manifests' tree exactly like `!file` (file_tag.read_confined): a pull request
must not be able to make CI upload `~/.ssh/id_rsa`. Vapi's knowledge bases take
a fixed list of file types and files under 300 KB (CONFIG-KINDS §3.8): another
type is an error, a bigger file a warning. The bytes are not kept: their SHA-256
and size are, and apply reads the file again (and refuses if it changed since).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path, PurePath

from vapictl.manifest.file_tag import FileTagError, read_confined
from vapictl.manifest.report import Report
from vapictl.manifest.types import LocalFile, Resource
from vapictl.model import SPECS, Kind
from vapictl.model.registry import FILE_EXTENSIONS

# Vapi's advice for knowledge-base files (CONFIG-KINDS §3.8): bigger ones still upload.
RECOMMENDED_MAX_BYTES = 300 * 1024


def read_local_files(
    resources: dict[Kind, dict[str, Resource]], root: Path, report: Report
) -> None:
    """Attach each upload entry's LocalFile (in place), reporting what cannot be read."""
    for kind, entries in resources.items():
        if not SPECS[kind].upload:
            continue
        for key, resource in entries.items():
            local = _read(resource, root, report)
            if local is not None:
                entries[key] = replace(resource, upload=local)


def _read(resource: Resource, root: Path, report: Report) -> LocalFile | None:
    written = resource.body.get("path")
    if not isinstance(written, str) or not written.strip():
        return None  # the schema reports a missing or non-string path
    where = f"{SPECS[resource.kind].section}.{resource.key}.path"
    location = resource.location_of("path")
    extension = PurePath(written).suffix.lower()
    if extension not in FILE_EXTENSIONS:
        report.error(
            f"unsupported file type {extension or '(no extension)'!r}; Vapi takes "
            f"{', '.join(FILE_EXTENSIONS)}",
            location,
            where,
            "file-type",
        )
        return None
    try:
        data, path = read_confined(written, Path(location.file), root)
    except FileTagError as exc:
        report.error(str(exc), location, where, "file-path")
        return None
    if len(data) > RECOMMENDED_MAX_BYTES:
        report.warning(
            f"{written} is {len(data) / 1024:.0f} KB; Vapi advises keeping knowledge-base "
            f"files under {RECOMMENDED_MAX_BYTES // 1024} KB (split it for better retrieval)",
            location,
            where,
            "file-size",
        )
    return LocalFile(written, str(path), hashlib.sha256(data).hexdigest(), len(data))
