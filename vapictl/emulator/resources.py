"""What each endpoint does to the store: create, read, list, shallow PATCH, delete.

Responses are exactly what was stored plus the server-assigned fields (`id`, `orgId`,
`createdAt`, `updatedAt`, a phone number's `status` and a free number's `number`), minus
write-only secrets; no invented defaults, so a plan against the emulator stays honest.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from vapictl.emulator import validation
from vapictl.emulator.http import HttpError, bad_request, not_found
from vapictl.emulator.storage import (
    ORG_KIND,
    Document,
    ListQuery,
    Store,
    format_timestamp,
    parse_timestamp,
)

KINDS = ("assistant", "tool", "squad", "phone-number", "credential")
MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
# DOCS phone-numbers/free-telephony.mdx: at most 5 free Vapi numbers per account.
MAX_FREE_NUMBERS = 5

_BOUNDS = {
    f"{field}{suffix}": (column, operator)
    for field, column in (("createdAt", "created_at"), ("updatedAt", "updated_at"))
    for suffix, operator in (("Gt", ">"), ("Lt", "<"), ("Ge", ">="), ("Le", "<="))
}
LIST_PARAMS = frozenset({"limit", *_BOUNDS})
_V2_PARAMS = LIST_PARAMS | {"search", "page", "sortOrder", "sortBy"}

# Fields the spec marks "This is not returned in the API" [OAS]: stored, never echoed.
_PHONE_SECRETS = frozenset({"twilioAuthToken", "twilioApiSecret"})
_CREDENTIAL_SECRETS = frozenset(
    {
        "authToken",
        "apiKey",
        "apiSecret",
        "vonageApplicationPrivateKey",
        "openAIKey",
        "ocpApimSubscriptionKey",
        "awsSecretAccessKey",
    }
)
_PLAN_SECRETS = frozenset({"token", "secretKey", "clientSecret", "authPassword"})
# The Vonage credential's apiKey is an identifier, not a secret [OAS VonageCredential].
_VISIBLE_BY_PROVIDER = {"vonage": frozenset({"apiKey"})}


def render(kind: str, doc: Document) -> Document:
    """The response form of a stored document."""
    if kind == "phone-number":
        return {k: v for k, v in doc.items() if k not in _PHONE_SECRETS}
    if kind == "credential":
        return _render_credential(doc)
    return doc


def _render_credential(doc: Document) -> Document:
    hidden = _CREDENTIAL_SECRETS - _VISIBLE_BY_PROVIDER.get(str(doc.get("provider")), frozenset())
    out = {k: v for k, v in doc.items() if k not in hidden}
    for plan_key in ("authenticationPlan", "outboundAuthenticationPlan"):
        plan = out.get(plan_key)
        if isinstance(plan, dict):
            out[plan_key] = {k: v for k, v in plan.items() if k not in _PLAN_SECRETS}
    if "authenticationPlan" in out:
        # CustomCredential/WebhookCredential declare this session as required [OAS].
        out.setdefault("authenticationSession", {})
    return out


def _parse_limit(raw: str | None, default: int = DEFAULT_LIMIT) -> int:
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise bad_request(
            ["limit must be a number conforming to the specified constraints"]
        ) from None
    if value > MAX_LIMIT:
        raise bad_request([f"limit must not be greater than {MAX_LIMIT}"])
    if value < 0 or math.isnan(value):
        raise bad_request(["limit must not be less than 0"])
    return int(value)


def _parse_bounds(params: Mapping[str, str]) -> tuple[tuple[str, str, str], ...]:
    bounds: list[tuple[str, str, str]] = []
    errors: list[str] = []
    for name, (column, operator) in _BOUNDS.items():
        if name not in params:
            continue
        try:
            bounds.append((column, operator, format_timestamp(parse_timestamp(params[name]))))
        except ValueError:
            errors.append(f"{name} must be a valid ISO 8601 date string")
    if errors:
        raise bad_request(errors)
    return tuple(bounds)


def _check_params(params: Mapping[str, str], allowed: frozenset[str]) -> None:
    unknown = [f"property {name} should not exist" for name in params if name not in allowed]
    if unknown:
        raise bad_request(unknown)


class Resources:
    """The behaviour behind every route, independent of HTTP plumbing."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _load(self, kind: str, doc_id: str) -> Document:
        doc = self.store.get(kind, doc_id)
        if doc is None:
            label = "Org" if kind == ORG_KIND else kind.replace("-", " ").title().replace(" ", "")
            raise not_found(f"{label} not found")
        return doc

    def create(self, kind: str, body: dict[str, Any]) -> Document:
        errors = validation.validate_create(kind, body)
        if errors:
            raise bad_request(errors)
        if kind == "phone-number":
            return render(kind, self._create_phone_number(body))
        return render(kind, self.store.insert(kind, body))

    def _create_phone_number(self, body: dict[str, Any]) -> Document:
        fields = {**body, "status": "active"}
        area_code = body.get("numberDesiredAreaCode")
        if body["provider"] != "vapi" or not area_code:
            return self.store.insert("phone-number", fields)
        with self.store.transaction():  # the cap check and the insert must not interleave
            if (
                self.store.count_where("phone-number", "$.provider", "vapi", present="$.number")
                >= MAX_FREE_NUMBERS
            ):
                raise bad_request(
                    [
                        f"You can only have {MAX_FREE_NUMBERS} free Vapi numbers. "
                        "Delete one or import your own."
                    ]
                )
            fields["number"] = self._free_number(str(area_code))
            return self.store.insert("phone-number", fields)

    def _free_number(self, area_code: str) -> str:
        for suffix in range(123, 10000):
            candidate = f"+1{area_code}555{suffix:04d}"
            if not self.store.exists_where("phone-number", "$.number", candidate):
                return candidate
        raise HttpError(400, [f"No free numbers left in area code {area_code}"])

    def get(self, kind: str, doc_id: str) -> Document:
        return render(kind, self._load(kind, doc_id))

    def list_kind(self, kind: str, params: Mapping[str, str]) -> list[Document]:
        allowed = LIST_PARAMS | {"idAny"} if kind == "squad" else LIST_PARAMS
        _check_params(params, allowed)
        query = ListQuery(limit=_parse_limit(params.get("limit")), bounds=_parse_bounds(params))
        docs = self.store.list(kind, query)
        if kind == "squad" and params.get("idAny"):
            wanted = set(params["idAny"].split(","))
            docs = [d for d in docs if d["id"] in wanted]
        return [render(kind, d) for d in docs]

    def list_phone_numbers_v2(self, params: Mapping[str, str]) -> dict[str, Any]:
        """GET /v2/phone-number: `{results, metadata}` with page/limit/search (§1)."""
        _check_params(params, _V2_PARAMS)
        limit = _parse_limit(params.get("limit")) or DEFAULT_LIMIT
        try:
            page = int(params.get("page", "1"))
        except ValueError:
            raise bad_request(
                ["page must be a number conforming to the specified constraints"]
            ) from None
        if page < 1:
            raise bad_request(["page must not be less than 1"])
        sort_order = params.get("sortOrder", "DESC").upper()
        if sort_order not in ("ASC", "DESC"):
            raise bad_request(["sortOrder must be one of the following values: ASC, DESC"])
        docs = self.store.list("phone-number", ListQuery(limit=-1, bounds=_parse_bounds(params)))
        search = params.get("search", "").lower()
        if search:
            docs = [
                d
                for d in docs
                if any(search in str(d.get(k) or "").lower() for k in ("name", "number", "sipUri"))
            ]
        if sort_order == "ASC":
            docs.reverse()
        total = len(docs)
        total_pages = max(1, math.ceil(total / limit))
        results = docs[(page - 1) * limit : page * limit]
        return {
            "results": [render("phone-number", d) for d in results],
            "metadata": {
                "itemsPerPage": limit,
                "totalItems": total,
                "currentPage": page,
                "totalPages": total_pages,
                "hasNextPage": page < total_pages,
                "sortOrder": sort_order,
            },
        }

    def update(self, kind: str, doc_id: str, body: dict[str, Any]) -> Document:
        """Shallow PATCH: each sent top-level field replaces the stored one whole (§5)."""
        stored = self._load(kind, doc_id)
        errors = validation.validate_update(kind, body, stored)
        if errors:
            raise bad_request(errors)
        return render(kind, self.store.replace(kind, {**stored, **body}))

    def delete(self, kind: str, doc_id: str) -> Document:
        doc = self._load(kind, doc_id)
        self.store.delete(kind, doc_id)
        return render(kind, doc)

    def list_orgs(self) -> list[Document]:
        return [self._load(ORG_KIND, self.store.org_id)]
