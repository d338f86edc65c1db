"""The JSON Schema: shipped file == code, a valid 2020-12 schema, consistent with the model."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from vapictl.manifest import fields
from vapictl.manifest.schema import manifest_schema, schema_text
from vapictl.manifest.types import Settings
from vapictl.manifest.yaml_loader import parse_yaml
from vapictl.model import PHONE_PROVIDERS, TOP_LEVEL_SECTIONS, Kind

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "schemas" / "vapictl.schema.json"
EXAMPLE_FILES = sorted(
    path for name in ("basic", "multi-env") for path in (ROOT / "examples" / name).rglob("*.yaml")
)


def test_shipped_schema_is_the_one_the_code_builds() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == schema_text(), (
        "schemas/vapictl.schema.json is stale: run `vapictl schema > schemas/vapictl.schema.json`"
    )


def test_schema_is_valid_draft_2020_12() -> None:
    schema = manifest_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_schema_agrees_with_the_model() -> None:
    schema = manifest_schema()
    defs = schema["$defs"]
    assert set(schema["properties"]) == set(TOP_LEVEL_SECTIONS)
    assert defs["phoneNumber"]["properties"]["provider"]["enum"] == list(PHONE_PROVIDERS)
    assert set(fields.PHONE_REQUIRED) == set(PHONE_PROVIDERS)
    assert defs["tool"]["properties"]["type"]["enum"] == list(fields.TOOL_TYPES)
    for definition, known in [
        ("org", fields.KIND_FIELDS[Kind.ORG]),
        ("tool", fields.KIND_FIELDS[Kind.TOOL]),
        ("assistant", fields.KIND_FIELDS[Kind.ASSISTANT]),
        ("squad", fields.KIND_FIELDS[Kind.SQUAD]),
        ("phoneNumber", fields.KIND_FIELDS[Kind.PHONE_NUMBER]),
        ("server", fields.SERVER_FIELDS),
    ]:
        assert set(defs[definition]["properties"]) == set(known), definition
    # settings keys are exactly the Settings dataclass (camelCase in YAML)
    settings_keys = {
        "prune",
        "ignore",
        "maxDeletes",
        "publicVariables",
        "allowEmpty",
        "allowUnknownFields",
    }
    assert set(defs) >= {"server", "fallbackDestination"}
    assert set(schema["properties"]["settings"]["properties"]) == settings_keys
    assert {f.name for f in dataclasses.fields(Settings)} == {
        "prune",
        "ignore",
        "max_deletes",
        "public_variables",
        "allow_empty",
        "allow_unknown_fields",
    }


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_file_references_the_schema_and_satisfies_it(path: Path) -> None:
    """What an editor with yaml-language-server sees for each file on its own."""
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first_line.startswith(prefix)
    assert (path.parent / first_line[len(prefix) :]).resolve() == SHIPPED
    # vapictl's own loader: editors accept `!file` through the customTags setting (README).
    document, diagnostics = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    assert diagnostics == []
    errors = list(Draft202012Validator(json.loads(SHIPPED.read_text())).iter_errors(document))
    assert errors == []
