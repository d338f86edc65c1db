"""Per-kind behaviour beyond plain CRUD, keyed by collection kind (see `base.Hooks`).

Server-set fields: live responses carry `isServerUrlSecretSet`, `isDeleted`,
`analyticsMetadata` and `workflowIds`, undocumented (API-REFERENCE §3; gitops strips
them before diffing). Which kind carries which is not documented; the emulator sets
them where the field makes sense, so clients' code that ignores them is exercised.
"""

from __future__ import annotations

from vapictl.emulator.quirks import files, knowledge_base, simulation, structured_output, telephony
from vapictl.emulator.quirks.base import Hooks

HOOKS: dict[str, Hooks] = {
    "assistant": Hooks(
        server_fields={"isServerUrlSecretSet": False, "isDeleted": False, "analyticsMetadata": {}}
    ),
    "tool": Hooks(server_fields={"isDeleted": False}),
    "squad": Hooks(server_fields={"isDeleted": False}),
    "phone-number": telephony.PHONE_NUMBER,
    "credential": telephony.CREDENTIAL,
    "structured-output": structured_output.HOOKS,
    "eval/simulation/personality": simulation.PERSONALITY_HOOKS,
    "eval/simulation": simulation.SIMULATION_HOOKS,
    "eval/simulation/suite": simulation.SUITE_HOOKS,
    "file": files.HOOKS,
    "v2/knowledge-base": knowledge_base.HOOKS,
}
