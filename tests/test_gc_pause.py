"""The collector paused around large acyclic work; in the CLI process, what survives
a pause is frozen (kept out of the collector's scans) instead of rescanned."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator

import pytest

from vapictl import gc_pause


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc_pause._freeze = False
    gc.unfreeze()


def test_a_pause_turns_the_collector_back_on_and_freezes_nothing(unfrozen: None) -> None:
    with gc_pause.collector_paused():
        assert not gc.isenabled()
        with gc_pause.collector_paused():  # nested: only the outermost resumes
            kept = [{"n": i} for i in range(1000)]
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert kept


def test_in_the_cli_what_survives_a_pause_is_frozen(unfrozen: None) -> None:
    gc_pause.freeze_what_survives()
    with gc_pause.collector_paused():
        kept = [{"n": [i]} for i in range(1000)]
        with gc_pause.collector_paused():
            pass
        assert gc.get_freeze_count() == 0  # not at the inner pause's end
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(kept)
    assert all(gc.is_tracked(item) for item in kept)


def test_the_cli_entry_point_freezes_and_library_use_does_not() -> None:
    code = (
        "import sys; from vapictl import gc_pause, __main__\n"
        "print(gc_pause._freeze)\n"
        "sys.argv = ['vapictl', 'schema']\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        "        __main__.main()\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(gc_pause._freeze)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
