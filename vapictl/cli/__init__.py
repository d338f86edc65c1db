"""The typer application: commands only, no logic (STYLE.md §1).

Each command lives in its own module and only parses options, calls the core,
renders, and maps errors to exit codes. Heavy imports (httpx, yaml, rich)
happen inside command bodies so that `--help` stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import Any

import click
import typer
from typer.core import TyperGroup

from vapictl import __version__
from vapictl.cli import apply as apply_cmd
from vapictl.cli import drift as drift_cmd
from vapictl.cli import emulator as emulator_cmd
from vapictl.cli import export as export_cmd
from vapictl.cli import init as init_cmd
from vapictl.cli import plan as plan_cmd
from vapictl.cli import probe as probe_cmd
from vapictl.cli import pull as pull_cmd
from vapictl.cli import rollback as rollback_cmd
from vapictl.cli import routes as routes_cmd
from vapictl.cli import validate as validate_cmd
from vapictl.cli.examples import epilog
from vapictl.cli.global_options import hoist_global_flags, is_global_flag
from vapictl.cli.output import configure_output, print_error, report_bug
from vapictl.summary import APP_HELP, COMMANDS, option


class _VapictlGroup(TyperGroup):
    """Maps every failure to vapictl's exit codes, for real runs and CliRunner alike."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_flags(self, args))

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as exc:
            exc.__dict__["exit_code"] = 1  # click's 2 would read as "changes" (STYLE.md §13)
            raise

    def invoke(self, ctx: click.Context) -> Any:
        from vapictl.cli.ci_report import annotate
        from vapictl.errors import ManifestError, VapictlError

        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            exc.__dict__["exit_code"] = 1
            raise
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            print_error("Interrupted.")
            raise click.exceptions.Exit(130) from None
        except BrokenPipeError:
            # The reader went away (`vapictl plan | head`): stop quietly, like other tools.
            _silence_stdout()
            raise click.exceptions.Exit(141) from None
        except VapictlError as exc:
            print_error(str(exc))
            if isinstance(exc, ManifestError):  # also on the pull request's diff, in Actions
                annotate(exc.diagnostics, f"vapictl {ctx.invoked_subcommand or ''}".strip())
            raise click.exceptions.Exit(exc.exit_code) from None
        except Exception as exc:  # a bug: short message, traceback only with -v
            report_bug(exc)
            raise click.exceptions.Exit(1) from None


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _typer_app() -> typer.Typer:
    return typer.Typer(
        name="vapictl",
        cls=_VapictlGroup,
        help=APP_HELP,
        no_args_is_help=True,
        suggest_commands=False,  # click (>= 8.2) already says "Did you mean 'apply'?"
        pretty_exceptions_enable=False,  # a crash must never print locals (API keys, secrets)
        pretty_exceptions_show_locals=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


app = _typer_app()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vapictl {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        callback=_version,
        is_eager=True,
        help=option("--version").help,
    ),
    no_color: bool = typer.Option(
        False,
        "--no-color",
        envvar=option("--no-color").envvar,
        help=option("--no-color").help,
    ),
    quiet: bool = typer.Option(
        False,
        "--quiet",
        "-q",
        envvar=option("--quiet").envvar,
        help=option("--quiet").help,
    ),
    verbose: int = typer.Option(
        0,
        "--verbose",
        "-v",
        count=True,
        metavar="",  # a repeatable flag, not a number: -v, -vv
        envvar=option("--verbose").envvar,
        show_default=False,
        help=option("--verbose").help,
    ),
) -> None:
    """Declarative configuration-as-code for Vapi."""
    configure_output(no_color=no_color, quiet=quiet, verbose=verbose)


_COMMAND_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "validate": validate_cmd.validate,
    "schema": validate_cmd.schema,
    "plan": plan_cmd.plan,
    "apply": apply_cmd.apply,
    "drift": drift_cmd.drift,
    "pull": pull_cmd.pull,
    "rollback": rollback_cmd.rollback,
    "routes": routes_cmd.routes,
    "probe": probe_cmd.probe,
    "export": export_cmd.export,
    "init": init_cmd.init,
}


def _register(target: typer.Typer, names: Iterable[str]) -> None:
    for name in names:
        target.command(name, epilog=epilog(name), help=COMMANDS[name])(_COMMAND_FUNCTIONS[name])


_register(app, _COMMAND_FUNCTIONS)
app.add_typer(emulator_cmd.app, name="emulator", help=COMMANDS["emulator"])


def app_for(args: list[str]) -> typer.Typer:
    """The app with only the command `args` name, when global flags alone come before
    it: typer turns every registered command into a click command on each run (~50 ms
    of CPU for the others, on every `vapictl validate`). Anything else (no command, a
    typo, `--help`, `emulator ...`) gets the whole app."""
    position = next((i for i, token in enumerate(args) if not token.startswith("-")), None)
    if position is None or args[position] not in _COMMAND_FUNCTIONS:
        return app
    if not all(is_global_flag(token) for token in args[:position]):
        return app
    one = _typer_app()
    one.callback()(main)
    _register(one, [args[position]])
    return one


def run() -> None:
    """Run the app: exit 0 ok, 1 error, 2 changes (plan/drift), 130 interrupted."""
    try:
        app_for(sys.argv[1:])()
    except KeyboardInterrupt:
        print_error("Interrupted.")
        sys.exit(130)
