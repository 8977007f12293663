"""The checks a field rule is made of: each turns a raw YAML (or JSON, or form) value into
its normalised Python value, or raises ``FieldError`` with a message that says what would be
right. ``fields.py`` puts them together into the table of a practice's fields; the media
rules (``catalogue/media/rules.py``) build on them too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

from catalogue import i18n
from catalogue.content.suggest import did_you_mean
from catalogue.content.vocabularies import Vocabularies


def N_(template: str) -> str:
    """Mark a message template for translation; the web layer shows it translated."""
    return template


class FieldError(ValueError):
    """A value that breaks its field's rule: an English template and its values."""

    def __init__(self, template: str, **params: Any) -> None:
        super().__init__(template % params)
        self.template = template
        self.params = params


class FieldErrors(FieldError):
    """Several problems in one field, each reported on its own (the entries of a list of
    images, say)."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = errors


@dataclass(frozen=True)
class Context:
    """What field rules need besides the value: vocabularies and today's date, and
    where the files named by ``images`` and ``materials`` are (``media/rules.py``;
    ``None``: their entries are checked, not their files)."""

    vocabularies: Vocabularies
    today: date
    files: Any = None
    #: The folder of files sent with contributions (``media/uploads.py``).
    uploads: Any = None


Check = Callable[[str, Any, Context], Any]


@dataclass(frozen=True)
class FieldRule:
    """One front-matter field: how to check it, and where it may or must appear."""

    name: str
    check: Check
    required: bool = False
    in_translation: bool = False
    required_in_translation: bool = False
    in_original: bool = True


_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", list: "a list"}


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, dict):
        return "a mapping"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _string(name: str, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise FieldError(N_("%(field)s must be text, not %(kind)s"), field=name, kind=_kind(value))
    text = " ".join(str(value).split())
    if not text:
        raise FieldError(N_("%(field)s is empty; write a value or remove the field"), field=name)
    return text


def text(minimum: int, maximum: int) -> Check:
    """Text of ``minimum`` to ``maximum`` characters (white space collapsed)."""

    def check(name: str, value: Any, context: Context) -> str:
        result = _string(name, value)
        if not minimum <= len(result) <= maximum:
            raise FieldError(
                N_("%(field)s has %(length)d characters; it needs %(minimum)d to %(maximum)d"),
                field=name,
                length=len(result),
                minimum=minimum,
                maximum=maximum,
            )
        return result

    return check


_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def plain_text(minimum: int, maximum: int) -> Check:
    """Like ``text``, but refuses HTML tags."""
    base = text(minimum, maximum)

    def check(name: str, value: Any, context: Context) -> str:
        result: str = base(name, value, context)
        tag = _HTML_TAG.search(result)
        if tag:
            raise FieldError(
                N_("%(field)s must be plain text: remove the HTML tag '%(tag)s'"),
                field=name,
                tag=tag.group(),
            )
        return result

    return check


def _code(codes: Callable[[], frozenset[str]], case: Callable[[str], str], kind: str) -> Check:
    """A code from ``codes``; a wrong case gets a hint with the right one."""

    def check(name: str, value: Any, context: Context) -> str:
        code = _string(name, value)
        if code not in codes():
            hint = f" (did you mean '{case(code)}'?)" if case(code) in codes() else ""
            raise FieldError(
                N_("%(field)s '%(value)s' is not %(kind)s%(hint)s"),
                field=name,
                value=code,
                kind=kind,
                hint=hint,
            )
        return code

    return check


#: An ISO 639-1 code, two lower-case letters.
language_code = _code(
    i18n.language_codes, str.lower, "an ISO 639-1 language code such as 'en' or 'pl'"
)
#: An ISO 3166-1 alpha-2 code in upper case.
country_code = _code(
    i18n.country_codes, str.upper, "an ISO 3166-1 country code such as 'PL' or 'FR'"
)


def _list(name: str, value: Any) -> list[Any]:
    if isinstance(value, str | int) and not isinstance(value, bool):
        raise FieldError(N_("%(field)s must be a list, e.g. [%(value)s]"), field=name, value=value)
    if not isinstance(value, list):
        raise FieldError(
            N_("%(field)s must be a list, not %(kind)s"), field=name, kind=_kind(value)
        )
    return value


def list_of(item: Check, *, required: bool = False) -> Check:
    """A list whose items each pass ``item``; duplicates are dropped, order kept."""

    def check(name: str, value: Any, context: Context) -> tuple[Any, ...]:
        items = _list(name, value)
        if required and not items:
            raise FieldError(N_("%(field)s is empty; give at least one value"), field=name)
        checked = [item(f"{name} value", entry, context) for entry in items]
        return tuple(dict.fromkeys(checked))

    return check


def vocabulary(vocabulary_name: str) -> Check:
    """A non-empty list of ids of a controlled vocabulary."""
    label = vocabulary_name.replace("_", " ").removesuffix("s")

    def check(name: str, value: Any, context: Context) -> tuple[str, ...]:
        items = _list(name, value)
        if not items:
            raise FieldError(N_("%(field)s is empty; give at least one value"), field=name)
        known = context.vocabularies.ids(vocabulary_name)
        for entry in items:
            if not isinstance(entry, str) or entry not in known:
                raise FieldError(
                    N_("unknown %(kind)s '%(value)s'%(hint)s; the ids are listed in %(file)s"),
                    kind=label,
                    value=entry,
                    hint=did_you_mean(str(entry), known),
                    file=f"vocabularies/{vocabulary_name}.yml",
                )
        return tuple(dict.fromkeys(items))

    return check


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def iso_date(name: str, value: Any, context: Context) -> date:
    """A calendar date written YYYY-MM-DD."""
    raw = _string(name, value)
    if not _ISO_DATE.match(raw):
        raise FieldError(
            N_("%(field)s must be a date written YYYY-MM-DD, e.g. 2025-03-14"), field=name
        )
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise FieldError(
            N_("%(field)s %(value)s is not a date that exists"), field=name, value=raw
        ) from None


def past_date(name: str, value: Any, context: Context) -> date:
    """A date written YYYY-MM-DD that has come: not after tomorrow (a day's grace for
    time zones). A date in the future would pin a practice to the top of "newest"."""
    result = iso_date(name, value, context)
    if result > context.today + timedelta(days=1):
        raise FieldError(
            N_("%(field)s %(value)s is in the future; use the date it happened"),
            field=name,
            value=result.isoformat(),
        )
    return result


def year(name: str, value: Any, context: Context) -> int:
    """A year between 1900 and next year."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(
            N_("%(field)s must be a year such as 2024, not %(kind)s"), field=name, kind=_kind(value)
        )
    latest = context.today.year + 1
    if not 1900 <= value <= latest:
        raise FieldError(
            N_("%(field)s %(value)d must be between 1900 and %(latest)d"),
            field=name,
            value=value,
            latest=latest,
        )
    return value


def choice(*values: str) -> Check:
    """One of a fixed set of values."""

    def check(name: str, value: Any, context: Context) -> str:
        raw = _string(name, value)
        if raw not in values:
            raise FieldError(
                N_("%(field)s '%(value)s' must be one of %(choices)s%(hint)s"),
                field=name,
                value=raw,
                choices=", ".join(values),
                hint=did_you_mean(raw, values),
            )
        return raw

    return check


def web_address(name: str, value: Any, context: Context) -> str:
    """An http:// or https:// URL with a host."""
    raw = _string(name, value)
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in raw:
        raise FieldError(
            N_("%(field)s must be a web address starting with https:// or http://"), field=name
        )
    return raw


def boolean(name: str, value: Any, context: Context) -> bool:
    """true or false."""
    if not isinstance(value, bool):
        raise FieldError(
            N_("%(field)s must be true or false, not %(kind)s"), field=name, kind=_kind(value)
        )
    return value


def free_text(name: str, value: Any, context: Context) -> str:
    """Any non-empty text up to 1,000 characters."""
    return text(1, 1000)(name, value, context)  # type: ignore[no-any-return]
