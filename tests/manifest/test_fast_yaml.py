"""The fast reader (manifest/fast_yaml.py) reads exactly what the located loader reads,
or refuses: every YAML file of the repository, generated documents, and each construct
outside its safe subset (which must send the load to the located loader)."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.manifest.yaml_strategies import documents
from vapictl.manifest import fast_yaml
from vapictl.manifest.fast_yaml import parse_plain
from vapictl.manifest.tree import to_plain
from vapictl.manifest.yaml_loader import MAX_DEPTH, parse_yaml

ROOT = Path(__file__).resolve().parents[2]
YAML_FILES = sorted(
    p
    for folder in ("tests", "examples", "benchmarks")
    for p in (ROOT / folder).rglob("*.y*ml")
    if p.suffix in (".yaml", ".yml") and ".venv" not in p.parts and ".work" not in p.parts
)


def located_plain(text: str, name: str = "m.yaml") -> tuple[Any, list[Any]]:
    data, diagnostics = parse_yaml(text, name, Path(name).parent)
    return to_plain(data)[0], diagnostics


def assert_same_or_refused(text: str, name: str = "m.yaml") -> Any:
    """The fast result, which must equal the located loader's when there is one."""
    fast = parse_plain(text, MAX_DEPTH)
    if fast is not None:
        slow, diagnostics = located_plain(text, name)
        assert diagnostics == []  # the fast reader never accepts what the located one reports
        assert fast == slow
        assert _types(fast) == _types(slow)  # 1 and 1.0 and True compare equal: types too
    return fast


def _types(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_types(v) for v in value]
    return type(value).__name__


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_in_the_repository_reads_the_same_or_is_refused(path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8 (a bad-input fixture)")
    assert_same_or_refused(text, str(path))


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_reads_the_same_in_small_pieces(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fast_yaml, "CHUNK_CHARS", 40)  # every section cut between entries
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8 (a bad-input fixture)")
    assert_same_or_refused(text, str(path))


def test_a_large_section_is_read_in_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fast_yaml, "CHUNK_CHARS", 40)
    entries = "".join(f"  e{i}:\n    a: {i}\n    b: [x, 'y']\n" for i in range(30))
    text = f"# head\nsettings: {{prune: true}}\ntools:\n{entries}org:\n  name: x\nlist:\n  - 1\n"
    pieces = fast_yaml._sections(text)
    assert pieces is not None and len(dict(pieces)["tools"]) > 5
    assert assert_same_or_refused(text) == yaml.safe_load(text)
    # the same entry in two pieces is a duplicate key: the located loader reports it
    assert parse_plain(text + "tools:\n  e0: {}\n", MAX_DEPTH) is None
    assert parse_plain(text.replace("  e29:", "  e0:"), MAX_DEPTH) is None


def test_the_fast_path_reads_the_usual_manifest() -> None:
    text = (ROOT / "examples" / "basic" / "tools.yaml").read_text(encoding="utf-8")
    assert assert_same_or_refused(text) is not None
    text = (
        "assistants:\n  support:\n    model:\n      provider: openai\n      temperature: 0.3\n"
        "      maxTokens: 250\n      messages: [{role: system, content: 'Be brief: yes.'}]\n"
        "    voice: {provider: 11labs, voiceId: burt}\n    endCallPhrases: []\n"
        "    firstMessage: \"It's 9:30, hello!\"\n    metadata: {tier: '2', n: null, ok: true}\n"
        "phoneNumbers:\n  main:\n    number: '+14155550100'\n    areaCode: \"415\"\n"
        "    day: 2024-01-01\n    on: 1\n"
    )
    assert assert_same_or_refused(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchors and aliases
        "a: !file prompt.md\n",  # tags, `!file` included
        "a: !!str 12\n",
        "base: {x: 1}\nother:\n  <<: {y: 2}\n",  # merge keys
        "%YAML 1.1\n---\na: 1\n",  # directives
        "---\na: 1\n",  # document markers
        "a: 1\n---\nb: 2\n",  # several documents
        "? complex\n: 1\n",  # complex keys
        'a: "tab\\there"\n',  # backslashes (escapes differ between YAML versions)
        "a: 1\r\nb: 2\r\n",  # carriage returns
        "a:\n\tb: 1\n",  # tabs
        "a: b\x85c\n",  # a YAML 1.1 line break
        "a: \x07\n",  # a character PyYAML refuses
        "a: 1\na: 2\n",  # duplicate keys (reported by the located loader)
        "a: yes\n",  # YAML 1.1 booleans, written plain
        "a: On\n",
        "a: ~\n",  # nulls other than `null`
        "a: NULL\n",
        "a: 1_000\n",  # YAML 1.1 integers
        "a: 017\n",
        "a: 0x1F\n",
        "a: 0b101\n",
        "a: 1:30\n",
        "a: .inf\n",  # non-finite floats
        "a: inf\n",  # (rapidyaml rewrites it as .inf)
        "a: .NaN\n",
        "a: 1e3\n",  # exponents: text in YAML 1.1
        "a: 1.5e+3\n",
        "a: -.5\n",  # text in YAML 1.1, a number in 1.2
        "a: +1\n",
        "a: " + "9" * 400 + ".0\n",  # overflows to inf
        "a: " + "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2) + "\n",  # too deep
        "- a\n- b\n",  # not a mapping
        "",  # empty
        "# only a comment\n",
        "a: b: c\n",  # invalid YAML
        "a: [1, 2\n",
        "quoted: '1_000'\nplain: 1_000\n",  # the same text quoted once and plain once
    ],
)
def test_constructs_outside_the_safe_subset_are_refused(text: str) -> None:
    assert parse_plain(text, MAX_DEPTH) is None


@pytest.mark.parametrize(
    "text",
    [
        "a: 'yes'\nb: \"~\"\nc: '1_000'\nd: '017'\ne: '.inf'\nf: '+14155550100'\n",
        "a: 1\nb: -2\nc: 0.5\nd: 1.\ne: .5\nf: true\ng: false\nh: null\ni:\n",
        "a: 12345678901234567890123\nb: 0.30000\n",
        "a: Tom & Jerry\nb: 'a*b*c'\nc: what? yes\nd: R&D!\n",
        "nested:\n  - [1, [2, [3, {x: [4]}]]]\n",
        "a: |\n  line one\n  line two\n\nb: >-\n  folded\n  text\n",
        "a: 'it''s'\nb: \"say 'hi'\"\nc: plain with \"quotes\"\n",
        "é: ünïcode ✓ 🎉\n",
    ],
)
def test_safe_documents_read_the_same(text: str) -> None:
    assert assert_same_or_refused(text) is not None


def test_depth_at_the_limit_is_read() -> None:
    depth = MAX_DEPTH - 1
    text = "a: " + "[" * depth + "]" * depth + "\n"
    assert assert_same_or_refused(text) is not None


def test_a_syntax_error_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    assert parse_plain("a: b: c\n", MAX_DEPTH) is None
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


_documents = documents(
    st.sampled_from(["yes", "No", "on", "~", "null", "1_0", "017", ".inf", "1e3", "12", "-.5"])
)


@settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(document=_documents, flow=st.booleans(), piece=st.sampled_from([20, 256 * 1024]))
def test_generated_documents_read_the_same_or_are_refused(
    document: Any, flow: bool, piece: int
) -> None:
    text = yaml.safe_dump(
        {"root": document, "tools": document, "z": 1}, default_flow_style=flow, allow_unicode=True
    )
    original = fast_yaml.CHUNK_CHARS
    fast_yaml.CHUNK_CHARS = piece  # hypothesis runs examples in one test: no monkeypatch
    try:
        assert_same_or_refused(text)
    finally:
        fast_yaml.CHUNK_CHARS = original


@settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    scalars=st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "yes",
                    "Off",
                    "~",
                    "Null",
                    "0o17",
                    "0x_1",
                    "1_0",
                    "+1",
                    "-.5",
                    ".5",
                    "1.",
                    "190:20:30",
                    "2024-01-01",
                    "1e3",
                    "6.8523015e+5",
                    ".NaN",
                    "-.inf",
                    "0",
                    "-0",
                    "00",
                    "1.0",
                    "true",
                    "True",
                    "null",
                    "=",
                    "<<",
                    "'x'",
                    '"y"',
                    "a #b",
                    "a:b",
                ]
            ),
            st.text(alphabet="0123456789.-+_:eExXoObB", min_size=1, max_size=6),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_plain_scalars_written_by_hand_read_the_same_or_are_refused(scalars: list[str]) -> None:
    text = "".join(f"k{index}: {scalar}\n" for index, scalar in enumerate(scalars))
    try:
        yaml.safe_load(text)
    except yaml.YAMLError:
        assert parse_plain(text, MAX_DEPTH) is None or located_plain(text)[1] == []
        return
    assert_same_or_refused(text)


def test_a_closed_standard_error_does_not_stop_the_reader() -> None:
    script = (
        "import sys\n"
        "from vapictl.manifest.fast_yaml import parse_plain\n"
        "sys.stdout.write(repr((parse_plain('a: 1\\n', 64), parse_plain('a: b: c\\n', 64))))\n"
    )
    # `2>&-`: the process starts with file descriptor 2 closed
    command = f"exec {shlex.quote(sys.executable)} -c {shlex.quote(script)} 2>&-"
    done = subprocess.run(["sh", "-c", command], capture_output=True, text=True, check=False)
    assert done.stdout == "({'a': 1}, None)"


def test_the_copied_resolvers_are_pyyamls() -> None:
    """fast_yaml.RESOLVERS: PyYAML's implicit resolvers of the scalar tags, copied so
    that the fast path does not import PyYAML; verbose-mode whitespace aside, equal."""
    import re

    theirs: dict[str, set[str]] = {}
    for resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.values():
        for tag, regexp in resolvers:
            name = tag.rpartition(":")[2]
            if name in fast_yaml.RESOLVERS:
                verbose = bool(regexp.flags & re.VERBOSE)
                theirs.setdefault(name, set()).add(
                    re.sub(r"\s+", "", regexp.pattern) if verbose else regexp.pattern
                )
    assert theirs == {name: set(patterns) for name, patterns in fast_yaml.RESOLVERS.items()}
    assert set(theirs) == {"bool", "null", "int", "float", "merge", "value"}


def test_candidates_are_looked_for_at_every_first_character_pyyaml_resolves() -> None:
    """_CANDIDATE's lookahead turns a string away by its first character: every first
    character PyYAML's resolvers index (but `<`, whose merge key is refused earlier)."""
    import re

    allowed = re.compile(f"[{fast_yaml._CANDIDATE_FIRST}]")
    first = {
        char
        for char, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
        for tag, _ in resolvers
        if char and tag.rpartition(":")[2] in {"bool", "int", "float", "null", "value"}
    }
    assert first and all(allowed.fullmatch(char) for char in first)
    assert not allowed.fullmatch(",")  # a range by mistake (`+-.`) would let it in


def test_a_valid_manifest_loads_without_pyyaml(tmp_path: Path) -> None:
    """PyYAML (~30 ms to import) is for the located loader, which a valid manifest on
    the fast path never needs: validate, plan and apply start faster."""
    (tmp_path / "m.yaml").write_text(
        "tools:\n"
        "  lookup:\n"
        "    type: function\n"
        "    function:\n"
        "      name: lookup\n"
        "    server:\n"
        "      url: https://tools.example.com/lookup\n"
        "assistants:\n"
        "  support:\n"
        "    name: Support\n"
        "    firstMessage: Hi\n"
        "    model:\n"
        "      provider: openai\n"
        "      model: gpt-4o\n"
        "      tools:\n"
        "        - lookup\n"
    )
    code = (
        "import sys; from pathlib import Path\n"
        "from vapictl.manifest.load import load_manifests\n"
        "manifest = load_manifests([Path('m.yaml')])\n"
        "print('yaml' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert out.stdout.strip() == "False"  # the located loader would have imported it


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


_BRACKETY_TEXT = st.text(alphabet='ab[]{}"\\: ,', max_size=6)
_NESTED = st.recursive(
    st.none() | st.integers() | _BRACKETY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_BRACKETY_TEXT, inner, max_size=3),
    max_leaves=25,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(_NESTED, st.booleans())
def test_depth_is_counted_outside_strings_only(value: Any, ascii_only: bool) -> None:
    """Brackets, quotes and backslashes inside strings never count, escaped or not."""
    import json

    emitted = json.dumps({"k": value}, ensure_ascii=ascii_only)
    depth = _depth({"k": value})
    assert not fast_yaml._deeper_than(emitted, depth)
    assert fast_yaml._deeper_than(emitted, depth - 1)


@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1])
@pytest.mark.parametrize("leaf", ["x", "{}", "[]", "'[not flow]'"])
@pytest.mark.parametrize("sequences", [False, True])
def test_block_style_depth_is_told_by_indentation_as_by_brackets(
    depth: int, leaf: str, sequences: bool
) -> None:
    """The depth of block-style YAML, found from rapidyaml's indentation, is what the
    bracket count says: mappings or compact sequences down to a scalar or an empty
    collection at the limit and either side of it."""
    if sequences:
        text = "a:\n" + "- " * (depth - 2) + leaf + "\n"
    else:
        text = "".join(" " * (2 * level) + f"k{level}:\n" for level in range(depth - 2))
        text += " " * (2 * (depth - 2)) + f"k: {leaf}\n"
    emitted = fast_yaml._emit_json(text)
    assert emitted is not None
    verdicts = set()
    for limit in range(depth - 3, depth + 2):
        expected = fast_yaml._deeper_than(emitted, limit)
        assert fast_yaml._too_deep(text, emitted, limit) == expected, (limit, text)
        verdicts.add(expected)
    assert verdicts == {True, False}  # limits on both sides of the document's depth


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("a: '+1415'\nb: \"+1415\"\n", True),  # every occurrence quoted: counted
        ("a: '+1415'\nb: +1415\n", False),  # one plain
        ("a: '+1415'\nb: x+1415y\n", True),  # inside a longer scalar: not a plain one
        ("a: +1415\n", False),  # none quoted
        ("a: '+1415'\nb: [+1415]\n", False),  # plain in a flow sequence
    ],
)
def test_a_candidate_is_quoted_only_if_no_plain_occurrence(text: str, quoted: bool) -> None:
    assert fast_yaml._written_quoted("+1415", text) is quoted
