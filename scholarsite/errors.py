"""Problems found in a site's content, reported together as one SiteError."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content: where it is and what is wrong, in plain words."""

    path: str
    line: int | None
    field: str | None
    message: str

    def sort_key(self) -> tuple[str, int, str, str]:
        """File by file, then line by line."""
        return (self.path, self.line or 0, self.field or "", self.message)

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = self.message if self.field is None else f"{self.field}: {self.message}"
        return f"{where}: {what}"


class SiteError(Exception):
    """Every problem that stopped a build; str() lists them one per line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=Problem.sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[SiteError], tuple[list[Problem]]]:
        # Raised in a worker process, it travels back pickled; pickle would make it again
        # from its message (Exception.args), which is not what __init__ takes.
        return (type(self), (self.problems,))


def display_path(path: Path, root: Path) -> str:
    """Show a path relative to the project root when it is inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
