"""Property-based fuzzing of the manifest loader and `vapictl validate`.

Whatever the input (random structures, mutated real manifests, raw text, wrong
types, huge values, unicode), the loader returns a Manifest or raises a
ManifestError whose every error is located in the file, and the CLI exits 0, or 1
with that location, never with a traceback or the "this is a bug" message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from vapictl.cli import app
from vapictl.errors import ManifestError
from vapictl.manifest.load import load_manifests
from vapictl.manifest.types import Manifest

REPO = Path(__file__).resolve().parents[2]
SEED_FILES = sorted(
    [
        *(REPO / "tests/manifest/fixtures/good").glob("*.yaml"),
        *(REPO / "tests/manifest/fixtures/bad").glob("*.yaml"),
        *(REPO / "examples/basic").glob("*.yaml"),
        *(REPO / "tests/e2e/fixtures/org").glob("*.yaml"),
    ]
)
ENV = {
    "ORG_SECRET": "fuzz-org-secret-0001",
    "ORG_WEBHOOK_SECRET": "fuzz-org-secret-0002",
    "SUPPORT_SECRET": "fuzz-support-secret-0003",
    "TOOLS_SECRET": "fuzz-tools-secret-0004",
    "TWILIO_AUTH_TOKEN": "fuzz-twilio-token-0005",
    "SIP_TRUNK_CREDENTIAL_ID": "00000000-0000-4000-8000-000000000001",
}
BUG_MARKERS = ("Traceback", "This is a bug", "unexpected ")

FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,  # CI stability: the same examples every run
    database=None,  # nothing written to .hypothesis/
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

FIELD_NAMES = (
    "o",
    "r",
    "g",
    "t",
    "o",
    "o",
    "l",
    "s",
    "a",
    "s",
    "s",
    "i",
    "s",
    "t",
    "a",
    "n",
    "t",
    "s",
    "s",
    "q",
    "u",
    "a",
    "d",
    "s",
    "p",
    "h",
    "o",
    "n",
    "e",
    "N",
    "u",
    "m",
    "b",
    "e",
    "r",
    "s",
    "s",
    "e",
    "t",
    "t",
    "i",
    "n",
    "g",
    "s",
    "t",
    "y",
    "p",
    "e",
    "f",
    "u",
    "n",
    "c",
    "t",
    "i",
    "o",
    "n",
    "n",
    "a",
    "m",
    "e",
    "p",
    "a",
    "r",
    "a",
    "m",
    "e",
    "t",
    "e",
    "r",
    "s",
    "d",
    "e",
    "s",
    "c",
    "r",
    "i",
    "p",
    "t",
    "i",
    "o",
    "n",
    "s",
    "e",
    "r",
    "v",
    "e",
    "r",
    "u",
    "r",
    "l",
    "s",
    "e",
    "c",
    "r",
    "e",
    "t",
    "h",
    "e",
    "a",
    "d",
    "e",
    "r",
    "s",
    "t",
    "i",
    "m",
    "e",
    "o",
    "u",
    "t",
    "S",
    "e",
    "c",
    "o",
    "n",
    "d",
    "s",
    "c",
    "r",
    "e",
    "d",
    "e",
    "n",
    "t",
    "i",
    "a",
    "l",
    "I",
    "d",
    "s",
    "e",
    "r",
    "v",
    "e",
    "r",
    "U",
    "r",
    "l",
    "s",
    "e",
    "r",
    "v",
    "e",
    "r",
    "U",
    "r",
    "l",
    "S",
    "e",
    "c",
    "r",
    "e",
    "t",
    "m",
    "o",
    "d",
    "e",
    "l",
    "p",
    "r",
    "o",
    "v",
    "i",
    "d",
    "e",
    "r",
    "t",
    "o",
    "o",
    "l",
    "s",
    "t",
    "o",
    "o",
    "l",
    "I",
    "d",
    "s",
    "m",
    "e",
    "s",
    "s",
    "a",
    "g",
    "e",
    "s",
    "r",
    "o",
    "l",
    "e",
    "c",
    "o",
    "n",
    "t",
    "e",
    "n",
    "t",
    "v",
    "o",
    "i",
    "c",
    "e",
    "v",
    "o",
    "i",
    "c",
    "e",
    "I",
    "d",
    "f",
    "i",
    "r",
    "s",
    "t",
    "M",
    "e",
    "s",
    "s",
    "a",
    "g",
    "e",
    "m",
    "e",
    "t",
    "a",
    "d",
    "a",
    "t",
    "a",
    "m",
    "e",
    "m",
    "b",
    "e",
    "r",
    "s",
    "a",
    "s",
    "s",
    "i",
    "s",
    "t",
    "a",
    "n",
    "t",
    "a",
    "s",
    "s",
    "i",
    "s",
    "t",
    "a",
    "n",
    "t",
    "I",
    "d",
    "s",
    "q",
    "u",
    "a",
    "d",
    "s",
    "q",
    "u",
    "a",
    "d",
    "I",
    "d",
    "a",
    "s",
    "s",
    "i",
    "s",
    "t",
    "a",
    "n",
    "t",
    "D",
    "e",
    "s",
    "t",
    "i",
    "n",
    "a",
    "t",
    "i",
    "o",
    "n",
    "s",
    "n",
    "u",
    "m",
    "b",
    "e",
    "r",
    "s",
    "i",
    "p",
    "U",
    "r",
    "i",
    "t",
    "w",
    "i",
    "l",
    "i",
    "o",
    "A",
    "c",
    "c",
    "o",
    "u",
    "n",
    "t",
    "S",
    "i",
    "d",
    "t",
    "w",
    "i",
    "l",
    "i",
    "o",
    "A",
    "u",
    "t",
    "h",
    "T",
    "o",
    "k",
    "e",
    "n",
    "n",
    "u",
    "m",
    "b",
    "e",
    "r",
    "D",
    "e",
    "s",
    "i",
    "r",
    "e",
    "d",
    "A",
    "r",
    "e",
    "a",
    "C",
    "o",
    "d",
    "e",
    "f",
    "a",
    "l",
    "l",
    "b",
    "a",
    "c",
    "k",
    "D",
    "e",
    "s",
    "t",
    "i",
    "n",
    "a",
    "t",
    "i",
    "o",
    "n",
    "p",
    "r",
    "o",
    "t",
    "e",
    "c",
    "t",
    "i",
    "d",
    "p",
    "r",
    "u",
    "n",
    "e",
    "i",
    "g",
    "n",
    "o",
    "r",
    "e",
    "m",
    "a",
    "x",
    "D",
    "e",
    "l",
    "e",
    "t",
    "e",
    "s",
    "n",
    "u",
    "m",
    "b",
    "e",
    "r",
    "E",
    "1",
    "6",
    "4",
    "C",
    "h",
    "e",
    "c",
    "k",
    "E",
    "n",
    "a",
    "b",
    "l",
    "e",
    "d",
    "a",
    "s",
    "y",
    "n",
    "c",
)
SPECIAL_STRINGS = (
    "${ORG_SECRET}",
    "${SUPPORT_SECRET}",
    "${UNSET_VARIABLE}",
    "${UNSET:-fallback}",
    "${UNSET:?must be set}",
    "${",
    "$${literal}",
    "https://hooks.example.com/vapi",
    "http://",
    "not a url",
    "+14155550100",
    "14155550100",
    "sip:desk@sip.vapi.ai",
    "function",
    "endCall",
    "openai",
    "twilio",
    "vapi",
    "byo-phone-number",
    "00000000-0000-4000-8000-000000000001",
    "x" * 5000,
    "🤖 unicode ünïcödé 中文 \u200b",
    "",
    "null",
    "~",
)

keys = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(SPECIAL_STRINGS),
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
    max_leaves=25,
)
resource = st.dictionaries(st.sampled_from(FIELD_NAMES), values, max_size=6)
section = st.dictionaries(st.text(min_size=1, max_size=12), resource | values, max_size=3)
manifest_tree = st.dictionaries(
    st.sampled_from(("org", "tools", "assistants", "squads", "phoneNumbers", "settings")) | keys,
    section | resource | values,
    max_size=4,
)


def _dump(tree: Any) -> str:
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False)


def _check_loader(path: Path) -> None:
    """Manifest, or a ManifestError whose every error is located in `path`."""
    try:
        result = load_manifests([path], environ=ENV)
    except ManifestError as exc:
        errors = [d for d in exc.diagnostics if d.severity == "error"]
        assert errors, "a ManifestError must carry at least one error"
        for diagnostic in errors:
            assert diagnostic.location is not None, str(diagnostic)
            assert diagnostic.location.file == str(path), str(diagnostic)
        return
    assert isinstance(result, Manifest)


def _check_cli(path: Path, *extra: str) -> None:
    result = CliRunner().invoke(
        app, ["validate", "-f", str(path), *extra], env={**ENV, "NO_COLOR": "1"}
    )
    output = result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    for marker in BUG_MARKERS:
        assert marker not in output, output
    assert result.exit_code in (0, 1), output
    if result.exit_code == 1:
        assert path.name in output, output  # the error is located in the file


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "manifest.yaml"


@FUZZ
@given(tree=manifest_tree)
def test_random_structures_load_or_fail_with_located_errors(scratch: Path, tree: Any) -> None:
    scratch.write_text(_dump(tree), encoding="utf-8")
    _check_loader(scratch)


def _mutate_tree(tree: Any, path: list[int], replacement: Any) -> Any:
    """Replace the node reached by following `path` (indices into keys/items)."""
    if not path or not isinstance(tree, dict | list) or not tree:
        return replacement
    index = path[0] % len(tree)
    if isinstance(tree, dict):
        key = list(tree)[index]
        return {**tree, key: _mutate_tree(tree[key], path[1:], replacement)}
    items = list(tree)
    items[index] = _mutate_tree(items[index], path[1:], replacement)
    return items


@FUZZ
@given(
    seed=st.sampled_from(SEED_FILES),
    path=st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=6),
    replacement=values,
)
def test_real_manifests_with_a_wrong_value_anywhere(
    scratch: Path, seed: Path, path: list[int], replacement: Any
) -> None:
    try:
        tree = yaml.safe_load(seed.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        tree = {}
    scratch.write_text(_dump(_mutate_tree(tree, path, replacement)), encoding="utf-8")
    _check_loader(scratch)


YAML_NOISE = st.sampled_from(
    [
        ":",
        ": ",
        "-",
        "- ",
        "\n",
        "\n  ",
        "\t",
        "{",
        "}",
        "[",
        "]",
        ",",
        "&a ",
        "*a",
        "!!str ",
        "!!python/object:os.system ",
        "? ",
        "#",
        "'",
        '"',
        "${",
        "}",
        "|",
        ">",
        "---\n",
        "...\n",
        "\\u0000",
        "\x00",
        "\ufeff",
        "é",
        "🤖",
        "null",
        "true",
        "1e999",
        "0x1F",
        "<<: *a",
    ]
)
edits = st.lists(
    st.tuples(
        st.sampled_from(("insert", "delete", "duplicate")),
        st.integers(min_value=0, max_value=10**6),
        st.integers(min_value=1, max_value=40),
        YAML_NOISE | st.text(max_size=8),
    ),
    min_size=1,
    max_size=5,
)


def _apply_edits(text: str, operations: list[tuple[str, int, int, str]]) -> str:
    for operation, position, span, noise in operations:
        at = position % (len(text) + 1)
        if operation == "insert":
            text = text[:at] + noise + text[at:]
        elif operation == "delete":
            text = text[:at] + text[at + span :]
        else:
            line_start = text.rfind("\n", 0, at) + 1
            line_end = text.find("\n", at)
            line = text[line_start : line_end if line_end >= 0 else len(text)]
            text = text[:line_start] + line + "\n" + text[line_start:]
    return text


@FUZZ
@given(seed=st.sampled_from(SEED_FILES), operations=edits)
def test_real_manifests_with_text_edits(
    scratch: Path, seed: Path, operations: list[tuple[str, int, int, str]]
) -> None:
    text = _apply_edits(seed.read_text(encoding="utf-8"), operations)
    scratch.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    _check_loader(scratch)


@settings(FUZZ, max_examples=60)
@given(data=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_arbitrary_bytes(scratch: Path, data: bytes) -> None:
    scratch.write_bytes(data)
    _check_loader(scratch)


@settings(FUZZ, max_examples=40)
@given(seed=st.sampled_from(SEED_FILES), operations=edits, output=st.sampled_from(["text", "json"]))
def test_validate_cli_exits_0_or_1_with_a_location(
    scratch: Path, seed: Path, operations: list[tuple[str, int, int, str]], output: str
) -> None:
    scratch.write_bytes(
        _apply_edits(seed.read_text(encoding="utf-8"), operations).encode(
            "utf-8", errors="surrogatepass"
        )
    )
    _check_cli(scratch, "--output", output)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("huge-string", "assistants:\n  a:\n    firstMessage: '" + "y" * 1_000_000 + "'\n"),
        ("huge-float", "assistants:\n  a:\n    model: {provider: openai, temperature: 1e999}\n"),
        ("nan", "assistants:\n  a:\n    model: {provider: openai, model: x, temperature: .nan}\n"),
        ("many-entries", "assistants:\n" + "".join(f"  a{i}: {{}}\n" for i in range(3000))),
        ("moderate-nesting", "assistants:\n  a:\n    metadata: " + "[" * 200 + "]" * 200 + "\n"),
        ("complex-key", "assistants:\n  ? [a, b]\n  : {firstMessage: hi}\n"),
        ("python-tag", "assistants: !!python/object/apply:os.system [echo pwned]\n"),
        ("binary", "assistants:\n  a:\n    firstMessage: !!binary aGVsbG8=\n"),
        ("two-documents", "tools: {}\n---\nassistants: {}\n"),
        ("unicode-keys", "assistants:\n  \"助手-🤖\": {firstMessage: \"héllo\"}\n"),
        ("nul-escape", 'assistants:\n  a:\n    firstMessage: "a\\0b"\n'),
        ("unterminated-variable", "assistants:\n  a:\n    firstMessage: ${ORG_SECRET\n"),
    ],
)  # fmt: skip
def test_edge_cases_load_or_fail_located(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    _check_loader(path)
    _check_cli(path)


# Found by this suite, fixed in 97ea8fb: kept as regression tests.
HOSTILE = [
    pytest.param(
        "assistants:\n  a:\n    metadata: " + "[" * 3000 + "]" * 3000 + "\n", id="deep-list"
    ),
    pytest.param(
        "assistants:\n  a:\n    metadata: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n",
        id="deep-map",
    ),
    pytest.param(
        "assistants:\n  a:\n    maxDurationSeconds: " + "9" * 5000 + "\n", id="huge-integer"
    ),
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_gets_a_located_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError):
        load_manifests([path], environ=ENV)
    _check_loader(path)
    _check_cli(path)


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    # 9^5 values from five lines; before the fix a 9^7 one took 100 s to expand.
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcd", "bcde", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    lines.append("assistants: {bomb: {metadata: {m: *e}}}")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ManifestError) as raised:
        load_manifests([path], environ=ENV)
    assert any("alias" in d.message for d in raised.value.diagnostics)
    _check_cli(path)


def test_seed_files_exist() -> None:
    # Guards the strategies above: an empty seed list would make them vacuous.
    assert len(SEED_FILES) > 20
