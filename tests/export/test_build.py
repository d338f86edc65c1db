"""Live state -> manifest sections: references, secrets, defaults, determinism."""

from __future__ import annotations

import random
from typing import Any

from tests.export import samples
from vapictl.engine.live import LiveState
from vapictl.export import build_export
from vapictl.export.write import render_file
from vapictl.model import Kind


def _text(live: LiveState, **options: Any) -> str:
    return render_file(build_export(live, **options).sections, "schema.json")


def test_no_raw_id_of_a_managed_resource_and_no_returned_secret() -> None:
    text = _text(samples.live_state())
    for resource_id in (*samples.MANAGED_IDS, samples.ORG_ID):
        assert resource_id not in text
    for secret in (*samples.RETURNED_SECRETS, "org-jwt-secret-never-exported"):
        assert secret not in text


def test_references_use_manifest_keys_in_live_order() -> None:
    sections = build_export(samples.live_state()).sections
    support = sections["assistants"]["support"]
    assert support["model"]["tools"] == ["create-ticket", "lookup-order"]
    assert "toolIds" not in support["model"]
    members = sections["squads"]["triage-squad"]["members"]
    assert [m["assistant"] for m in members] == ["support", "billing"]
    # A destination's assistantName is a name, not an id: kept as is.
    assert members[0]["assistantDestinations"][0]["assistantName"] == "Billing"
    phones = sections["phoneNumbers"]
    assert phones["main-line"]["assistant"] == "support"
    assert phones["14155552222"]["squad"] == "triage-squad"
    assert "assistantId" not in phones["main-line"]


def test_re_export_is_byte_identical_whatever_the_listing_order() -> None:
    first = _text(samples.live_state())
    shuffled = samples.live_state()
    rng = random.Random(7)
    for items in shuffled.items.values():
        rng.shuffle(items)
    assert _text(shuffled) == first


def test_secrets_become_variables_and_are_listed() -> None:
    result = build_export(samples.live_state())
    names = {v.name: v.description for v in result.variables}
    assert names == {
        "SUPPORT_SERVER_SECRET": "assistant/support server secret",
        "SUPPORT_SERVER_AUTHORIZATION": "assistant/support server.headers.Authorization",
        "CREATE_TICKET_X_API_KEY": "tool/create-ticket headers.properties.X-Api-Key.value",
        "MAIN_LINE_TWILIO_AUTH_TOKEN": "phoneNumber/main-line Twilio auth token",
        "SIP_DESK_SIP_PASSWORD": "phoneNumber/sip-desk SIP authentication password",
        # A provider credential's secret is never returned: its variable is asked for.
        "HAND_MADE_AUTHENTICATION_PLAN_TOKEN": "credential/hand-made authenticationPlan.token",
    }
    support = result.sections["assistants"]["support"]["server"]
    assert support["secret"] == "${SUPPORT_SERVER_SECRET}"
    assert "credentialId" not in support  # the managed credential is hidden behind `secret`
    # A credential vapictl did not create is a reference by key (it is exported too).
    billing = result.sections["assistants"]["billing"]["server"]
    assert billing["credential"] == "hand-made"
    assert "hand-made" in result.sections["credentials"]
    assert "secret" not in billing
    sip = result.sections["phoneNumbers"]["sip-desk"]["authentication"]
    assert sip["password"] == "${SIP_DESK_SIP_PASSWORD}"


def test_variable_names_get_the_kind_only_when_two_kinds_share_a_key() -> None:
    live = samples.live_state()
    tool = live.items[Kind.TOOL][0]
    tool["function"]["name"] = "support"
    tool["server"]["credentialId"] = samples.CRED_MANAGED
    names = sorted(v.name for v in build_export(live).variables)
    assert "ASSISTANT_SUPPORT_SERVER_SECRET" in names
    assert "TOOL_SUPPORT_SERVER_SECRET" in names
    assert "SUPPORT_SERVER_SECRET" not in names


def test_server_assigned_nulls_and_documented_defaults_are_left_out() -> None:
    sections = build_export(samples.live_state()).sections
    support = sections["assistants"]["support"]
    for field in ("id", "orgId", "createdAt", "updatedAt", "isServerUrlSecretSet"):
        assert field not in support
    assert "voicemailMessage" not in support  # null: not set
    assert "latestVersion" not in sections["tools"]["lookup-order"]
    assert "smsEnabled" not in sections["phoneNumbers"]["main-line"]
    assert "numberE164CheckEnabled" not in sections["phoneNumbers"]["14155552222"]
    assert "status" not in sections["phoneNumbers"]["main-line"]
    assert sections["org"] == {
        "name": "Acme Voice",
        "billingLimit": 500,
        "channel": "default",
        "concurrencyLimit": 10,
        "hipaaEnabled": False,
        "server": {"timeoutSeconds": 20, "url": "https://hooks.example.com/vapi"},
    }


def test_a_non_default_value_is_kept() -> None:
    live = samples.live_state()
    live.items[Kind.PHONE_NUMBER][0]["smsEnabled"] = False
    live.items[Kind.PHONE_NUMBER][1]["numberE164CheckEnabled"] = False
    phones = build_export(live).sections["phoneNumbers"]
    assert phones["main-line"]["smsEnabled"] is False
    assert phones["14155552222"]["numberE164CheckEnabled"] is False


def test_name_is_written_only_when_it_differs_from_the_key() -> None:
    sections = build_export(samples.live_state()).sections
    assert "name" not in sections["assistants"]["support"]
    assert sections["assistants"]["billing"]["name"] == "Billing"
    assert sections["squads"]["triage-squad"]["name"] == "Triage Squad"
    # Tools keep their identity explicit.
    assert sections["tools"]["lookup-order"]["function"]["name"] == "lookup_order"
    assert sections["tools"]["create-ticket"]["name"] == "Create_Ticket"


def test_references_to_resources_not_exported_stay_raw_and_are_reported() -> None:
    result = build_export(samples.live_state(), {Kind.ASSISTANT, Kind.PHONE_NUMBER})
    assert set(result.sections) == {"assistants", "phoneNumbers"}
    model = result.sections["assistants"]["support"]["model"]
    assert model["toolIds"] == [samples.TOOL_API, samples.TOOL_LOOKUP]
    assert result.sections["phoneNumbers"]["14155552222"]["squadId"] == samples.SQUAD_TRIAGE
    assert any("model.toolIds" in note for note in result.notes)
    assert any(samples.SQUAD_TRIAGE in note for note in result.notes)


def test_pin_ids_pins_every_entry_but_the_org() -> None:
    sections = build_export(samples.live_state(), pin_ids=True).sections
    assert "id" not in sections["org"]
    assert sections["assistants"]["support"]["id"] == samples.ASST_SUPPORT
    assert next(iter(sections["assistants"]["support"])) == "id"
    for section in ("tools", "assistants", "squads", "phoneNumbers"):
        assert all("id" in entry for entry in sections[section].values())


def test_only_resources_plan_could_not_tell_apart_are_pinned() -> None:
    live = samples.live_state()
    for index in (1, 2):  # two nameless tools of one type, alike in every field
        live.items[Kind.TOOL].append(
            {"id": f"end-{index}", "createdAt": f"2026-03-0{index}", "type": "endCall"}
        )
    twin = dict(live.items[Kind.SQUAD][0], id="squad-twin", createdAt="2026-03-01")
    live.items[Kind.SQUAD].append(twin)
    live.items[Kind.ASSISTANT].append({"id": "nameless", "createdAt": "2026-03-01"})
    result = build_export(live)
    assert result.sections["tools"]["endcall-1"]["id"] == "end-1"
    assert result.sections["tools"]["endcall-2"]["id"] == "end-2"
    squads = result.sections["squads"]
    assert squads["triage-squad"]["id"] == samples.SQUAD_TRIAGE
    assert squads["triage-squad-2"]["id"] == "squad-twin"
    # An unnamed assistant is found by its content: no pin, no raw id.
    assert result.sections["assistants"]["assistant-1"] == {"name": None}
    assert "id" not in result.sections["assistants"]["support"]
    assert sum("pinned" in note for note in result.notes) == 4


def test_nameless_tools_that_differ_are_not_pinned() -> None:
    live = samples.live_state()
    for index in (1, 2):
        destination = {"type": "number", "number": f"+1415555000{index}"}
        live.items[Kind.TOOL].append(
            {
                "id": f"tr-{index}",
                "createdAt": f"2026-03-0{index}",
                "type": "transferCall",
                "destinations": [destination],
            }
        )
    tools = build_export(live).sections["tools"]
    assert all("id" not in tools[key] for key in ("transfercall-1", "transfercall-2"))


def test_a_single_nameless_tool_is_found_by_its_type_and_not_pinned() -> None:
    live = samples.live_state()
    live.items[Kind.TOOL].append({"id": "end-1", "createdAt": "2026-03-01", "type": "endCall"})
    assert build_export(live).sections["tools"]["endcall-1"] == {"type": "endCall"}


def test_unnamed_resource_stays_unnamed() -> None:
    # Without `name: null` the loader would name the entry after its key (DESIGN.md §3).
    result = build_export(samples.live_state())
    assert result.sections["phoneNumbers"]["14155552222"]["name"] is None


def test_twilio_number_with_an_api_key_asks_for_key_and_secret() -> None:
    live = samples.live_state()
    live.items[Kind.PHONE_NUMBER][0]["twilioApiKey"] = "SK0123"
    result = build_export(live)
    phone = result.sections["phoneNumbers"]["main-line"]
    assert phone["twilioApiKey"] == "${MAIN_LINE_TWILIO_API_KEY}"
    assert phone["twilioApiSecret"] == "${MAIN_LINE_TWILIO_API_SECRET}"
    assert "twilioAuthToken" not in phone


def test_an_exported_id_left_where_no_key_reference_exists_is_reported() -> None:
    live = samples.live_state()
    member = live.items[Kind.SQUAD][0]["members"][0]
    member["assistantDestinations"].append(
        {"type": "assistant", "assistantId": samples.ASST_BILLING}
    )
    result = build_export(live)
    destinations = result.sections["squads"]["triage-squad"]["members"][0]["assistantDestinations"]
    assert destinations[1]["assistantId"] == samples.ASST_BILLING  # kept: the plan compares it
    assert (
        "squad/triage-squad members[0].assistantDestinations[1].assistantId: "
        "raw id of assistant/billing kept (no key reference here)."
    ) in result.notes


def test_tools_after_the_last_unexported_one_still_become_keys() -> None:
    live = samples.live_state()
    model = live.items[Kind.ASSISTANT][0]["model"]
    model["toolIds"] = [samples.TOOL_API, "gone-tool", samples.TOOL_LOOKUP, samples.TOOL_TRANSFER]
    result = build_export(live)
    exported = result.sections["assistants"]["support"]["model"]
    # The plan sends toolIds then model.tools: this keeps the live order exactly.
    assert exported["toolIds"] == [samples.TOOL_API, "gone-tool"]
    assert exported["tools"] == ["lookup-order", "transfercall-1"]
    assert any("gone-tool" in note and "2 of 4" in note for note in result.notes)
