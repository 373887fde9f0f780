"""The live preview in a real Chromium: every save shows in the open page without navigating."""

from __future__ import annotations

import random
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


# Counts the pages the preview parses whole; a patch of one entry parses only that entry.
COUNT_WHOLE_PARSES = """() => {
  window.wholeParses = 0;
  const Parser = window.DOMParser;
  window.DOMParser = class extends Parser {
    parseFromString(...args) { window.wholeParses += 1; return super.parseFromString(...args); }
  };
}"""


def open_and_wait_for_the_copy(page: Page, served: Served) -> None:
    """Open the profile page and wait for the preview's copy of its HTML (fetched on load)."""
    with page.expect_request_finished(lambda request: request.url == served.url
                                      and request.resource_type == "fetch"):
        open_profile(page, served)
    page.evaluate(COUNT_WHOLE_PARSES)


def as_loaded_anew(page: Page, served: Served) -> tuple[str, str]:
    """The open page's title and body, and the same of the page opened anew in another tab."""
    other = page.context.new_page()
    try:
        other.goto(page.url)
        fresh = (other.title(), other.evaluate("document.body.innerHTML"))
    finally:
        other.close()
    return (page.title(), page.evaluate("document.body.innerHTML")), fresh


def test_an_abstract_edit_patches_its_entry_without_parsing_the_whole_page(
    page: Page, served: Served,
) -> None:
    open_and_wait_for_the_copy(page, served)
    name = "content/papers/paying-less-generalization-tax.md"
    source = served.read(name)
    front, _, _ = source.rpartition("---\n")
    served.save(name, f"{front}---\n\nAn abstract patched as one entry.\n")
    expect(page.locator("body")).to_contain_text("An abstract patched as one entry.", timeout=WAIT)
    assert page.evaluate("window.wholeParses") == 0
    assert not was_reloaded(page)
    shown, fresh = as_loaded_anew(page, served)
    assert shown == fresh


def test_every_kind_of_edit_leaves_the_page_as_a_fresh_load_shows_it(
    page: Page, served: Served,
) -> None:
    """Patched a part at a time or whole, the page equals the page loaded anew after each save."""
    open_and_wait_for_the_copy(page, served)
    tax = "content/papers/paying-less-generalization-tax.md"
    renamed = served.read(tax).replace('title: "', 'title: "Renamed: ', 1)
    edits = [
        (tax, renamed, "Renamed: "),
        (tax, renamed.replace("citations: 0", "citations: 10", 1), "10 Citations"),
        ("content/papers/a-new-one.md", "---\ntitle: A New One\ndate: 2026-04-01\nauthors:\n"
         "  - L. Guan\n---\n\nA new paper in the list.\n", "A New One"),
        (PAPER, with_abstract(served, "Its abstract rewritten, *with emphasis*."),
         "Its abstract rewritten"),
    ]
    for name, text, shows in edits:
        served.save(name, text)
        expect(page.locator("body")).to_contain_text(shows, timeout=WAIT)
        shown, fresh = as_loaded_anew(page, served)
        assert shown == fresh, f"after saving {name}"
    assert not was_reloaded(page)


# Each pair's old HTML parsed, patched part by part to the new where the preview would: the
# result must be the new HTML parsed whole, or the old left as it was (isEqualNode: the same
# nodes, attributes in any order).
PATCH_OR_LEAVE = """(pairs) => {
  const plugin = window.LiveReload.plugins.find(p => p.constructor.identifier === "scholarsite");
  const parse = text => new DOMParser().parseFromString(text, "text/html");
  const wrong = [];
  let patched = 0;
  pairs.forEach(([old, now], i) => {
    const page = parse(old);
    const done = plugin.constructor.patchPart(page, old, now);
    patched += done ? 1 : 0;
    if (!page.documentElement.isEqualNode(parse(done ? now : old).documentElement)) {
      wrong.push([i, done]);
    }
  });
  return [wrong, patched];
}"""
PIECES = ["<b>bold</b>", "plain words", "<div>", "</div>", "</li>", "<li>", "<p>", "</ol>",
          "<br/>", "<span/>", "<!-- note -->", "&amp;", '<li id="copy">', ' id="x"', "<i>",
          "<script>1</script>", "<svg><path/></svg>", "<table><tr><td>cell", "</p>", "<a>",
          '<li class="paper" id="paying-less-generalization-tax">', ">", "<", '"', "</section>",
          "<template>t</template>", "<title>t</title>", "<meta charset=utf-8>"]


def test_a_page_patched_part_by_part_equals_the_new_page_or_stays_as_it_was(
    page: Page, served: Served,
) -> None:
    """The checks before patching a part hold for any change: random edits of the profile page
    (well-formed or not, in <head> or <body>) give either the new page exactly, or no patch."""
    open_profile(page, served)
    status, _, body = served.get("/")
    assert status == 200
    old = body.decode()
    regions = [(old.index('<li class="paper"'), old.index("</ol>")),  # the papers, mostly
               (old.index("<body"), len(old)), (0, len(old))]
    rng = random.Random(7)

    def edited(text: str) -> str:
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            start, end = rng.choices(regions, weights=[6, 3, 1])[0]
            at = rng.randrange(start, min(end, len(text)))
            if rng.random() < 0.5:  # between two tags, where elements start and end
                at = text.find(">", at) + 1 or at
            cut = rng.choice([0, 0, 1, 5, 40])
            piece = rng.choice(PIECES if rng.random() < 0.5 else ["plain words", "<b>b</b>", ""])
            text = text[:at] + piece + text[at + cut:]
        return text

    second = old.index('<li class="paper"', regions[0][0] + 1)
    third = old.index('<li class="paper"', second + 1)
    abstract = old.index("<p>", second) + 3
    # The second and third papers given twice, one pair after the other: an edit of the second
    # pair must not be made to the first, which getElementById finds.
    end = old.index("</ol>")
    repeated = old[:end] + old[second:end] + old[end:]
    again = repeated.index("<p>", end) + 3
    twice = old.replace('<main id="content">',  # an id given twice: the first is not the entry
                        '<main id="content"><i id="paying-less-generalization-tax"></i>', 1)
    pairs = [
        (old, old[:second] + "<p>Between two papers.</p>\n" + old[second:]),
        (old, old[:second] + old[third:]),
        (old, old[:second] + old[second:third] * 2 + old[third:]),
        (old, old[:abstract] + "New words. " + old[abstract:]),
        (twice, twice.replace(old[abstract:abstract + 20], "New words. ", 1)),
        (repeated, repeated[:again] + "New words. " + repeated[again:]),
    ]
    for number in range(400):
        before = old if number % 4 else edited(old)  # a page that is itself odd, at times
        pairs.append((before, edited(before)))
    wrong, patched = page.evaluate(PATCH_OR_LEAVE, pairs)
    assert wrong == []
    assert patched > len(pairs) // 10, "the part-by-part patch was hardly ever tried"
