"""What each endpoint does to the store: create, read, list, shallow PATCH, delete.

One generic implementation serves every collection in `catalog.COLLECTIONS`; per-kind
quirks are `quirks.HOOKS` entries. Responses are what was stored plus the
server-assigned fields (`id`, `orgId`, `createdAt`, `updatedAt` and each kind's extras),
minus write-only secrets; no invented defaults, so a plan against the emulator stays
honest.
"""

from __future__ import annotations

import json
from typing import Any

from vapictl.emulator import validation
from vapictl.emulator.catalog import BY_KIND, Collection
from vapictl.emulator.http import HttpError, JsonText, bad_request, not_found
from vapictl.emulator.listing import (
    DEFAULT_LIMIT,
    Params,
    check_params,
    one,
    page_envelope,
    parse_bounds,
    parse_limit,
    parse_page,
    store_query,
)
from vapictl.emulator.quirks import HOOKS
from vapictl.emulator.quirks.base import PLAIN, Hooks, View
from vapictl.emulator.storage import ORG_KIND, Document, ListQuery, Store

KINDS = tuple(c.kind for c in BY_KIND.values())
_V2_PHONE_PARAMS = frozenset(
    {"limit", "search", "page", "sortOrder", "sortBy", *BY_KIND["phone-number"].list_params()}
)


def _hooks(kind: str) -> Hooks:
    return HOOKS.get(kind, PLAIN)


class Resources:
    """The behaviour behind every route, independent of HTTP plumbing."""

    def __init__(self, store: Store) -> None:
        self.store = store
        for kind, hooks in HOOKS.items():
            for doc in hooks.seeds:
                store.seed(kind, doc)

    def render(self, kind: str, doc: Document, view: View = "write") -> Document:
        """The response form of a stored document."""
        hook = _hooks(kind).render
        return hook(self.store, doc, view) if hook is not None else doc

    def _label(self, kind: str) -> str:
        return "Org" if kind == ORG_KIND else BY_KIND[kind].label

    def _load(self, kind: str, doc_id: str) -> Document:
        doc = self.store.get(kind, doc_id)
        if doc is None:
            raise not_found(f"{self._label(kind)} not found")
        return doc

    def _load_owned(self, kind: str, doc_id: str, verb: str) -> Document:
        """A document the org may change: platform defaults (`orgId: null`, e.g. the
        built-in personalities) answer 404 as on the real API (CONFIG-KINDS §3.3)."""
        doc = self._load(kind, doc_id)
        if kind != ORG_KIND and doc.get("orgId") is None:
            raise not_found(
                f"{self._label(kind)} not found or is a Vapi default (cannot be {verb})"
            )
        return doc

    def create(self, kind: str, body: dict[str, Any]) -> Document:
        errors = validation.validate_create(kind, body)
        if errors:
            raise bad_request(errors)
        hooks = _hooks(kind)
        if hooks.check_create is not None:
            hooks.check_create(self.store, body)
        fields = {**hooks.server_fields, **body}
        if hooks.create is not None:
            return self.render(kind, hooks.create(self.store, fields))
        return self.render(kind, self.store.insert(kind, fields))

    def get(self, kind: str, doc_id: str) -> Document:
        return self.render(kind, self._load(kind, doc_id), "item")

    def list_kind(self, kind: str, params: Params) -> JsonText:
        collection = BY_KIND[kind]
        excludes = _hooks(kind).list_excludes
        query, page = store_query(
            collection,
            params,
            exclude_ids=excludes(self.store, params) if excludes is not None else (),
        )
        # The stored texts are sent as they are unless rendering changes them: decoding
        # and re-encoding 10,000 assistants cost the emulator ~1 s of CPU per plan.
        hooks = _hooks(kind)
        unchanged = hooks.lists_unchanged if hooks.render is not None else _always
        rows = ",".join(
            text
            if unchanged is not None and unchanged(text)
            else _compact(self.render(kind, json.loads(text), "list"))
            for text in self.store.list_texts(kind, query)
        )
        if collection.list_shape == "array" or page is None:
            return JsonText(f"[{rows}]")
        metadata = page_envelope([], self.store.count(kind, query), query.limit, page)["metadata"]
        return JsonText(f'{{"results":[{rows}],"metadata":{_compact(metadata)}}}')

    def list_phone_numbers_v2(self, params: Params) -> dict[str, Any]:
        """GET /v2/phone-number: `{results, metadata}` with page/limit/search (§1)."""
        check_params(params, _V2_PHONE_PARAMS)
        limit = parse_limit(one(params, "limit"), minimum=1)
        page = parse_page(params)
        docs = self.store.list("phone-number", ListQuery(limit=-1, bounds=parse_bounds(params)))
        search = (one(params, "search") or "").lower()
        if search:
            docs = [
                d
                for d in docs
                if any(search in str(d.get(k) or "").lower() for k in ("name", "number", "sipUri"))
            ]
        if page.sort_order == "ASC":
            docs.reverse()
        results = docs[(page.number - 1) * limit : page.number * limit]
        return page_envelope(
            [self.render("phone-number", d, "list") for d in results], len(docs), limit, page
        )

    def update(
        self, kind: str, doc_id: str, body: dict[str, Any], params: Params | None = None
    ) -> Document:
        """Shallow PATCH: each sent top-level field replaces the stored one whole (§5)."""
        params = params or {}
        if kind != ORG_KIND:
            _require_query(BY_KIND[kind], params)
        stored = self._load_owned(kind, doc_id, "updated")
        errors = validation.validate_update(kind, body, stored)
        if errors:
            raise bad_request(errors)
        check = _hooks(kind).check_update
        if check is not None:
            check(self.store, body, stored, params)
        return self.render(kind, self.store.replace(kind, {**stored, **body}))

    def delete(self, kind: str, doc_id: str) -> Document:
        doc = self._load_owned(kind, doc_id, "deleted")
        self.store.delete(kind, doc_id)
        after = _hooks(kind).after_delete
        if after is not None:
            after(self.store, doc)
        return self.render(kind, doc)

    def list_orgs(self) -> list[Document]:
        return [self._load(ORG_KIND, self.store.org_id)]


def _always(_text: str) -> bool:
    return True


def _compact(value: Any) -> str:
    """JSON as the app sends it (and the store keeps it): no spaces."""
    return json.dumps(value, separators=(",", ":"))


def _require_query(collection: Collection, params: Params) -> None:
    """PATCH query parameters the spec marks required (e.g. `schemaOverride`)."""
    allowed = collection.patch_query
    unknown = [f"property {name} should not exist" for name in params if name not in allowed]
    missing = [f"{name} should not be empty" for name in sorted(allowed) if not one(params, name)]
    if unknown or missing:
        raise HttpError(400, [*missing, *unknown])


__all__ = ["DEFAULT_LIMIT", "KINDS", "Resources"]
