"""load_manifests: directories, merging, aliases, variables, canonical bodies, digest."""

from __future__ import annotations

from pathlib import Path

from tests.manifest.conftest import TEST_ENV, WriteFile, load, only_error, problems
from vapictl.errors import Location
from vapictl.model import Kind
from vapictl.secrets import redact

BASE = """
    tools:
      lookup-order:
        type: function
        function: {description: Look up an order.}
    assistants:
      support:
        firstMessage: Hello
        model: {provider: openai, model: gpt-4o, temperature: 0.5, tools: [lookup-order]}
        metadata: {team: support}
    """


def test_later_files_override_key_by_key_recursively(write: WriteFile) -> None:
    base = write("base.yaml", BASE)
    overlay = write(
        "prod.yaml",
        """
        assistants:
          support:
            model: {model: gpt-4o-mini, tools: []}
            metadata: null
        """,
    )
    support = load(base, overlay).resources[Kind.ASSISTANT]["support"]
    # mappings merge, lists are replaced whole, null clears
    assert support.body["model"] == {
        "provider": "openai",
        "model": "gpt-4o-mini",
        "temperature": 0.5,
        "tools": [],
    }
    assert support.body["metadata"] is None
    assert support.body["firstMessage"] == "Hello"
    # locations follow the file that won
    assert support.field_locations["model.model"] == Location(str(overlay), 3, 20)
    assert support.field_locations["firstMessage"].file == str(base)


def test_empty_section_in_an_overlay_does_not_clear_the_base(write: WriteFile) -> None:
    base = write("base.yaml", BASE)
    overlay = write("prod.yaml", "tools:\nassistants:\n")
    assert set(load(base, overlay).resources[Kind.TOOL]) == {"lookup-order"}


def test_directories_load_yaml_files_sorted_non_recursively_without_dotfiles(
    write: WriteFile, tmp_path: Path
) -> None:
    write("d/b.yml", "assistants: {b: {firstMessage: B}}\n")
    write("d/a.yaml", "assistants: {b: {firstMessage: A}, a: {}}\n")
    write("d/.hidden.yaml", "not: valid: yaml: [\n")
    write("d/notes.txt", "ignored\n")
    write("d/nested/c.yaml", "assistants: {c: {}}\n")
    manifest = load(tmp_path / "d")
    assert manifest.sources == (str(tmp_path / "d/a.yaml"), str(tmp_path / "d/b.yml"))
    assistants = manifest.resources[Kind.ASSISTANT]
    assert set(assistants) == {"a", "b"}
    assert assistants["b"].body["firstMessage"] == "B"
    (warning,) = manifest.warnings
    assert warning.message.startswith("subdirectory 'nested/' is not read")


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    error = only_error(tmp_path / "nope.yaml")
    assert error.message == "no such file or directory"
    assert error.location == Location(str(tmp_path / "nope.yaml"))


def test_top_level_must_be_a_mapping(write: WriteFile) -> None:
    error = only_error(write("a.yaml", "- just\n- a list\n"))
    assert "expected a mapping of sections" in error.message
    assert "found a list" in error.message
    assert (error.location.line, error.location.column) == (1, 1)  # type: ignore[union-attr]


def test_canonical_body(write: WriteFile) -> None:
    path = write(
        "a.yaml",
        """
        org:
          serverUrl: https://hooks.example.com/vapi
          serverUrlSecret: ${ORG_WEBHOOK_SECRET}
        tools:
          lookup-order: {type: function}
          named-api: {type: apiRequest, method: GET, url: https://api.example.com}
          hangup: {type: endCall}
        assistants:
          support:
            id: 3f1c2a4e-0000-4000-8000-000000000001
            protect: true
            serverUrl: https://support.example.com/vapi
        phoneNumbers:
          main:
            provider: vapi
            numberDesiredAreaCode: 415
            assistant: support
        """,
    )
    manifest = load(path)
    org = manifest.org
    assert org is not None
    assert org.body == {
        "server": {
            "url": "https://hooks.example.com/vapi",
            "secret": TEST_ENV["ORG_WEBHOOK_SECRET"],
        }
    }
    assert org.secret_paths == frozenset({"server.secret"})
    assert org.field_locations["server.url"] == Location(str(path), 2, 14)
    tools = manifest.resources[Kind.TOOL]
    assert tools["lookup-order"].body == {"type": "function", "function": {"name": "lookup-order"}}
    assert tools["named-api"].body["name"] == "named-api"
    assert "name" not in tools["hangup"].body  # endCall tools have no name in the API
    support = manifest.resources[Kind.ASSISTANT]["support"]
    assert support.body == {
        "name": "support",
        "server": {"url": "https://support.example.com/vapi"},
    }
    assert support.pinned_id == "3f1c2a4e-0000-4000-8000-000000000001"
    assert support.protect is True
    assert support.location == Location(str(path), 9, 3)
    phone = manifest.resources[Kind.PHONE_NUMBER]["main"]
    assert phone.body == {
        "provider": "vapi",
        "numberDesiredAreaCode": "415",
        "assistant": "support",
        "name": "main",
    }
    # secrets are registered for redaction as soon as they are expanded
    assert redact(f"x {TEST_ENV['ORG_WEBHOOK_SECRET']} y") == "x (sensitive) y"


def test_whole_scalar_variable_stays_a_string(write: WriteFile) -> None:
    path = write("a.yaml", "assistants:\n  a:\n    firstMessage: ${GREETING}\n")
    body = load(path, variables={"GREETING": "123"}).resources[Kind.ASSISTANT]["a"].body
    assert body["firstMessage"] == "123"


def test_var_options_take_precedence_over_environ(write: WriteFile) -> None:
    path = write("a.yaml", "assistants:\n  a:\n    firstMessage: ${GREETING:-default}\n")
    assert load(path).resources[Kind.ASSISTANT]["a"].body["firstMessage"] == "default"
    manifest = load(path, variables={"GREETING": "from var"}, environ={"GREETING": "from env"})
    assert manifest.resources[Kind.ASSISTANT]["a"].body["firstMessage"] == "from var"


def test_unset_variables_are_all_reported_with_their_locations(write: WriteFile) -> None:
    path = write(
        "a.yaml",
        """
        assistants:
          a:
            firstMessage: ${GREETING}
            voicemailMessage: ${VM:?set VM to the voicemail text}
        """,
    )
    diagnostics = problems(path)
    assert [(d.location.line, d.path, d.message) for d in diagnostics] == [  # type: ignore[union-attr]
        (
            3,
            "assistants.a.firstMessage",
            "variable ${GREETING} is not set (export it or pass --var GREETING=...)",
        ),
        (
            4,
            "assistants.a.voicemailMessage",
            "variable ${VM} is not set: set VM to the voicemail text",
        ),
    ]


def test_digest_changes_with_a_secret_but_never_contains_it(write: WriteFile) -> None:
    path = write("a.yaml", "org:\n  server: {url: 'https://h.example.com', secret: '${S}'}\n")
    one = load(path, environ={"S": "first-secret-value"}).digest
    two = load(path, environ={"S": "second-secret-value"}).digest
    assert one != two
    assert one == load(path, environ={"S": "first-secret-value"}).digest
    assert len(one) == 64


def test_settings(write: WriteFile) -> None:
    path = write(
        "a.yaml", "settings: {prune: true, ignore: ['assistant/legacy-*'], maxDeletes: 0}\n"
    )
    settings = load(path).settings
    assert (settings.prune, settings.ignore, settings.max_deletes) == (
        True,
        ("assistant/legacy-*",),
        0,
    )


def test_phone_number_name_null_means_no_name(write: WriteFile) -> None:
    path = write(
        "a.yaml",
        "phoneNumbers:\n  trunk: {provider: twilio, number: '+14155551234', "
        "twilioAccountSid: AC1, name: null}\n",
    )
    assert load(path).resources[Kind.PHONE_NUMBER]["trunk"].body["name"] is None
