"""multipart/form-data bodies (POST /file), parsed with the stdlib email parser."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP

from vapictl.emulator.http import bad_request


@dataclass(frozen=True)
class Upload:
    """A file part: its client-side name, declared type and bytes."""

    filename: str
    mimetype: str
    content: bytes


def parse_form(content_type: str, raw: bytes) -> dict[str, object]:
    """Text fields as strings, file parts as `Upload`s (the last part of a name wins)."""
    if "boundary=" not in content_type:
        raise bad_request("Multipart: Boundary not found")
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + raw)
    if not message.is_multipart():
        raise bad_request("Multipart: Boundary not found")
    form: dict[str, object] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        form[name] = _value(part)
    return form


def _value(part: Message) -> object:
    payload = part.get_payload(decode=True)
    content = payload if isinstance(payload, bytes) else b""
    filename = part.get_filename()
    if filename is None:
        return content.decode("utf-8", errors="replace")
    return Upload(filename, part.get_content_type(), content)
