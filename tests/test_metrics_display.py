"""i10-index, where the header's numbers come from, and the citations-per-year chart."""

from __future__ import annotations

import datetime as dt

from scholarsite.metrics import i10_index, summarise
from scholarsite.metrics_display import (
    COMPUTED_NOTE,
    citation_chart,
    citation_header,
    metric_note,
    source_note,
)
from scholarsite.model import GivenMetrics
from scholar_papers import paper


def test_i10_index() -> None:
    assert i10_index([]) == 0
    assert i10_index([9, 10, 11, 0, 250]) == 3


def test_source_wording() -> None:
    assert source_note("Semantic Scholar", dt.date(2026, 11, 20)) == \
        "Semantic Scholar, as of Nov 20, 2026"
    assert source_note("Google Scholar", None) == "Google Scholar"
    assert source_note(None, dt.date(2026, 1, 2)) == "as of Jan 2, 2026"
    assert source_note(None, None) is None


def test_given_values_name_their_source_and_computed_ones_say_so() -> None:
    assert metric_note(True, "Google Scholar", None) == "Google Scholar"
    assert metric_note(True, None, None) is None
    assert metric_note(False, "Google Scholar", None) == COMPUTED_NOTE == \
        "from the papers listed here"


def test_chart_bars_scale_to_the_tallest_and_fill_missing_years() -> None:
    chart = citation_chart({2022: 10, 2024: 40, 2025: 1}, bar=10, gap=5, plot=40, label=12)
    assert chart is not None
    assert [b.year for b in chart.bars] == [2022, 2023, 2024, 2025]
    assert [b.count for b in chart.bars] == [10, 0, 40, 1]
    assert [b.height for b in chart.bars] == [10.0, 0.0, 40.0, 1.0]
    assert [b.y + b.height for b in chart.bars] == [40.0] * 4  # all stand on the baseline
    assert [b.x for b in chart.bars] == [0, 15, 30, 45]
    assert (chart.width, chart.height, chart.baseline, chart.maximum) == (55, 52, 40, 40)
    assert chart.description == \
        "Citations per year, 2022 to 2025: 2022: 10, 2023: 0, 2024: 40, 2025: 1."


def test_a_tiny_count_is_still_visible() -> None:
    chart = citation_chart({2020: 1, 2021: 5000})
    assert chart is not None and chart.bars[0].height == 1.0


def test_year_labels_thin_out_on_long_histories() -> None:
    chart = citation_chart({year: 1 for year in range(2000, 2020)})
    assert chart is not None
    labelled = [b.year for b in chart.bars if b.labelled]
    assert labelled[0] == 2000 and labelled[-1] == 2019
    assert len(labelled) <= 9


def test_no_data_no_chart_and_all_zero_is_flat() -> None:
    assert citation_chart({}) is None
    flat = citation_chart({2024: 0})
    assert flat is not None and flat.bars[0].height == 0.0
    assert flat.description == "Citations in 2024: 0."


def header(given: GivenMetrics, counts: list[int]) -> list[tuple[str, int, str | None]]:
    """The header rows for papers with these citation counts."""
    papers = [paper(f"p{i}", citations=c) for i, c in enumerate(counts)]
    result = citation_header(summarise(given, papers), given)
    return [(row.label, row.value, row.note) for row in result.rows] + [("note", 0, result.note)]


def test_the_reference_header_shows_its_three_numbers_with_a_source() -> None:
    given = GivenMetrics(citations=1052, h_index=11, source="Google Scholar")
    assert header(given, [0, 0, 0]) == [
        ("Total Citations", 1052, "Google Scholar"), ("h-index", 11, "Google Scholar"),
        ("Papers", 3, "from the papers listed here"), ("note", 0, None)]
    plain = header(GivenMetrics(citations=1052, h_index=11), [0, 0, 0])
    assert plain[0] == ("Total Citations", 1052, None) and plain[2][2] == COMPUTED_NOTE


def test_a_computed_header_adds_the_i10_index_and_says_so_once() -> None:
    assert header(GivenMetrics(), [12, 10, 3]) == [
        ("Total Citations", 25, None), ("h-index", 3, None), ("i10-index", 2, None),
        ("Papers", 3, None), ("note", 0, "Computed from the papers listed here")]


def test_a_fully_given_header_names_its_source_once() -> None:
    given = GivenMetrics(citations=5, h_index=1, i10_index=0, papers=9,
                         source="Semantic Scholar", as_of=dt.date(2026, 11, 20))
    rows = header(given, [])
    assert [r[0] for r in rows] == ["Total Citations", "h-index", "i10-index", "Papers", "note"]
    assert rows[-1][2] == "Semantic Scholar, as of Nov 20, 2026"
