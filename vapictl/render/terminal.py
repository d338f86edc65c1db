"""Text that cannot rearrange or hijack the terminal that shows it.

Live names and keys are anyone's to choose: a U+202E (right-to-left override)
makes `evil.exe` read as something else, an ESC starts an escape sequence, a
carriage return overwrites the line. Every such character (Unicode categories
Cc and Cf, newline and tab aside) is shown as a `\\uXXXX` escape, which is
also valid inside a JSON string, so JSON output stays valid and means the same.
"""

from __future__ import annotations

import re
import unicodedata

_KEPT = frozenset("\n\t")
# Every Cc and Cf code point (Unicode 15); `_escape` re-checks the category.
# Newline and tab are left out: every line has one, and each match was a Python call.
_SUSPECT_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


# Printable ASCII, tab and newline: text of these alone has nothing to escape.
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n"


def escape_controls(text: str) -> str:
    """`text` with control and format characters (bidi overrides, ESC, CR) escaped."""
    if text.isascii() and not text.encode("ascii").translate(None, _PLAIN_ASCII):
        return text  # checked in C: the regex's large class costs ~35 ns a character
    if _SUSPECT_RE.search(text) is None:
        return text
    return _SUSPECT_RE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _KEPT or unicodedata.category(char) not in ("Cc", "Cf"):
        return char
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)  # a JSON-valid surrogate pair
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"
