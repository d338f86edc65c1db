"""Console entry point.

`vapictl --version` and `vapictl --help` are answered before typer, rich or httpx
are imported: a CLI that CI calls hundreds of times should start about as fast as
the interpreter.
"""

import sys


def main() -> None:
    if sys.argv[1:] in (["--version"], ["-V"]):
        from vapictl import __version__

        sys.stdout.write(f"vapictl {__version__}\n")
        return
    if sys.argv[1:] in (["--help"], ["-h"]):
        from vapictl.fast_help import print_help

        print_help()
        return
    from vapictl.gc_pause import freeze_what_survives
    from vapictl.malloc_tuning import return_large_buffers

    return_large_buffers()  # before the imports' and the commands' large buffers
    freeze_what_survives()
    from vapictl.cli import run

    run()


if __name__ == "__main__":
    main()
