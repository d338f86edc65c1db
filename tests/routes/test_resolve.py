"""Precedence: each route's URL and level is exactly what tool > assistant > phone > org gives."""

from __future__ import annotations

from vapictl.manifest.types import Manifest
from vapictl.routes import compute_routes, graph_from_live, graph_from_manifest

from .conftest import NO_ORG_URL, SEED, SEED_ROUTES, SEED_WARNINGS, load, route_table, seed_live


def _warnings(report_json: dict[str, object]) -> set[tuple[str, str]]:
    warnings = report_json["warnings"]
    assert isinstance(warnings, list)
    return {(w["resource"], w["code"]) for w in warnings}


def test_seed_manifest_routes_follow_precedence_exactly(seed_manifest: Manifest) -> None:
    report = compute_routes(graph_from_manifest(seed_manifest)).to_json()
    assert route_table(report["routes"]) == SEED_ROUTES
    assert _warnings(report) == SEED_WARNINGS


def test_live_view_of_the_same_org_gives_the_same_routes() -> None:
    report = compute_routes(graph_from_live(seed_live())).to_json()
    assert route_table(report["routes"]) == SEED_ROUTES
    assert _warnings(report) == SEED_WARNINGS


def test_numbers_come_first_sorted_then_assistants_without_a_number(
    seed_manifest: Manifest,
) -> None:
    routes = compute_routes(graph_from_manifest(seed_manifest)).routes
    phones = [r.phone_number for r in routes]
    numbered = [p for p in phones if p is not None]
    assert numbered == sorted(numbered)
    assert phones[-2:] == [None, None]  # orphan's routes last


def test_no_url_anywhere_gives_null_url_and_level_and_exact_risks() -> None:
    manifest = load(SEED / "resources.yaml", NO_ORG_URL)
    report = compute_routes(graph_from_manifest(manifest)).to_json()
    table = route_table(report["routes"])
    assert table[("dead", None, None, "assistant-request")] == (None, None)
    assert table[("routed-nofallback", None, None, "assistant-request")] == (None, None)
    assert table[("sales-line", "sales", "notify", "tool-calls")] == (None, None)
    assert table[(None, "orphan", None, "server-messages")] == (None, None)
    # Unaffected by the org: the number's own URL still wins.
    assert table[("routed-fallback", None, None, "assistant-request")] == (
        "https://router.example.com/vapi",
        "phoneNumber",
    )
    assert _warnings(report) == {
        ("assistant/triage-a", "url-no-secret"),
        ("assistant/triage-a", "insecure-url"),
        ("phoneNumber/dead", "hangup-risk"),
        ("phoneNumber/dead", "unroutable-inbound"),
        ("phoneNumber/dead-with-fallback", "unroutable-inbound"),
        ("phoneNumber/routed-nofallback", "hangup-risk"),
        ("phoneNumber/routed-nofallback", "unroutable-inbound"),
        ("tool/notify", "tool-no-url"),
    }
