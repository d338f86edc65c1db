"""The simulation stack: built-in personalities, simulations' references, suites."""

from __future__ import annotations

from vapictl.emulator.http import bad_request
from vapictl.emulator.quirks.base import Hooks, Params
from vapictl.emulator.storage import Document, ListQuery, Store

PERSONALITY = "eval/simulation/personality"
SCENARIO = "eval/simulation/scenario"
SIMULATION = "eval/simulation"
SUITE = "eval/simulation/suite"

_SEEDED_AT = "2026-03-31T00:00:00.000Z"  # simulations' alpha launch [CL 2026-03-31]
# Vapi seeds every org with these 7 (`orgId: null`, fixed uuids; CONFIG-KINDS §3.3). The
# display names are the inferred form of gitops' slugs; the prompts are the emulator's own.
_BUILT_IN = (
    ("Confused Carl", "You are easily confused and often ask the agent to repeat or clarify."),
    ("Decisive Derek", "You know exactly what you want and expect quick, direct answers."),
    ("Emotional Eva", "You are upset about your problem and need reassurance."),
    ("Impatient Irene", "You are in a hurry and become irritated by delays."),
    ("Multitasking Maya", "You are doing other things and sometimes miss what is said."),
    ("Rambling Roger", "You give long, wandering answers with extra detail."),
    ("Skeptical Sam", "You doubt what the agent says and ask for proof."),
)


def _built_in(number: int, name: str, prompt: str) -> Document:
    return {
        "id": f"a0000000-0000-4000-8000-00000000000{number}",
        "orgId": None,
        "name": name,
        "assistant": {
            "model": {
                "provider": "openai",
                "model": "gpt-4o",
                "messages": [{"role": "system", "content": prompt}],
            },
            "voice": {"provider": "vapi", "voiceId": "Elliot"},
            "transcriber": {"provider": "deepgram", "language": "en"},
        },
        "createdAt": _SEEDED_AT,
        "updatedAt": _SEEDED_AT,
    }


BUILT_IN_PERSONALITIES: tuple[Document, ...] = tuple(
    _built_in(number, name, prompt) for number, (name, prompt) in enumerate(_BUILT_IN, start=1)
)


def _check_references(store: Store, body: Document) -> None:
    """A simulation's scenario and personality must exist (400 at create, per gitops)."""
    errors = [
        f"{field} {body[field]} not found"
        for field, kind in (("scenarioId", SCENARIO), ("personalityId", PERSONALITY))
        if isinstance(body.get(field), str) and store.get(kind, body[field]) is None
    ]
    if errors:
        raise bad_request(errors)


def _check_update(store: Store, body: Document, _stored: Document, _params: Params) -> None:
    _check_references(store, body)


def _suite_members(store: Store, params: Params) -> tuple[str, ...]:
    """`standaloneOnly=true`: leave out simulations some suite lists."""
    if params.get("standaloneOnly", [""])[-1] != "true":
        return ()
    suites = store.list(SUITE, ListQuery(limit=-1))
    return tuple(sorted({str(i) for s in suites for i in s.get("simulationIds") or ()}))


def _check_standalone_flag(params: Params) -> None:
    value = params.get("standaloneOnly")
    if value and value[-1] not in ("true", "false"):
        raise bad_request(["standaloneOnly must be a boolean value"])


def _list_excludes(store: Store, params: Params) -> tuple[str, ...]:
    _check_standalone_flag(params)
    return _suite_members(store, params)


PERSONALITY_HOOKS = Hooks(seeds=BUILT_IN_PERSONALITIES)
SIMULATION_HOOKS = Hooks(
    check_create=_check_references, check_update=_check_update, list_excludes=_list_excludes
)
# A suite always answers with `targetAssignments` (required in SimulationSuite [OAS]).
SUITE_HOOKS = Hooks(server_fields={"targetAssignments": []})
