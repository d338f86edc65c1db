"""Run vapictl and write the process's own peak RSS (kB) to a file at exit:
`python benchmarks/peak_rss.py OUT.txt plan -f DIR ...`.

Why not `ru_maxrss` from wait4: Linux carries the parent's high-water mark across
fork and exec into the child's `ru_maxrss`, so a child of a large benchmark process
reported 686 MB for a plan whose own peak is a fraction of that. `VmHWM` in
/proc/self/status belongs to the current address space only, which exec replaces.
"""

from __future__ import annotations

import atexit
import sys
from pathlib import Path


def _write_peak(out: Path) -> None:
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            out.write_text(line.split()[1] + "\n", encoding="ascii")


def main() -> None:
    out = Path(sys.argv[1])
    atexit.register(_write_peak, out)
    sys.argv = ["vapictl", *sys.argv[2:]]
    from vapictl.__main__ import main as vapictl_main

    vapictl_main()


if __name__ == "__main__":
    main()
