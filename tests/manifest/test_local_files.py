"""`files:` entries read their local content when the manifests load."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from vapictl.errors import ManifestError
from vapictl.manifest.load import load_manifests
from vapictl.model import Kind


def _write(root: Path, content: bytes, entry: str = "{path: docs/faq.md}") -> None:
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs/faq.md").write_bytes(content)
    (root / "main.yaml").write_text(f"files:\n  faq: {entry}\n", encoding="utf-8")


def test_the_content_hash_and_size_are_recorded_and_part_of_the_digest(tmp_path: Path) -> None:
    _write(tmp_path, b"one\r\n")
    first = load_manifests([tmp_path])
    upload = first.resources[Kind.FILE]["faq"].upload
    assert upload is not None
    assert (upload.sha256, upload.size) == (hashlib.sha256(b"one\r\n").hexdigest(), 5)
    assert upload.filename == "faq.md"
    _write(tmp_path, b"two\r\n")
    assert load_manifests([tmp_path]).digest != first.digest  # a saved plan goes stale


def test_a_symlink_out_of_the_tree_is_refused_at_the_entry(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("key", encoding="utf-8")
    root = tmp_path / "manifests"
    root.mkdir()
    _write(root, b"x")
    (root / "docs/faq.md").unlink()
    (root / "docs/faq.md").symlink_to(outside)
    with pytest.raises(ManifestError) as caught:
        load_manifests([root])
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.path == "files.faq.path"
    assert "leaves the manifests' directory tree" in diagnostic.message
    assert diagnostic.location is not None and diagnostic.location.line == 2


def test_only_the_three_entry_fields_are_allowed(tmp_path: Path) -> None:
    _write(tmp_path, b"x", "{path: docs/faq.md, purpose: composer-attachment, mimetype: x}")
    with pytest.raises(ManifestError) as caught:
        load_manifests([tmp_path])
    paths = {d.path for d in caught.value.diagnostics}
    assert "files.faq.purpose" in paths
    assert any(p.startswith("files.faq") and p != "files.faq.purpose" for p in paths)
