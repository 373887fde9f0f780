"""Citation metrics: pure functions over citation counts."""

from __future__ import annotations

from collections.abc import Sequence

from .model import GivenMetrics, Metric, Metrics, Paper


def h_index(citations: Sequence[int]) -> int:
    """The largest h such that h papers have at least h citations each."""
    ranked = sorted(citations, reverse=True)
    return sum(1 for rank, count in enumerate(ranked, start=1) if count >= rank)


def i10_index(citations: Sequence[int]) -> int:
    """Google Scholar's i10-index: the number of papers with at least 10 citations."""
    return sum(1 for count in citations if count >= 10)


def summarise(given: GivenMetrics, papers: Sequence[Paper]) -> Metrics:
    """The header's numbers: each as given in profile.yaml, or computed from the papers."""
    counts = [paper.citations for paper in papers]
    return Metrics(
        citations=_metric(given.citations, sum(counts)),
        h_index=_metric(given.h_index, h_index(counts)),
        i10_index=_metric(given.i10_index, i10_index(counts)),
        papers=_metric(given.papers, len(papers)),
    )


def _metric(given: int | None, computed: int) -> Metric:
    """A given value wins: profiles often list a selection of the papers counted."""
    return Metric(given, True) if given is not None else Metric(computed, False)
