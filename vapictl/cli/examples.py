"""Examples shown at the end of each command's `--help` (a test runs them through the
same checker as the README's commands, so they cannot name an option that is gone)."""

from __future__ import annotations

EXAMPLES: dict[str, list[tuple[str, str]]] = {
    "validate": [
        ("vapictl validate -e prod", "base/ + overlays/prod/"),
        ("vapictl validate -f manifests/ -o json", "machine-readable"),
        ("vapictl validate -e prod -o codequality > gl-code-quality-report.json", "GitLab"),
    ],
    "schema": [("vapictl schema > vapictl.schema.json", "for editors")],
    "plan": [
        ("vapictl plan -e staging", ""),
        ("vapictl plan -e prod --out prod.vapiplan", "save it for `vapictl apply FILE`"),
        ("vapictl plan -e prod -o markdown > plan.md", "a PR comment, capped to fit"),
        ("vapictl plan -e prod --detailed-exitcode -q", "exit 2 when there are changes"),
        ("vapictl plan --local -f examples/basic", "against the embedded emulator"),
    ],
    "apply": [
        ("vapictl apply -e staging", "asks before changing anything"),
        ("vapictl apply prod.vapiplan", "exactly the reviewed plan, if not stale"),
        ("vapictl apply -e prod --auto-approve -o json > apply.json", "CI"),
    ],
    "drift": [
        ("vapictl drift -e prod", "exit 2 on drift"),
        ("vapictl drift -e prod -q --notify https://hooks.slack.com/...", "cron: silent if none"),
        ("vapictl drift -e prod --prune -o json", "also list unmanaged resources"),
    ],
    "pull": [
        ("vapictl pull -e prod --dry-run", "show what would be written"),
        ("vapictl pull -e prod --target 'assistant/*'", ""),
    ],
    "rollback": [
        ("vapictl rollback --list", "the snapshots of this org"),
        ("vapictl rollback", "undo the latest apply (asks first)"),
    ],
    "routes": [
        ("vapictl routes -e prod", "which URL receives each event"),
        ("vapictl routes -e prod --live --strict", "exit 1 on routing warnings"),
    ],
    "probe": [
        ("vapictl probe -e staging --dry-run", "list the requests it would send"),
        ("vapictl probe -e staging", "send them and judge the answers"),
    ],
    "export": [
        ("vapictl export -d manifests/", "one file per kind"),
        ("vapictl export -d manifests/ --vars-file .env.example", "and the variables to set"),
    ],
    "init": [
        ("vapictl init my-vapi-config", "GitHub Actions recipe"),
        ("vapictl init my-vapi-config --ci gitlab -e staging -e prod", ""),
    ],
    "emulator serve": [
        ("vapictl emulator serve --port 8787", ""),
        ("vapictl emulator serve --latency-ms 200 --fault-rate 0.1", "practise failures"),
    ],
    "emulator reset": [("vapictl emulator reset", "forget the --local state")],
}


def epilog(command: str) -> str:
    """The "Examples:" block (paragraphs, so help keeps one example per line)."""
    lines = [f"{example}{'  # ' + note if note else ''}" for example, note in EXAMPLES[command]]
    return "Examples:\n\n" + "\n\n".join(lines)
