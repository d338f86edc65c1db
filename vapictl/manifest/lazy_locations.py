"""Field locations for a manifest read by the fast path, found when first asked for.

A valid manifest read by the fast path (plain_load.py) has no location of any field:
keeping 100,000 of them costs time and memory, and nothing asks for them unless
something goes wrong (an API error mapped back to its field, `pull`'s edits). The
first question re-reads the manifest files with the located loader, once for the
whole manifest; every `Resource.field_locations` is then filled from that tree.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, ItemsView, Iterator, KeysView, Sequence, ValuesView
from pathlib import Path
from typing import Any

from vapictl.errors import Location
from vapictl.manifest.file_tag import TextFile
from vapictl.manifest.tree import merge_documents
from vapictl.manifest.yaml_loader import LocatedDict, load_yaml_file

_lock = threading.RLock()  # apply's workers may ask for locations at the same time


class LocationSource:
    """The manifests' files, re-read with the located loader on the first question."""

    def __init__(self, files: Sequence[Path], root: Path) -> None:
        self.files = tuple(files)
        self.root = root
        self._tree: LocatedDict | None = None
        self._read = False

    def _located_tree(self) -> LocatedDict | None:
        with _lock:
            if not self._read:
                was_enabled = gc.isenabled()
                gc.disable()  # as in load_manifests: many small containers, no cycles
                try:
                    documents = [load_yaml_file(file, self.root)[0] for file in self.files]
                    self._tree = merge_documents(documents)
                finally:
                    if was_enabled:
                        gc.enable()
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


class LazyLocations(dict[str, Location]):
    """A `dict` of field locations filled by `fill` on first use."""

    __slots__ = ("_fill",)

    def __init__(self, fill: Callable[[], dict[str, Location]]) -> None:
        super().__init__()
        self._fill: Callable[[], dict[str, Location]] | None = fill

    def _load(self) -> None:
        if self._fill is not None:
            with _lock:
                if self._fill is not None:
                    super().update(self._fill())
                    self._fill = None

    def __contains__(self, key: object) -> bool:
        self._load()
        return super().__contains__(key)

    def __getitem__(self, key: str) -> Location:
        self._load()
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._load()
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
