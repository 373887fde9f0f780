"""TeX math in abstracts and titles: MathML out, Markdown kept away, fallback with warnings."""

from __future__ import annotations

import markdown
import nh3
import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from scholarsite.mathtex import (
    _FORMULA,
    MATHML_ATTRIBUTES,
    MATHML_TAGS,
    Formula,
    Piece,
    _piece,
    plain_text,
    render_markdown_with_math,
    render_text_with_math,
    split_math,
)

# Abstract sentences in the style of real arXiv listings.
ARXIV_ABSTRACT = r"""We study policies $\pi_\theta$ over a state space $\mathcal{S}$ and show that
the loss $\mathcal{L}_{\text{RL}} = \frac{1}{N}\sum_{i=1}^{N} r_i$ converges at rate
$O(1/\sqrt{T})$, where the scores satisfy a_i * b_j for all $a_i * b_j > 0$.

$$\mathbb{E}_{x \sim p}\left[f(x)\right] \le \frac{L}{2}\|x\|^2$$

Training costs \$5 per run, or $10 with \(k\)-fold checks and \[ \hat{\theta} = \arg\min_\theta \ell(\theta) \]
"""


def sanitise(html: str) -> str:
    """What the page renderer does after Markdown: nh3 with the MathML lists added."""
    tags = (nh3.ALLOWED_TAGS | MATHML_TAGS) - {"img"}
    attributes = {tag: set(names) for tag, names in MATHML_ATTRIBUTES.items()}
    return nh3.clean(html, tags=tags, attributes=attributes)


def soup(html: str) -> BeautifulSoup:
    """The fragment parsed the way a browser parses it."""
    return BeautifulSoup(html, "html5lib")


def render(text: str) -> tuple[BeautifulSoup, list]:
    """Markdown with math, sanitised, parsed."""
    html, warnings = render_markdown_with_math(text)
    return soup(sanitise(html)), warnings


def test_arxiv_abstract_renders_as_mathml() -> None:
    page, warnings = render(ARXIV_ABSTRACT)
    assert warnings == []
    maths = page.find_all("math")
    assert [m["display"] for m in maths] == ["inline"] * 5 + ["block", "inline", "block"]
    assert maths[0].find("msub").find_all("mi")[0].text == "π"
    assert maths[1].find("mi").text == "𝒮"  # \mathcal{S}
    frac = maths[2].find("mfrac")
    assert [row.text for row in frac.find_all("mrow", recursive=False)] == ["1", "N"]
    assert maths[2].find("mtext").text == "RL"
    assert maths[3].find("msqrt") is not None


def test_subscripts_and_stars_never_become_emphasis() -> None:
    page, _ = render(ARXIV_ABSTRACT)
    assert page.find("em") is None
    assert "a_i * b_j for all" in page.get_text()  # outside math the text stays as written
    product = page.find_all("math")[4]
    assert [m.name for m in product.mrow.children] == ["msub", "mo", "msub", "mo", "mn"]


def test_escaped_and_lone_dollars_stay_text() -> None:
    page, warnings = render(r"Costs \$5 or $10 and $20 today; $x$ is math.")
    assert warnings == []
    text = page.get_text()
    assert "Costs $5 or $10 and $20 today" in text
    assert "\\" not in text
    assert len(page.find_all("math")) == 1


def test_code_spans_keep_their_dollars() -> None:
    page, _ = render(r"Run `echo $HOME $x$` then $y$.")
    assert page.find("code").text == "echo $HOME $x$"
    assert len(page.find_all("math")) == 1


def test_unsupported_command_falls_back_with_a_warning() -> None:
    text = "First line.\n\nThen $\\frobnicate{x}$ and $y^$ here."
    page, warnings = render(text)
    assert [w.line for w in warnings] == [3, 3]
    assert "unknown command \\frobnicate" in warnings[0].message
    assert "$\\frobnicate{x}$" in warnings[0].message
    codes = [c.text for c in page.find_all("code")]
    assert codes == ["$\\frobnicate{x}$", "$y^$"]
    assert page.find("math") is None


def test_text_command_cannot_inject_markup() -> None:
    raw, _ = render_markdown_with_math(r"Look: $\text{<script>alert(1)</script><b>x</b>}$")
    for html in (raw, sanitise(raw)):
        page = soup(html)
        assert page.find("script") is None and page.find("b") is None
        assert page.find("mtext").text == "<script>alert(1)</script><b>x</b>"


@pytest.mark.parametrize("tex", [r"\href{javascript:alert(1)}{x}", r"\style{color:red}{x}",
                                 r"\class{evil}{x}"])
def test_dangerous_attributes_are_dropped(tex: str) -> None:
    raw, _ = render_markdown_with_math(f"${tex}$")
    assert "javascript" not in raw and "style=" not in raw and "class=" not in raw
    assert soup(raw).find("math").find("mi").text == "x"


def test_every_tag_and_attribute_produced_is_allowed() -> None:
    raw, _ = render_markdown_with_math(ARXIV_ABSTRACT + r"$\begin{pmatrix}1&2\\3&4\end{pmatrix}"
                                       r" \binom{n}{k} \overline{x} \boxed{y} \sqrt[3]{z}$")
    for element in soup(raw).find("body").find_all(True):
        if element.name in MATHML_TAGS:
            assert set(element.attrs) <= MATHML_ATTRIBUTES[element.name], element.name


def test_sanitising_keeps_the_mathml() -> None:
    raw, _ = render_markdown_with_math(r"$\frac{a}{b}$")
    assert str(soup(sanitise(raw)).find("math")) == str(soup(raw).find("math"))


def test_a_custom_markdown_converter_is_used() -> None:
    md = markdown.Markdown(extensions=["sane_lists"])
    html, _ = render_markdown_with_math("1. $x_1$\n2. $x_2$", lambda s: md.reset().convert(s))
    items = soup(html).find_all("li")
    assert [li.find("msub").text for li in items] == ["x1", "x2"]


def test_titles_render_math_without_markdown() -> None:
    html, warnings = render_text_with_math(r"1. On $\mathcal{O}(n)$ & <b>bold</b> *not* \$3")
    page = soup(html)
    assert warnings == []
    assert page.find("b") is None and page.find("ol") is None and page.find("em") is None
    assert page.get_text() == "1. On 𝒪(n) & <b>bold</b> *not* $3"


def every_match(text: str) -> list[Piece]:
    """split_math(text) as re's own scan cuts it: every match of _FORMULA, left to right."""
    pieces: list[Piece] = []
    position = 0
    for match in _FORMULA.finditer(text):
        kind = match.lastgroup if match.group("code") is None else "code"
        pieces += [text[position:match.start()],
                   _piece(match, kind, text.count("\n", 0, match.start()) + 1)]
        position = match.end()
    return [piece for piece in [*pieces, text[position:]] if piece != ""]


@settings(max_examples=2000, derandomize=True, database=None)
@given(st.text(alphabet="`$\\[]()a 5\n", max_size=40))
def test_split_math_tries_the_pattern_only_where_it_can_match(text: str) -> None:
    assert split_math(text) == every_match(text)


def test_a_titles_backticks_are_text_and_formulas_inside_them_are_formulas() -> None:
    html, warnings = render_text_with_math(r"On `$\alpha$` and ``$x$ `code`")
    assert warnings == []
    assert soup(html).get_text() == "On `α` and ``x `code`"
    assert [p.tex for p in split_math("`$a$` `` $b$", code=False) if isinstance(p, Formula)] == [
        "a", "b"]
    assert not any(isinstance(p, Formula) for p in split_math("`$a$`"))  # Markdown: code


def test_plain_text_keeps_tex_source_without_markup() -> None:
    assert plain_text("We *study* $a_i * b_j$ for \\$5.\n\n<b>Bold</b> &amp; more") == \
        "We study $a_i * b_j$ for $5. Bold & more"
    assert plain_text(r"1. On $x<y$ \$3", markdown_source=False) == "1. On $x<y$ $3"


def test_split_math_reports_lines_and_kinds() -> None:
    pieces = split_math("a\n$$x$$ \\(y\\)\n\\[z\\] $w$")
    formulas = [p for p in pieces if isinstance(p, Formula)]
    assert [(f.tex, f.display, f.line) for f in formulas] == [
        ("x", True, 2), ("y", False, 2), ("z", True, 3), ("w", False, 3)]


def test_a_paragraph_break_ends_an_inline_formula() -> None:
    assert not any(isinstance(p, Formula) for p in split_math("$a\n\nb$"))


def test_standard_commands_latex2mathml_lacks_are_spelled_for_it() -> None:
    page, warnings = render(r"$\hat\theta = \arg\min_\theta \ell$ and $\text{50\% \& more}$")
    assert warnings == []
    assert "arg" in [mo.text for mo in page.find_all("math")[0].find_all("mo")]
    assert page.find("mtext").text == "50%\xa0&\xa0more"


@pytest.mark.parametrize("text", [
    "Plain words (with parentheses), numbers 3.5% and quotes \"x\".",
    "Two\n\nparagraphs   with  spaces.",
    "Ünïcödé, 李明 and em-dashes — fine.",
])
def test_the_shortcut_for_plain_abstracts_agrees_with_markdown(text: str) -> None:
    from scholarsite.mathtex import _plain_markdown
    assert plain_text(text) == _plain_markdown(text)
