"""How the citation header presents its numbers: i10-index, where numbers come from, and the
citations-per-year chart as bar geometry (the template draws the SVG)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

COMPUTED_NOTE = "from the papers listed here"
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_MOST_LABELS = 8  # year labels under the chart before they start to crowd


def i10_index(citations: Sequence[int]) -> int:
    """Google Scholar's i10-index: the number of papers with at least 10 citations."""
    return sum(1 for count in citations if count >= 10)


def source_note(source: str | None, as_of: dt.date | None) -> str | None:
    """Where given numbers come from: 'Semantic Scholar, as of Nov 20, 2026'."""
    when = f"as of {_MONTHS[as_of.month - 1]} {as_of.day}, {as_of.year}" if as_of else None
    parts = [part for part in (source, when) if part]
    return ", ".join(parts) or None


def metric_note(given: bool, source: str | None, as_of: dt.date | None) -> str | None:
    """The note under one number: its source when given, 'from the papers...' when computed."""
    return source_note(source, as_of) if given else COMPUTED_NOTE


@dataclass(frozen=True)
class Bar:
    """One year's bar, in the chart's own coordinates (y grows downwards, as in SVG)."""

    year: int
    count: int
    x: float
    y: float
    width: float
    height: float
    labelled: bool  # whether the year is written under the bar


@dataclass(frozen=True)
class Chart:
    """A citations-per-year bar chart: the SVG's size, its bars and a text alternative."""

    width: float
    height: float
    baseline: float  # y of the bars' common bottom; year labels go below it
    bars: tuple[Bar, ...]
    maximum: int
    description: str


def citation_chart(
    by_year: Mapping[int, int], *, bar: float = 16, gap: float = 6, plot: float = 64,
    label: float = 14,
) -> Chart | None:
    """Bars for every year from the first to the last given, a missing year being 0.

    The tallest bar fills the plot height; a non-zero count is never drawn thinner than one
    unit, so it cannot be mistaken for a zero. None when there is nothing to draw.
    """
    if not by_year:
        return None
    years = range(min(by_year), max(by_year) + 1)
    counts = [by_year.get(year, 0) for year in years]
    top = max(counts)
    step = math.ceil(len(counts) / _MOST_LABELS)
    bars = tuple(
        _bar(year, count, index * (bar + gap), bar, plot, top,
             index % step == 0 or index == len(counts) - 1)
        for index, (year, count) in enumerate(zip(years, counts))
    )
    width = len(counts) * (bar + gap) - gap
    return Chart(width, plot + label, plot, bars, top, chart_description(years, counts))


def _bar(
    year: int, count: int, x: float, width: float, plot: float, top: int, labelled: bool
) -> Bar:
    """One bar scaled to the tallest, standing on the baseline."""
    height = 0.0 if top == 0 or count == 0 else max(1.0, round(plot * count / top, 2))
    return Bar(year, count, round(x, 2), round(plot - height, 2), width, height, labelled)


def chart_description(years: Sequence[int], counts: Sequence[int]) -> str:
    """The chart in words, for its <title> and screen readers."""
    pairs = ", ".join(f"{year}: {count:,}" for year, count in zip(years, counts))
    if len(years) == 1:
        return f"Citations in {pairs}."
    return f"Citations per year, {years[0]} to {years[-1]}: {pairs}."
