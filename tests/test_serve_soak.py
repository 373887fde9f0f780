"""Fifty bad edits in a row: the preview never stops, shows every error in the page, recovers.

Each step is something a researcher's editor does: a broken save, a fix, a deleted or
renamed paper, editor leftovers, a burst of saves. After every bad save the open page must
show the problem with its file within two seconds (the issue's promise), and after every fix
the site itself, without the test navigating.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from safety_report import TALLY
from serving import Served, served  # noqa: F401 (fixture)

pytest.importorskip("playwright")
from playwright.sync_api import Page, expect  # noqa: E402

pytestmark = pytest.mark.browser

PAPER = "content/papers/characterflywheel.md"
PROFILE = "content/profile.yaml"
SITE = "content/site.yaml"
TEMPLATE = "templates/paper.html"
SHOWN = 2_000  # ms: how soon an error must appear in the open page
RECOVERED = 10_000  # ms: a fix rebuilds the whole site, so it gets a looser deadline


def breakages(served: Served) -> list[tuple[str, str, Callable[[str], str]]]:
    """(file, what the page must name, how to break the file's good text)."""
    return [
        (PAPER, PAPER, lambda text: text.replace("citations: 0", "citations: [0")),
        (PAPER, PAPER, lambda text: text.replace("title:", "titel:")),
        (PAPER, PAPER, lambda text: text.replace("date: 2026-03-02", "date: 2026-13-02")),
        (PAPER, PAPER, lambda text: text.replace("---\n", "", 1)),
        (PAPER, PAPER, lambda text: text.replace("  - Lin Chen", "\t- Lin Chen")),
        (PROFILE, PROFILE, lambda text: text.replace("name:", "nmae:")),
        (PROFILE, PROFILE, lambda text: text + "metrics:\n  h_index: -1\n"),
        (SITE, SITE, lambda text: text + "base_url: name.github.io\n"),
        (TEMPLATE, TEMPLATE, lambda text: text.replace("{% endblock %}", "", 1)),
        (TEMPLATE, TEMPLATE, lambda text: text.replace("{{ paper.", "{{ paper.nothing_", 1)),
    ]


def test_fifty_bad_edits_never_stop_the_preview(page: Page, served: Served) -> None:
    page.goto(served.url)
    body, error = page.locator("body"), page.locator("#build-error")
    expect(body).to_contain_text("This report presents CharacterFlywheel")
    steps = breakages(served)
    bad_edits = 0
    for step in range(50):
        name, shown, breaks = steps[step % len(steps)]
        good = served.read(name)
        served.save(name, breaks(good))
        expect(error).to_contain_text(shown, timeout=SHOWN)
        bad_edits += 1
        TALLY.preview_edits += 1
        _disturb(served, step)
        served.save(name, good)
        expect(error).to_have_count(0, timeout=RECOVERED)
        expect(body).to_contain_text("Publications", timeout=RECOVERED)
        assert served.get("/")[0] == 200, f"step {step}: the server stopped answering"
    assert bad_edits == 50


def _disturb(served: Served, step: int) -> None:
    """While the site is broken, do what else editors and researchers do."""
    papers = served.root / "content" / "papers"
    kind = step % 4
    if kind == 0:  # editor leftovers appear and vanish
        for leftover in (".characterflywheel.md.swp", "characterflywheel.md~", "4913"):
            (papers / leftover).write_text("not a paper\n", encoding="utf-8")
        for leftover in (".characterflywheel.md.swp", "characterflywheel.md~", "4913"):
            (papers / leftover).unlink()
    elif kind == 1:  # a paper is renamed, and renamed back
        os.replace(papers / "scale-adaptive-power-flow.md", papers / "power-flow.md")
        os.replace(papers / "power-flow.md", papers / "scale-adaptive-power-flow.md")
    elif kind == 2:  # a paper is deleted, and restored
        path = papers / "paying-less-generalization-tax.md"
        text = path.read_text(encoding="utf-8")
        path.unlink()
        served.save("content/papers/paying-less-generalization-tax.md", text)
    else:  # a burst of saves of another paper
        path = "content/papers/scale-adaptive-power-flow.md"
        text = served.read(path)
        for count in range(5):
            served.save(path, text + f"\nBurst {count}.\n" * (count % 2))
        served.save(path, text)
