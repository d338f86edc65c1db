"""The typer application: commands only, no logic (STYLE.md §1).

Each command lives in its own module and only parses options, calls the core,
renders, and maps errors to exit codes. Heavy imports (httpx, yaml, rich)
happen inside command bodies so that `--help` stays fast.
"""

from __future__ import annotations

import sys
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
from vapictl.cli.global_options import hoist_global_flags
from vapictl.cli.output import configure_output, print_error, report_bug


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


app = typer.Typer(
    name="vapictl",
    cls=_VapictlGroup,
    help="Declarative configuration-as-code for Vapi: validate, plan, apply, routes, export.",
    no_args_is_help=True,
    suggest_commands=False,  # click (>= 8.2) already says "Did you mean 'apply'?"
    pretty_exceptions_enable=False,  # a crash must never print locals (API keys, secrets)
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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
        help="Show the version and exit.",
    ),
    no_color: bool = typer.Option(
        False,
        "--no-color",
        envvar="VAPICTL_NO_COLOR",
        help="Disable colours (also NO_COLOR=1).",
    ),
    quiet: bool = typer.Option(
        False,
        "--quiet",
        "-q",
        envvar="VAPICTL_QUIET",
        help="Print only errors and results; nothing at all when drift finds none.",
    ),
    verbose: int = typer.Option(
        0,
        "--verbose",
        "-v",
        count=True,
        metavar="",  # a repeatable flag, not a number: -v, -vv
        envvar="VAPICTL_VERBOSE",
        show_default=False,
        help="More detail; repeat for more (-vv: HTTP log).",
    ),
) -> None:
    """Declarative configuration-as-code for Vapi."""
    configure_output(no_color=no_color, quiet=quiet, verbose=verbose)


app.command(
    "validate",
    epilog=epilog("validate"),
    help="Check manifests offline: syntax, fields, references, secrets.",
)(validate_cmd.validate)
app.command(
    "schema", epilog=epilog("schema"), help="Print the JSON Schema of the manifest format."
)(validate_cmd.schema)
app.command(
    "plan",
    epilog=epilog("plan"),
    help="Show the API calls that would make the live org match the manifests.",
)(plan_cmd.plan)
app.command(
    "apply",
    epilog=epilog("apply"),
    help="Make the live org match the manifests (or apply a saved plan).",
)(apply_cmd.apply)
app.command(
    "drift",
    epilog=epilog("drift"),
    help="Report live changes made outside vapictl (exit 2 on drift).",
)(drift_cmd.drift)
app.command(
    "pull", epilog=epilog("pull"), help="Write live values (dashboard edits) into the manifests."
)(pull_cmd.pull)
app.command(
    "rollback", epilog=epilog("rollback"), help="Undo an apply: restore what its snapshot recorded."
)(rollback_cmd.rollback)
app.command(
    "routes",
    epilog=epilog("routes"),
    help="Show which server URL receives each event, and lint the routing.",
)(routes_cmd.routes)
app.command(
    "probe",
    epilog=epilog("probe"),
    help="Send each webhook the message Vapi would send; judge the answers.",
)(probe_cmd.probe)
app.command(
    "export", epilog=epilog("export"), help="Write manifests that reproduce an existing live org."
)(export_cmd.export)
app.command(
    "init",
    epilog=epilog("init"),
    help="Scaffold a new vapictl repository (manifests, overlays, CI).",
)(init_cmd.init)
app.add_typer(emulator_cmd.app, name="emulator", help="Run or reset the local Vapi API emulator.")


def run() -> None:
    """Run the app: exit 0 ok, 1 error, 2 changes (plan/drift), 130 interrupted."""
    try:
        app()
    except KeyboardInterrupt:
        print_error("Interrupted.")
        sys.exit(130)
