"""What the manifest loader hands to the rest of vapictl.

`Resource.body` is canonical: API field names (camelCase), `serverUrl` and
`serverUrlSecret` already folded into `server.url` / `server.secret`, variables
expanded, vapictl-only keys (`id`, `protect`) lifted out, and `name` filled in
from the manifest key where the kind has one. References stay by manifest key
(`assistant`, `squad`, `model.tools`, squad `members[].assistant`,
`assistantDestinations[].assistantName` stays a name); the engine resolves them
to ids.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from vapictl.errors import Diagnostic, Location
from vapictl.manifest.file_tag import TextFile
from vapictl.model import RESOURCE_SECTIONS, Kind

DEFAULT_MAX_DELETES = 10  # refuse bigger deletions unless raised (octoDNS-style safety threshold)


@dataclass(frozen=True)
class LocalFile:
    """The content of a `files:` entry's `path:` (read when the manifests load)."""

    written: str  # the path as written: "files/faq.txt"
    file: str  # where it was read (manifest directory + written)
    sha256: str
    size: int

    @property
    def filename(self) -> str:
        """The upload's filename (the API's `originalName`): the local basename."""
        return PurePath(self.file).name

    def described(self) -> dict[str, Any]:
        """What a plan records of it: where, how big, which content; never the bytes."""
        return {
            "path": self.written,
            "filename": self.filename,
            "bytes": self.size,
            "sha256": self.sha256,
        }


@dataclass(frozen=True, slots=True)  # slots: a large org keeps 10,000 of them
class Resource:
    kind: Kind
    key: str  # manifest key ("org" for the org)
    body: dict[str, Any]
    location: Location
    pinned_id: str | None = None
    protect: bool = False
    # dotted field path ("server.url", "model.tools[0]") -> where it was written
    field_locations: dict[str, Location] = field(default_factory=dict, compare=False)
    # dotted field paths whose value is a secret (e.g. "server.secret")
    secret_paths: frozenset[str] = frozenset()
    # dotted field path -> the file a `!file` value was read from
    # ("model.messages[0].content" -> prompts/support.md)
    text_files: dict[str, TextFile] = field(default_factory=dict, compare=False)
    upload: LocalFile | None = None  # a file entry's local content (kinds with `upload`)
    # What later steps derive from this entry once and share (engine.desired's API
    # bodies); never an init argument, so `dataclasses.replace` starts it afresh.
    derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def address(self) -> str:
        return f"{self.kind.value}/{self.key}"

    def location_of(self, path: str) -> Location:
        """The closest recorded location of a field path, else the entry's own."""
        while path:
            found = self.field_locations.get(path)  # one question (lazy_locations.py)
            if found is not None:
                return found
            path = path.rpartition(".")[0]
        return self.location


@dataclass(frozen=True)
class Settings:
    prune: bool = False
    ignore: tuple[str, ...] = ()  # glob patterns of "kind/name" never pruned or touched
    max_deletes: int = DEFAULT_MAX_DELETES
    allow_empty: bool = False  # settings.allowEmpty: declaring nothing plus prune is intended
    # settings.publicVariables: secret-looking variable names allowed in ordinary fields
    public_variables: tuple[str, ...] = ()
    # globs of "kind/field.path" unknown to the bundled API schema but let through
    allow_unknown_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Manifest:
    org: Resource | None
    # each kind with a manifest section (model.RESOURCE_SECTIONS) -> manifest key -> Resource
    resources: dict[Kind, dict[str, Resource]]
    settings: Settings
    sources: tuple[str, ...]  # files read, in merge order
    warnings: tuple[Diagnostic, ...] = ()
    fixed_digest: str | None = None  # `digest` of what is not made from manifests (rollback)

    @functools.cached_property
    def digest(self) -> str:
        """sha256 of the resolved manifest; secrets enter only as fingerprints. Made only
        when asked (a saved plan, and the apply that checks it): ~9% of a load otherwise."""
        if self.fixed_digest is not None:
            return self.fixed_digest
        from vapictl.manifest.digest import manifest_digest

        return manifest_digest(self.all_resources(), self.settings)

    def all_resources(self) -> Iterator[Resource]:
        if self.org is not None:
            yield self.org
        for kind in RESOURCE_SECTIONS.values():
            yield from self.resources.get(kind, {}).values()

    def get(self, kind: Kind, key: str) -> Resource | None:
        if kind is Kind.ORG:
            return self.org
        return self.resources.get(kind, {}).get(key)
