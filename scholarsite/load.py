"""Read content/ into raw documents: YAML node trees that keep every value as typed, with lines.

This is the only module that reads content files. Values stay YAML nodes so validate can
report the line of each field and read each scalar as the text the researcher typed,
never as YAML 1.1's guess (`no` -> False, `2601.18210` -> a float, `0755` -> 493).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem, display_path
from .listing import Listing, Stamp, list_content


class _TextLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's fast composer, with YAML's type guessing switched off: every scalar is text.

    Explicit tags (`!foo`, `!!binary`) still reach the nodes, so they can be refused.
    """

    def resolve(self, kind: type, value: object, implicit: object) -> str:
        if kind is ScalarNode:
            return "tag:yaml.org,2002:str"
        return "tag:yaml.org,2002:seq" if kind is SequenceNode else "tag:yaml.org,2002:map"


_Loader = _TextLoader

_PLAIN_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)
MAX_DEPTH = 32


@dataclass(frozen=True)
class Document:
    """One YAML document of a content file: its node tree and where it sits in the file."""

    path: str  # relative to the project root, as shown in messages
    root: Node | None  # None for an empty document
    line_offset: int  # add to a node's 0-based line to get the file's 1-based line

    def line(self, node: Node) -> int:
        """The 1-based line of a node in the file."""
        return node.start_mark.line + self.line_offset


@dataclass(frozen=True)
class PaperSource:
    """A paper file: its front matter and the Markdown after it."""

    slug: str
    front: Document
    body: str
    body_line: int = 1  # 1-based line of the file where body starts


@dataclass(frozen=True)
class Sources:
    """Everything read from content/, before validation."""

    site: Document | None  # site.yaml is optional
    profile: Document | None  # None when profile.yaml is missing (validate reports it)
    changed: tuple[str, ...]  # slugs of the paper files to read (read_paper): new or changed
    static_files: tuple[str, ...]
    problems: tuple[Problem, ...] = ()  # files that could not be read; validate adds its own
    stamps: dict[str, Stamp] = field(default_factory=dict)  # every paper file's stamp
    skipped: tuple[str, ...] = ()  # slugs of paper files left unread: unchanged since `known`
    pdfs: frozenset[str] = frozenset()  # slugs with a PDF of the same name in content/papers/


def read_sources(
    content: Path, root: Path, known: Mapping[str, Stamp] | None = None,
    listing: Listing | None = None,
) -> Sources:
    """Read the site's own files and tell which paper files to read; what cannot be read is
    listed in Sources.problems.

    Paper files are read one by one (read_paper), each turned into a paper before the next
    is read: a paper's node tree is many times the size of the paper, and holding every
    tree of a large site at once would leave the memory of all of them to the process.
    Those whose stamp equals the one in `known` are not read again (their slugs are listed
    in Sources.skipped), so a rebuild reads only what changed. listing is the folder's
    list_content, when the caller has it already.
    """
    problems: list[Problem] = []
    site = _read_yaml_file(content / "site.yaml", root, problems)
    profile = _read_yaml_file(content / "profile.yaml", root, problems)
    if not (content / "profile.yaml").is_file():
        problems.append(
            Problem(
                display_path(content / "profile.yaml", root),
                None,
                None,
                "file not found: every site needs a profile with at least your name "
                "(name: Your Name)",
            )
        )
    listing = listing or list_content(content)
    stamps, pdfs = listing.stamps, listing.pdfs
    known = known or {}
    skipped = tuple(slug for slug, value in stamps.items() if known.get(slug) == value)
    changed = tuple(slug for slug, value in stamps.items() if known.get(slug) != value)
    return Sources(site, profile, changed, _static_files(content / "static"), tuple(problems),
                   stamps, skipped, pdfs)


def paper_file(content: Path, root: Path, slug: str) -> str:
    """How a paper file is named in messages."""
    return f"{_papers_folder(content, root)}/{slug}.md"


@functools.lru_cache(maxsize=16)
def _papers_folder(content: Path, root: Path) -> str:
    """How content/papers/ is named in messages: worked out once for all its files, as Path
    joins and relative_to took a sixth of the time of reading a paper file."""
    return display_path(content / "papers", root)


def read_paper(content: Path, root: Path, slug: str) -> tuple[PaperSource | None, list[Problem]]:
    """One paper file of content/papers/, split into front matter and Markdown body, and
    the problems that kept it from being read."""
    problems: list[Problem] = []
    path, shown = f"{content}/papers/{slug}.md", paper_file(content, root, slug)
    return _read_paper(path, slug, shown, problems), problems


def _static_files(folder: Path) -> tuple[str, ...]:
    """Every file under content/static/, as POSIX paths relative to it, sorted."""
    if not folder.is_dir():
        return ()
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [name for name in dirnames if _publishable(name)]
        for name in filenames:
            if _publishable(name):
                found.append((Path(dirpath) / name).relative_to(folder).as_posix())
    return tuple(sorted(found))


def _publishable(name: str) -> bool:
    """Hidden files and editor leftovers stay private; .well-known/ is meant to be served."""
    if name == ".well-known":
        return True
    return not name.startswith((".", "#")) and not name.endswith(("~", ".swp", ".tmp"))


def _read_text(path: str | Path, shown: str, problems: list[Problem]) -> str | None:
    """A file's text as UTF-8 with any BOM dropped and line ends made \\n; shown is how
    messages name the file."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        problems.append(Problem(shown, None, None, f"cannot read the file: {error.strerror}"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(
            Problem(shown, line, None, "the file is not UTF-8 text: save it with UTF-8 encoding")
        )
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _read_yaml_file(path: Path, root: Path, problems: list[Problem]) -> Document | None:
    """Read a whole-file YAML document, or None when the file does not exist."""
    if not path.exists():
        return None
    shown = display_path(path, root)
    text = _read_text(path, shown, problems)
    if text is None:
        return None
    return parse_yaml(text, shown, 1, problems)


def _read_paper(path: str, slug: str, shown: str, problems: list[Problem]) -> PaperSource | None:
    """Split a paper file into front matter and Markdown body; shown is how messages name it."""
    text = _read_text(path, shown, problems)
    if text is None:
        return None
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        problems.append(
            Problem(
                shown,
                1,
                None,
                "missing front matter: the file must start with a line '---', then the "
                "paper's fields (title, date, authors...), then another '---'",
            )
        )
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        problems.append(
            Problem(shown, 1, None, "the front matter is not closed: add a line '---' after it")
        )
        return None
    front = parse_yaml("\n".join(lines[1:end]), shown, 2, problems)
    if front is None:
        return None
    rest = lines[end + 1 :]
    blank = next((i for i, line in enumerate(rest) if line != ""), len(rest))  # strip("\n")
    body = "\n".join(rest).strip("\n")
    return PaperSource(slug, front, body, end + 2 + blank)


def parse_yaml(text: str, shown: str, first_line: int, problems: list[Problem]) -> Document | None:
    """Compose YAML into nodes and check what YAML allows but content must not use."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        if "maximum nesting depth" in str(error.problem):
            # Newer libyaml stops at 1,000 levels; report it as scholarsite's own limit does.
            problems.append(Problem(shown, first_line + _too_deep_line(text), None,
                                    f"nested more than {MAX_DEPTH} levels deep"))
            return None
        mark = error.problem_mark or error.context_mark
        if "quoted scalar" in (error.context or "") and error.context_mark:
            mark = error.context_mark  # where the quote opens, not where the file ends
        line = first_line + mark.line if mark else None
        problems.append(Problem(shown, line, None, _explain_yaml_error(error, text, mark)))
        return None
    except yaml.reader.ReaderError as error:
        line = first_line + text[: error.position].count("\n")
        problems.append(Problem(shown, line, None, f"the file holds the control character "
                                f"U+{error.character:04X}, which YAML does not allow: remove it"))
        return None
    except yaml.YAMLError as error:
        problems.append(Problem(shown, None, None, f"this is not valid YAML ({error})"))
        return None
    document = Document(shown, root, first_line)
    structure = check_structure(document, text)
    problems.extend(structure)
    # A tree with aliases, tags or runaway nesting means something other than it shows:
    # reading its fields too would only add confusing follow-up messages.
    return None if structure else document


def _too_deep_line(text: str) -> int:
    """The 0-based line of the first list or mapping nested deeper than MAX_DEPTH."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH + 1:
                    return event.start_mark.line
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass
    # libyaml's scanner can stop before the parser reaches the limit: in one long line of
    # brackets, say. Then count the brackets themselves.
    depth = 0
    for number, line in enumerate(text.split("\n")):
        for char in line:
            depth += (char in "[{") - (char in "]}")
            if depth > MAX_DEPTH:
                return number
    return 0


def _explain_yaml_error(error: yaml.MarkedYAMLError, text: str, mark: yaml.Mark | None) -> str:
    """Turn a YAML parser message into words a researcher can act on."""
    problem = (error.problem or "").strip()
    line_text = text.split("\n")[mark.line] if mark and mark.line < text.count("\n") + 1 else ""
    if "\t" in line_text[: len(line_text) - len(line_text.lstrip())] or "'\\t'" in problem:
        return "this line is indented with a tab: YAML needs spaces"
    if "quoted scalar" in (error.context or "") and error.context_mark:
        return "a quoted value is not closed: add the closing quote"
    if "but found another document" in (error.context or "") + problem:
        return "a line '---' starts a second YAML document: a file holds one, remove the line"
    if "mapping values are not allowed" in problem:
        return (
            "a value contains ': ' (colon and space): put the whole value in quotes, "
            "e.g. title: \"Part 1: The Beginning\""
        )
    if "found character that cannot start any token" in problem or "'@'" in problem:
        return f"this is not valid YAML ({problem}): put the value in quotes"
    if "expected <block end>" in problem or "did not find expected" in problem:
        return f"this is not valid YAML ({problem}): check the indentation and quotes"
    return f"this is not valid YAML ({problem or error})"


def check_structure(document: Document, text: str) -> list[Problem]:
    """Reject aliases, custom tags, duplicate or non-text keys and runaway nesting."""
    problems: list[Problem] = []
    aliased = too_deep = False
    if document.root is None:
        return problems
    seen: set[int] = set()
    lines = text.split("\n")
    # Asked once: searching the whole text again for every node is quadratic in long lists.
    commented = "#" in text
    stack: list[tuple[Node, int]] = [(document.root, 0)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            aliased = True
            continue
        # Asked inline first: nearly every node is a plain one, and a document has many.
        problem = None if node.tag in _PLAIN_TAGS and depth <= MAX_DEPTH else _node_problem(
            document, node, depth)
        if problem:
            if depth <= MAX_DEPTH or not too_deep:
                problems.append(problem)
            too_deep = too_deep or depth > MAX_DEPTH
            continue
        seen.add(id(node))
        if commented and is_plain(node):
            problems.extend(_cut_by_comment(document, node, lines))
        if isinstance(node, MappingNode):
            problems.extend(_duplicate_keys(document, node))
            stack.extend((child, depth + 1) for pair in node.value for child in pair)
        elif isinstance(node, SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
    if aliased:
        problems.extend(_alias_problems(document, text))
    return problems


def is_plain(node: Node) -> bool:
    """An unquoted scalar (libyaml marks it '' where the pure-Python parser says None)."""
    return isinstance(node, ScalarNode) and not node.style


def _cut_by_comment(document: Document, node: ScalarNode, lines: list[str]) -> list[Problem]:
    """`title: Update #2` is 'Update' to YAML: a '#' glued to text is likely part of the value."""
    end = node.end_mark
    rest = lines[end.line][end.column:] if end.line < len(lines) else ""
    if not node.value or not re.match(r"\s+#[^\s#]", rest):
        return []
    comment = rest.strip().split()[0]
    return [Problem(document.path, document.line(node), None,
                    f"'{comment}' starts a YAML comment, so the value would be cut to "
                    f"'{node.value}': put the whole value in quotes")]


def _alias_problems(document: Document, text: str) -> list[Problem]:
    """Where each alias stands: the composed tree only knows where its anchor is."""
    return [
        Problem(document.path, event.start_mark.line + document.line_offset, None,
                f"YAML aliases (*{event.anchor}) are not supported: write the value out")
        for event in yaml.parse(text, Loader=_Loader)
        if isinstance(event, yaml.AliasEvent)
    ]


def _node_problem(document: Document, node: Node, depth: int) -> Problem | None:
    """What is wrong with one node on its own, if anything."""
    if node.tag not in _PLAIN_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        return Problem(document.path, document.line(node), None, f"YAML tags such as {tag} are "
                       "not supported: remove the tag or quote the value")
    if depth > MAX_DEPTH:
        return Problem(document.path, document.line(node), None,
                       f"nested more than {MAX_DEPTH} levels deep")
    return None


def _duplicate_keys(document: Document, node: MappingNode) -> list[Problem]:
    """A key given twice in one mapping: YAML would silently keep the last."""
    problems = []
    first: dict[str, int] = {}
    for key, _ in node.value:
        if not isinstance(key, ScalarNode):
            problems.append(Problem(document.path, document.line(key), None, "a key must be text"))
            continue
        if key.value in first:
            problems.append(
                Problem(
                    document.path,
                    document.line(key),
                    key.value,
                    f"given twice (first on line {first[key.value]}): keep one",
                )
            )
        else:
            first[key.value] = document.line(key)
    return problems
