"""Long texts out of the exported YAML, into files referenced by `!file` (issue 14).

What moves, and where (all under `prompts/`, beside the manifest files):

- an assistant's first multi-line system message -> `prompts/<assistant-key>.md`;
- any other multi-line message content (`...messages[i].content`), and any
  other text of at least LONG_TEXT_MIN_LINES lines (a tool description, a
  squad member's override prompt) -> `prompts/<entry>.<field path>.md`, where
  <entry> is the assistant key, or `<kind>-<key>` for the other sections.

The file holds the text verbatim (`!file` is never `${}`-expanded), so the `$${`
escape `build_export` put in YAML strings is undone. Names are unique and do
not depend on anything but the exported data, so a re-export of an unchanged
org writes the same files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from vapictl.model import RESOURCE_SECTIONS

PROMPTS_DIR = "prompts"
LONG_TEXT_MIN_LINES = 5  # below this, a multi-line text other than a message stays inline
_MESSAGE_CONTENT = re.compile(r"(^|\.)messages\[\d+\]\.content$")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_INDEX = re.compile(r"\[(\d+)\]")
_SYSTEM_PROMPT = re.compile(r"model\.messages\[\d+\]\.content")


class FileReference(NamedTuple):
    """A value written as `!file PATH` (the dumper in export/write.py knows it)."""

    path: str  # relative to the manifest file, e.g. "prompts/support.md"


def extract_texts(sections: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(sections with long texts replaced by FileReferences, relative path -> text)."""
    files: dict[str, str] = {}
    result: dict[str, Any] = {}
    for section, content in sections.items():
        if section == "org" and isinstance(content, Mapping):
            result[section] = _extract_entry(content, "org", files, system_prompt_name=None)
        elif section in RESOURCE_SECTIONS and isinstance(content, Mapping):
            singular = RESOURCE_SECTIONS[section].value
            result[section] = {
                key: _extract_entry(
                    entry,
                    key if section == "assistants" else f"{singular}-{key}",
                    files,
                    system_prompt_name=key if section == "assistants" else None,
                )
                for key, entry in content.items()
            }
        else:
            result[section] = content
    return result, files


def _extract_entry(
    entry: Any, prefix: str, files: dict[str, str], *, system_prompt_name: str | None
) -> Any:
    named_system_prompt = False

    def walk(value: Any, path: str) -> Any:
        nonlocal named_system_prompt
        if isinstance(value, Mapping):
            return {
                name: walk(member, f"{path}.{name}" if path else name)
                for name, member in value.items()
            }
        if isinstance(value, list):
            return [walk(member, f"{path}[{index}]") for index, member in enumerate(value)]
        if not isinstance(value, str) or not _moves(value, path):
            return value
        if (
            system_prompt_name is not None
            and not named_system_prompt
            and _SYSTEM_PROMPT.fullmatch(path)
            and _role_of(entry, path) == "system"
        ):
            named_system_prompt = True
            name = system_prompt_name
        else:
            name = prefix + "." + _INDEX.sub(r"-\1", path)  # messages[1] -> messages-1
        relative = _unique(f"{PROMPTS_DIR}/{_UNSAFE.sub('-', name).lstrip('.')}.md", files)
        # Undo build_export's `$${` escape: a file's text is never expanded.
        files[relative] = value.replace("$${", "${")
        return FileReference(relative)

    return walk(entry, "")


def _moves(text: str, path: str) -> bool:
    if "\n" not in text.rstrip("\n"):
        return False
    return bool(_MESSAGE_CONTENT.search(path)) or text.count("\n") + 1 >= LONG_TEXT_MIN_LINES


def _role_of(entry: Any, content_path: str) -> Any:
    index = int(content_path.split("[")[1].split("]")[0])
    messages = entry.get("model", {}).get("messages", []) if isinstance(entry, Mapping) else []
    return messages[index].get("role") if isinstance(messages[index], Mapping) else None


def _unique(relative: str, files: Mapping[str, str]) -> str:
    """`relative`, or with -2, -3... if taken (case-insensitively: macOS, Windows)."""
    taken = {path.lower() for path in files}
    stem, counter = relative.removesuffix(".md"), 2
    while relative.lower() in taken:
        relative = f"{stem}-{counter}.md"
        counter += 1
    return relative
