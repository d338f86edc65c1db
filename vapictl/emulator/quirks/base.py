"""What a kind may do beyond plain CRUD, as optional hooks (all default to nothing)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from vapictl.emulator.storage import Document, Store

# "item": GET {path}/{id}; "list": each item of GET {path}; "write": POST/PATCH/DELETE.
View = Literal["item", "list", "write"]
Params = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Hooks:
    # Fields the server sets on create and the client never sends (API-REFERENCE §3).
    server_fields: Mapping[str, Any] = field(default_factory=dict)
    # Server-provisioned documents, stored once per database (e.g. default personalities).
    seeds: tuple[Document, ...] = ()
    # Checks needing the store (references that must exist); raise HttpError.
    check_create: Callable[[Store, Document], None] | None = None
    check_update: Callable[[Store, Document, Document, Params], None] | None = None
    # Replaces the plain insert (free phone numbers, knowledge-base tools).
    create: Callable[[Store, Document], Document] | None = None
    after_delete: Callable[[Store, Document], None] | None = None
    # Ids a list leaves out for these parameters (e.g. `standaloneOnly`).
    list_excludes: Callable[[Store, Params], tuple[str, ...]] | None = None
    # The response form of a stored document (hides secrets, adds computed fields).
    render: Callable[[Store, Document, View], Document] | None = None
    # With `render`: True when it would leave a listed document, given as its stored
    # JSON text, unchanged (no secret in it), so the list can send that text as is.
    lists_unchanged: Callable[[str], bool] | None = None


PLAIN = Hooks()
