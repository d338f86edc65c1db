"""One test per validation rule: the message, the field path and the file:line."""

from __future__ import annotations

import pytest

from tests.manifest.conftest import TEST_ENV, WriteFile, load, problems
from vapictl.errors import Diagnostic


def check(write: WriteFile, text: str, environ: dict[str, str] | None = None) -> list[Diagnostic]:
    return problems(write("m.yaml", text), environ=environ)


def where(diagnostic: Diagnostic) -> tuple[int, str]:
    assert diagnostic.location is not None
    return diagnostic.location.line, diagnostic.path


def one(diagnostics: list[Diagnostic], severity: str = "error") -> Diagnostic:
    matching = [d for d in diagnostics if d.severity == severity]
    assert len(matching) == 1, "\n".join(map(str, diagnostics))
    return matching[0]


PHONE_OK = """
phoneNumbers:
  main:
    provider: twilio
    number: "+14155551234"
    twilioAccountSid: AC123
"""


def test_yaml_syntax_error(write: WriteFile) -> None:
    error = one(check(write, "assistants:\n  a: {firstMessage: hi\n  b: {}\n"))
    assert error.location is not None and error.location.line == 3
    assert error.message.startswith("invalid YAML: ")


def test_duplicate_key(write: WriteFile) -> None:
    error = one(check(write, "assistants:\n  a: {}\n  b: {}\n  a: {firstMessage: hi}\n"))
    assert error.location is not None and error.location.line == 4
    assert "duplicate key 'a' (first defined at line 2)" in error.message


def test_unknown_top_level_section_suggests(write: WriteFile) -> None:
    error = one(check(write, "assistant:\n  a: {}\n"))
    assert where(error) == (1, "assistant")
    assert error.message == "unknown section 'assistant'; did you mean 'assistants'?"


def test_x_prefixed_top_level_keys_hold_anchors(write: WriteFile) -> None:
    manifest = load(
        write(
            "m.yaml",
            "x-voice: &voice {provider: 11labs, voiceId: burt}\n"
            "assistants:\n  a: {voice: *voice}\n",
        )
    )
    assert manifest.resources  # loads fine


def test_unknown_setting_suggests(write: WriteFile) -> None:
    error = one(check(write, "settings:\n  prune: true\n  maxDelete: 3\n"))
    assert where(error) == (3, "settings.maxDelete")
    assert error.message == "unknown setting 'maxDelete'; did you mean 'maxDeletes'?"


@pytest.mark.parametrize(
    ("field", "meant"),
    [
        ("asistant: support", "assistant"),
        ("serverURL: https://a.example.com", "serverUrl"),
        ("fallbackDestnation: {type: number, number: '+14155550000'}", "fallbackDestination"),
        ("numberE164CheckEnable: false", "numberE164CheckEnabled"),
        ("protected: true", "protect"),
    ],
)
def test_misspelt_field_suggests(write: WriteFile, field: str, meant: str) -> None:
    typo = field.split(":")[0]
    error = one(check(write, PHONE_OK + f"    {field}\nassistants:\n  support: {{}}\n"))
    assert where(error) == (6, f"phoneNumbers.main.{typo}")
    assert error.message == f"unknown field '{typo}'; did you mean '{meant}'?"


def test_misspelt_nested_field_suggests(write: WriteFile) -> None:
    error = one(check(write, "assistants:\n  a:\n    server: {ulr: https://a.example.com}\n"))
    assert where(error) == (3, "assistants.a.server.ulr")
    assert "did you mean 'url'?" in error.message


def test_misspelt_voice_field_suggests(write: WriteFile) -> None:
    error = one(check(write, "assistants:\n  a:\n    voice: {provider: 11labs, voiceID: burt}\n"))
    assert where(error) == (3, "assistants.a.voice.voiceID")
    assert error.message == "unknown field 'voiceID'; did you mean 'voiceId'?"


def test_fields_unknown_to_the_api_are_refused_unless_allowed(write: WriteFile) -> None:
    """Vapi refuses unknown fields (issue 19); settings.allowUnknownFields lets a field
    newer than the bundled schema through."""
    error = one(check(write, "assistants:\n  a: {someNewApiField: {x: 1}}\n"))
    assert where(error) == (2, "assistants.a.someNewApiField")
    assert "allowUnknownFields: ['assistant/someNewApiField']" in error.message
    allowed = "settings:\n  allowUnknownFields: ['assistant/someNew*']\n"
    manifest = load(write("m.yaml", "assistants:\n  a: {someNewApiField: {x: 1}}\n" + allowed))
    assert manifest.warnings == ()


def test_phone_provider_must_be_known(write: WriteFile) -> None:
    error = one(check(write, PHONE_OK.replace("provider: twilio", "provider: twillio")))
    assert where(error) == (3, "phoneNumbers.main.provider")
    assert (
        "expected one of byo-phone-number, twilio, vonage, vapi, telnyx, found 'twillio'"
        in error.message
    )
    assert error.message.endswith("did you mean 'twilio'?")


@pytest.mark.parametrize(
    ("provider", "fields", "missing"),
    [
        ("byo-phone-number", "number: '+14155551234'", "credentialId"),
        ("twilio", "number: '+14155551234'", "twilioAccountSid"),
        ("twilio", "twilioAccountSid: AC1", "number"),
        ("vonage", "number: '+14155551234'", "credentialId"),
        ("telnyx", "credentialId: abc", "number"),
    ],
)
def test_provider_required_fields(
    write: WriteFile, provider: str, fields: str, missing: str
) -> None:
    error = one(check(write, f"phoneNumbers:\n  main:\n    provider: {provider}\n    {fields}\n"))
    assert where(error) == (2, f"phoneNumbers.main.{missing}")
    assert error.message.startswith(
        f"missing required field '{missing}' (a {provider} number needs"
    )


def test_vapi_number_needs_area_code_or_sip_uri(write: WriteFile) -> None:
    error = one(check(write, "phoneNumbers:\n  main:\n    provider: vapi\n"))
    assert error.path == "phoneNumbers.main"
    assert error.message == "a vapi number needs numberDesiredAreaCode (3 digits) or sipUri"


@pytest.mark.parametrize("code", ["'41'", "'4155'", "'abc'", "4155"])
def test_area_code_is_exactly_three_digits(write: WriteFile, code: str) -> None:
    error = one(
        check(
            write,
            f"phoneNumbers:\n  main:\n    provider: vapi\n    numberDesiredAreaCode: {code}\n",
        )
    )
    assert where(error) == (4, "phoneNumbers.main.numberDesiredAreaCode")
    assert error.message.startswith('expected an area code of exactly 3 digits, like "415", found')


def test_sip_uri_format(write: WriteFile) -> None:
    error = one(
        check(write, "phoneNumbers:\n  main:\n    provider: vapi\n    sipUri: acme@sip.vapi.ai\n")
    )
    assert where(error) == (4, "phoneNumbers.main.sipUri")
    assert (
        error.message
        == "expected a SIP URI like sip:acme-support@sip.vapi.ai, found 'acme@sip.vapi.ai'"
    )


def test_number_must_be_e164(write: WriteFile) -> None:
    error = one(check(write, PHONE_OK.replace('"+14155551234"', '"4155551234"')))
    assert where(error) == (4, "phoneNumbers.main.number")
    assert error.message == "expected an E.164 number like +14155551234, found '4155551234'"


def test_unquoted_number_gets_a_quoting_hint(write: WriteFile) -> None:
    error = one(check(write, PHONE_OK.replace('"+14155551234"', "+14155551234")))
    assert where(error) == (4, "phoneNumbers.main.number")
    assert error.message.startswith("expected a string, found the number 14155551234 (YAML reads")


def test_number_check_disabled_allows_letters_and_digits(write: WriteFile) -> None:
    base = (
        "phoneNumbers:\n  main:\n    provider: byo-phone-number\n    credentialId: c\n"
        "    numberE164CheckEnabled: false\n"
    )
    load(write("ok.yaml", base + "    number: '4155551234'\n"))
    error = one(problems(write("bad.yaml", base + "    number: '415-555-1234'\n")))
    assert where(error) == (6, "phoneNumbers.main.number")
    assert (
        error.message
        == "expected letters and digits with an optional leading '+', found '415-555-1234'"
    )


def test_assistant_and_squad_together(write: WriteFile) -> None:
    text = (
        PHONE_OK
        + "    assistant: a\n    squad: s\nassistants: {a: {}}\n"
        + "squads: {s: {members: [{assistant: a}]}}\n"
    )
    error = one(check(write, text))
    assert where(error) == (7, "phoneNumbers.main.squad")
    assert error.message.startswith("both 'assistant' and 'squad' are set")


def test_explicit_name_longer_than_40(write: WriteFile) -> None:
    error = one(check(write, f"assistants:\n  a:\n    name: {'n' * 41}\n"))
    assert where(error) == (3, "assistants.a.name")
    assert error.message == "expected a name of at most 40 characters, found 41 characters"


def test_key_used_as_name_longer_than_40(write: WriteFile) -> None:
    key = "k" * 41
    error = one(check(write, PHONE_OK.replace("  main:", f"  {key}:")))
    assert where(error) == (2, f"phoneNumbers.{key}.name")
    assert (
        "the manifest key is the phone number name, and names are at most 40 characters; found 41"
        in error.message
    )


def test_function_name_pattern(write: WriteFile) -> None:
    error = one(check(write, "tools:\n  t:\n    type: function\n    function: {name: look up}\n"))
    assert where(error) == (4, "tools.t.function.name")
    assert (
        error.message
        == "expected a function name of 1-64 letters, digits, '_' or '-', found 'look up'"
    )


def test_function_name_from_key_pattern(write: WriteFile) -> None:
    error = one(check(write, "tools:\n  look.up:\n    type: function\n"))
    assert where(error) == (2, "tools.look.up.function.name")
    assert "the manifest key is the function name and must match" in error.message


def test_function_tool_top_level_name(write: WriteFile) -> None:
    error = one(check(write, "tools:\n  t:\n    type: function\n    name: t\n"))
    assert where(error) == (4, "tools.t.name")
    assert "function tools have no top-level 'name'" in error.message


@pytest.mark.parametrize(
    ("text", "line", "path", "message"),
    [
        (
            PHONE_OK + "    assistant: suport\nassistants: {support: {}}\n",
            6,
            "phoneNumbers.main.assistant",
            "no assistant with key 'suport' (known: support); did you mean 'support'?",
        ),
        (
            PHONE_OK + "    squad: triage\n",
            6,
            "phoneNumbers.main.squad",
            "no squad with key 'triage' (known: none)",
        ),
        (
            "assistants:\n  a:\n    model: {provider: openai, model: gpt-4o, tools: [x]}\n",
            3,
            "assistants.a.model.tools[0]",
            "no tool with key 'x' (known: none)",
        ),
        (
            "assistants: {a: {}, b: {}}\nsquads:\n  s:\n    members:\n      - assistant: c\n",
            5,
            "squads.s.members[0].assistant",
            "no assistant with key 'c' (known: a, b)",
        ),
    ],
)
def test_references_must_resolve(
    write: WriteFile, text: str, line: int, path: str, message: str
) -> None:
    error = one(check(write, text))
    assert where(error) == (line, path)
    assert error.message == message


@pytest.mark.parametrize(
    ("text", "line", "path", "fragment"),
    [
        (
            "tools:\n  a: {type: function, function: {name: f}}\n"
            "  b: {type: function, function: {name: f}}\n",
            3,
            "tools.b.function.name",
            "function.name 'f' is already used by tool 'a' at m.yaml:2:",
        ),
        (
            "assistants:\n  a: {}\n  b: {name: a}\n",
            3,
            "assistants.b.name",
            "name 'a' is already used by assistant 'a' at m.yaml:2:",
        ),
        (
            PHONE_OK
            + "  other:\n    provider: twilio\n    number: '+14155551234'\n"
            + "    twilioAccountSid: AC1\n",
            8,
            "phoneNumbers.other.number",
            "number '+14155551234' is already used by phone number 'main' at m.yaml:4:",
        ),
        (
            "phoneNumbers:\n  a: {provider: vapi, sipUri: 'sip:x@sip.vapi.ai'}\n"
            "  b: {provider: vapi, sipUri: 'sip:x@sip.vapi.ai'}\n",
            3,
            "phoneNumbers.b.sipUri",
            "sipUri 'sip:x@sip.vapi.ai' is already used by phone number 'a'",
        ),
    ],
)
def test_duplicate_identities(
    write: WriteFile, text: str, line: int, path: str, fragment: str
) -> None:
    error = one(check(write, text))
    assert where(error) == (line, path)
    assert fragment in error.message.replace(
        str(error.location.file if error.location else ""), "m.yaml"
    )


def test_server_url_must_be_absolute_http(write: WriteFile) -> None:
    error = one(check(write, "assistants:\n  a:\n    server: {url: hooks.example.com/vapi}\n"))
    assert where(error) == (3, "assistants.a.server.url")
    assert error.message == (
        "expected an absolute http(s) URL like https://example.com/vapi, "
        "found 'hooks.example.com/vapi'"
    )


def test_server_url_alias_is_checked_too(write: WriteFile) -> None:
    error = one(check(write, "org:\n  serverUrl: ftp://hooks.example.com\n"))
    assert where(error) == (2, "org.serverUrl")


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("http://hooks.example.com/vapi", "plain http://"),
        ("https://localhost:3000/vapi", "localhost"),
    ],
)
def test_http_and_localhost_urls_are_warnings(write: WriteFile, url: str, fragment: str) -> None:
    manifest = load(
        write("m.yaml", f"tools:\n  t:\n    type: function\n    server: {{url: '{url}'}}\n")
    )
    (warning,) = manifest.warnings
    assert where(warning) == (4, "tools.t.server.url")
    assert fragment in warning.message


def test_server_timeout_range(write: WriteFile) -> None:
    error = one(
        check(write, "org:\n  server: {url: 'https://h.example.com', timeoutSeconds: 301}\n")
    )
    assert where(error) == (2, "org.server.timeoutSeconds")
    assert error.message == "expected a number from 1 to 300, found the number 301"


def test_alias_and_canonical_spelling_together(write: WriteFile) -> None:
    error = one(
        check(
            write,
            "assistants:\n  a:\n    server: {url: 'https://a.example.com'}\n    serverUrl: https://b.example.com\n",
        )
    )
    assert where(error) == (4, "assistants.a.serverUrl")
    assert error.message.startswith("both 'serverUrl' and 'server.url' are set")


def test_literal_secret_is_an_error_that_does_not_echo_it(write: WriteFile) -> None:
    error = one(
        check(
            write,
            "assistants:\n  support:\n"
            "    server: {url: 'https://a.example.com', secret: hunter2-literal}\n",
        )
    )
    assert where(error) == (3, "assistants.support.server.secret")
    assert (
        error.message
        == "secret must come from a variable, e.g. ${SUPPORT_SERVER_SECRET}; found a literal value"
    )
    assert "hunter2" not in str(error)


def test_secret_falling_back_to_a_literal_default_is_an_error(write: WriteFile) -> None:
    error = one(check(write, "org:\n  serverUrlSecret: ${ORG_SECRET:-changeme-default}\n"))
    assert where(error) == (2, "org.serverUrlSecret")
    assert (
        "ORG_SECRET is unset, so the literal default written in the file would be used"
        in error.message
    )
    assert "changeme" not in str(error)


def test_phone_secret_fields_must_come_from_variables(write: WriteFile) -> None:
    error = one(check(write, PHONE_OK + "    twilioAuthToken: abcdef0123456789\n"))
    assert where(error) == (6, "phoneNumbers.main.twilioAuthToken")
    assert "abcdef" not in str(error)


def test_unset_secret_variable_names_it(write: WriteFile) -> None:
    error = one(
        check(
            write,
            "org:\n  server: {url: 'https://h.example.com', secret: '${ORG_WEBHOOK_SECRET}'}\n",
            environ={},
        )
    )
    assert where(error) == (2, "org.server.secret")
    assert "${ORG_WEBHOOK_SECRET} is not set" in error.message


def test_short_secret_is_an_error_without_the_value(write: WriteFile) -> None:
    error = one(check(write, "org:\n  server: {secret: '${S}'}\n", environ={"S": "abc12"}))
    assert where(error) == (2, "org.server.secret")
    assert "shorter than 8 characters" in error.message
    assert "abc12" not in str(error)


def test_variable_values_are_not_shown_in_errors(write: WriteFile) -> None:
    env = {**TEST_ENV, "MAIN_NUMBER": "4155550199"}
    error = one(check(write, PHONE_OK.replace('"+14155551234"', "${MAIN_NUMBER}"), environ=env))
    assert (
        error.message == "expected an E.164 number like +14155551234, "
        "found the value of ${MAIN_NUMBER} (not shown)"
    )


def test_squad_destination_should_name_a_member(write: WriteFile) -> None:
    text = """
    assistants: {a: {}, b: {name: billing}}
    squads:
      s:
        members:
          - assistant: a
            assistantDestinations: [{type: assistant, assistantName: bililng}]
          - assistant: b
    """
    (warning,) = load(write("m.yaml", text)).warnings
    assert where(warning) == (6, "squads.s.members[0].assistantDestinations[0].assistantName")
    assert "no member of this squad is named 'bililng' (members: a, billing)" in warning.message


def test_settings_types(write: WriteFile) -> None:
    error = one(check(write, "settings:\n  maxDeletes: -1\n"))
    assert where(error) == (2, "settings.maxDeletes")
    assert error.message == "expected a number of at least 0, found the number -1"


def test_text_length_limits(write: WriteFile) -> None:
    error = one(check(write, f"assistants:\n  a:\n    voicemailMessage: '{'x' * 1001}'\n"))
    assert where(error) == (3, "assistants.a.voicemailMessage")
    assert error.message == "expected at most 1000 characters, found 1001"


def test_an_empty_entry_key(write: WriteFile) -> None:
    error = one(check(write, "assistants:\n  '':\n    firstMessage: hi\n"))
    assert where(error) == (2, "assistants")
    assert error.message == "expected every key to be a non-empty name, found an empty key"


def test_a_yaml_boolean_where_text_belongs_says_to_quote_it(write: WriteFile) -> None:
    error = one(check(write, "assistants:\n  a:\n    firstMessage: yes\n"))
    assert where(error) == (3, "assistants.a.firstMessage")
    assert error.message == (
        "expected a string or null, found true"
        " (YAML reads unquoted yes/no/on/off/true/false as a boolean: quote it)"
    )


def test_every_error_is_reported_at_once(write: WriteFile) -> None:
    text = "assistant: {}\nphoneNumbers:\n  p: {provider: vapi}\nsettings: {prune: maybe}\n"
    errors = [d for d in check(write, text) if d.severity == "error"]
    assert [d.location.line for d in errors if d.location] == [1, 3, 4]


def test_function_names_of_the_apply_lease_are_reserved(write: WriteFile) -> None:
    text = "tools:\n  lock:\n    type: function\n    function: {name: vapictl_lease_mine}\n"
    error = one(check(write, text))
    assert where(error) == (4, "tools.lock.function.name")
    assert "reserved" in error.message and error.code == "reserved-name"
