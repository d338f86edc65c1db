"""Plans of files (content identity, create-first replace) and knowledge bases
(attachments as a set, the provisioned search tool as a reference output)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import httpx

from tests.api._fakes import make_client
from tests.engine.builders import live_item, live_state, manifest, resource
from vapictl.drift.report import build_drift_report
from vapictl.engine.apply import Outcome, apply_plan, step_count
from vapictl.engine.attachments import sync_attachments
from vapictl.engine.desired import desired_resources
from vapictl.engine.plan import build_plan
from vapictl.engine.plan_model import ActionType
from vapictl.engine.refs import Ref, from_json, to_json
from vapictl.errors import ApiError
from vapictl.manifest.types import LocalFile, Resource
from vapictl.model import Kind

SHA_A = hashlib.sha256(b"a").hexdigest()
SHA_B = hashlib.sha256(b"bb").hexdigest()


def _file(key: str = "faq", sha: str = SHA_A, size: int = 1, **body: Any) -> Resource:
    r = resource(Kind.FILE, key, {"name": key, "path": f"files/{key}.md", **body})
    local = LocalFile(f"files/{key}.md", f"/m/files/{key}.md", sha, size)
    return Resource(r.kind, r.key, r.body, r.location, upload=local)


def _live_file(
    id_: str, name: str = "faq", sha: str | None = SHA_A, size: int = 1
) -> dict[str, Any]:
    metadata = {"vapictl": {"name": name, "sha256": sha}} if sha else None
    return live_item(
        Kind.FILE, id_, name=name, originalName=f"{name}.md", bytes=size, metadata=metadata
    )


def _base(*files: str) -> Resource:
    return resource(Kind.KNOWLEDGE_BASE, "kb", {"name": "kb", "files": list(files)})


def _live_base(*file_ids: str, tool_id: str = "t-kb") -> dict[str, Any]:
    attached = [{"fileId": i, "fileName": f"name-{i}"} for i in file_ids]
    return live_item(Kind.KNOWLEDGE_BASE, "kb1", name="kb", files=attached, toolId=tool_id)


def test_a_new_file_shows_path_size_and_hash_prefix_never_content() -> None:
    plan = build_plan(manifest(_file()), live_state())
    (action,) = plan.actions
    assert action.action is ActionType.CREATE
    shown = {c.path: c.after for c in action.changes}
    assert shown["file"] == f"files/faq.md (1 bytes, sha256 {SHA_A[:12]})"
    assert action.body["file"]["sha256"] == SHA_A  # the saved plan records the whole hash


def test_same_recorded_hash_is_no_change_and_a_new_one_replaces_creating_first() -> None:
    live = live_state(files=[_live_file("f1")])
    assert build_plan(manifest(_file()), live).actions == ()
    plan = build_plan(manifest(_file(sha=SHA_B, size=2)), live)
    (action,) = plan.actions
    assert action.action is ActionType.REPLACE and action.id == "f1"
    assert action.reason == f"content changed (sha256 {SHA_A[:12]} -> {SHA_B[:12]})"
    assert step_count(plan) == 2  # the upload, then the old file's delete


def test_a_file_made_elsewhere_is_compared_by_size() -> None:
    live = live_state(files=[_live_file("f1", sha=None, size=1)])
    assert build_plan(manifest(_file(sha=SHA_B, size=1)), live).actions == ()
    (action,) = build_plan(manifest(_file(sha=SHA_B, size=2)), live).actions
    assert action.reason == "content changed (1 -> 2 bytes)"


def test_a_rename_is_a_patch_and_a_renamed_upload_is_found_by_its_hash() -> None:
    live = live_state(files=[_live_file("f1", name="old-name")])
    (action,) = build_plan(manifest(_file()), live).actions
    assert action.action is ActionType.UPDATE and action.body == {"name": "faq"}


def test_an_interrupted_replace_is_finished_by_the_next_plan() -> None:
    """Both uploads are live under one name: the hash picks the twin, the older content
    is deleted (a re-run converges), and a file made elsewhere is left alone."""
    elsewhere = _live_file("other", sha=None)
    live = live_state(files=[_live_file("old", sha=SHA_A), _live_file("new", sha=SHA_B), elsewhere])
    plan = build_plan(manifest(_file(sha=SHA_B, size=2)), live)
    assert plan.known_ids["file/faq"] == "new"
    (action,) = plan.actions
    assert (action.action, action.id) == (ActionType.DELETE, "old")
    assert action.reason == "older content left by an interrupted replace"


def test_attachments_are_a_set_shown_by_key_and_the_tool_id_is_an_output() -> None:
    live = live_state(files=[_live_file("f1")], knowledgeBases=[_live_base("f1")])
    plan = build_plan(manifest(_file(), _base("faq")), live)
    assert plan.actions == ()
    assert plan.known_ids["knowledgeBase/kb#toolId"] == "t-kb"

    two = manifest(_file(), _file("more", sha=SHA_B), _base("faq", "more"))
    actions = {a.address: a for a in build_plan(two, live).actions}
    change = actions["knowledgeBase/kb"].changes[-1]
    assert (change.path, change.before, change.after) == ("files", ["faq"], ["faq", "more (new)"])
    assert actions["knowledgeBase/kb"].body["fileIds"] == [
        Ref(Kind.FILE, "faq"),
        Ref(Kind.FILE, "more"),
    ]


def test_a_knowledge_base_tool_is_a_model_tools_item_resolved_to_its_tool_id() -> None:
    assistant = resource(
        Kind.ASSISTANT,
        "support",
        {"name": "support", "model": {"tools": ["lookup", {"knowledgeBase": "kb"}]}},
    )
    tool = resource(Kind.TOOL, "lookup", {"type": "endCall"})
    desired = {d.address: d for d in desired_resources(manifest(assistant, tool, _base()))}
    tool_ids = desired["assistant/support"].payload["model"]["toolIds"]
    assert tool_ids == [Ref(Kind.TOOL, "lookup"), Ref(Kind.KNOWLEDGE_BASE, "kb", "toolId")]
    assert "tools" not in desired["assistant/support"].payload["model"]
    # Saved plans: an output survives the round trip; an old `{"$ref"}` is still an id.
    assert from_json(to_json(tool_ids)) == tool_ids
    assert from_json({"$ref": "tool/lookup"}) == Ref(Kind.TOOL, "lookup")


def test_sync_attaches_what_is_missing_and_detaches_what_is_extra() -> None:
    seen: list[tuple[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.method, request.url.path))
        if request.method == "GET":
            return httpx.Response(200, json=_live_base("keep", "extra"))
        if request.method == "DELETE":
            return httpx.Response(404, json={"message": "File is not attached"})
        return httpx.Response(201, json={"id": "a1"})

    client = make_client(handler)
    sync_attachments(client, Kind.KNOWLEDGE_BASE, "kb1", ["keep", "new"], address="kb")
    assert seen == [
        ("GET", "/v2/knowledge-base/kb1"),
        ("POST", "/v2/knowledge-base/kb1/file"),
        ("DELETE", "/v2/knowledge-base/kb1/file/extra"),  # already gone (404): the goal holds
    ]


class _Uploads:
    """An upload that the server carries out, then answers 502 (ambiguous) once."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self.uploads = 0
        self.patches: list[dict[str, Any]] = []

    def upload(self, path: str, fields: Any, content: Any, *, resource: str = "") -> Any:
        self.uploads += 1
        metadata = json.loads(fields["metadata"])
        self.items.append(
            {"id": f"f{self.uploads}", "originalName": content[0], "metadata": metadata}
        )
        if self.uploads == 1:
            raise ApiError("boom", status=502, ambiguous=True)
        return self.items[-1]

    def list_all(self, path: str, **_: Any) -> list[dict[str, Any]]:
        return list(self.items)

    def update(self, path: str, id: str, body: dict[str, Any], **_: Any) -> dict[str, Any]:
        self.patches.append({"id": id, **body})
        return {"id": id, **body}


def test_an_ambiguous_upload_is_found_by_its_recorded_name_and_hash(tmp_path: Path) -> None:
    content = b"a"
    (tmp_path / "faq.md").write_bytes(content)
    r = resource(Kind.FILE, "faq", {"name": "faq", "path": "faq.md"})
    local = LocalFile("faq.md", str(tmp_path / "faq.md"), SHA_A, 1)
    m = manifest(Resource(r.kind, r.key, r.body, r.location, upload=local))
    client = _Uploads()
    report = apply_plan(build_plan(m, live_state()), client, m)  # type: ignore[arg-type]
    assert [(r.outcome, r.id) for r in report.results] == [(Outcome.APPLIED, "f1")]
    assert client.uploads == 1  # not re-sent: the re-read found it
    assert client.patches == [{"id": "f1", "name": "faq"}]  # then named


def test_apply_refuses_content_changed_since_the_plan(tmp_path: Path) -> None:
    (tmp_path / "faq.md").write_bytes(b"changed")
    r = resource(Kind.FILE, "faq", {"name": "faq", "path": "faq.md"})
    local = LocalFile("faq.md", str(tmp_path / "faq.md"), SHA_A, 1)
    m = manifest(Resource(r.kind, r.key, r.body, r.location, upload=local))
    report = apply_plan(build_plan(m, live_state()), _Uploads(), m)  # type: ignore[arg-type]
    (result,) = report.results
    assert result.outcome is Outcome.FAILED
    assert "not the content the plan was made with" in result.error


def test_drift_names_the_file_a_replace_swaps_out_not_a_missing_id() -> None:
    query = resource(
        Kind.TOOL,
        "search",
        {"type": "query", "knowledgeBases": [{"name": "k", "files": ["faq"]}]},
    )
    live_query = live_item(
        Kind.TOOL, "t1", type="query", knowledgeBases=[{"name": "k", "fileIds": ["f1"]}]
    )
    live = live_state(files=[_live_file("f1")], tools=[live_query])
    plan = build_plan(manifest(_file(sha=SHA_B, size=2), query), live)
    report = build_drift_report(plan)
    fields = {(r.kind, f.path): f for r in report.resources for f in r.fields}
    moved = fields[(Kind.TOOL, "knowledgeBases[0].fileIds")]
    assert moved.live == ["file/faq (the one replaced)"] and moved.declared == ["file/faq"]
