"""The newer kinds' responses validate against the real spec's response schemas."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.contract_helpers import SKIP_REASON, response_schema, schema_errors, spec_available

pytestmark = pytest.mark.skipif(not spec_available(), reason=SKIP_REASON)

PERSONALITY = "a0000000-0000-4000-8000-000000000003"


def _assert_valid(path: str, method: str, status: str, body: Any) -> None:
    errors = schema_errors(response_schema(path, method, status), body)
    assert errors == [], f"{method.upper()} {path} -> {status}: {errors}"


def _round_trip(
    api: httpx.Client, path: str, body: dict[str, Any], patch: dict[str, Any], **params: str
) -> dict[str, Any]:
    """POST, GET, list, PATCH: each response checked against its schema."""
    item = f"{path}/{{id}}"
    created = api.post(path, json=body)
    assert created.status_code == 201, created.text
    _assert_valid(path, "post", "201", created.json())
    url = f"{path}/{created.json()['id']}"
    _assert_valid(item, "get", "200", api.get(url).json())
    _assert_valid(path, "get", "200", api.get(path).json())
    patched = api.patch(url, json=patch, params=params)
    assert patched.status_code == 200, patched.text
    _assert_valid(item, "patch", "200", patched.json())
    return dict(created.json())


def _delete(api: httpx.Client, path: str, doc_id: str) -> None:
    deleted = api.delete(f"{path}/{doc_id}")
    assert deleted.status_code == 200, deleted.text
    _assert_valid(f"{path}/{{id}}", "delete", "200", deleted.json())


def test_evaluation_kinds_match_the_spec(api: httpx.Client) -> None:
    so = _round_trip(
        api,
        "/structured-output",
        {"name": "csat", "schema": {"type": "number"}, "description": "1-5"},
        {"description": "one to five"},
        schemaOverride="false",
    )
    scorecard = _round_trip(
        api,
        "/observability/scorecard",
        {
            "name": "quality",
            "metrics": [
                {
                    "structuredOutputId": so["id"],
                    "conditions": [
                        {"type": "comparator", "comparator": ">=", "value": 4, "points": 100}
                    ],
                }
            ],
        },
        {"description": "d"},
    )
    scenario = _round_trip(
        api,
        "/eval/simulation/scenario",
        {
            "name": "refund",
            "instructions": "Ask for a refund.",
            "evaluations": [{"structuredOutputId": so["id"], "comparator": ">", "value": 3}],
            "path": "billing/refunds",
        },
        {"instructions": "Ask twice."},
    )
    personality = _round_trip(
        api,
        "/eval/simulation/personality",
        {"name": "Terse Tom", "assistant": {"name": "tester", "firstMessage": "Hi."}},
        {"path": None},
    )
    simulation = _round_trip(
        api,
        "/eval/simulation",
        {"name": "refund-tom", "scenarioId": scenario["id"], "personalityId": PERSONALITY},
        {"personalityId": personality["id"]},
    )
    suite = _round_trip(
        api,
        "/eval/simulation/suite",
        {"name": "nightly", "simulationIds": [simulation["id"]]},
        {"targetAssignments": []},
    )
    evaluation = _round_trip(
        api,
        "/eval",
        {
            "name": "greets",
            "type": "chat.mockConversation",
            "messages": [
                {"role": "user", "content": "Hello"},
                # An evaluation message (`judgePlan`) would match both assistant branches of
                # the spec's oneOf (the mock requires only `role`): a spec artifact.
                {"role": "assistant", "content": "Hi!"},
            ],
        },
        {"description": "Greets back."},
    )
    for path, doc in (
        ("/eval", evaluation),
        ("/eval/simulation/suite", suite),
        ("/eval/simulation", simulation),
        ("/eval/simulation/personality", personality),
        ("/eval/simulation/scenario", scenario),
        ("/observability/scorecard", scorecard),
        ("/structured-output", so),
    ):
        _delete(api, path, doc["id"])


def test_built_in_personalities_match_the_spec(api: httpx.Client) -> None:
    _assert_valid(
        "/eval/simulation/personality", "get", "200", api.get("/eval/simulation/personality").json()
    )


def test_files_and_knowledge_bases_match_the_spec(api: httpx.Client) -> None:
    uploaded = api.post(
        "/file",
        files={"file": ("faq.md", b"# FAQ\n", "text/markdown")},
        data={"purpose": "knowledge-base-v2", "metadata": '{"team": "support"}'},
    )
    assert uploaded.status_code == 201, uploaded.text
    _assert_valid("/file", "post", "201", uploaded.json())
    assert uploaded.json()["metadata"] == {"team": "support"}
    file_id = uploaded.json()["id"]
    _assert_valid("/file", "get", "200", api.get("/file").json())
    _assert_valid(
        "/file/{id}", "patch", "200", api.patch(f"/file/{file_id}", json={"name": "FAQ"}).json()
    )
    base = _round_trip(api, "/v2/knowledge-base", {"name": "FAQ"}, {"description": "Support"})
    files = f"/v2/knowledge-base/{base['id']}/file"
    attached = api.post(files, json={"fileId": file_id})
    _assert_valid("/v2/knowledge-base/{id}/file", "post", "201", attached.json())
    _assert_valid("/v2/knowledge-base/{id}/file", "get", "200", api.get(files).json())
    tool_id = api.get(f"/v2/knowledge-base/{base['id']}").json()["toolId"]
    _assert_valid("/tool/{id}", "get", "200", api.get(f"/tool/{tool_id}").json())
    detached = api.delete(f"{files}/{file_id}")
    _assert_valid("/v2/knowledge-base/{id}/file/{fileId}", "delete", "200", detached.json())
    _delete(api, "/v2/knowledge-base", base["id"])
    _delete(api, "/file", file_id)


@pytest.mark.parametrize(
    "body",
    [
        {"provider": "openai", "apiKey": "sk-1", "name": "llm"},
        {"provider": "11labs", "apiKey": "el-1"},
        {"provider": "anthropic", "apiKey": "sk-ant"},
        {
            "provider": "s3",
            "awsAccessKeyId": "AK",
            "awsSecretAccessKey": "s",
            "region": "us-east-1",
            "s3BucketName": "b",
            "s3PathPrefix": "calls/",
        },
        {"provider": "vonage", "apiKey": "key", "apiSecret": "secret"},
        {
            "provider": "webhook",
            "authenticationPlan": {"type": "hmac", "secretKey": "s", "algorithm": "sha256"},
        },
    ],
)
def test_provider_credentials_match_the_spec_except_withheld_secrets(
    api: httpx.Client, body: dict[str, Any]
) -> None:
    created = api.post("/credential", json=body)
    assert created.status_code == 201, created.text
    fetched = api.get(f"/credential/{created.json()['id']}").json()
    secrets = {
        "apiKey",
        "apiSecret",
        "openAIKey",
        "awsSecretAccessKey",
        "vonageApplicationPrivateKey",
    }
    assert not (secrets - ({"apiKey"} if body["provider"] == "vonage" else set())) & set(fetched)
    assert "secretKey" not in fetched.get("authenticationPlan", {})
    # Put the withheld secrets back: everything else must match the response schema.
    restored = {**fetched, **{k: v for k, v in body.items() if k in secrets}}
    if body["provider"] == "vonage":
        assert fetched["vonageApplicationId"]
        restored["vonageApplicationPrivateKey"] = ""
    if "authenticationPlan" in body:
        restored["authenticationPlan"] = body["authenticationPlan"]
    _assert_valid("/credential/{id}", "get", "200", restored)
