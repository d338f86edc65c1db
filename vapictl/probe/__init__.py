"""`vapictl probe`: send every webhook the message Vapi would send, and judge the answer.

The routing (`vapictl.routes`) says which URL receives each event; `targets`
turns each resolved (URL, event) into a request, `messages` shapes it as Vapi
does, `send` posts it (bounded concurrency, per-request timeout), `judge`
checks the answer against what Vapi needs, `run` adds the unsigned-request
check, and `render` shows the results grouped by URL.
"""

from vapictl.probe.render import render_dry_run_json, render_dry_run_text, render_json, render_text
from vapictl.probe.run import ProbeReport, plan_probes, run_probes
from vapictl.probe.targets import Bodies, bodies_from

__all__ = [
    "Bodies",
    "ProbeReport",
    "bodies_from",
    "plan_probes",
    "render_dry_run_json",
    "render_dry_run_text",
    "render_json",
    "render_text",
    "run_probes",
]
