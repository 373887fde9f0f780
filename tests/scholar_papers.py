"""Papers for the scholarly-metadata tests: the reference papers and awkward cases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from scholarsite.model import Paper, Paths, Site
from scholarsite.stages import load_site

TESTS = Path(__file__).resolve().parent


def paper(slug: str = "p", **fields: object) -> Paper:
    """A paper with sensible defaults for what a test does not care about."""
    values: dict[str, object] = {
        "source": f"content/papers/{slug}.md", "title": "A Title",
        "date": dt.date(2026, 1, 4), "authors": ("Ada Lovelace",),
    }
    values.update(fields)
    return Paper(slug=slug, **values)  # type: ignore[arg-type]


FLYWHEEL = paper(
    "characterflywheel",
    title="CharacterFlywheel: Scaling Iterative Improvement of Engaging and Steerable LLMs "
          "in Production",
    date=dt.date(2026, 3, 2),
    authors=("L. Guan", "Lin Chen", "Yixin Nie", "Shigan Chu", "Ajay Thampi"),
    more_authors=17,
    arxiv="2603.01973v1",
    abstract="This report presents CharacterFlywheel, an iterative flywheel process.",
)
GENERALIZATION = paper(
    "paying-less-generalization-tax",
    title="Paying Less Generalization Tax: A Cross-Domain Generalization Study of RL Training "
          "for LLM Agents",
    date=dt.date(2026, 1, 26),
    authors=("Zhihan Liu", "Asli Celikyilmaz", "Zhaoran Wang", "L. Guan", "Yixin Nie"),
    more_authors=4,
    arxiv="2601.18217v1",
)
POWER_FLOW = paper(
    "scale-adaptive-power-flow",
    title="Scale-Adaptive Power Flow Analysis with Local Topology Slicing and Multi-Task "
          "Graph Learning",
    date=dt.date(2026, 1, 4),
    authors=("L. Guan", "Yongzhe Li", "Zihan Cai", "Zuxian Lin", "Jiyu Huang"),
    more_authors=1,
    arxiv="2601.01387v1",
)
REFERENCE = (FLYWHEEL, GENERALIZATION, POWER_FLOW)

AWKWARD = (
    paper("math-title", title=r"Sorting in $\mathcal{O}(n \log n)$ & 100% of {cases}_#1 ~ ^",
          authors=("José Müller", "Jan van der Berg", "Smith and Sons Ltd")),
    paper("journal", title="Deep Nets", venue="Journal of Machine Learning Research",
          doi="10.5555/3455716.3455856", date=dt.date(2020, 5, 1)),
    paper("conference", title="Deep Nets", venue="Proceedings of ICML 2020",
          date=dt.date(2020, 7, 1), arxiv="hep-th/9901001v2"),
    paper("acronym", title="The Deep Nets", venue="NeurIPS", date=dt.date(2020, 9, 1)),
    paper("single", title="Alone", authors=("Aristotle",), url="https://example.org/alone"),
    paper("crowd", title="Many Hands", authors=tuple(f"Author{i} Person{i}" for i in range(30)),
          more_authors=3, tags=("a", "b")),
    paper("dollar", title=r"Costs \$5: On Prices", abstract=r"We pay \$5 for $x_i$ & more."),
)


def full_site() -> Site:
    """The 30-paper test site of the generator, loaded and validated."""
    return load_site(Paths.under(TESTS / "sites" / "full"))
