"""Where a plan's CPU goes, step by step: `python benchmarks/steps.py [--size 2000]`.

Seeds an org of `--size` resources (benchmarks/orgs.py) into a fresh emulator process,
then times, in CPU seconds (`time.process_time()`, the minimum and the median of
`--runs`): each step of the fast manifest load, the live read (one client,
parallelism 10, the emulator's latency), and `build_plan` on an identical org with its
match and unchanged walk, the collector as in the CLI (frozen after each read). The
figures of benchmarks/README.md "Where the time goes now" come from this script.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

from benchmarks import measure
from benchmarks.emulator_process import emulator_process
from vapictl import gc_pause
from vapictl.engine import plan as plan_module
from vapictl.engine.live import read_live_state
from vapictl.engine.plan import build_plan
from vapictl.manifest import plain_load, spec_check, validation
from vapictl.manifest.load import load_manifests

HERE = Path(__file__).resolve().parent
# The load's steps, in the order they run (plain_load.py, then validation.py).
LOAD_STEPS = (
    (plain_load, "parse_plain", "YAML: rapidyaml + json.loads + safe-subset checks"),
    (plain_load, "entry_locations", "entry locations found in the text"),
    (plain_load, "expand_plain", "variables and secrets"),
    (plain_load, "build_plain_resources", "build resources"),
    (validation, "check_schema", "manifest JSON Schema (compiled, cached)"),
    (validation, "check_entries", "entry rules"),
    (validation, "check_references", "references"),
    (validation, "check_identities", "identities"),
    (validation, "check_spec", "API bodies built + checked against Vapi's schemas"),
    (spec_check, "shared_desired", "  of which the API bodies built (engine/desired.py)"),
)
# build_plan's own steps (engine/plan.py); the rest of it is the per-resource actions,
# the checks and the cleanups. Each call of a wrapped step costs ~0.3 us more.
PLAN_STEPS = (
    (plan_module, "match_resources", "match: each entry's live twin (engine/match.py)"),
    (plan_module, "unchanged", "the unchanged walk, per resource (engine/unchanged.py)"),
)

Step = tuple[Any, str, str]


def _timed_steps(samples: dict[str, list[float]], steps: tuple[Step, ...] = LOAD_STEPS) -> None:
    """Wrap each step so that its CPU seconds are added up per run."""
    for module, name, _ in steps:
        step = getattr(module, name)

        def timed(*args: Any, _step: Any = step, _name: str = name, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return _step(*args, **kwargs)
            finally:
                samples[_name][-1] += time.process_time() - started

        setattr(module, name, timed)


def _cpu(step: Callable[[], Any], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.process_time()
        step()
        times.append(time.process_time() - started)
    return min(times), statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    args = parser.parse_args(argv)
    work = HERE / ".work"
    db, org = measure._seeded(work, f"steps-{args.size}", args.size)
    manifests = [org.manifest_dir]

    samples: dict[str, list[float]] = defaultdict(list)
    _timed_steps(samples)
    totals = []
    for run in range(args.runs + 1):  # the first: imports, the compiled validator
        for _, name, _ in LOAD_STEPS:
            samples[name].append(0.0)
        started = time.process_time()
        manifest = load_manifests(manifests)
        if run:
            totals.append(time.process_time() - started)
    print(f"{org.total} resources, CPU seconds (min / median of {args.runs})")
    print(f"  {'manifest load':58s} {min(totals):.3f} / {statistics.median(totals):.3f}")
    for _, name, label in LOAD_STEPS:
        values = samples[name][-args.runs :]
        print(f"    {label:56s} {min(values):.3f} / {statistics.median(values):.3f}")

    # The collector as in the CLI (vapictl/__main__.py): what the read leaves alive is
    # frozen, not scanned when the collector resumes (that scan is no cost of a plan).
    gc_pause.freeze_what_survives()
    with emulator_process(db, measure.API_KEY, latency_ms=args.latency_ms) as server:
        with measure._client(server) as client:
            live = read_live_state(client)

            def read() -> None:
                read_live_state(client)

            low, mid = _cpu(read, args.runs)
        print(f"  {'live read, this process (client, JSON decoding)':58s} {low:.3f} / {mid:.3f}")
    low, mid = _cpu(lambda: build_plan(manifest, live), args.runs)
    print(f"  {'build_plan (match + compare, no changes)':58s} {low:.3f} / {mid:.3f}")
    plan_samples: dict[str, list[float]] = defaultdict(list)
    _timed_steps(plan_samples, PLAN_STEPS)
    for _ in range(args.runs):
        for _, name, _ in PLAN_STEPS:
            plan_samples[name].append(0.0)
        build_plan(manifest, live)
    for _, name, label in PLAN_STEPS:
        values = plan_samples[name]
        print(f"    {label:56s} {min(values):.3f} / {statistics.median(values):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
