"""The Jinja environment the templates run in: its filters, the templates compiled (ahead of
the build, in a second process, when they changed), and what they do with the entries.

This module loads Jinja and nothing of scholarsite's heavier stages, so that a second process
can compile the templates while the first loads the libraries that read content.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import jinja2

from .cache import Cache
from .workers import can_fork

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def make_environment(templates: Path, cache: Cache | None = None) -> jinja2.Environment:
    """Jinja with autoescaping and strict undefined: a typo in a template is an error.

    With a cache, compiled templates are kept in it between builds (Jinja checks each one
    against its template's source).
    """
    bytecode = None
    if cache is not None:
        compiled = cache.folder / "compiled"
        compiled.mkdir(parents=True, exist_ok=True)
        bytecode = jinja2.FileSystemBytecodeCache(str(compiled))
    env = jinja2.Environment(
        bytecode_cache=bytecode,
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["thousands"] = thousands
    env.filters["long_date"] = long_date
    env.filters["plain"] = plain_title
    return env


def plain_title(value: str) -> str:
    """A title as plain text, formulas as TeX, for <title> and link text."""
    from .mathtex import plain_text  # here: it loads Python-Markdown, which compiling needs not

    return plain_text(value, markdown_source=False)


def thousands(value: int) -> str:
    """1052 -> '1,052', as in the citation header."""
    return f"{value:,}"


def long_date(value: dt.date) -> str:
    """2026-03-02 -> 'Mar 02, 2026', independent of the machine's locale."""
    return f"{_MONTHS[value.month - 1]} {value.day:02d}, {value.year}"


def preload(env: jinja2.Environment) -> None:
    """Compile every template now, so worker processes inherit them compiled."""
    for name in env.list_templates(filter_func=lambda name: name.endswith(".html")):
        try:
            env.get_template(name)
        except jinja2.TemplateError:
            pass  # reported with its file and line when a page uses the template


@contextlib.contextmanager
def compiled_ahead(
    templates: Path, cache: Cache, version: str, jobs: int, *, clean: bool
) -> Iterator[None]:
    """While the body runs, compile the templates into the cache in a second process.

    Compiling six templates takes 70-100 ms, a quarter of a first build of a small site, which
    meanwhile spends as long loading its other libraries, on one core. The second process
    only fills caches that are checked on reading: Jinja's compiled templates, each against
    its template's source, and the entries' decision (prints_entries_plainly), against the
    version of the templates and the code. Whatever it does or fails to do, the build reads
    the same templates, or compiles them itself.

    It starts only when there is another core, when the templates of this version were not
    seen before (the decision is the last thing it records), when forking is safe, and not
    for a clean build, which compiles the templates anew and keeps them in memory.
    """
    pid = None
    if not clean and _decision(cache, version) is None and jobs > 1 and can_fork():
        pid = os.fork()
        if pid == 0:
            try:
                env = make_environment(templates, cache)
                preload(env)
                prints_entries_plainly(env, cache, version)
            finally:
                os._exit(0)  # at once: nothing of the parent's may be flushed or freed twice
    try:
        yield
    finally:
        if pid:
            os.waitpid(pid, 0)


def prints_entries_plainly(env: jinja2.Environment, cache: Cache, version: str) -> bool:
    """Whether the templates use the entries only to print them as they are: `{{ entries[x] }}`.

    Then the profile page can be joined from the entries' bytes. Anything else (a filter, an
    assignment, a macro argument) could change an entry's text, and a mark standing for it
    would not show that. Decided once for each version of the templates and the code.
    """
    decided = _decision(cache, version)
    if decided is not None:
        return decided
    plain = all(_template_prints_entries_plainly(env, name) for name in env.list_templates()
                if not name.startswith("assets/"))
    cache.write_objects("plain-entries", (version, plain))
    return plain


def _decision(cache: Cache, version: str) -> bool | None:
    """The entries decision recorded for this version of the templates and the code, if any."""
    remembered = cache.read_objects("plain-entries")
    if isinstance(remembered, tuple) and remembered[0] == version:
        return bool(remembered[1])
    return None


def _template_prints_entries_plainly(env: jinja2.Environment, name: str) -> bool:
    """Whether one template names `entries` only inside `{{ entries[x] }}`."""
    try:
        source = env.loader.get_source(env, name)[0] if env.loader else None
        if source is not None and "entries" not in source:
            return True  # a template can reach a variable only by its name (parsing is slow)
        tree = env.parse(source, name) if source is not None else None
    except (jinja2.TemplateError, OSError, UnicodeDecodeError):
        return False
    if tree is None:
        return False
    printed = {id(node.node) for output in tree.find_all(jinja2.nodes.Output)
               for node in output.nodes if isinstance(node, jinja2.nodes.Getitem)}
    return all(id(node) in printed for node in tree.find_all(jinja2.nodes.Name)
               if node.name == "entries")
