"""The official Vapi Python SDK (a client nobody here wrote) works against the emulator.

The SDK parses every response into its typed (pydantic) models; a field of the wrong
shape would fail there. Its first use builds large models, hence the `slow` mark."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest

from vapictl.emulator.server import EmulatorServer

if TYPE_CHECKING:
    from vapi import Vapi

# The SDK takes seconds to import (thousands of pydantic models), so every import of it
# happens inside the tests: collecting this module, or deselecting `slow`, stays cheap.


# One worker imports the SDK once for all of them (`make unit` runs --dist loadgroup).
# Untraced: coverage tracing makes the SDK's model building three times slower (pydantic
# walks its schemas in millions of calls); these tests check the emulator's answers.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("vapi-sdk"),
    pytest.mark.usefixtures("coverage_paused"),
]


_deferred = False


def _build_sdk_models_on_first_use() -> None:
    """Complete each SDK model when it is first used, not all ~1,200 at import.

    Every generated module ends with `update_forward_refs(Model, **names)`, which
    completes the model at once: its schema takes in everything it reaches, so the
    import re-walks the same schemas ~1,200 times (60-90 s of CPU over these tests).
    Here the names are put where pydantic looks for them (the model's module) and the
    model is completed by pydantic itself on first validation; `construct`, which parses
    responses without validating them, only has its fields' annotations resolved first.
    """
    global _deferred
    if _deferred:
        return
    _deferred = True
    import vapi.core.pydantic_utilities as sdk_pydantic
    import vapi.core.unchecked_base_model as sdk_unchecked

    def remember_forward_refs(model: type, **localns: object) -> None:
        namespace = vars(sys.modules[model.__module__])
        for name, value in localns.items():
            namespace.setdefault(name, value)

    # Both bases: UncheckedBaseModel keeps its own copy of the config it was made with.
    for base in (sdk_pydantic.UniversalBaseModel, sdk_unchecked.UncheckedBaseModel):
        base.model_config["defer_build"] = True
    sdk_pydantic.update_forward_refs = remember_forward_refs  # type: ignore[assignment]
    construct = sdk_unchecked.UncheckedBaseModel.construct.__func__  # type: ignore[attr-defined]

    def complete_then_construct(cls: Any, *args: Any, **values: Any) -> Any:
        _complete_fields(cls)
        return construct(cls, *args, **values)

    sdk_unchecked.UncheckedBaseModel.construct = classmethod(complete_then_construct)  # type: ignore[method-assign,assignment]


def _complete_fields(cls: Any) -> None:
    """Resolve the model's field annotations, which `construct` reads, without building
    its validator: construct validates nothing itself (the union members it tries are
    validated, and pydantic builds those as they come). Building each response model's
    whole schema cost ~10 s of CPU over these tests. Falls back to the full build if
    pydantic's internals move."""
    if cls.__pydantic_fields_complete__:
        return
    try:
        from pydantic._internal import _config, _fields, _generics, _model_construction
        from pydantic._internal._namespace_utils import NsResolver

        parent = _model_construction.unpack_lenient_weakvaluedict(cls.__pydantic_parent_namespace__)
        cls.__pydantic_fields__ = _fields.rebuild_model_fields(
            cls,
            config_wrapper=_config.ConfigWrapper(cls.model_config, check=False),
            ns_resolver=NsResolver(parent_namespace=parent or {}),
            typevars_map=_generics.get_model_typevars_map(cls),
        )
    except (ImportError, AttributeError, TypeError):
        cls.model_rebuild()


@pytest.fixture
def sdk(emulator: EmulatorServer) -> Iterator[Vapi]:
    _build_sdk_models_on_first_use()
    from vapi import Vapi

    yield Vapi(token=emulator.api_key, base_url=emulator.url, timeout=10)


def test_sdk_tool_lifecycle(sdk: Vapi) -> None:
    from vapi.core.api_error import ApiError
    from vapi.tools.types import (
        CreateToolsRequest_ApiRequest,
        CreateToolsRequest_Function,
        UpdateToolsRequestBody_Function,
    )
    from vapi.types import OpenAiFunction, Server

    created = sdk.tools.create(
        request=CreateToolsRequest_Function(
            function=OpenAiFunction(name="lookup_order", description="Find an order"),
            server=Server(url="https://example.com/tools"),
        )
    )
    assert created.type == "function" and isinstance(created.created_at, datetime)
    assert created.function is not None and created.function.name == "lookup_order"
    api_tool = sdk.tools.create(
        request=CreateToolsRequest_ApiRequest(
            method="POST", url="https://example.com/api", name="ticket"
        )
    )
    assert api_tool.type == "apiRequest" and api_tool.method == "POST"
    listed = sdk.tools.list(limit=10)
    assert [t.id for t in listed] == [api_tool.id, created.id]
    assert listed[1].type == "function" and listed[1].function is not None
    fetched = sdk.tools.get(created.id)
    assert fetched.type == "function" and fetched.created_at == created.created_at
    updated = sdk.tools.update(
        created.id,
        request=UpdateToolsRequestBody_Function(function=OpenAiFunction(name="find_order")),
    )
    assert updated.type == "function"
    assert updated.function is not None and updated.function.name == "find_order"
    assert updated.server is not None and updated.server.url == "https://example.com/tools"
    deleted = sdk.tools.delete(created.id)
    assert deleted.id == created.id
    with pytest.raises(ApiError) as caught:
        sdk.tools.get(created.id)
    assert caught.value.status_code == 404


def test_sdk_assistant_lifecycle(sdk: Vapi) -> None:
    from vapi.types import Assistant, OpenAiModel

    created = sdk.assistants.create(
        name="support",
        first_message="Hi!",
        first_message_mode="assistant-waits-for-user",
        model=OpenAiModel(provider="openai", model="gpt-4o", temperature=0.3),
        metadata={"managedBy": "vapictl"},
    )
    assert isinstance(created, Assistant)
    assert created.first_message_mode == "assistant-waits-for-user"
    assert created.model is not None and created.model.provider == "openai"
    assert created.model.model == "gpt-4o" and created.model.temperature == 0.3
    assert created.metadata == {"managedBy": "vapictl"}
    later = sdk.assistants.create(name="sales")
    assert [a.id for a in sdk.assistants.list()] == [later.id, created.id]
    # The SDK sends datetimes as filters; they must page exactly.
    older = sdk.assistants.list(created_at_lt=later.created_at)
    assert [a.id for a in older] == [created.id]
    assert sdk.assistants.list(created_at_gt=later.created_at - timedelta(microseconds=1)) != []
    updated = sdk.assistants.update(created.id, name="support-2")
    assert updated.name == "support-2" and updated.first_message == "Hi!"
    assert sdk.assistants.get(created.id).name == "support-2"
    assert sdk.assistants.delete(created.id).id == created.id
    assert [a.id for a in sdk.assistants.list()] == [later.id]


def test_sdk_phone_number_lifecycle(sdk: Vapi) -> None:
    from vapi.phone_numbers.types import (
        CreatePhoneNumbersRequest_ByoPhoneNumber,
        CreatePhoneNumbersRequest_Twilio,
        CreatePhoneNumbersRequest_Vapi,
        UpdatePhoneNumbersRequestBody_ByoPhoneNumber,
        UpdatePhoneNumbersRequestBody_Vapi,
    )

    byo = sdk.phone_numbers.create(
        request=CreatePhoneNumbersRequest_ByoPhoneNumber(
            number="+14155551234", credential_id="00000000-0000-4000-8000-000000000001", name="main"
        )
    )
    assert byo.provider == "byo-phone-number" and byo.status == "active"
    twilio = sdk.phone_numbers.create(
        request=CreatePhoneNumbersRequest_Twilio(
            number="+14155551235", twilio_account_sid="AC123", twilio_auth_token="secret-token"
        )
    )
    assert twilio.provider == "twilio" and twilio.twilio_auth_token is None
    free = sdk.phone_numbers.create(
        request=CreatePhoneNumbersRequest_Vapi(number_desired_area_code="415")
    )
    assert free.provider == "vapi" and free.number is not None and free.number.startswith("+1415")
    listed = sdk.phone_numbers.list()
    assert [p.id for p in listed] == [free.id, twilio.id, byo.id]
    assert sdk.phone_numbers.get(twilio.id).provider == "twilio"
    assert listed[1].provider == "twilio" and listed[1].twilio_account_sid == "AC123"
    page = sdk.phone_numbers.phone_number_controller_find_all_paginated(limit=2)
    assert page.metadata.total_items == 3 and len(page.results) == 2
    renamed = sdk.phone_numbers.update(
        byo.id, request=UpdatePhoneNumbersRequestBody_ByoPhoneNumber(name="main line")
    )
    assert renamed.provider == "byo-phone-number" and renamed.name == "main line"
    assert renamed.number == "+14155551234"
    sip = sdk.phone_numbers.update(
        free.id, request=UpdatePhoneNumbersRequestBody_Vapi(name="free line")
    )
    assert sip.provider == "vapi" and sip.name == "free line"
    for phone in (byo, twilio, free):
        assert sdk.phone_numbers.delete(phone.id).id == phone.id
    assert sdk.phone_numbers.list() == []


def test_sdk_sees_validation_errors_as_400(sdk: Vapi) -> None:
    from vapi.core.api_error import ApiError

    with pytest.raises(ApiError) as caught:
        sdk.assistants.create(name="x" * 41)
    assert caught.value.status_code == 400
    assert caught.value.body["message"] == ["name must be shorter than or equal to 40 characters"]


def test_sdk_with_a_wrong_key_gets_401(emulator: EmulatorServer) -> None:
    _build_sdk_models_on_first_use()
    from vapi import Vapi
    from vapi.core.api_error import ApiError

    with pytest.raises(ApiError) as caught:
        Vapi(token="wrong", base_url=emulator.url, timeout=10).assistants.list()
    assert caught.value.status_code == 401


def test_sdk_squad_lifecycle_and_id_any(sdk: Vapi) -> None:
    from vapi.types import SquadMemberDto

    helper = sdk.assistants.create(name="helper")
    squads = [
        sdk.squads.create(name=f"triage-{n}", members=[SquadMemberDto(assistant_id=helper.id)])
        for n in range(3)
    ]
    assert squads[0].members[0].assistant_id == helper.id
    # The SDK repeats `idAny` for a list; both values count, and before `limit`.
    picked = sdk.squads.list(id_any=[squads[0].id, squads[1].id], limit=2)
    assert [s.id for s in picked] == [squads[1].id, squads[0].id]
    renamed = sdk.squads.update(
        squads[0].id, name="triage", members=[SquadMemberDto(assistant_id=helper.id)]
    )
    assert renamed.name == "triage" and sdk.squads.get(squads[0].id).name == "triage"
    for squad in squads:
        assert sdk.squads.delete(squad.id).id == squad.id
    assert sdk.squads.list() == []


def test_sdk_round_trips_the_newer_kinds(sdk: Vapi) -> None:
    from vapi.types import (
        CreateAssistantDto,
        EvaluationPlanItem,
        JsonSchema,
        NumberComparatorScorecardMetricCondition,
        ScorecardMetric,
    )

    so = sdk.structured_outputs.structured_output_controller_create(
        name="csat", schema=JsonSchema(type="number")
    )
    page = sdk.structured_outputs.structured_output_controller_find_all(limit=10)
    assert [r.id for r in page.results] == [so.id] and page.metadata.total_items == 1
    retyped = sdk.structured_outputs.structured_output_controller_update(
        so.id, schema_override="true", schema=JsonSchema(type="integer")
    )
    assert retyped.schema_.type == "integer"
    condition = NumberComparatorScorecardMetricCondition(
        type="comparator", comparator=">=", value=4, points=100
    )
    card = sdk.observability_scorecard.scorecard_controller_create(
        name="quality",
        metrics=[ScorecardMetric(structured_output_id=so.id, conditions=[condition])],
    )
    assert sdk.observability_scorecard.scorecard_controller_get(card.id).name == "quality"
    personalities = sdk.simulation_personalities.personality_controller_find_all()
    assert len(personalities) == 7 and all(p.org_id is None for p in personalities)
    mine = sdk.simulation_personalities.personality_controller_create(
        name="Terse Tom", assistant=CreateAssistantDto(name="tester")
    )
    scenario = sdk.simulation_scenarios.scenario_controller_create(
        name="refund",
        instructions="Ask for a refund.",
        evaluations=[EvaluationPlanItem(structured_output_id=so.id, comparator=">", value=3)],
    )
    simulation = sdk.simulations.simulation_controller_create(
        scenario_id=scenario.id, personality_id=mine.id, name="refund-tom"
    )
    suite = sdk.simulation_suites.simulation_suite_controller_create(
        name="nightly", simulation_ids=[simulation.id]
    )
    assert suite.target_assignments == []
    found = sdk.simulations.simulation_controller_find_all(id_any=[simulation.id])
    assert [s.id for s in found] == [simulation.id]
    uploaded = sdk.files.create(file=("faq.txt", b"Hours: 9-5", "text/plain"))
    assert uploaded.original_name == "faq.txt" and uploaded.bytes == 10
    base = sdk.knowledge_bases_v_2.knowledge_base_v_2_controller_create(name="FAQ")
    sdk.knowledge_bases_v_2.knowledge_base_v_2_controller_file_attach(base.id, file_id=uploaded.id)
    with_files = sdk.knowledge_bases_v_2.knowledge_base_v_2_controller_find_one(base.id)
    assert [f.file_id for f in with_files.files] == [uploaded.id]
    assert with_files.tool_id in {t.id for t in sdk.tools.list()}
    for remove, doc_id in (
        (sdk.simulation_suites.simulation_suite_controller_remove, suite.id),
        (sdk.simulations.simulation_controller_remove, simulation.id),
        (sdk.simulation_scenarios.scenario_controller_remove, scenario.id),
        (sdk.simulation_personalities.personality_controller_remove, mine.id),
        (sdk.observability_scorecard.scorecard_controller_remove, card.id),
        (sdk.structured_outputs.structured_output_controller_remove, so.id),
        (sdk.knowledge_bases_v_2.knowledge_base_v_2_controller_remove, base.id),
        (sdk.files.delete, uploaded.id),
    ):
        assert remove(doc_id).id == doc_id
