"""The sanitiser keeps harmless HTML and MathML only, with or without nh3's reusable Cleaner."""

from __future__ import annotations

import nh3
import pytest

from scholarsite import markup

CASES = {
    '<p>a <script>alert(1)</script><em>b</em></p>': "<p>a <em>b</em></p>",
    '<a href="javascript:alert(1)" onclick="x">c</a>': '<a rel="noopener">c</a>',
    '<a href="https://example.org/" title="t">d</a>': (
        '<a href="https://example.org/" title="t" rel="noopener">d</a>'),
    '<img src="x" alt="y"><center>e</center>': "e",
    '<math display="block"><mi mathvariant="bold" style="x">x</mi></math>': (
        '<math display="block"><mi mathvariant="bold">x</mi></math>'),
    "<p>f\u00a0&amp; g</p>": "<p>f&nbsp;&amp; g</p>",
}


@pytest.mark.parametrize(("html", "expected"), CASES.items())
def test_sanitise(html: str, expected: str) -> None:
    assert markup.sanitise(html) == expected


@pytest.mark.parametrize(("html", "expected"), CASES.items())
def test_without_a_reusable_cleaner(
    html: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(nh3, "Cleaner", raising=False)
    assert markup._cleaner()(html) == expected
