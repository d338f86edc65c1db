"""List endpoints: query parameters to a store query, and the response shapes.

Query parameters arrive multi-valued (`idAny=A&idAny=B`, as both official SDKs send
arrays); every filter runs in the store before `limit`, so a filtered list is never cut
short by rows the filter drops. Shapes: a bare array, or `{results, metadata}`
(API-REFERENCE §1, CONFIG-KINDS §2).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from vapictl.emulator.catalog import Collection
from vapictl.emulator.http import bad_request
from vapictl.emulator.storage import ListQuery, format_timestamp, parse_timestamp

Params = Mapping[str, Sequence[str]]

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
SORT_ORDERS = ("ASC", "DESC")
# Declared for every paginated list; the emulator has no call data, so all three sort by
# creation time.
SORT_BY = ("createdAt", "duration", "cost")

BOUNDS = {
    f"{field}{suffix}": (column, operator)
    for field, column in (("createdAt", "created_at"), ("updatedAt", "updated_at"))
    for suffix, operator in (("Gt", ">"), ("Lt", "<"), ("Ge", ">="), ("Le", "<="))
}
_MAX_OFFSET = 2**62
_EXACT_FILTERS = frozenset({"name", "purpose"})


def one(params: Params, name: str) -> str | None:
    """A scalar parameter: the last value if repeated (Express keeps an array; the
    emulator reads the last, as it always has)."""
    values = params.get(name)
    return values[-1] if values else None


def many(params: Params, name: str) -> tuple[str, ...]:
    """An array parameter, sent repeated (`idAny=A&idAny=B`) or comma-joined (`idAny=A,B`)."""
    return tuple(
        item for value in params.get(name, ()) for item in value.split(",") if item.strip()
    )


def check_params(params: Params, allowed: frozenset[str]) -> None:
    """Unknown query parameters are rejected like unknown body keys (NestJS whitelist)."""
    unknown = [f"property {name} should not exist" for name in params if name not in allowed]
    if unknown:
        raise bad_request(unknown)


def parse_limit(raw: str | None, *, minimum: int = 0) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    try:
        value = float(raw)
    except ValueError:
        raise bad_request(
            ["limit must be a number conforming to the specified constraints"]
        ) from None
    if math.isnan(value):
        raise bad_request(["limit must be a number conforming to the specified constraints"])
    if value > MAX_LIMIT:
        raise bad_request([f"limit must not be greater than {MAX_LIMIT}"])
    if value < minimum:
        raise bad_request([f"limit must not be less than {minimum}"])
    return int(value)


def parse_bounds(params: Params) -> tuple[tuple[str, str, str], ...]:
    bounds: list[tuple[str, str, str]] = []
    errors: list[str] = []
    for name, (column, operator) in BOUNDS.items():
        raw = one(params, name)
        if raw is None:
            continue
        try:
            bounds.append((column, operator, format_timestamp(parse_timestamp(raw))))
        except ValueError:
            errors.append(f"{name} must be a valid ISO 8601 date string")
    if errors:
        raise bad_request(errors)
    return tuple(bounds)


@dataclass(frozen=True)
class Page:
    number: int
    sort_order: str


def parse_page(params: Params) -> Page:
    errors: list[str] = []
    raw_page = one(params, "page") or "1"
    try:
        number = float(raw_page)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number != int(number):
        errors.append("page must be a number conforming to the specified constraints")
    elif number < 1:
        errors.append("page must not be less than 1")
    sort_order = one(params, "sortOrder") or "DESC"
    if sort_order not in SORT_ORDERS:
        errors.append(f"sortOrder must be one of the following values: {', '.join(SORT_ORDERS)}")
    sort_by = one(params, "sortBy")
    if sort_by is not None and sort_by not in SORT_BY:
        errors.append(f"sortBy must be one of the following values: {', '.join(SORT_BY)}")
    if errors:
        raise bad_request(errors)
    return Page(int(number), sort_order)


def store_query(
    collection: Collection, params: Params, *, exclude_ids: tuple[str, ...] = ()
) -> tuple[ListQuery, Page | None]:
    """The store query a list call asks for (raises the API's 400s for bad parameters).
    A paginated list's `limit` is a page size, so 0 is refused there."""
    check_params(params, collection.list_params())
    paginated = collection.list_shape == "paginated"
    limit = parse_limit(one(params, "limit"), minimum=1 if paginated else 0)
    page = parse_page(params) if collection.paged or paginated else None
    equals = tuple(
        (name, value)
        for name in sorted(_EXACT_FILTERS & collection.list_params())
        if (value := one(params, name)) is not None
    )
    query = ListQuery(
        limit=limit,
        bounds=parse_bounds(params),
        ids=_wanted_ids(collection, params),
        exclude_ids=exclude_ids,
        equals=equals,
        # Past the last row any page is empty; the clamp keeps SQLite's OFFSET in range.
        offset=min((page.number - 1) * limit, _MAX_OFFSET) if page else 0,
        ascending=page is not None and page.sort_order == "ASC",
    )
    return query, page


def _wanted_ids(collection: Collection, params: Params) -> tuple[str, ...] | None:
    """`idAny` keeps any listed id; `id` keeps one; both given: the ids in both."""
    wanted: set[str] | None = None
    if "idAny" in collection.filters and params.get("idAny"):
        wanted = set(many(params, "idAny"))
    single = one(params, "id") if "id" in collection.filters else None
    if single is not None:
        wanted = {single} if wanted is None else wanted & {single}
    return None if wanted is None else tuple(sorted(wanted))


def page_envelope(
    results: list[dict[str, Any]], total: int, limit: int, page: Page
) -> dict[str, Any]:
    """`{results, metadata: PaginationMeta}` [OAS]."""
    total_pages = max(1, math.ceil(total / limit))
    return {
        "results": results,
        "metadata": {
            "itemsPerPage": limit,
            "totalItems": total,
            "currentPage": page.number,
            "totalPages": total_pages,
            "hasNextPage": page.number < total_pages,
            "sortOrder": page.sort_order,
        },
    }
