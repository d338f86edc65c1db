"""One function per benchmark; each returns plain dicts that run.py tabulates and saves.

Everything runs against a real `EmulatorServer` over HTTP on loopback, with the
latency the caller asks for, and the real vapictl code paths (in-process, or the
CLI as a subprocess where start-up and process memory are part of the figure).
"""

from __future__ import annotations

import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

from benchmarks.emulator_process import RunningEmulator, emulator_process, fresh_store
from benchmarks.orgs import SeededOrg, assistant_body, prompt_text, seed_org, write_manifests
from vapictl import gc_pause
from vapictl.api.client import VapiClient
from vapictl.apischema import check_request
from vapictl.emulator.storage import Store
from vapictl.engine.desired import desired_resources
from vapictl.engine.live import LISTED_KINDS, LiveState, read_live_state
from vapictl.engine.plan import build_plan
from vapictl.engine.refs import substitute
from vapictl.engine.session import load_while_reading
from vapictl.errors import Location
from vapictl.manifest import load as load_module
from vapictl.manifest.load import load_manifests
from vapictl.manifest.spec_check import PLACEHOLDER_ID, spec_problems
from vapictl.manifest.types import Manifest, Resource, Settings
from vapictl.model import SPECS, Kind

API_KEY = "bench-emulator-key"
PARALLELISM = 10  # Terraform's default -parallelism, used for both sides of the comparison
BIN = Path(sys.executable).parent
VAPICTL = str(BIN / "vapictl")


def _client(server: RunningEmulator, **options: Any) -> VapiClient:
    return VapiClient(server.url, API_KEY, parallelism=PARALLELISM, **options)


def _seeded(work: Path, name: str, size: int) -> tuple[Path, SeededOrg]:
    db = work / f"{name}.sqlite3"
    store = fresh_store(db)
    try:
        org = seed_org(store, work / name, size)
    finally:
        store.close()
    return db, org


def _mb(value: float) -> float:
    return round(value / 1_000_000, 1)


# -- plan vs per-resource refresh ---------------------------------------------------


def plan_vs_refresh(
    work: Path, size: int, latency_ms: float, *, refresh: bool, repeats: int = 1
) -> dict[str, Any]:
    """Plan an org of `size` resources (all declared, live identical) in-process, then
    the Terraform-style refresh of the same org: list to discover ids, one GET each.
    The plan runs `repeats` times and the median run is reported (a shared machine is
    noisy: one 2,000-resource load once took 3.1 s against a usual 1.2 s)."""
    db, org = _seeded(work, f"plan-{size}", size)
    with emulator_process(db, API_KEY, latency_ms=latency_ms) as server:
        runs = []
        for _ in range(repeats):
            with _as_in_the_cli():
                runs.append(_timed_plan(server, org))
        row = sorted(runs, key=lambda run: float(run["plan_seconds"]))[len(runs) // 2]
        row["plan_samples_seconds"] = [run["plan_seconds"] for run in runs]
        row["tracemalloc_peak_mb"] = _traced_plan_peak(server, org.manifest_dir)
        if refresh:
            row.update(_refresh(server))
            row["ratio"] = round(row["refresh_seconds"] / row["plan_seconds"], 2)
            row["ratio_read_only"] = round(row["refresh_seconds"] / row["read_and_diff_seconds"], 2)
        return row


@contextmanager
def _as_in_the_cli() -> Iterator[None]:
    """The collector as in the CLI process (vapictl/__main__.py): what a pause leaves
    alive is frozen. This process runs many plans: afterwards (untimed) it is unfrozen
    and collected."""
    gc_pause.freeze_what_survives()
    try:
        yield
    finally:
        gc_pause.freeze_what_survives(False)
        gc.unfreeze()
        gc.collect()


def _timed_plan(server: RunningEmulator, org: SeededOrg) -> dict[str, Any]:
    """The CLI's plan path (manifests load while the live org is read, then the diff),
    plus the load alone and the read + diff alone, to show where the time goes."""
    started = time.perf_counter()
    load_manifests([org.manifest_dir])
    load_seconds = time.perf_counter() - started

    before = server.count()
    started = time.perf_counter()
    with _client(server) as client:
        manifest, live = load_while_reading(lambda: load_manifests([org.manifest_dir]), client)
        plan = build_plan(manifest, live)
        client_requests = client.request_count
    plan_seconds = time.perf_counter() - started
    requests_server = server.count() - before

    started = time.perf_counter()
    with _client(server) as client:
        build_plan(manifest, read_live_state(client))
    read_and_diff_seconds = time.perf_counter() - started
    return {
        "resources": org.total,
        "counts": org.counts,
        "actions": len(plan.actions),
        "plan_seconds": round(plan_seconds, 3),
        "load_seconds": round(load_seconds, 3),
        "read_and_diff_seconds": round(read_and_diff_seconds, 3),
        "requests_client": client_requests,
        "requests_server": requests_server,
        "list_pages_expected": _pages_expected(live),
    }


def _pages_expected(live: LiveState) -> int:
    """List calls a createdAt-paged read needs, plus GET /org: a full page of 1000 means
    one more call, which re-reads the boundary item (vapictl/api/paging.py)."""
    calls = 1
    for kind in LISTED_KINDS:
        remaining, page = len(live.of(kind)), 1000
        calls += 1
        while remaining >= page:
            remaining -= page - 1  # the next page starts with the boundary item again
            calls += 1
    return calls


def _traced_plan_peak(server: RunningEmulator, manifest_dir: Path) -> float:
    """Peak Python heap of load + plan (tracemalloc slows it; timed separately)."""
    tracemalloc.start()
    try:
        manifest = load_manifests([manifest_dir])
        with _client(server) as client:
            build_plan(manifest, read_live_state(client))
        return _mb(tracemalloc.get_traced_memory()[1])
    finally:
        tracemalloc.stop()


def _refresh(server: RunningEmulator) -> dict[str, Any]:
    before = server.count()
    started = time.perf_counter()
    with _client(server) as client:
        items = [
            (SPECS[kind].api_path, item["id"])
            for kind in LISTED_KINDS
            for item in client.list_all(SPECS[kind].api_path, paging=SPECS[kind].paging)
        ]
        client.map_concurrent(lambda pair: client.get(*pair), items)
        client_requests = client.request_count
    return {
        "refresh_seconds": round(time.perf_counter() - started, 3),
        "refresh_requests": client_requests,
        "refresh_requests_server": server.count() - before,
    }


# -- plan through the CLI (wall time and process memory) ------------------------------


def plan_cli(work: Path, size: int, latency_ms: float) -> dict[str, Any]:
    """`vapictl plan -o json` as a subprocess: wall time, max RSS, and the action count."""
    db, org = _seeded(work, f"cli-{size}", size)
    with emulator_process(db, API_KEY, latency_ms=latency_ms) as server:
        out = work / f"plan-cli-{size}.json"
        peak_file = work / f"plan-cli-{size}.peak-kb"
        command = [
            sys.executable,
            str(Path(__file__).with_name("peak_rss.py")),
            str(peak_file),
            "plan",
            "-f",
            str(org.manifest_dir),
            "--base-url",
            server.url,
            "--parallelism",
            str(PARALLELISM),
            "--output",
            "json",
        ]
        before = server.count()
        seconds, code = run_measured(command, out, {"VAPI_API_KEY": API_KEY})
        rss_kb = int(peak_file.read_text()) if peak_file.exists() else 0
        actions = len(json.loads(out.read_text())["actions"]) if code == 0 else None
        return {
            "resources": org.total,
            "seconds": round(seconds, 3),
            "max_rss_mb": round(rss_kb / 1024, 1),
            "exit_code": code,
            "actions": actions,
            "requests_server": server.count() - before,
        }


def run_measured(command: list[str], stdout_path: Path, env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and exit code of one child process (stdout kept in a file)."""
    full_env = {**os.environ, "NO_COLOR": "1", "GITHUB_STEP_SUMMARY": "", **env}
    with stdout_path.open("w") as stdout:
        started = time.perf_counter()
        completed = subprocess.run(
            command, stdout=stdout, stderr=subprocess.DEVNULL, env=full_env, check=False
        )
        return time.perf_counter() - started, completed.returncode


# -- apply under a rate limit --------------------------------------------------------------


def apply_under_rate_limit(
    work: Path, updates: int, rate: float, latency_ms: float, *, client_limit: bool
) -> dict[str, Any]:
    """`vapictl apply` of `updates` assistant updates against an emulator limited to
    `rate` rps; with `--max-rps rate` (client pacing) or without (429 + Retry-After)."""
    mode = "client-limit" if client_limit else "adaptive-429"
    db = work / f"apply-{mode}.sqlite3"
    manifest_dir = work / f"apply-{mode}"
    store = fresh_store(db)
    try:
        _seed_for_updates(store, manifest_dir, updates)
    finally:
        store.close()
    with emulator_process(db, API_KEY, latency_ms=latency_ms, rate_limit=rate) as server:
        command = [
            VAPICTL,
            "apply",
            "-f",
            str(manifest_dir),
            "--auto-approve",
            "--base-url",
            server.url,
            "--parallelism",
            str(PARALLELISM),
            "--output",
            "json",
        ]
        if client_limit:
            command += ["--max-rps", str(rate)]
        seconds, code = run_measured(command, work / f"apply-{mode}.out", {"VAPI_API_KEY": API_KEY})
        floor = updates / rate
        return {
            "mode": mode,
            "updates": updates,
            "rate_limit_rps": rate,
            "seconds": round(seconds, 3),
            "floor_seconds": round(floor, 3),
            "ratio_to_floor": round(seconds / floor, 3),
            "exit_code": code,
            "requests": server.count(),
            "patches_sent": server.by_method()["PATCH"],
            "http_429": server.by_status()[429],
        }


def _seed_for_updates(store: Store, manifest_dir: Path, count: int) -> None:
    """`count` assistants live; manifests that change each one's firstMessage."""
    sections: dict[str, dict[str, Any]] = {"assistants": {}}
    with store.transaction():
        for index in range(count):
            body = assistant_body(index, "You are a helpful voice agent.", [])
            store.insert("assistant", body)
            declared = {k: v for k, v in body.items() if k != "name"}
            declared["firstMessage"] = f"Hi again from agent {index}."
            sections["assistants"][body["name"]] = declared
    write_manifests(manifest_dir, sections)


# -- CLI start-up ------------------------------------------------------------------


def startup(runs: int) -> dict[str, Any]:
    """Median wall time of `vapictl --version`, `vapictl --help` and `python -c pass`."""
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "vapictl --version": [VAPICTL, "--version"],
        "vapictl --help": [VAPICTL, "--help"],
    }
    for command in commands.values():
        subprocess.run(command, capture_output=True, check=True)  # warm the file cache
    # Interleaved, not one batch per command: on a shared machine the load drifts, and
    # back-to-back batches once showed --version at 2.0x where interleaving shows ~1.0x.
    samples: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            samples[label].append(time.perf_counter() - started)
    medians = {label: round(statistics.median(s) * 1000, 1) for label, s in samples.items()}
    bare = medians["python -c pass"]
    return {
        "runs": runs,
        "median_ms": medians,
        "version_ratio": round(medians["vapictl --version"] / bare, 2),
        "help_ratio": round(medians["vapictl --help"] / bare, 2),
    }


# -- diff CPU ------------------------------------------------------------------------


def diff_cpu(count: int, prompt_size: int) -> dict[str, Any]:
    """CPU seconds of `build_plan` for `count` assistants with `prompt_size`-character
    prompts, live identical (so every field is compared), no HTTP."""
    import random

    rng = random.Random(11)
    declared: dict[str, Resource] = {}
    live_items: list[dict[str, Any]] = []
    for index in range(count):
        body = assistant_body(index, prompt_text(rng, prompt_size), [])
        del body["model"]["toolIds"]
        key = body["name"]
        declared[key] = Resource(Kind.ASSISTANT, key, body, Location("bench.yaml", index + 1))
        live_items.append(
            {
                **json.loads(json.dumps(body)),  # a distinct copy, as decoded from the API
                "id": f"00000000-0000-4000-8000-{index:012d}",
                "orgId": "org",
                "createdAt": "2026-01-01T00:00:00.000Z",
                "updatedAt": "2026-01-01T00:00:00.000Z",
            }
        )
    manifest = Manifest(
        org=None,
        resources={Kind.ASSISTANT: declared},
        settings=Settings(),
        fixed_digest="bench",
        sources=("bench.yaml",),
    )
    live = LiveState(org={"id": "org", "name": "Bench"}, items={Kind.ASSISTANT: live_items})
    cpu_started, wall_started = time.process_time(), time.perf_counter()
    plan = build_plan(manifest, live)
    cpu = time.process_time() - cpu_started
    wall = time.perf_counter() - wall_started
    payload_mb = sum(len(json.dumps(item)) for item in live_items) / 1_000_000
    return {
        "assistants": count,
        "prompt_chars": prompt_size,
        "payload_mb": round(payload_mb, 1),
        "cpu_seconds": round(cpu, 3),
        "wall_seconds": round(wall, 3),
        "actions": len(plan.actions),
    }


# -- spec check CPU ----------------------------------------------------------------


def spec_check_cpu(work: Path, size: int, runs: int = 5) -> dict[str, Any]:
    """CPU seconds of the offline check of every entry against Vapi's request schemas
    (issue 19) for a valid `size`-resource manifest: the whole step (desired bodies +
    check) and the compiled fast path alone, each the median of `runs`."""
    manifest_dir = _seeded(work, "spec-check", size)[1].manifest_dir
    manifest = load_manifests([manifest_dir], environ=os.environ)

    def median_cpu(step: Any) -> float:
        return _median_cpu(step, runs)

    problems = list(spec_problems(manifest.org, manifest.resources))
    bodies = [
        (SPECS[d.kind].api_path, substitute(d.payload, lambda _ref: PLACEHOLDER_ID))
        for d in desired_resources(manifest)
        if d.source is not None
    ]
    return {
        "resources": size,
        "problems": len(problems),
        "step_cpu_seconds": median_cpu(lambda: _fresh_spec_problems(manifest)),
        "fast_path_cpu_seconds": median_cpu(
            lambda: [check_request(path, "create", body) for path, body in bodies]
        ),
        "load_cpu_seconds": median_cpu(lambda: load_manifests([manifest_dir], environ=os.environ)),
    }


def _fresh_spec_problems(manifest: Manifest) -> list[Any]:
    """The whole step each time: the API bodies the check builds are kept on the
    Resources for the plan (engine/desired.py shared_desired), so they are dropped first."""
    for entry in manifest.all_resources():
        entry.derived.clear()
    return list(spec_problems(manifest.org, manifest.resources))


# -- manifest load and validate CPU ----------------------------------------------------


def _median_cpu(step: Any, runs: int) -> float:
    """The median CPU seconds (`time.process_time()`) of `runs` calls of `step`, each
    with the collector as in the CLI process and its result freed after the timing:
    a manifest's API bodies point back at its entries, so without this a sample paid,
    at a random point, for the collection of an earlier sample's manifest."""
    times = []
    for _ in range(runs):
        with _as_in_the_cli():
            started = time.process_time()
            result = step()
            times.append(time.process_time() - started)
            del result
    return round(statistics.median(times), 3)


def load_cpu(work: Path, size: int, runs: int = 7) -> dict[str, Any]:
    """CPU seconds of `load_manifests` for a valid `size`-resource manifest, the median
    of `runs`: the fast path (plain_load.py) and, in the same run, the located path
    alone (what every load was before issue 17, and what still reports problems). The
    two are sampled alternately: this machine's speed moves by a third from one minute
    to the next, and ten samples of one path, then ten of the other, compared minutes."""
    manifest_dir = _seeded(work, "load-cpu", size)[1].manifest_dir

    def fast() -> Any:
        return load_manifests([manifest_dir])

    def located() -> Any:
        with mock.patch.object(load_module, "load_plain", lambda *args: None):
            return load_manifests([manifest_dir])

    fast(), located()  # compiled validators and imports are not what is measured
    samples: dict[str, list[float]] = {"fast": [], "located": []}
    for _ in range(runs):
        samples["fast"].append(_median_cpu(fast, 1))
        samples["located"].append(_median_cpu(located, 1))
    fast_cpu = round(statistics.median(samples["fast"]), 3)
    located_cpu = round(statistics.median(samples["located"]), 3)
    return {
        "resources": size,
        "fast_cpu_seconds": fast_cpu,
        "located_cpu_seconds": located_cpu,
        "speedup": round(located_cpu / fast_cpu, 2) if fast_cpu else None,
        "samples_cpu_seconds": samples,
    }


def validate_cpu(work: Path, size: int, runs: int = 5) -> dict[str, Any]:
    """CPU seconds (user + system) of `vapictl validate -f DIR` as a process, start-up
    included, for a valid `size`-resource manifest: the median of `runs`. The org's
    tool and assistant servers have no secret, so validate prints one located routing
    warning per server (1,600 at 2,000 resources): locations are part of the figure."""
    manifest_dir = _seeded(work, "validate-cpu", size)[1].manifest_dir
    one_entry = work / "validate-one"
    one_entry.mkdir(parents=True, exist_ok=True)
    (one_entry / "assistants.yaml").write_text("assistants:\n  support:\n    firstMessage: Hi\n")
    env = {**os.environ, "NO_COLOR": "1", "GITHUB_STEP_SUMMARY": ""}
    commands = {  # run interleaved: the floor under the figure, from the same minutes
        "org": [VAPICTL, "validate", "-f", str(manifest_dir)],
        "one": [VAPICTL, "validate", "-f", str(one_entry)],
        "bare": [sys.executable, "-c", "pass"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    warnings, code = 0, 0
    for _ in range(runs):
        for name, command in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            completed = subprocess.run(
                command, capture_output=True, text=True, env=env, check=False
            )
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            times[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            if name == "org":
                code = completed.returncode
                warnings = completed.stdout.count(": warning: ")
    return {
        "resources": size,
        "cpu_seconds": round(statistics.median(times["org"]), 3),
        "samples_cpu_seconds": [round(t, 3) for t in times["org"]],
        # The same command on a one-entry manifest: interpreter, imports, typer and
        # click, the command's machinery; what the org adds is the rest.
        "one_entry_cpu_seconds": round(statistics.median(times["one"]), 3),
        "interpreter_cpu_seconds": round(statistics.median(times["bare"]), 3),
        "warnings": warnings,
        "exit_code": code,
    }
