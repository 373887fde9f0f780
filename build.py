"""Build the site: `python build.py` (see `python build.py --help`)."""

from pathlib import Path

from scholarsite.cli import run

if __name__ == "__main__":
    run(root=Path(__file__).resolve().parent)
