"""Field locations for a manifest read by the fast path, found when first asked for.

A valid manifest read by the fast path (plain_load.py) has no location of any field:
keeping 100,000 of them costs time and memory, and nothing asks for them unless
something goes wrong (an API error mapped back to its field, `pull`'s edits). The
first question re-reads the manifest files with the located loader, once for the
whole manifest; every `Resource.field_locations` is then filled from that tree.
"""

from __future__ import annotations

import threading
from collections.abc import ItemsView, Iterator, KeysView, Sequence, ValuesView
from pathlib import Path
from typing import Any

from vapictl.errors import Location
from vapictl.gc_pause import collector_paused
from vapictl.manifest.file_tag import TextFile
from vapictl.manifest.located import LocatedDict
from vapictl.manifest.text_locate import locate_field
from vapictl.manifest.tree import merge_documents

_lock = threading.RLock()  # apply's workers may ask for locations at the same time


class LocationSource:
    """The manifests' files, re-read with the located loader on the first question."""

    def __init__(self, files: Sequence[Path], root: Path) -> None:
        self.files = tuple(files)
        self.root = root
        self._tree: LocatedDict | None = None
        self._read = False
        self._texts: dict[int, str | None] = {}  # file index -> text, read again when asked
        self._fingerprints: dict[int, tuple[int, int]] = {}

    def remember(self, index: int, text: str) -> None:
        """Note what file `index` held when loaded (its text is read again if needed)."""
        self._fingerprints[index] = (len(text), hash(text))

    def _text(self, index: int) -> str | None:
        """The text of file `index` if it is still what was loaded."""
        with _lock:
            if index not in self._texts:
                try:
                    text: str | None = self.files[index].read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    text = None
                if text is not None and (len(text), hash(text)) != self._fingerprints.get(index):
                    text = None
                self._texts[index] = text
            return self._texts[index]

    def locate(
        self,
        index: int,
        offset: int,
        entry: Location,
        key: str,
        body: dict[str, Any],
        path: str,
    ) -> Location | None:
        """Where the field `path` of the entry written at `offset` of file `index` was
        written, found in the text (text_locate.py); None: ask the located loader."""
        parts = path.split(".")
        if "[" in path or parts[0] in ("id", "protect"):
            return None
        node: Any = body
        for part in parts:  # only fields the body has: they were written in this entry
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        text = self._text(index)
        if text is None:
            return None
        found = locate_field(text, offset, entry.column - 1, key, parts)
        if found is None:
            return None
        return Location(entry.file, entry.line + found[0], found[1])

    def _located_tree(self) -> LocatedDict | None:
        from vapictl.manifest.yaml_loader import load_yaml_file  # PyYAML: only when asked

        with _lock:
            if not self._read:
                with collector_paused():  # as in load_manifests
                    documents = [load_yaml_file(file, self.root)[0] for file in self.files]
                    self._tree = merge_documents(documents)
                self._read = True
            return self._tree

    def field_locations(self, section: str, key: str) -> dict[str, Location]:
        """Dotted field path -> location for the entry `section.key` ("org" for the org);
        empty if the files changed since and the entry is no longer there."""
        from vapictl.manifest.canonical import located_body  # canonical imports this module

        tree = self._located_tree()
        entry = tree.get(section) if tree is not None else None
        if section != "org" and isinstance(entry, LocatedDict):
            entry = entry.get(key)
        if not isinstance(entry, LocatedDict):
            return {}
        text_files: dict[str, TextFile] = {}
        return located_body(entry, text_files)[1]


class EntryLocator:
    """Where one entry was written, and how to find its fields' locations: by its own
    text (`find`, when it was written in one file) or by re-reading every file with the
    located loader (`fill`). One small object per entry (two functools.partials cost
    ~5 MB at 10,000 entries)."""

    __slots__ = ("body", "entry", "file_index", "key", "offset", "section", "source")

    def __init__(
        self,
        source: LocationSource,
        section: str,
        key: str,
        body: dict[str, Any],
        entry: Location,
        file_index: int | None,
        offset: int,
    ) -> None:
        self.source = source
        self.section = section
        self.key = key
        self.body = body
        self.entry = entry
        self.file_index = file_index  # None: written in several files, only `fill` can tell
        self.offset = offset

    def fill(self) -> dict[str, Location]:
        return self.source.field_locations(self.section, self.key)

    def find(self, path: str) -> Location | None:
        if self.file_index is None:
            return None
        written_key = self.key if self.section != "org" else "org"
        return self.source.locate(
            self.file_index, self.offset, self.entry, written_key, self.body, path
        )


class LazyLocations(dict[str, Location]):
    """A `dict` of field locations filled from `site` on first use; one field is
    first looked for on its own (`EntryLocator.find`) without filling the rest."""

    __slots__ = ("_site",)

    def __init__(self, site: EntryLocator) -> None:
        super().__init__()
        self._site: EntryLocator | None = site

    def _one(self, key: object) -> bool:
        """Is `key` known, after trying to find just it (True) or filling everything?"""
        if self._site is None or super().__contains__(key):
            return super().__contains__(key)
        found = self._site.find(key) if isinstance(key, str) else None
        if found is not None:
            super().__setitem__(str(key), found)
            return True
        self._load()
        return super().__contains__(key)

    def _load(self) -> None:
        if self._site is not None:
            with _lock:
                if self._site is not None:
                    super().update(self._site.fill())
                    self._site = None

    def __contains__(self, key: object) -> bool:
        return self._one(key)

    def __getitem__(self, key: str) -> Location:
        self._one(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._one(key)
        return super().get(key, default)

    def __iter__(self) -> Iterator[str]:
        self._load()
        return super().__iter__()

    def __len__(self) -> int:
        self._load()
        return super().__len__()

    def keys(self) -> KeysView[str]:  # type: ignore[override]
        self._load()
        return super().keys()

    def values(self) -> ValuesView[Location]:  # type: ignore[override]
        self._load()
        return super().values()

    def items(self) -> ItemsView[str, Location]:  # type: ignore[override]
        self._load()
        return super().items()

    def __eq__(self, other: object) -> bool:
        self._load()
        return super().__eq__(other)

    __hash__ = None

    def __repr__(self) -> str:
        self._load()
        return super().__repr__()

    def copy(self) -> dict[str, Location]:
        self._load()
        return dict(super().items())
