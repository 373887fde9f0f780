"""TeX math in Markdown: kept away from Markdown, converted to MathML, TeX source as fallback.

Formulas are cut out of the text before Markdown runs (so `a_i * b_j` never turns into
emphasis and no backslash is lost), each is converted with latex2mathml, and the MathML is
put back into Markdown's HTML. latex2mathml's own serialiser does not escape text
(`\\text{<b>}` comes out as a real tag), so the element tree is serialised here, keeping only
the tags and attributes of MATHML_TAGS and MATHML_ATTRIBUTES; the caller's sanitiser uses the
same lists.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

import markdown

from .link_brackets import use_fast_brackets
from .markdown_scans import use_fast_scans

# What latex2mathml produces that is harmless; maction, href, style and class are left out.
MATHML_TAGS = frozenset({
    "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace",
    "msub", "msup", "msubsup", "mfrac", "msqrt", "mroot", "mstyle", "mover", "munder",
    "munderover", "mtable", "mtr", "mtd", "menclose", "mpadded", "mphantom", "merror",
})
_COMMON = {"mathvariant", "mathsize", "mathcolor", "mathbackground", "displaystyle",
           "scriptlevel"}
MATHML_ATTRIBUTES: dict[str, set[str]] = {tag: set(_COMMON) for tag in MATHML_TAGS}
MATHML_ATTRIBUTES["math"] |= {"xmlns", "display"}
MATHML_ATTRIBUTES["annotation"] |= {"encoding"}
MATHML_ATTRIBUTES["mo"] |= {"stretchy", "fence", "form", "separator", "accent", "lspace",
                            "rspace", "minsize", "maxsize", "movablelimits", "largeop"}
MATHML_ATTRIBUTES["mfrac"] |= {"linethickness"}
MATHML_ATTRIBUTES["mspace"] |= {"width", "height", "depth", "linebreak"}
MATHML_ATTRIBUTES["mpadded"] |= {"width", "height", "depth", "lspace", "voffset"}
MATHML_ATTRIBUTES["menclose"] |= {"notation"}
MATHML_ATTRIBUTES["mover"] |= {"accent"}
MATHML_ATTRIBUTES["munder"] |= {"accentunder"}
MATHML_ATTRIBUTES["munderover"] |= {"accent", "accentunder"}
MATHML_ATTRIBUTES["mtable"] |= {"rowspacing", "columnspacing", "columnalign", "rowalign",
                                "columnlines", "rowlines", "frame", "framespacing"}
MATHML_ATTRIBUTES["mtd"] |= {"columnalign", "rowalign", "columnspan", "rowspan"}

_FORMULA = re.compile(
    r"(?:"
    r"(?P<code>(?P<ticks>`+)[\s\S]+?(?P=ticks))"
    r"|\$\$(?P<dollars2>[\s\S]+?)\$\$"
    r"|\\\[(?P<bracket>[\s\S]+?)\\\]"
    r"|\\\((?P<paren>[\s\S]+?)\\\)"
    r"|(?P<escaped>\\\$)"
    r"|(?P<backslash>\\\\)"
    # Inline $...$ as pandoc reads it: no space inside the dollars, no digit right after, so
    # "costs $5 and $10" stays text; no blank line inside.
    r"|\$(?=\S)(?P<dollar>(?:\\.|[^$\\\n]|\n(?![ \t]*\n))+?)(?<=\S)\$(?!\d)"
    r")"
)
# Where a formula (or a code span, an escape) can start: _FORMULA is tried only there. re
# cannot skip ahead to a pattern whose alternatives start with groups, and tried it at
# every character of a text.
_FORMULA_START = re.compile(r"[`$\\]")
_ENTITY = re.compile(r"&#x([0-9A-Fa-f]+);")
# Standard LaTeX that latex2mathml does not know, spelled in commands it does know.
_ALIASES = {r"\arg": r"\operatorname{arg}"}
_ALIAS = re.compile("|".join(re.escape(a) for a in _ALIASES) + r"(?![A-Za-z])")
_TEXT_ESCAPE = re.compile(r"\\([%&$#_{} ])")  # \% in \text{} means %, but it is kept as \%
_COMMAND = re.compile(r"\\[A-Za-z]+|\\.?")


@dataclass(frozen=True)
class Formula:
    """One formula of a text: its TeX body, its source with delimiters and where it starts."""

    tex: str
    source: str
    display: bool
    line: int


@dataclass(frozen=True)
class MathWarning:
    """A formula shown as TeX source; line counts from 1 at the start of the text given."""

    line: int
    message: str


Piece = str | Formula  # text as written, or a formula


def split_math(text: str, *, code: bool = True) -> list[Piece]:
    """Cut text into text and formulas; an escaped dollar becomes a plain '$'.

    With code=True, `code spans` are text even when they hold dollars, as in Markdown.
    """
    pieces: list[Piece] = []
    position = start = 0
    while (found := _FORMULA_START.search(text, start)) is not None:
        start = found.start() + 1
        match = _FORMULA.match(text, found.start())
        if match is None:
            continue
        kind = match.lastgroup if match.group("code") is None else "code"
        if kind == "code" and not code:
            continue  # in a title, backticks are text: go on inside them
        pieces.append(text[position:match.start()])
        pieces.append(_piece(match, kind, text.count("\n", 0, match.start()) + 1))
        position = start = match.end()
    pieces.append(text[position:])
    return [p for p in pieces if p != ""]


def _piece(match: re.Match[str], kind: str | None, line: int) -> Piece:
    """The piece one match of _FORMULA stands for."""
    if kind == "escaped":
        return "$"
    if kind in ("code", "backslash"):
        return match.group()
    body = match.group(kind or "")
    return Formula(body.strip(), match.group(), kind in ("dollars2", "bracket"), line)


def to_mathml(formula: Formula) -> tuple[str, MathWarning | None]:
    """MathML for a formula, or its escaped TeX source and a warning saying why not."""
    # Imported here: loading latex2mathml's symbol tables costs more than building a small
    # site, and most abstracts have no formula.
    from latex2mathml.converter import convert_to_element

    tex = _ALIAS.sub(lambda m: _ALIASES[m.group()], formula.tex)
    try:
        tree = convert_to_element(tex, display="block" if formula.display else "inline")
    except Exception as error:  # latex2mathml raises many unrelated types on bad input
        return _fallback(formula, f"{type(error).__name__} {error}".strip())
    for element in tree.iter("mtext"):
        element.text = _TEXT_ESCAPE.sub(r"\1", element.text or "")
    unknown = _unknown_command(tree)
    if unknown:
        return _fallback(formula, f"unknown command {unknown}")
    return _serialise(tree), None


def _fallback(formula: Formula, reason: str) -> tuple[str, MathWarning]:
    """The TeX source shown as code, and the warning that says so."""
    message = f"cannot convert {formula.source} to MathML ({reason}); it is shown as TeX source"
    return f"<code>{html.escape(formula.source)}</code>", MathWarning(formula.line, message)


def _unknown_command(tree: Element) -> str | None:
    """latex2mathml prints commands it does not know as text: find the first such one."""
    for element in tree.iter():
        text = _decode(element.text or "")
        if "\\" in text:
            found = _COMMAND.search(text)
            return found.group() if found else "\\"
    return None


def _decode(text: str) -> str:
    """latex2mathml stores symbols as '&#x...;' references inside its text: decode them."""
    return _ENTITY.sub(lambda m: _character(m.group(1)), text)


def _character(hex_digits: str) -> str:
    """The character of a hexadecimal code point; U+FFFD where there is none."""
    code = int(hex_digits, 16)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def _serialise(element: Element) -> str:
    """Well-formed, escaped MathML with only the allowed tags and attributes."""
    tag = element.tag
    inner = html.escape(_decode(element.text or ""), quote=False)
    inner += "".join(_serialise(child) for child in element)
    tail = html.escape(_decode(element.tail or ""), quote=False)
    if tag not in MATHML_TAGS:
        return inner + tail  # keep the content of an element we drop, as a sanitiser would
    allowed = MATHML_ATTRIBUTES[tag]
    attributes = "".join(
        f' {name}="{html.escape(value)}"'
        for name, value in element.attrib.items() if name in allowed
    )
    return f"<{tag}{attributes}>{inner}</{tag}>{tail}"


def render_markdown_with_math(
    text: str, convert: Callable[[str], str] | None = None
) -> tuple[str, list[MathWarning]]:
    """Markdown to HTML with every formula as MathML; convert is the Markdown converter."""
    html, _, warnings = convert_markdown_with_math(text, convert or _markdown, plain=False)
    return html, warnings


def convert_markdown_with_math(
    text: str, convert: Callable[[str], str], *, plain: bool
) -> tuple[str, str | None, list[MathWarning]]:
    """Markdown to HTML with every formula as MathML, and with plain=True the text of that
    same conversion as plain_text gives it (formulas as TeX), without converting twice.

    Only the caller knows whether its converter reads this text as plain_text's does.
    """
    pieces = split_math(text)
    rendered: list[str] = []
    sources: list[str] = []
    warnings: list[MathWarning] = []
    for piece in pieces:
        if isinstance(piece, Formula):
            mathml, warning = to_mathml(piece)
            rendered.append(mathml)
            sources.append(html.escape(piece.source))
            warnings.extend([warning] if warning else [])
        else:
            rendered.append(piece)
            sources.append(piece)
    converted, fill = _with_placeholders(text, pieces, rendered, convert)
    if not plain:
        return fill(converted, rendered), None, warnings
    text_only = _text_of(fill(converted, sources), markdown_tags_only="<" not in text)
    return fill(converted, rendered), text_only, warnings


def _with_placeholders(
    text: str, pieces: list[Piece], rendered: list[str], to_html: Callable[[str], str]
) -> tuple[str, Callable[[str, list[str]], str]]:
    """Run Markdown over the text parts only, formulas held by placeholders; the function
    returned puts a list of replacements (one per piece) in the placeholders' place."""
    prefix = _placeholder_prefix(text)
    source = "".join(
        f"{prefix}{i}x" if isinstance(piece, Formula) or piece == "$" else rendered[i]
        for i, piece in enumerate(pieces)
    )
    pattern = re.compile(re.escape(prefix) + r"(\d+)x")

    def fill(converted: str, replacements: list[str]) -> str:
        return pattern.sub(lambda m: replacements[int(m.group(1))], converted)

    return to_html(source), fill


def _placeholder_prefix(text: str) -> str:
    """Letters Markdown leaves alone and the text does not contain."""
    prefix = "mathph"
    while prefix in text:
        prefix += "q"
    return prefix


def _markdown(text: str) -> str:
    """Python-Markdown with default settings, for callers that bring no converter."""
    return _default_markdown().reset().convert(text)


@functools.cache
def _default_markdown() -> markdown.Markdown:
    """One Markdown instance per process: building one costs more than a conversion."""
    return use_fast_scans(use_fast_brackets(markdown.Markdown(output_format="html")))


def render_text_with_math(text: str) -> tuple[str, list[MathWarning]]:
    """HTML for a one-line text such as a title: escaped text and MathML, no Markdown."""
    parts: list[str] = []
    warnings: list[MathWarning] = []
    for piece in split_math(text, code=False):
        if isinstance(piece, Formula):
            mathml, warning = to_mathml(piece)
            parts.append(mathml)
            warnings.extend([warning] if warning else [])
        else:
            parts.append(html.escape(piece, quote=False))
    return "".join(parts), warnings


def plain_text(text: str, *, markdown_source: bool = True) -> str:
    """Text without markup for meta tags and JSON-LD: formulas keep their TeX source."""
    if not markdown_source:
        return _plain_title(text)
    known = _PLAIN.get(text)  # first: the page's conversion left it there (render_math)
    if known is not None:
        return known
    if not _MARKDOWN_SYNTAX.search(text):
        return " ".join(text.split())  # nothing Markdown would change
    known = _plain_markdown(text)
    remember_plain_text(text, known)
    return known


def remember_plain_text(text: str, plain: str) -> None:
    """Keep plain_text(text), found while converting text (convert_markdown_with_math)."""
    if len(_PLAIN) >= _PLAIN_KEPT:
        _PLAIN.clear()  # asked for while one paper is made: older texts are not asked again
    _PLAIN[text] = plain


# Characters and line starts that may mean something to Markdown (or are formulas).
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<>&#!|~$]|^[ \t]*(?:[-+=>]|\d+[.)])", re.MULTILINE)
# plain_text of Markdown texts, remembered: a page asks for one abstract several times.
_PLAIN: dict[str, str] = {}
_PLAIN_KEPT = 256  # bounded: a worker sees thousands of abstracts, a preview every edit of one


@functools.lru_cache(maxsize=4096)
def _plain_title(text: str) -> str:
    """plain_text of a one-line text; remembered, as a page shows a title several times."""
    pieces = split_math(text, code=False)
    flat = "".join(p.source if isinstance(p, Formula) else p for p in pieces)
    return " ".join(flat.split())


def _plain_markdown(text: str) -> str:
    """plain_text of Markdown, converted with Python-Markdown's default settings."""
    return convert_markdown_with_math(text, _markdown, plain=True)[1] or ""


def _text_of(html_text: str, *, markdown_tags_only: bool = False) -> str:
    """The text of converted Markdown, on one line.

    markdown_tags_only says the HTML holds only tags Python-Markdown wrote (its source had no
    '<': no raw HTML, no autolink). Their attribute values have '<' and '>' escaped, so each
    tag ends at the first '>', and a pattern finds them in a third of the time an
    HTMLParser takes, with the same text (tests/test_plain_once.py).
    """
    if not markdown_tags_only:
        return " ".join(_TextOnly.extract(html_text).split())
    pieces = _MARKDOWN_TAG.split(html_text)  # text, tag name, text, tag name, ..., text
    pieces[::2] = [html.unescape(piece) for piece in pieces[::2]]  # as HTMLParser: text by text
    pieces[1::2] = [" " if name.lower() in _BLOCKS else "" for name in pieces[1::2]]
    return " ".join("".join(pieces).split())


_BLOCKS = frozenset(
    "p div li br h1 h2 h3 h4 h5 h6 blockquote pre ul ol table tr td th hr dd dt".split())
_MARKDOWN_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)[^>]*>")


class _TextOnly(HTMLParser):
    """Collect the text of an HTML fragment, with a space between block elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append(" ")

    @classmethod
    def extract(cls, fragment: str) -> str:
        """The fragment's text."""
        parser = cls()
        parser.feed(fragment)
        parser.close()
        return "".join(parser.parts)
