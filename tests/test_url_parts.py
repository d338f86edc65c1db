"""url_parts answers as urlsplit does, for the URLs its regex reads and all others."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vapictl.url_parts import _PLAIN, url_parts


def _urlsplit_parts(value: str) -> tuple[str, str, str] | None:
    try:
        split = urlsplit(value)
        return split.scheme, split.netloc, split.hostname or ""
    except ValueError:
        return None


@pytest.mark.parametrize(
    "value",
    [
        "https://example.com/vapi",
        "http://Tools-1.Example.COM:8080/vapi/tools?x=1#frag",
        "https://localhost",
        "https://a.localhost:3000/",
        "https://example.com?x=1",
        "https://user:pw@example.com/x",
        "HTTPS://EXAMPLE.COM/",
        "https://exa mple.com/",
        "https://example.com/a b",
        "https://example.com/a\\b",
        "https://[::1]:8080/x",
        "https://[::1/x",
        "https://example.com:99999999/",
        "https:///path",
        "ftp://example.com/",
        " https://example.com/",
        "https://example.com/\t",
        "https://ex\u00e4mple.com/",
        "example.com/vapi",
        "",
    ],
)
def test_the_parts_are_urlsplits(value: str) -> None:
    assert url_parts(value) == _urlsplit_parts(value)


def test_the_usual_url_is_read_by_the_regex() -> None:
    assert _PLAIN.fullmatch("https://agents-12.example.com:8443/vapi/hook?x=1&y=%20#z")


@given(
    st.text(
        alphabet=st.sampled_from([*"htps:/.-@[]?#%\\ Ab0129:", "\u00e4", "\t", "\n"]),
        max_size=40,
    ).map(lambda tail: "https://" + tail)
)
def test_any_text_after_a_scheme_gets_urlsplits_parts(value: str) -> None:
    assert url_parts(value) == _urlsplit_parts(value)
