"""The judged query set: the catalogue must find what speakers of six languages look for."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.index.analysis import STEMMED_LANGUAGES
from tests.relevance.evaluate import Score, build_index, judged_queries, mean, score

RECALL_AT_10 = 0.95
NDCG_AT_10 = 0.85


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Score], list[Score]]:
    folder: Path = tmp_path_factory.mktemp("relevance")
    queries = judged_queries()
    ours = score(build_index(folder / "catalogue", STEMMED_LANGUAGES), queries)
    baseline = score(build_index(folder / "baseline", ()), queries)
    return ours, baseline


def test_the_query_set_covers_six_languages() -> None:
    queries = judged_queries()
    per_language = {lang: sum(q.lang == lang for q in queries) for lang in STEMMED_LANGUAGES}
    assert len(queries) >= 60
    assert min(per_language.values()) >= 8, per_language


def test_every_judged_practice_exists() -> None:
    corpus = Path(__file__).parent / "corpus" / "practices"
    slugs = {path.name.split(".")[0] for path in corpus.glob("*.md")}
    assert [
        (q.query, slug) for q in judged_queries() for slug in q.relevant if slug not in slugs
    ] == []


def test_recall_at_ten(scores: tuple[list[Score], list[Score]]) -> None:
    ours, _ = scores
    missed = {s.judged.query: s.found for s in ours if s.recall < 1}
    assert mean([s.recall for s in ours]) >= RECALL_AT_10, missed


def test_ndcg_at_ten(scores: tuple[list[Score], list[Score]]) -> None:
    ours, _ = scores
    assert mean([s.ndcg for s in ours]) >= NDCG_AT_10


def test_language_analysis_beats_plain_folding(scores: tuple[list[Score], list[Score]]) -> None:
    ours, baseline = scores
    assert mean([s.recall for s in ours]) > mean([s.recall for s in baseline])
    assert mean([s.ndcg for s in ours]) > mean([s.ndcg for s in baseline])
