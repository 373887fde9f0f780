"""How the citation header presents its numbers: where they come from, and the
citations-per-year chart as bar geometry (the template draws the SVG)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import GivenMetrics, Metric, Metrics

COMPUTED_NOTE = "from the papers listed here"
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_MOST_LABELS = 8  # year labels under the chart before they start to crowd


def source_note(source: str | None, as_of: dt.date | None) -> str | None:
    """Where given numbers come from: 'Semantic Scholar, as of Nov 20, 2026'."""
    when = f"as of {_MONTHS[as_of.month - 1]} {as_of.day}, {as_of.year}" if as_of else None
    parts = [part for part in (source, when) if part]
    return ", ".join(parts) or None


def metric_note(given: bool, source: str | None, as_of: dt.date | None) -> str | None:
    """The note under one number: its source when given, 'from the papers...' when computed."""
    return source_note(source, as_of) if given else COMPUTED_NOTE


@dataclass(frozen=True)
class HeaderRow:
    """One number of the citation header, its label and the note on where it comes from."""

    label: str
    value: int
    note: str | None


@dataclass(frozen=True)
class Header:
    """The citation header: its rows, and the one note they share (then rows carry none)."""

    rows: tuple[HeaderRow, ...]
    note: str | None


def citation_header(metrics: Metrics, given: GivenMetrics) -> Header:
    """The numbers the header shows and where each comes from.

    The i10-index is shown when given, or when every number is computed: an i10-index
    computed from a selection of papers beside a given h-index would understate it.
    """
    show_i10 = metrics.i10_index.given or not (metrics.citations.given or metrics.h_index.given)
    rows: list[tuple[str, Metric]] = [("Total Citations", metrics.citations),
                                      ("h-index", metrics.h_index)]
    rows += [("i10-index", metrics.i10_index)] if show_i10 else []
    rows.append(("Papers", metrics.papers))
    notes = [metric_note(metric.given, given.source, given.as_of) for _, metric in rows]
    shared = notes[0] if len(set(notes)) == 1 else None
    return Header(
        tuple(HeaderRow(label, metric.value, None if shared else note)
              for (label, metric), note in zip(rows, notes)),
        f"Computed {COMPUTED_NOTE}" if shared == COMPUTED_NOTE else shared,
    )


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
