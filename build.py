"""Build the site: `python build.py` (see `python build.py --help`)."""

from pathlib import Path

from scholarsite.cli import main

if __name__ == "__main__":
    raise SystemExit(main(root=Path(__file__).resolve().parent))
