"""Validation of the registry's newer kinds: located errors for names and caps,
required fields, references by key, secrets, and the rules checked offline."""

from __future__ import annotations

from tests.manifest.conftest import TEST_ENV, WriteFile, load, only_error, problems
from vapictl.model import Kind

ENV = {**TEST_ENV, "OPENAI_KEY": "sk-test-openai-key-0001"}
SO = """
structuredOutputs:
  csat: {schema: {type: number}}
  summary: {schema: {type: string}}
  resolved: {schema: {type: boolean}}
"""


def test_a_structured_output_name_is_capped_at_40(write: WriteFile) -> None:
    text = "structuredOutputs:\n  " + "x" * 41 + ": {schema: {type: string}}\n"
    error = only_error(write("m.yaml", text))
    assert error.path == "structuredOutputs." + "x" * 41 + ".name"
    assert "at most 40 characters" in error.message


def test_required_fields_and_references_are_located(write: WriteFile) -> None:
    path = write(
        "m.yaml",
        SO
        + """
simulations:
  s1: {personality: skeptical-sam}
  s2: {scenario: nope, personality: skeptical-sam}
""",
    )
    found = {(d.path, d.location.line if d.location else 0): d.message for d in problems(path)}
    assert ("simulations.s1", 7) in found
    assert "expected 'scenario' (a manifest key) or 'scenarioId'" in found[("simulations.s1", 7)]
    assert found[("simulations.s2.scenario", 8)].startswith("no scenario with key 'nope'")


def test_built_in_personalities_are_referenceable_by_slug_or_name(write: WriteFile) -> None:
    manifest = load(
        write(
            "m.yaml",
            SO
            + """
scenarios:
  refund:
    instructions: Ask for a refund.
    evaluations: [{structuredOutput: resolved, comparator: "=", value: true}]
simulations:
  a: {scenario: refund, personality: skeptical-sam}
  b: {scenario: refund, personality: Skeptical Sam}
""",
        )
    )
    assert set(manifest.resources[Kind.SIMULATION]) == {"a", "b"}


def test_scorecard_points_must_add_up_to_100(write: WriteFile) -> None:
    path = write(
        "m.yaml",
        SO
        + """
scorecards:
  quality:
    metrics:
      - structuredOutput: csat
        conditions: [{type: comparator, comparator: ">=", value: 4, points: 60}]
""",
    )
    error = only_error(path)
    assert error.path == "scorecards.quality.metrics"
    assert error.message == "the points of all conditions must add up to 100; found 60"


def test_scorecard_metrics_score_numbers_or_booleans_only(write: WriteFile) -> None:
    path = write(
        "m.yaml",
        SO
        + """
scorecards:
  quality:
    metrics:
      - structuredOutput: summary
        conditions: [{type: comparator, comparator: "=", value: 1, points: 50}]
      - structuredOutput: resolved
        conditions: [{type: comparator, comparator: ">", value: true, points: 50}]
""",
    )
    messages = {d.path: d.message for d in problems(path)}
    assert "has a string schema type" in messages["scorecards.quality.metrics[0].structuredOutput"]
    assert messages["scorecards.quality.metrics[1].conditions[0].comparator"] == (
        "a boolean output is compared with '=' only"
    )


def test_credential_secrets_come_from_variables(write: WriteFile) -> None:
    error = only_error(
        write("m.yaml", "credentials:\n  openai: {provider: openai, apiKey: sk-literal-123}\n")
    )
    assert error.path == "credentials.openai.apiKey"
    assert "must come from a variable" in error.message
    assert "sk-literal" not in error.message


def test_credential_references_resolve_and_mixed_lists_are_refused(write: WriteFile) -> None:
    path = write(
        "m.yaml",
        SO
        + """
credentials:
  openai: {provider: openai, apiKey: "${OPENAI_KEY}"}
assistants:
  support:
    credentials: [openai, anthropic]
    artifactPlan: {structuredOutputs: [csat, {name: inline, schema: {type: string}}]}
""",
    )
    messages = {d.path: d.message for d in problems(path, environ=ENV)}
    assert messages["assistants.support.credentials[1]"].startswith(
        "no credential with key 'anthropic' (known: openai)"
    )
    assert (
        "mixes structured output keys and inline"
        in (messages["assistants.support.artifactPlan.structuredOutputs"])
    )


def test_server_secret_and_credential_are_one_or_the_other(write: WriteFile) -> None:
    path = write(
        "m.yaml",
        """
credentials:
  hook: {provider: webhook, authenticationPlan: {type: bearer, token: "${OPENAI_KEY}"}}
assistants:
  support:
    server: {url: https://x.example.com, secret: "${SUPPORT_SECRET}", credential: hook}
""",
    )
    error = only_error(path, environ=ENV)
    assert error.path == "assistants.support.server.credential"


def test_structured_output_assistant_ids_are_managed_from_the_assistant(write: WriteFile) -> None:
    error = only_error(
        write("m.yaml", "structuredOutputs:\n  csat: {schema: {type: number}, assistantIds: []}\n")
    )
    assert error.path == "structuredOutputs.csat.assistantIds"
    assert "artifactPlan.structuredOutputs: [csat]" in error.message


def test_inline_credential_objects_are_refused_so_their_keys_never_reach_a_plan(
    write: WriteFile,
) -> None:
    # The API takes them, but their apiKey would be a plain field: printed in the plan
    # and kept in a saved plan file.
    path = write(
        "m.yaml",
        """
assistants:
  support:
    credentials: [{provider: openai, apiKey: "${OPENAI_KEY}"}]
personalities:
  hurried:
    assistant:
      model: {provider: openai, model: gpt-4o}
      credentials: [{provider: openai, apiKey: "${OPENAI_KEY}"}]
""",
    )
    found = problems(path, environ=ENV)
    inline = {d.path: d.message for d in found if "inline credential object" in d.message}
    assert set(inline) == {
        "assistants.support.credentials",
        "personalities.hurried.assistant.credentials",
    }
    assert all("declare it under credentials:" in message for message in inline.values())
    assert not any(ENV["OPENAI_KEY"] in d.message for d in found)
