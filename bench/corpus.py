"""A deterministic synthetic corpus in scholarsite's content format, for benchmarks.

`python bench/corpus.py N DEST` writes DEST/site.yaml, DEST/profile.yaml and
DEST/papers/<slug>.md for N papers. The same N and seed always give the same bytes, so
every tool in the benchmark reads the same site and runs can be compared across machines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

# Names with accents, other scripts and apostrophes: escaping and UTF-8 paths get exercised.
GIVEN = (
    "Zoë", "José", "Łukasz", "Søren", "Ana", "Björn", "Chloé", "Dvořák", "Eun-ji", "Farhād",
    "Grégoire", "Hélène", "Iñaki", "Jürgen", "Kateřina", "Leïla", "Mårten", "Nuño", "Oğuz",
    "Paulína", "Qiáng", "Renée", "Siân", "Tomás", "Ülkü", "Václav", "Wei", "Xiǎomíng",
    "Yusuf", "Zsófia", "Ada", "Ben", "Carla", "David", "Emma", "Felix", "Grace", "Hugo",
    "伟", "娜", "健", "さくら", "Дмитрий", "Αλέξανδρος",
)
FAMILY = (
    "Müller", "Nguyễn", "Çelik", "O'Brien", "Sørensen", "Łopuszański", "García", "Šimek",
    "Novák", "Østergaard", "Ibáñez", "Kovačević", "Lindqvist", "Andrés", "Żukowski",
    "Fernández", "Yılmaz", "Ólafsson", "Dubois", "Schäfer", "Håkansson", "Jovanović",
    "Smith", "Chen", "Patel", "Kim", "Okafor", "Rossi", "Tanaka", "Silva", "Cohen",
    "王", "李", "佐藤", "Иванов", "Παπαδόπουλος",
)
TITLE_WORDS = (
    "Scalable", "Robust", "Adaptive", "Efficient", "Sparse", "Causal", "Neural", "Bayesian",
    "Contrastive", "Federated", "Hierarchical", "Implicit", "Stochastic", "Differentiable",
    "Graph", "Transformer", "Diffusion", "Power Flow", "Language Models", "Reinforcement",
    "Learning", "Inference", "Optimization", "Generalization", "Representations", "Agents",
    "Retrieval", "Planning", "Attention", "Kernels", "Dynamics", "Equilibria", "Topology",
    "Benchmarks", "Uncertainty", "Compression", "Alignment", "Reasoning", "Control", "Flows",
)
JOINERS = ("for", "with", "via", "under", "in", "of", "beyond", "without", "and", "at")
SUBTITLES = (
    "A Cross-Domain Study", "Theory and Practice", "Lessons from Production",
    "A Unified View", "Scaling Laws and Limits", "An Empirical Analysis", "Revisited",
)
VOCABULARY = (
    "we", "propose", "a", "method", "that", "improves", "the", "accuracy", "of", "models",
    "on", "benchmarks", "across", "domains", "our", "approach", "combines", "sampling",
    "with", "learned", "priors", "and", "reduces", "error", "by", "large", "margins",
    "experiments", "show", "consistent", "gains", "in", "robustness", "while", "keeping",
    "compute", "budgets", "small", "this", "work", "studies", "how", "training", "data",
    "shapes", "generalization", "under", "distribution", "shift", "furthermore", "analysis",
    "reveals", "structure", "latent", "space", "simple", "baselines", "remain", "strong",
    "theoretical", "results", "bound", "sample", "complexity", "for", "policies", "graphs",
    "networks", "estimators", "converge", "faster", "than", "previous", "techniques",
)
IDENTIFIERS = ("torch.compile", "batch_size", "lr=3e-4", "softmax", "AdamW", "O(n log n)",
               "k-NN", "float16", "git bisect", "seed=0")
ARXIV_OLD_ARCHIVES = ("hep-th", "math", "cond-mat", "astro-ph", "quant-ph", "cs")
FIRST_YEAR, YEARS = 2011, 15


@dataclass(frozen=True)
class PaperRecord:
    """One synthetic paper, as the generator chose it."""

    slug: str
    title: str
    date: dt.date
    authors: tuple[str, ...]
    more_authors: int
    arxiv: str
    citations: int
    abstract: str


def write_corpus(dest: Path, n: int, seed: int = 0) -> None:
    """Write a full content/ folder with n papers to dest, replacing its papers/ folder.

    Papers already there are overwritten in place and only the others deleted: deleting the
    whole folder would slow the builds timed next (see trash.py).
    """
    rng = random.Random(seed)
    papers_dir = dest / "papers"
    papers_dir.mkdir(parents=True, exist_ok=True)
    old = set(papers_dir.iterdir())
    _write(dest / "site.yaml", "title: Synthetic Lab\nlanguage: en\nauthors_shown: 5\n")
    owner = make_name(rng)
    _write(dest / "profile.yaml", profile_text(owner))
    used: set[str] = set()  # arXiv ids already given: each paper needs its own
    for index in range(n):
        paper = make_paper(rng, index, owner, used)
        _write(papers_dir / f"{paper.slug}.md", paper_text(paper))
        old.discard(papers_dir / f"{paper.slug}.md")
    for path in old:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()


def _write(path: Path, text: str) -> None:
    """UTF-8 with Unix newlines whatever the platform, so bytes match across machines."""
    path.write_bytes(text.encode("utf-8"))


def profile_text(owner: str) -> str:
    """profile.yaml: metrics left out, so the build computes them from the papers."""
    return (
        f"name: {_quote(owner)}\n"
        "affiliation: Institute for Synthetic Studies\n"
        "position: Research Scientist\n"
        "links:\n"
        "  Google Scholar: https://scholar.google.com/citations?user=synthetic\n"
        "  GitHub: https://github.com/synthetic\n"
    )


def make_name(rng: random.Random) -> str:
    """A given name and a family name, often non-ASCII."""
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def make_paper(rng: random.Random, index: int, owner: str, used: set[str]) -> PaperRecord:
    """One paper: every choice comes from rng, in a fixed order."""
    title = make_title(rng)
    date = dt.date(FIRST_YEAR, 1, 1) + dt.timedelta(days=rng.randrange(365 * YEARS))
    count = rng.randint(3, 25)
    named = count if count <= 8 or rng.random() < 0.5 else rng.randint(5, 8)
    authors = [make_name(rng) for _ in range(named)]
    authors[rng.randrange(min(named, 5))] = owner
    return PaperRecord(
        slug=f"{_slugify(title)}-{index}",
        title=title,
        date=date,
        authors=tuple(authors),
        more_authors=count - named,
        arxiv=make_arxiv(rng, date, used),
        # Citations follow a power law: most papers have a few, a handful have thousands.
        citations=min(int((rng.paretovariate(1.16) - 1) * 8), 25_000),
        abstract=make_abstract(rng),
    )


def make_title(rng: random.Random) -> str:
    """A title of a few capitalised words, sometimes with a subtitle after a colon."""
    words = [rng.choice(TITLE_WORDS) for _ in range(rng.randint(2, 4))]
    words.insert(rng.randint(1, len(words) - 1), rng.choice(JOINERS))
    title = " ".join(words)
    if rng.random() < 0.3:
        title += f": {rng.choice(SUBTITLES)}"
    return title


def make_arxiv(rng: random.Random, date: dt.date, used: set[str]) -> str:
    """An id no other paper has: new style of the paper's month or, rarely, old style."""
    while True:
        arxiv = _draw_arxiv(rng, date)
        base = re.sub(r"v\d+$", "", arxiv)
        if base not in used:
            used.add(base)
            return arxiv


def _draw_arxiv(rng: random.Random, date: dt.date) -> str:
    """A new-style id of the paper's month (sometimes versioned), or a rare old-style one."""
    if rng.random() < 0.03:
        archive = rng.choice(ARXIV_OLD_ARCHIVES)
        year, month, number = rng.randint(91, 99), rng.randint(1, 12), rng.randint(1, 999)
        return f"{archive}/{year:02d}{month:02d}{number:03d}"
    # Ids got a fifth digit in 2015.
    digits = 5 if date.year >= 2015 else 4
    number = f"{date.year % 100:02d}{date.month:02d}.{rng.randint(1, 10**digits - 1):0{digits}d}"
    return number + (f"v{rng.randint(1, 4)}" if rng.random() < 0.5 else "")


def make_abstract(rng: random.Random) -> str:
    """150 to 250 words with emphasis, inline code and a link; sometimes two paragraphs."""
    words = [rng.choice(VOCABULARY) for _ in range(rng.randint(150, 250))]
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(words))
        words[at] = f"*{words[at]}*"
    words[rng.randrange(len(words))] = f"`{rng.choice(IDENTIFIERS)}`"
    at = rng.randrange(len(words) - 1)
    words[at:at + 2] = [f"[{words[at]} {words[at + 1]}](https://example.org/{rng.randrange(10**6)})"]
    sentences = _sentences(rng, words)
    if len(sentences) > 4 and rng.random() < 0.35:
        cut = rng.randint(2, len(sentences) - 2)
        return " ".join(sentences[:cut]) + "\n\n" + " ".join(sentences[cut:])
    return " ".join(sentences)


def _sentences(rng: random.Random, words: list[str]) -> list[str]:
    """Group words into capitalised sentences of 8 to 20 words."""
    sentences = []
    while words:
        size = rng.randint(8, 20)
        chunk, words = words[:size], words[size:]
        first = chunk[0]
        chunk[0] = first[0].upper() + first[1:] if first[0].isalpha() else first
        sentences.append(" ".join(chunk) + ".")
    return sentences


def paper_text(paper: PaperRecord) -> str:
    """The paper's Markdown file: YAML front matter, a blank line, then the abstract."""
    lines = ["---", f"title: {_quote(paper.title)}", f"date: {paper.date.isoformat()}", "authors:"]
    lines += [f"  - {_quote(name)}" for name in paper.authors]
    if paper.more_authors:
        lines.append(f"more_authors: {paper.more_authors}")
    # Unquoted on purpose: real files carry ids like 2601.18210 that YAML reads as floats.
    lines.append(f"arxiv: {paper.arxiv}")
    lines.append(f"citations: {paper.citations}")
    lines += ["---", "", paper.abstract, ""]
    return "\n".join(lines)


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _slugify(title: str) -> str:
    """Lowercase ASCII words joined by hyphens, at most six of them."""
    words = "".join(c if c.isalnum() and c.isascii() else " " for c in title.lower()).split()
    return "-".join(words[:6])


def main(argv: list[str] | None = None) -> int:
    """The command line: python bench/corpus.py N DEST [--seed S]."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of papers")
    parser.add_argument("dest", type=Path, help="content folder to write")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    write_corpus(args.dest, args.n, args.seed)
    print(f"Wrote {args.n} papers to {args.dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
