"""Judged queries against the relevance corpus: recall@10 and nDCG@10.

``python -m tests.relevance.evaluate`` prints the figures for the catalogue's analysis
and for a plain tokenise-and-fold baseline, measured in the same run, as a Markdown
table for docs/search-quality.md.
"""

from __future__ import annotations

import math
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml
from werkzeug.datastructures import MultiDict

from catalogue.content.fields import Context
from catalogue.content.vocabularies import load_vocabularies
from catalogue.i18n import LOCALES
from catalogue.index.analysis import STEMMED_LANGUAGES
from catalogue.index.reader import IndexReader
from catalogue.indexing import update_index
from catalogue.searching import MAX_PER_PAGE, parse_search_request, search

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CUTOFF = 10


@dataclass(frozen=True)
class Judged:
    """A query as a speaker of ``lang`` would type it, with graded relevant practices."""

    lang: str
    query: str
    relevant: dict[str, int]


@dataclass(frozen=True)
class Score:
    """Recall@10 and nDCG@10 of one query."""

    judged: Judged
    found: list[str]
    recall: float
    ndcg: float


def judged_queries(folder: Path = HERE / "queries") -> list[Judged]:
    """Every judged query of a folder, language by language."""
    queries = []
    for path in sorted(folder.glob("*.yml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            queries.append(Judged(path.stem, str(entry["query"]), dict(entry["relevant"])))
    return queries


def cross_language_queries() -> list[Judged]:
    """Queries judged only against practices that cannot be read in the query's language."""
    return judged_queries(HERE / "queries" / "cross")


def build_index(folder: Path, languages: Sequence[str], *, bridge: bool = True) -> Path:
    """Index the relevance corpus into ``folder`` with stemming for ``languages``, and
    the language bridge unless ``bridge`` is false (the baseline it is measured against)."""
    data = folder / "data"
    shutil.copytree(HERE / "corpus" / "practices", data / "practices")
    shutil.copytree(ROOT / "data" / "vocabularies", data / "vocabularies")
    context = Context(load_vocabularies(data / "vocabularies"), date(2026, 11, 25))
    report = update_index(
        data / "practices", folder / "index", context, languages=languages, bridge=bridge
    )
    if report.problems:
        raise ValueError("\n".join(str(problem) for problem in report.problems))
    return folder / "index"


def score(index: Path, queries: list[Judged], *, other_languages: bool = False) -> list[Score]:
    """Search every query (in its own language's locale) and score the first ten; with
    ``other_languages``, the first ten that cannot be read in the query's language."""
    vocabularies = load_vocabularies(ROOT / "data" / "vocabularies")
    reader = IndexReader(index)
    scores = []
    for judged in queries:
        locale = judged.lang if judged.lang in LOCALES else "en"
        per_page = str(MAX_PER_PAGE if other_languages else CUTOFF)
        args = MultiDict({"q": judged.query, "per_page": per_page, "locale": locale})
        page = search(reader.snapshot(), parse_search_request(args, vocabularies), vocabularies)
        found = [
            result["slug"]
            for result in page.results
            if not (other_languages and judged.lang in result["readable_in"])
        ][:CUTOFF]
        scores.append(Score(judged, found, recall(found, judged), ndcg(found, judged)))
    reader.close()
    return scores


def recall(found: list[str], judged: Judged) -> float:
    """Share of the relevant practices among the first ten results."""
    hits = sum(1 for slug in found[:CUTOFF] if slug in judged.relevant)
    return hits / min(len(judged.relevant), CUTOFF)


def ndcg(found: list[str], judged: Judged) -> float:
    """Normalised discounted cumulative gain at ten, with gains 2^grade - 1."""

    def dcg(grades: list[int]) -> float:
        return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades))

    actual = dcg([judged.relevant.get(slug, 0) for slug in found[:CUTOFF]])
    ideal = dcg(sorted(judged.relevant.values(), reverse=True)[:CUTOFF])
    return actual / ideal if ideal else 0.0


def mean(values: list[float]) -> float:
    """The arithmetic mean (0 for no values)."""
    return sum(values) / len(values) if values else 0.0


def table(catalogue: list[Score], baseline: list[Score]) -> str:
    """Markdown table: recall@10 and nDCG@10 per language and overall, both analyses."""
    rows = [
        "| queries | n | recall@10 | nDCG@10 | baseline recall@10 | baseline nDCG@10 |",
        "|---|---|---|---|---|---|",
    ]
    languages = sorted({s.judged.lang for s in catalogue})
    for lang in [*languages, "all"]:
        ours = [s for s in catalogue if lang in ("all", s.judged.lang)]
        theirs = [s for s in baseline if lang in ("all", s.judged.lang)]
        rows.append(
            f"| {lang} | {len(ours)} | {mean([s.recall for s in ours]):.3f} "
            f"| {mean([s.ndcg for s in ours]):.3f} | {mean([s.recall for s in theirs]):.3f} "
            f"| {mean([s.ndcg for s in theirs]):.3f} |"
        )
    return "\n".join(rows)


def main() -> None:
    queries, cross = judged_queries(), cross_language_queries()
    with tempfile.TemporaryDirectory() as temporary:
        index = build_index(Path(temporary) / "catalogue", STEMMED_LANGUAGES)
        unbridged = build_index(Path(temporary) / "unbridged", STEMMED_LANGUAGES, bridge=False)
        folded = build_index(Path(temporary) / "baseline", (), bridge=False)
        ours, baseline = score(index, queries), score(folded, queries)
        ours_cross = score(index, cross, other_languages=True)
        baseline_cross = score(unbridged, cross, other_languages=True)
    print("Queries in the practices' languages (baseline: folding only, no stemming):\n")
    print(table(ours, baseline))
    print("\nQueries across languages (baseline: the same search without the bridge):\n")
    print(table(ours_cross, baseline_cross))
    for s in [s for s in [*ours, *ours_cross] if s.recall < 1]:
        missing = [slug for slug in s.judged.relevant if slug not in s.found]
        print(f"\n{s.judged.lang} {s.judged.query!r}: missing {missing} (found {s.found})")


if __name__ == "__main__":
    main()
