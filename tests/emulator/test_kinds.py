"""The configuration kinds beyond the first five, over HTTP (CONFIG-KINDS §2, §3, §9)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

BUILT_IN = "a0000000-0000-4000-8000-00000000000"


def _messages(response: httpx.Response) -> Any:
    assert response.status_code == 400, response.text
    return response.json()["message"]


def _so(api: httpx.Client, name: str = "csat", schema_type: str = "number") -> dict[str, Any]:
    created = api.post("/structured-output", json={"name": name, "schema": {"type": schema_type}})
    assert created.status_code == 201, created.text
    return dict(created.json())


def _scenario(api: httpx.Client, so_id: str, name: str = "refund") -> dict[str, Any]:
    body = {
        "name": name,
        "instructions": "Ask for a refund.",
        "evaluations": [{"structuredOutputId": so_id, "comparator": ">", "value": 3}],
    }
    created = api.post("/eval/simulation/scenario", json=body)
    assert created.status_code == 201, created.text
    return dict(created.json())


def _simulation(api: httpx.Client, scenario_id: str, name: str = "sim") -> dict[str, Any]:
    body = {"name": name, "scenarioId": scenario_id, "personalityId": f"{BUILT_IN}7"}
    created = api.post("/eval/simulation", json=body)
    assert created.status_code == 201, created.text
    return dict(created.json())


def _upload(
    api: httpx.Client, name: str = "faq.txt", content: bytes = b"Opening hours: 9-5"
) -> Any:
    return api.post(
        "/file",
        files={"file": (name, content, "text/plain")},
        data={"purpose": "knowledge-base-v2"},
    )


def test_paginated_kinds_answer_results_and_metadata(api: httpx.Client) -> None:
    first, second = _so(api, "a"), _so(api, "b")
    page = api.get("/structured-output", params={"limit": 1, "page": 2}).json()
    assert [r["id"] for r in page["results"]] == [first["id"]]
    assert page["metadata"] == {
        "itemsPerPage": 1,
        "totalItems": 2,
        "currentPage": 2,
        "totalPages": 2,
        "hasNextPage": False,
        "sortOrder": "DESC",
    }
    oldest_first = api.get("/structured-output", params={"sortOrder": "ASC"}).json()
    assert [r["id"] for r in oldest_first["results"]] == [first["id"], second["id"]]
    by_name = api.get("/structured-output", params={"name": "b"}).json()["results"]
    assert [r["id"] for r in by_name] == [second["id"]]
    evals = api.get("/eval").json()
    assert evals["results"] == [] and evals["metadata"]["totalItems"] == 0


def test_date_bounds_far_in_the_past_filter_correctly(api: httpx.Client) -> None:
    # Found by schemathesis: a year-167 bound compared as the string "167-..." (after
    # "2026-...") and one that leaves the datetime range moved to UTC was a 500.
    so = _so(api)
    after = api.get("/structured-output", params={"createdAtGt": "0167-07-01T01:14:05.76+13:34"})
    assert [r["id"] for r in after.json()["results"]] == [so["id"]]
    assert _messages(api.get("/tool", params={"createdAtLt": "0001-01-01T00:00:00+13:00"})) == [
        "createdAtLt must be a valid ISO 8601 date string"
    ]


def test_page_numbers_far_past_the_end_are_empty_not_errors(api: httpx.Client) -> None:
    # Found by schemathesis: a huge `page` overflowed SQLite's OFFSET (a 500).
    _so(api)
    page = api.get("/structured-output", params={"page": "2.674108609050628e+307"})
    assert page.status_code == 200 and page.json()["results"] == []
    simulations = api.get("/eval/simulation", params={"page": "1e300", "limit": 1000})
    assert simulations.status_code == 200 and simulations.json() == []
    assert _messages(api.get("/eval", params={"page": "1e400"})) == [
        "page must be a number conforming to the specified constraints"
    ]


@pytest.mark.parametrize(
    "path", ["/structured-output", "/eval", "/observability/scorecard", "/v2/phone-number"]
)
def test_paginated_lists_refuse_a_zero_limit_and_an_unknown_sort(
    api: httpx.Client, path: str
) -> None:
    assert _messages(api.get(path, params={"limit": 0})) == ["limit must not be less than 1"]
    assert _messages(api.get(path, params={"sortBy": "name"})) == [
        "sortBy must be one of the following values: createdAt, duration, cost"
    ]
    assert api.get(path, params={"sortBy": "cost", "limit": 1}).status_code == 200


@pytest.mark.parametrize(
    ("path", "body", "expected"),
    [
        ("/structured-output", {"name": "x"}, ["schema should not be empty"]),
        (
            "/structured-output",
            {"name": "n" * 41, "schema": {"type": "string"}},
            ["name must be shorter than or equal to 40 characters"],
        ),
        ("/eval", {"messages": []}, ["type should not be empty"]),
        (
            "/eval",
            {
                "type": "chat.mockConversation",
                "messages": [{"role": "user", "content": "x" * 1001}],
            },
            ["messages.0.content must be shorter than or equal to 1000 characters"],
        ),
        (
            "/eval/simulation/personality",
            {"name": "p"},
            ["assistant should not be empty"],
        ),
        (
            "/eval/simulation/personality",
            {"name": "p", "assistant": {"modle": {}}, "path": "/abs"},
            [
                "assistant.property modle should not exist",
                "path must match /^[a-zA-Z0-9][a-zA-Z0-9._-]*"
                "(?:\\/[a-zA-Z0-9][a-zA-Z0-9._-]*){0,2}$/ regular expression",
            ],
        ),
        (
            "/eval/simulation/scenario",
            {"name": "s", "instructions": "i", "evaluations": []},
            ["evaluations must contain at least 1 elements"],
        ),
        (
            "/eval/simulation/scenario",
            {
                "name": "s",
                "instructions": "i",
                "evaluations": [
                    {
                        "structuredOutput": {"name": "n" * 41, "schema": {"type": "object"}},
                        "comparator": ">",
                        "value": "yes",
                    }
                ],
            },
            [
                "evaluations.0.structuredOutput.Name must be between 1 and 40 characters",
                "evaluations.0.structuredOutput.schema.type must be one of the following values: "
                "string, number, integer, boolean",
                "evaluations.0.comparator must be = or != for a str value",
            ],
        ),
        (
            "/eval/simulation",
            {"scenarioId": "nope"},
            ["personalityId should not be empty", "scenarioId must be a UUID"],
        ),
        (
            "/eval/simulation/suite",
            {"name": "s", "simulationIds": [], "targetAssignments": [{"targetType": "agent"}]},
            [
                "targetAssignments.0.targetId should not be empty",
                "targetAssignments.0.targetType must be one of the following values: "
                "assistant, squad",
            ],
        ),
        (
            "/observability/scorecard",
            {
                "metrics": [
                    {
                        "structuredOutputId": "so",
                        "conditions": [
                            {"type": "comparator", "comparator": "=", "value": 1, "points": 101}
                        ],
                    }
                ]
            },
            ["metrics.0.conditions.0.points must not be greater than 100"],
        ),
        ("/v2/knowledge-base", {"description": "d"}, ["name should not be empty"]),
        (
            "/v2/knowledge-base",
            {"name": "", "toolId": "x"},
            [
                "property toolId should not exist",
                "name must be longer than or equal to 1 characters",
            ],
        ),
    ],
)
def test_writes_are_validated_like_the_api(
    api: httpx.Client, path: str, body: dict[str, Any], expected: list[str]
) -> None:
    assert _messages(api.post(path, json=body)) == expected


def test_structured_output_patch_requires_schema_override(api: httpx.Client) -> None:
    so = _so(api)
    item = f"/structured-output/{so['id']}"
    assert _messages(api.patch(item, json={"name": "x"})) == ["schemaOverride should not be empty"]
    to_string = {"schema": {"type": "string"}}
    assert _messages(api.patch(item, params={"schemaOverride": "false"}, json=to_string)) == [
        "schema type cannot be changed from number to string unless schemaOverride is true"
    ]
    renamed = api.patch(item, params={"schemaOverride": "false"}, json={"name": "x"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "x"
    changed = api.patch(item, params={"schemaOverride": "true"}, json=to_string)
    assert changed.status_code == 200 and changed.json()["schema"] == {"type": "string"}
    assert changed.json()["workflowIds"] == []  # server-managed


def test_built_in_personalities_are_listed_and_read_only(api: httpx.Client) -> None:
    listed = api.get("/eval/simulation/personality").json()
    assert len(listed) == 7 and all(p["orgId"] is None for p in listed)
    assert {p["id"] for p in listed} == {f"{BUILT_IN}{n}" for n in range(1, 8)}
    assert "Skeptical Sam" in {p["name"] for p in listed}
    default = f"/eval/simulation/personality/{BUILT_IN}1"
    assert api.get(default).status_code == 200
    deleted = api.delete(default)
    assert deleted.status_code == 404
    assert deleted.json()["message"].endswith("is a Vapi default (cannot be deleted)")
    assert api.patch(default, json={"name": "Mine"}).status_code == 404
    own = api.post(
        "/eval/simulation/personality", json={"name": "Mine", "assistant": {"name": "tester"}}
    )
    assert own.status_code == 201
    assert api.get("/eval/simulation/personality").json()[0]["id"] == own.json()["id"]
    assert api.delete(f"/eval/simulation/personality/{own.json()['id']}").status_code == 200


def test_simulations_need_existing_references_and_suites_list_targets(api: httpx.Client) -> None:
    scenario = _scenario(api, _so(api)["id"])
    missing = {"scenarioId": f"{BUILT_IN}9", "personalityId": f"{BUILT_IN}1"}
    assert _messages(api.post("/eval/simulation", json=missing)) == [
        f"scenarioId {BUILT_IN}9 not found"
    ]
    in_suite, standalone = _simulation(api, scenario["id"], "a"), _simulation(api, scenario["id"])
    suite = api.post(
        "/eval/simulation/suite", json={"name": "nightly", "simulationIds": [in_suite["id"]]}
    )
    assert suite.status_code == 201 and suite.json()["targetAssignments"] == []
    only = api.get("/eval/simulation", params={"standaloneOnly": "true"}).json()
    assert [s["id"] for s in only] == [standalone["id"]]
    assert len(api.get("/eval/simulation", params={"standaloneOnly": "false"}).json()) == 2
    patched = api.patch(f"/eval/simulation/{standalone['id']}", json={"scenarioId": f"{BUILT_IN}8"})
    assert _messages(patched) == [f"scenarioId {BUILT_IN}8 not found"]


@pytest.mark.parametrize(
    ("path", "name"),
    [("/squad", None), ("/eval/simulation/scenario", "refund"), ("/eval/simulation", None)],
)
def test_id_any_keeps_every_value_and_filters_before_limit(
    api: httpx.Client, path: str, name: str | None
) -> None:
    so_id = _so(api)["id"]
    made: list[str] = []
    for index in range(4):
        if path == "/squad":
            body: dict[str, Any] = {"name": f"s{index}", "members": []}
            made.append(api.post(path, json=body).json()["id"])
        elif path == "/eval/simulation":
            made.append(_simulation(api, _scenario(api, so_id, f"sc{index}")["id"])["id"])
        else:
            made.append(_scenario(api, so_id, f"sc{index}")["id"])
    oldest, second = made[0], made[1]
    # Both official SDKs repeat the parameter; the oldest two sit past `limit=2`.
    repeated = api.get(path, params=[("idAny", oldest), ("idAny", second), ("limit", "2")])
    assert repeated.status_code == 200, repeated.text
    assert [d["id"] for d in repeated.json()] == [second, oldest]
    joined = api.get(path, params={"idAny": f"{oldest},{second}", "limit": 1}).json()
    assert [d["id"] for d in joined] == [second]


def test_file_upload_is_multipart_and_only_name_is_patchable(api: httpx.Client) -> None:
    uploaded = _upload(api)
    assert uploaded.status_code == 201, uploaded.text
    file = uploaded.json()
    assert file["originalName"] == "faq.txt" and file["bytes"] == 18
    assert file["purpose"] == "knowledge-base-v2" and file["status"] == "done"
    assert "name" not in file and file["object"] == "file"
    assert _messages(api.post("/file", json={"file": "faq.txt"})) == [
        "file must be a file upload (multipart/form-data)"
    ]
    listed = api.get("/file", params={"purpose": "knowledge-base-v2"}).json()
    assert [f["id"] for f in listed] == [file["id"]]
    assert api.get("/file", params={"purpose": "assistant"}).json() == []
    attachment = api.post(
        "/file",
        files={"file": ("a.png", b"png", "image/png")},
        data={"purpose": "composer-attachment"},
    ).json()
    # Without `purpose`, every file but composer attachments [SDK files.list].
    assert [f["id"] for f in api.get("/file").json()] == [file["id"]]
    by_purpose = api.get("/file", params={"purpose": "composer-attachment"}).json()
    assert [f["id"] for f in by_purpose] == [attachment["id"]]
    item = f"/file/{file['id']}"
    assert _messages(api.patch(item, json={"purpose": "assistant"})) == [
        "property purpose should not exist"
    ]
    assert api.patch(item, json={"name": "FAQ"}).json()["name"] == "FAQ"


def test_knowledge_base_provisions_its_search_tool_and_attaches_files(api: httpx.Client) -> None:
    file_id = _upload(api).json()["id"]
    created = api.post("/v2/knowledge-base", json={"name": "FAQ", "description": None})
    assert created.status_code == 201, created.text
    base = created.json()
    assert "toolId" not in base and "files" not in base
    item = f"/v2/knowledge-base/{base['id']}"
    attached = api.post(f"{item}/file", json={"fileId": file_id})
    assert attached.status_code == 201 and attached.json()["status"] == "indexing"
    assert _messages(api.post(f"{item}/file", json={"fileId": file_id})) == [
        "File is already attached to this knowledge base"
    ]
    fetched = api.get(item).json()
    assert [(f["fileId"], f["status"]) for f in fetched["files"]] == [(file_id, "ready")]
    tools = api.get("/tool").json()
    assert [t["id"] for t in tools] == [fetched["toolId"]]
    assert tools[0]["type"] == "knowledgeBase" and tools[0]["knowledgeBaseId"] == base["id"]
    assert api.get("/v2/knowledge-base").json()[0].keys() == base.keys()
    # The tool is PATCHable but cannot be POSTed.
    tool_item = f"/tool/{fetched['toolId']}"
    patched = api.patch(tool_item, json={"function": {**tools[0]["function"], "description": "x"}})
    assert patched.status_code == 200, patched.text
    assert api.post("/tool", json={"type": "knowledgeBase"}).status_code == 400
    assert api.delete(f"{item}/file/{file_id}").json()["fileId"] == file_id
    assert api.get(f"{item}/file").json() == []
    assert api.delete(item).status_code == 200
    assert api.get(tool_item).status_code == 404


def test_scorecard_ids_are_not_uuid_checked(api: httpx.Client) -> None:
    assert api.get("/observability/scorecard/not-a-uuid").status_code == 404
    assert api.get("/eval/not-a-uuid").status_code == 400


def test_runtime_endpoints_are_not_taken_for_ids(api: httpx.Client) -> None:
    response = api.get("/eval/run")
    assert response.status_code == 404 and response.json()["message"] == "Cannot GET /eval/run"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"provider": "not-a-provider"}, "provider must be one of the following values: 11labs,"),
        ({"provider": "anthropic"}, "apiKey should not be empty"),
        ({"provider": "s3", "awsAccessKeyId": "a"}, "awsSecretAccessKey should not be empty"),
        ({"provider": "openai", "apiKey": "k", "apiUrl": "u"}, "property apiUrl should not exist"),
    ],
)
def test_credentials_follow_the_whole_provider_union(
    api: httpx.Client, body: dict[str, Any], expected: str
) -> None:
    assert _messages(api.post("/credential", json=body))[0].startswith(expected)


def test_provider_credential_secrets_are_never_returned(api: httpx.Client) -> None:
    created = api.post("/credential", json={"provider": "anthropic", "apiKey": "sk-secret"})
    assert created.status_code == 201
    assert "sk-secret" not in created.text
    assert "sk-secret" not in api.get("/credential").text


def test_a_text_plain_body_is_not_parsed(api: httpx.Client) -> None:
    # NestJS's Express parsers read JSON bodies only: a text/plain body reaches the DTO
    # as {} (a tool then lacks `type`; an assistant, which requires nothing, is empty).
    raw = b'{"type": "endCall"}'
    refused = api.post("/tool", content=raw, headers={"Content-Type": "text/plain"})
    assert _messages(refused) == ["type should not be empty"]
    created = api.post(
        "/assistant", content=b'{"name": "a"}', headers={"Content-Type": "text/plain"}
    )
    assert created.status_code == 201 and "name" not in created.json()
