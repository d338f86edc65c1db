"""The content of exported `files:` entries: fetched from each file's live `url`.

A file whose content cannot be fetched (no URL, a storage host that refuses, a
network error) is still exported as an entry, with a warning naming the path to
put the content at: plan then reports the missing file until it is there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from vapictl.errors import ApiError
from vapictl.export.build import Download
from vapictl.safe_files import replace_bytes

if TYPE_CHECKING:
    from vapictl.api.client import VapiClient

# Far above Vapi's advice (300 KB): only a runaway download is cut short.
MAX_DOWNLOAD_BYTES = 50 * 1024 * 1024


def download_all(
    client: VapiClient, downloads: Iterable[Download], base: Path
) -> tuple[dict[Path, bytes], list[str]]:
    """(path -> content of each file fetched, a warning for each one that was not)."""
    wanted = list(downloads)

    def fetch(download: Download) -> bytes | str:
        if download.url is None:
            return "the API gives no URL for it"
        try:
            return client.download(download.url, MAX_DOWNLOAD_BYTES)
        except ApiError as exc:
            return str(exc)

    contents: dict[Path, bytes] = {}
    missing: list[str] = []
    for download, got in zip(wanted, client.map_concurrent(fetch, wanted), strict=True):
        if isinstance(got, bytes):
            contents[base / download.path] = got
        else:
            missing.append(
                f"{download.address}: its content could not be downloaded ({got}); the "
                f"entry was written: put the file at {base / download.path} before plan."
            )
    return contents, missing


def write_contents(contents: Mapping[Path, bytes]) -> None:
    for path, data in contents.items():
        replace_bytes(path, data)
