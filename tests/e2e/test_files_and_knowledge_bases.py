"""Files and knowledge bases end to end: the real CLI against the emulator over HTTP.

A knowledge base over two uploaded files, a query tool over one of them, and an
assistant using the base's provisioned search tool, all created in one apply;
new content uploads first, re-points every referrer and deletes the old file
last; attachments follow the manifest; drift, export round trip, prune and
--target treat both kinds like any other.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.cli import vapictl

pytestmark = pytest.mark.slow

MANIFEST = """
    files:
      hours:
        path: files/hours.md
        purpose: knowledge-base-v2
      returns:
        path: files/returns.txt
    knowledgeBases:
      faq:
        description: Store FAQ
        files: [hours, returns]
    tools:
      search-returns:
        type: query
        knowledgeBases:
          - {name: returns, provider: google, description: Returns policy, files: [returns]}
    assistants:
      support:
        model:
          provider: openai
          model: gpt-4o
          tools: [search-returns, {knowledgeBase: faq}]
    """


def _write(directory: Path, manifest: str = MANIFEST, hours: str = "Open 9 to 5.\n") -> None:
    (directory / "files").mkdir(parents=True, exist_ok=True)
    (directory / "files/hours.md").write_text(hours, encoding="utf-8")
    (directory / "files/returns.txt").write_text("30 days, with receipt.\n", encoding="utf-8")
    (directory / "main.yaml").write_text(textwrap.dedent(manifest), encoding="utf-8")


def _run(emulator: Any, *args: str) -> str:
    result = vapictl(list(args), emulator=emulator)
    assert result.exit_code == 0, result.output
    return result.output


def _plan(emulator: Any, directory: Path, *extra: str) -> dict[str, Any]:
    output = _run(emulator, "plan", "-f", str(directory), "--output", "json", *extra)
    plan: dict[str, Any] = json.loads(output[output.index("{") :])
    return plan


def _steps(plan: dict[str, Any]) -> list[tuple[str, str]]:
    return [(a["action"], f"{a['kind']}/{a['name']}") for a in plan["actions"]]


def _no_changes(emulator: Any, directory: Path) -> None:
    result = vapictl(["plan", "-f", str(directory), "--detailed-exitcode"], emulator=emulator)
    assert result.exit_code == 0 and "No changes" in result.output, result.output


def _live(api: httpx.Client) -> tuple[list[dict[str, Any]], dict[str, Any], list[dict[str, Any]]]:
    """(files, the one knowledge base as GET {id} shows it, tools)."""
    files = api.get("/file").json()
    (base,) = api.get("/v2/knowledge-base").json()
    return files, api.get(f"/v2/knowledge-base/{base['id']}").json(), api.get("/tool").json()


def test_one_apply_creates_the_base_its_files_and_the_tool_users(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    _write(tmp_path)
    created = _plan(emulator, tmp_path)
    assert _steps(created) == [
        ("create", "file/hours"),
        ("create", "file/returns"),
        ("create", "knowledgeBase/faq"),
        ("create", "tool/search-returns"),
        ("create", "assistant/support"),
    ]
    shown = _run(emulator, "plan", "-f", str(tmp_path))
    assert "files/hours.md (13 bytes, sha256 " in shown  # path, size, hash prefix
    assert "Open 9 to 5" not in shown  # never the content

    _run(emulator, "apply", "-f", str(tmp_path), "--auto-approve")
    files, base, tools = _live(api)
    by_name = {f["name"]: f for f in files}
    assert set(by_name) == {"hours", "returns"}  # named by PATCH after the upload
    assert by_name["hours"]["originalName"] == "hours.md"
    assert {a["fileId"] for a in base["files"]} == {
        by_name["hours"]["id"],
        by_name["returns"]["id"],
    }
    (assistant,) = api.get("/assistant").json()
    query = next(t for t in tools if t["type"] == "query")
    # The base's search tool, created with it in this apply, reached the assistant.
    assert assistant["model"]["toolIds"] == [query["id"], base["toolId"]]
    assert query["knowledgeBases"][0]["fileIds"] == [by_name["returns"]["id"]]
    _no_changes(emulator, tmp_path)


def test_new_content_uploads_first_repoints_and_deletes_the_old_file_last(
    emulator: Any, api: httpx.Client, tmp_path: Path
) -> None:
    _write(tmp_path)
    _run(emulator, "apply", "-f", str(tmp_path), "--auto-approve")
    old = {f["name"]: f["id"] for f in api.get("/file").json()}

    (tmp_path / "files/returns.txt").write_text("60 days now.\n", encoding="utf-8")
    plan = _plan(emulator, tmp_path)
    assert _steps(plan) == [
        ("replace", "file/returns"),
        ("update", "knowledgeBase/faq"),
        ("update", "tool/search-returns"),
    ]
    assert plan["actions"][0]["reason"].startswith("content changed (sha256 ")
    output = _run(emulator, "apply", "-f", str(tmp_path), "--auto-approve")
    # Four steps: the upload, both referrers, then the old file's delete, in that order.
    lines = [line for line in output.splitlines() if "applied:" in line]
    assert [line.split("applied: ")[1].split(" (")[0] for line in lines] == [
        "replace file/returns",
        "update knowledgeBase/faq",
        "update tool/search-returns",
        "delete file/returns",
    ]
    files, base, tools = _live(api)
    new = {f["name"]: f["id"] for f in files}
    assert set(new) == {"hours", "returns"} and new["returns"] != old["returns"]
    assert new["hours"] == old["hours"]
    assert {a["fileId"] for a in base["files"]} == {new["hours"], new["returns"]}
    query = next(t for t in tools if t["type"] == "query")
    assert query["knowledgeBases"][0]["fileIds"] == [new["returns"]]
    _no_changes(emulator, tmp_path)

    # A name-only change is a PATCH of the same file.
    _write(tmp_path, MANIFEST.replace("        purpose: knowledge-base-v2", "        name: Hours"))
    (tmp_path / "files/returns.txt").write_text("60 days now.\n", encoding="utf-8")
    renamed = _plan(emulator, tmp_path)
    assert _steps(renamed) == [("update", "file/hours")]
    assert renamed["actions"][0]["changes"][0]["after"] == "Hours"


def test_attachments_follow_the_manifest(emulator: Any, api: httpx.Client, tmp_path: Path) -> None:
    _write(tmp_path)
    _run(emulator, "apply", "-f", str(tmp_path), "--auto-approve")
    _write(tmp_path, MANIFEST.replace("files: [hours, returns]", "files: [returns]"))
    detach = _plan(emulator, tmp_path)
    assert _steps(detach) == [("update", "knowledgeBase/faq")]
    (change,) = detach["actions"][0]["changes"]
    assert (change["path"], change["before"], change["after"]) == (
        "files",
        ["hours", "returns"],
        ["returns"],
    )
    _run(emulator, "apply", "-f", str(tmp_path), "--auto-approve")
    files, base, _ = _live(api)
    returns = next(f["id"] for f in files if f["name"] == "returns")
    assert [a["fileId"] for a in base["files"]] == [returns]
    _no_changes(emulator, tmp_path)

    _write(tmp_path)  # attach it again
    _run(emulator, "apply", "-f", str(tmp_path), "--auto-approve")
    assert len(_live(api)[1]["files"]) == 2
    _no_changes(emulator, tmp_path)


def test_drift_export_prune_and_target(emulator: Any, api: httpx.Client, tmp_path: Path) -> None:
    _write(tmp_path)
    _run(emulator, "apply", "-f", str(tmp_path), "--auto-approve")

    # Prune: the base's provisioned search tool is the base's, never an orphan tool.
    assert _plan(emulator, tmp_path, "--prune")["actions"] == []

    # Export: content downloaded from the file's url; the export plans clean.
    exported = tmp_path / "exported"
    _run(emulator, "export", "-d", str(exported))
    assert (exported / "files/hours.md").read_text(encoding="utf-8") == "Open 9 to 5.\n"
    assistants = (exported / "assistants.yaml").read_text(encoding="utf-8")
    assert "knowledgeBase: faq" in assistants
    assert "- hours" in (exported / "knowledge-bases.yaml").read_text(encoding="utf-8")
    _no_changes(emulator, exported)

    # Drift: a dashboard edit of each kind is named.
    files, base, _ = _live(api)
    hours = next(f for f in files if f["name"] == "hours")
    assert api.patch(f"/file/{hours['id']}", json={"name": "hours-edited"}).status_code == 200
    edited = api.patch(f"/v2/knowledge-base/{base['id']}", json={"description": "edited"})
    assert edited.status_code == 200
    result = vapictl(["drift", "-f", str(tmp_path), "--output", "json"], emulator=emulator)
    assert result.exit_code == 2, result.output
    drift = json.loads(result.stdout[result.stdout.index("{") :])
    named = {(r["kind"], r["name"]): [f["path"] for f in r["fields"]] for r in drift["resources"]}
    assert named[("knowledgeBase", "faq")] == ["description"]
    # Renamed on the dashboard: still found by its recorded content hash.
    assert named[("file", "hours")] == ["name"]

    # --target file/KEY plans that file only (and what it needs: nothing).
    targeted = _plan(emulator, tmp_path, "--target", "file/hours")
    assert _steps(targeted) == [("update", "file/hours")]


def test_bad_file_entries_are_located_errors(emulator: Any, tmp_path: Path) -> None:
    (tmp_path / "files").mkdir()
    (tmp_path / "files/tool.exe").write_bytes(b"MZ")
    (tmp_path / "files/big.txt").write_text("x" * (301 * 1024), encoding="utf-8")
    (tmp_path / "main.yaml").write_text(
        textwrap.dedent(
            """
            files:
              missing: {path: files/nope.md}
              escaping: {path: ../outside.txt}
              binary: {path: files/tool.exe}
              big: {path: files/big.txt}
              odd: {path: files/big.txt, purpose: composer-attachment, size: 3}
            """
        ),
        encoding="utf-8",
    )
    result = vapictl(["validate", "-f", str(tmp_path)], emulator=emulator)
    assert result.exit_code == 1
    out = result.output
    assert "main.yaml:3:" in out and "files.missing.path: no such file" in out
    assert "files.escaping.path: the path leaves the manifests' directory tree" in out
    assert "files.binary.path: unsupported file type '.exe'" in out
    assert "warning: files.big.path: files/big.txt is 301 KB" in out
    assert "files.odd.purpose" in out and "files.odd" in out and "size" in out
