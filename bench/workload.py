"""The requests every system answers: one list of searches, written in each system's terms."""

from __future__ import annotations

import random
from urllib.parse import urlencode

from corpus import LANGUAGES, word_pools
from peers.fts5_query import to_fts5

Request = dict[str, str | list[str]]

FACET_VALUES = {
    "country": ["PL", "LV", "RO", "FR", "IT", "DE"],
    "language": ["uk", "ar", "pl", "fr", "en"],
    "target_group": ["refugees", "women", "children", "youth", "seniors"],
    "activity_type": ["language-learning", "storytelling", "digital-skills", "outreach"],
}
#: The catalogue's facet -> the peers' column holding a JSON array of values.
ARRAY_COLUMNS = {
    "language": "languages",
    "target_group": "target_groups",
    "activity_type": "activity_types",
}
#: What the catalogue's results show: Datasette sends no other column (bodies stay home).
DATASETTE_COLUMNS = (
    "slug title summary lang country organisation languages target_groups activity_types added"
)


def queries(count: int, seed: int = 7) -> list[Request]:
    """Varied search requests: words, phrases, prefixes, OR, exclusions, filters, sorts."""
    rng = random.Random(seed)
    pools = word_pools()
    common = {lang: [w for w in pools[lang] if len(w) > 5] for lang in LANGUAGES}
    requests: list[Request] = []
    for number in range(count):
        lang = LANGUAGES[number % len(LANGUAGES)]
        words = [rng.choice(common[lang]) for _ in range(3)]
        shape = number % 6
        q = [
            words[0],
            f"{words[0]} {words[1]}",
            f'"{words[0]} {words[1]}"',
            f"{words[0][:4]}*",
            f"{words[0]} OR {words[1]}",
            f"{words[0]} -{words[2]}",
        ][shape]
        request: Request = {"q": q, "locale": rng.choice(LANGUAGES)}
        if number % 3 == 1:
            facet = rng.choice(list(FACET_VALUES))
            request[facet] = rng.sample(FACET_VALUES[facet], rng.randint(1, 2))
        if number % 5 == 4:
            request = {
                facet: [rng.choice(values)]
                for facet, values in FACET_VALUES.items()
                if rng.random() < 0.5
            }
            request["sort"] = rng.choice(["newest", "title"])
        requests.append(request)
    return requests


def completion_prefixes(count: int, seed: int = 11) -> list[str]:
    """As-you-type requests: the first 2 to 6 letters of words of the corpus."""
    rng = random.Random(seed)
    pools = word_pools()
    requests = []
    for number in range(count):
        lang = LANGUAGES[number % len(LANGUAGES)]
        prefix = rng.choice(pools[lang])[: rng.randint(2, 6)]
        requests.append("/api/v1/suggest?" + urlencode({"q": prefix, "locale": lang}))
    return requests


def catalogue_path(request: Request) -> str:
    return "/api/v1/search?" + urlencode(request, doseq=True)


def fts5_path(request: Request) -> str:
    """The FTS5 app takes the catalogue's parameters (it ignores ``locale``)."""
    return "/search?" + urlencode(request, doseq=True)


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def datasette_path(request: Request) -> str:
    """The same search as Datasette's table view with full-text search and four facets.

    Filters on arrays have OR semantics within a facet, which only ``_where`` can say.
    Datasette cannot rank by relevance: without a sort it orders by primary key.
    """
    params = [
        ("_facet", "country"),
        *(("_facet_array", column) for column in ARRAY_COLUMNS.values()),
        ("_size", "20"),
        *(("_col", column) for column in DATASETTE_COLUMNS.split()),
    ]
    fts5 = to_fts5(str(request.get("q", "")))
    if fts5.match:
        params += [("_search", fts5.match), ("_searchmode", "raw")]
    if fts5.exclude:
        params.append(
            (
                "_where",
                "rowid NOT IN (SELECT rowid FROM practices_fts "
                f"WHERE practices_fts MATCH {_sql_string(fts5.exclude)})",
            )
        )
    if "country" in request:
        params.append(("country__in", ",".join(request["country"])))
    for facet, column in ARRAY_COLUMNS.items():
        if facet in request:
            values = ", ".join(_sql_string(value) for value in request[facet])
            params.append(
                ("_where", f"EXISTS (SELECT 1 FROM json_each({column}) WHERE value IN ({values}))")
            )
    sort = request.get("sort", "relevance" if fts5.match else "newest")
    if sort == "newest":
        params.append(("_sort_desc", "added"))
    elif sort == "title":
        params.append(("_sort", "title"))
    return "/practices/practices.json?" + urlencode(params)
