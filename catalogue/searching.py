"""Searches as readers ask for them: parameters checked, results labelled in their language.

One search function serves the JSON API and the pages alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from catalogue import i18n
from catalogue.content.model import SLUG_PATTERN
from catalogue.content.suggest import did_you_mean
from catalogue.content.vocabularies import Vocabularies
from catalogue.index.query import MAX_QUERY_LENGTH
from catalogue.index.reader import Snapshot
from catalogue.index.search import Through, find

SORTS = ("relevance", "newest", "title")
#: The most practices a search may be limited to by name (``slug=…``: a shortlist).
MAX_SLUGS = 50
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
#: How deep pagination may go (page * per_page); deeper pages are refused.
MAX_RESULT_DEPTH = 10_000


class BadParameter(ValueError):
    """A request parameter that is malformed or out of range."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


class Arguments(Protocol):
    """What a search reads its parameters from (Werkzeug's MultiDict fits)."""

    def getlist(self, key: str) -> list[str]: ...


@dataclass(frozen=True)
class Facet:
    """A filter readers choose values of: how its values are checked and labelled."""

    name: str
    check: Callable[[str, Vocabularies], bool]
    label: Callable[[str, str, Vocabularies], str]
    example: str


FACETS: tuple[Facet, ...] = (
    Facet(
        "country",
        lambda value, vocabularies: value in i18n.country_codes(),
        lambda value, locale, vocabularies: i18n.country_name(value, locale),
        "an ISO 3166-1 code such as PL",
    ),
    Facet(
        "language",
        lambda value, vocabularies: value in i18n.language_codes(),
        lambda value, locale, vocabularies: i18n.language_name(value, locale),
        "an ISO 639-1 code such as uk",
    ),
    Facet(
        "target_group",
        lambda value, vocabularies: value in vocabularies.terms["target_groups"],
        lambda value, locale, vocabularies: vocabularies.label("target_groups", value, locale),
        "an id from the target groups vocabulary, such as refugees",
    ),
    Facet(
        "activity_type",
        lambda value, vocabularies: value in vocabularies.terms["activity_types"],
        lambda value, locale, vocabularies: vocabularies.label("activity_types", value, locale),
        "an id from the activity types vocabulary, such as storytelling",
    ),
)
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}


@dataclass(frozen=True)
class SearchRequest:
    """A checked search: query, filters (facet -> values), readable languages, paging."""

    query: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lang: tuple[str, ...] = ()
    sort: str = "newest"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    locale: str = i18n.DEFAULT_LOCALE
    #: Only these practices (a shortlist), when given.
    slugs: tuple[str, ...] = ()

    @property
    def offset(self) -> int:
        """Index of the first result of the page."""
        return (self.page - 1) * self.per_page


def _values(args: Arguments, name: str) -> list[str]:
    return [value.strip() for value in args.getlist(name) if value.strip()]


def _single(args: Arguments, name: str) -> str | None:
    values = _values(args, name)
    if len(values) > 1:
        raise BadParameter(name, f"{name} may be given once, not {len(values)} times")
    return values[0] if values else None


def _integer(args: Arguments, name: str, default: int, low: int, high: int) -> int:
    raw = _single(args, name)
    if raw is None:
        return default
    # str.isdigit() accepts '¹' and other digits int() refuses: only ASCII digits here.
    if not (raw.isascii() and raw.isdigit()):
        raise BadParameter(name, f"{name} must be a whole number from {low} to {high}")
    value = int(raw)
    if not low <= value <= high:
        raise BadParameter(name, f"{name} must be from {low} to {high}, not {value}")
    return value


def _choice(args: Arguments, name: str, choices: tuple[str, ...], default: str) -> str:
    value = _single(args, name)
    if value is None:
        return default
    if value not in choices:
        hint = did_you_mean(value, choices)
        raise BadParameter(name, f"{name} must be one of {', '.join(choices)}{hint}")
    return value


def parse_locale(args: Arguments) -> str:
    """The ``locale`` parameter (labels' language), English when not given."""
    return _choice(args, "locale", i18n.LOCALES, i18n.DEFAULT_LOCALE)


def parse_search_request(
    args: Arguments, vocabularies: Vocabularies, *, locale: str | None = None
) -> SearchRequest:
    """Check every search parameter; raise BadParameter naming the first wrong one."""
    query = " ".join(_values(args, "q"))
    if len(query) > MAX_QUERY_LENGTH:
        raise BadParameter("q", f"the query is longer than {MAX_QUERY_LENGTH} characters")
    filters: dict[str, tuple[str, ...]] = {}
    for facet in FACETS:
        chosen = tuple(dict.fromkeys(_values(args, facet.name)))
        for value in chosen:
            if not facet.check(value, vocabularies):
                raise BadParameter(
                    facet.name, f"unknown {facet.name} '{value}': expected {facet.example}"
                )
        if chosen:
            filters[facet.name] = chosen
    lang = tuple(dict.fromkeys(_values(args, "lang")))
    for value in lang:
        if value not in i18n.language_codes():
            raise BadParameter("lang", f"unknown lang '{value}': expected a code such as fr")
    sort = _choice(args, "sort", SORTS, "relevance" if query else "newest")
    per_page = _integer(args, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    page = _integer(args, "page", 1, 1, MAX_RESULT_DEPTH // per_page)
    if locale is None:
        locale = parse_locale(args)
    slugs = tuple(dict.fromkeys(_values(args, "slug")))
    if len(slugs) > MAX_SLUGS:
        raise BadParameter("slug", f"at most {MAX_SLUGS} practices may be named, not {len(slugs)}")
    for slug in slugs:
        if not SLUG_PATTERN.match(slug):
            raise BadParameter("slug", f"'{slug[:80]}' is not the slug of a practice")
    return SearchRequest(query, filters, lang, sort, page, per_page, locale, slugs)


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet as a reader sees it."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class SearchPage:
    """One page of results with facet counts: what the API and the search page show."""

    request: SearchRequest
    total: int
    results: list[dict[str, Any]]
    facets: dict[str, list[FacetValue]]
    suggestion: str | None
    simplified: bool = False

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON shape."""
        return {
            "query": self.request.query,
            "total": self.total,
            "page": self.request.page,
            "per_page": self.request.per_page,
            "results": self.results,
            "facets": {
                name: [
                    {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected}
                    for v in values
                ]
                for name, values in self.facets.items()
            },
            "suggestion": self.suggestion,
            "simplified": self.simplified,
        }


def practice_url(locale: str, slug: str) -> str:
    """The permanent address of a practice's page."""
    return f"/{locale}/practices/{slug}"


def shown_version(practice: dict[str, Any], *wanted: str) -> dict[str, Any]:
    """The version of a practice to show: the first of the ``wanted`` languages it has,
    else its original."""
    versions = {practice["original"]["lang"]: practice["original"], **practice["translations"]}
    for lang in wanted:
        if lang in versions:
            found: dict[str, Any] = versions[lang]
            return found
    original: dict[str, Any] = practice["original"]
    return original


def search(
    snapshot: Snapshot,
    request: SearchRequest,
    vocabularies: Vocabularies,
    hidden: frozenset[str] = frozenset(),
) -> SearchPage:
    """Run ``request`` against the index snapshot, leaving out ``hidden`` practices."""
    filters = dict(request.filters)
    if request.lang:
        filters["readable"] = request.lang
    raw = find(
        snapshot,
        request.query,
        filters,
        sort=request.sort,
        offset=request.offset,
        limit=request.per_page,
        locale=request.locale,
        hidden=hidden,
        only=frozenset(request.slugs) if request.slugs else None,
    )
    results = [
        {**_result(hit.card, hit.highlight, request.locale), **_found(hit.card, hit.through)}
        for hit in raw.hits
    ]
    for result, hit in zip(results, raw.hits, strict=True):
        result["matched_through"] = [
            _through(through, request.locale, vocabularies) for through in hit.through
        ]
    facets = {
        facet.name: _facet_values(facet, raw.counts[facet.name], request, vocabularies)
        for facet in FACETS
    }
    return SearchPage(request, raw.total, results, facets, raw.suggestion, raw.simplified)


def _result(card: dict[str, Any], highlight: str, locale: str) -> dict[str, Any]:
    shown = locale if locale in card["versions"] else card["lang"]
    version = card["versions"][shown]
    return {
        "slug": card["slug"],
        "title": version["title"],
        "summary": version["summary"],
        "lang": shown,
        "country": card["country"],
        "organisation": card["organisation"],
        "target_groups": card["target_groups"],
        "activity_types": card["activity_types"],
        "languages": card["languages"],
        "added": card["added"],
        "url": practice_url(locale, card["slug"]),
        "highlight": highlight,
    }


def _found(card: dict[str, Any], through: tuple[Through, ...]) -> dict[str, Any]:
    """What a reader needs to judge a result in another language: where it is, the
    language it is written in and those it can be read in."""
    return {
        "city": card.get("city"),
        "original_lang": card["lang"],
        "readable_in": sorted(card["versions"]),
    }


#: Vocabulary name -> the facet it is (thesaurus concepts keep their kind).
_FACET_OF_VOCABULARY = {"target_groups": "target_group", "activity_types": "activity_type"}


def _through(through: Through, locale: str, vocabularies: Vocabularies) -> dict[str, Any]:
    """A concept a result was found through, named in the reader's language."""
    if through.kind in vocabularies.terms:
        label = vocabularies.label(through.kind, through.id, locale)
    else:
        concept = vocabularies.thesaurus.get(through.id)
        label = concept.name(locale) if concept else through.id
    return {
        "kind": _FACET_OF_VOCABULARY.get(through.kind, through.kind),
        "value": through.id,
        "label": label,
        "classified": through.classified,
    }


def _facet_values(
    facet: Facet, counts: dict[str, int], request: SearchRequest, vocabularies: Vocabularies
) -> list[FacetValue]:
    chosen = request.filters.get(facet.name, ())
    values = [
        FacetValue(value, facet.label(value, request.locale, vocabularies), count, value in chosen)
        for value, count in counts.items()
    ]
    return sorted(values, key=lambda v: (-v.count, v.label.casefold()))
