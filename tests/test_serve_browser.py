"""The live preview in a real Chromium: every save shows in the open page without navigating."""

from __future__ import annotations

import re
import time

import pytest

from scholarsite.errors import SiteError
from scholarsite.stages import load_site
from serving import Served, served  # noqa: F401 (fixture)

pytest.importorskip("playwright")
from playwright.sync_api import Page, expect  # noqa: E402

pytestmark = pytest.mark.browser

PAPER = "content/papers/characterflywheel.md"
ABSTRACT_START = "This report presents CharacterFlywheel"
WAIT = 30_000  # ms; generous for a loaded machine, the speed goal lives in bench/reload.py


def open_profile(page: Page, served: Served) -> None:
    """Open the profile page once and mark its document, so a reload can be told from a patch."""
    page.goto(served.url)
    expect(page.locator("body")).to_contain_text(ABSTRACT_START)
    page.evaluate("window.openedBeforeTheSave = true")


def was_reloaded(page: Page) -> bool:
    """True when the page now shows a new document (a reload drops the mark set on opening)."""
    return page.evaluate("window.openedBeforeTheSave === undefined")


def with_abstract(served: Served, text: str) -> str:
    """The paper's file with its abstract replaced."""
    source = served.read(PAPER)
    front, _, _ = source.rpartition("---\n")
    return f"{front}---\n\n{text}\n"


def test_edited_abstract_appears_without_navigating(page: Page, served: Served) -> None:
    open_profile(page, served)
    served.save(PAPER, with_abstract(served, "A freshly edited abstract about flywheels."))
    expect(page.locator("body")).to_contain_text("A freshly edited abstract about flywheels.",
                                                 timeout=WAIT)
    expect(page.locator("body")).not_to_contain_text(ABSTRACT_START)
    assert page.url == served.url


def test_profile_is_patched_in_place_keeping_what_the_reader_did(page: Page,
                                                                  served: Served) -> None:
    """A long list re-laid out whole is slow, and would close the author lists the reader opened."""
    page.set_viewport_size({"width": 800, "height": 300})
    open_profile(page, served)
    more = page.locator("li.more summary").last
    more.click()
    page.mouse.wheel(0, 400)
    page.wait_for_function("window.scrollY >= 300")
    scrolled = page.evaluate("window.scrollY")
    served.save(PAPER, with_abstract(served, "An abstract patched into the open page."))
    expect(page.locator("body")).to_contain_text("An abstract patched into the open page.",
                                                 timeout=WAIT)
    assert not was_reloaded(page), "the whole page was reloaded"
    assert page.evaluate("window.scrollY") == scrolled
    expect(page.locator("li.more details").last).to_have_attribute("open", "")


def test_profile_edit_updates_the_title_in_place(page: Page, served: Served) -> None:
    open_profile(page, served)
    profile = served.read("content/profile.yaml")
    assert "name: L. Guan" in profile
    served.save("content/profile.yaml", profile.replace("name: L. Guan", "name: Lin Guan"))
    expect(page).to_have_title(re.compile("Lin Guan"), timeout=WAIT)
    expect(page.get_by_role("heading", level=1)).to_have_text("Lin Guan")
    assert not was_reloaded(page)


def test_page_with_scripts_is_reloaded_so_they_run_again(page: Page, served: Served) -> None:
    url = served.url + "papers/characterflywheel/"
    page.goto(url)
    expect(page.get_by_role("button", name="Copy")).not_to_have_count(0)
    page.evaluate("window.openedBeforeTheSave = true")
    served.save(PAPER, with_abstract(served, "An abstract on a page with a copy button."))
    expect(page.locator("body")).to_contain_text("An abstract on a page with a copy button.",
                                                 timeout=WAIT)
    assert was_reloaded(page)
    expect(page.get_by_role("button", name="Copy")).not_to_have_count(0)


def test_stylesheet_edit_applies(page: Page, served: Served) -> None:
    open_profile(page, served)
    css = served.read("templates/assets/style.css")
    served.save("templates/assets/style.css", css + "\nbody { outline: 3px solid rgb(1, 2, 3); }\n")
    page.wait_for_function(
        "getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'", timeout=WAIT)


def test_broken_yaml_shows_error_then_recovers(page: Page, served: Served) -> None:
    open_profile(page, served)
    good = served.read(PAPER)
    served.save(PAPER, good.replace("citations: 0", "citations: [0"))
    error = page.locator("#build-error")
    expect(error).to_contain_text(PAPER, timeout=WAIT)
    with pytest.raises(SiteError) as raised:
        load_site(served.server.paths)
    for problem in raised.value.problems:  # the same lines a build prints
        expect(error).to_contain_text(str(problem))
    assert re.search(re.escape(PAPER) + r":\d+: ", error.inner_text())

    served.save(PAPER, good)
    expect(page.locator("body")).to_contain_text(ABSTRACT_START, timeout=WAIT)
    expect(error).to_have_count(0)


def test_new_paper_is_listed(page: Page, served: Served) -> None:
    open_profile(page, served)
    served.save("content/papers/brand-new.md", "---\n".join([
        "",
        "title: A Brand New Result\ndate: 2026-04-01\nauthors:\n  - L. Guan\n",
        "\nWe found something new.\n",
    ]))
    expect(page.get_by_role("link", name="A Brand New Result")).to_be_visible(timeout=WAIT)
    page.get_by_role("link", name="A Brand New Result").click()
    expect(page.locator("body")).to_contain_text("We found something new.", timeout=WAIT)


def test_second_save_shows_after_first_reload(page: Page, served: Served) -> None:
    """livereload alone drops a reload that comes within 3 s of the previous one."""
    open_profile(page, served)
    served.save(PAPER, with_abstract(served, "First save."))
    expect(page.locator("body")).to_contain_text("First save.", timeout=WAIT)
    served.save(PAPER, with_abstract(served, "Second save."))
    expect(page.locator("body")).to_contain_text("Second save.", timeout=WAIT)


def test_two_saves_within_a_second_show_the_second(page: Page, served: Served) -> None:
    open_profile(page, served)
    served.save(PAPER, with_abstract(served, "Early save."))
    time.sleep(0.4)
    served.save(PAPER, with_abstract(served, "Late save."))
    expect(page.locator("body")).to_contain_text("Late save.", timeout=WAIT)
    expect(page.locator("body")).not_to_contain_text("Early save.")


def test_template_edit_appears(page: Page, served: Served) -> None:
    open_profile(page, served)
    base = served.read("templates/base.html")
    served.save("templates/base.html", re.sub(r"(<body[^>]*>)", r"\1<p id='marker'>Themed</p>",
                                              base, count=1))
    expect(page.locator("#marker")).to_have_text("Themed", timeout=WAIT)
