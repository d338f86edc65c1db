"""A URL's scheme, netloc and host, without `urlsplit` for the usual http(s) URL.

The manifest checks look at every server URL (1,600 in a 2,000-resource org) twice:
the routing rules and the check against Vapi's schema. `urlsplit` takes ~6 us a URL
and its cache holds 128, so an org's URLs always miss it. A URL that is plainly
`http(s)://host[:port][/printable ASCII]` is read by one regex; anything else by
`urlsplit`, so the answer is always urlsplit's (tests/test_url_parts.py).
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urlsplit

_PLAIN = re.compile(r"(https?)://(([A-Za-z0-9.-]+)(?::[0-9]{1,5})?)(?:/[!-\[\]-~]*)?")


class UrlParts(NamedTuple):
    scheme: str  # lower case, as urlsplit gives it
    netloc: str
    hostname: str  # lower case, without a port; "" when there is none


def url_parts(value: str) -> UrlParts | None:
    """urlsplit's scheme, netloc and hostname of `value`; None where it raises."""
    plain = _PLAIN.fullmatch(value)
    if plain is not None:
        return UrlParts(plain.group(1), plain.group(2), plain.group(3).lower())
    try:
        split = urlsplit(value)
        return UrlParts(split.scheme, split.netloc, split.hostname or "")
    except ValueError:
        return None
