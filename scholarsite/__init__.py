"""scholarsite: a static site generator for a researcher's profile and papers."""

__version__ = "0.1.0"
