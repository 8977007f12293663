"""Interface locales and the CLDR names of countries and languages (from Babel)."""

from __future__ import annotations

from functools import cache

from babel import Locale

#: Interface locales, in the order the language switcher shows them.
LOCALES: tuple[str, ...] = ("en", "fr", "it", "lv", "pl", "ro")
DEFAULT_LOCALE = "en"

# CLDR lists pseudo-territories (EU, UN, …) beside ISO 3166-1 codes; they are not countries.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


@cache
def _cldr(locale: str) -> Locale:
    return Locale.parse(locale)


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes known to CLDR."""
    codes = (str(code) for code in _cldr(DEFAULT_LOCALE).territories)
    return frozenset(
        code
        for code in codes
        if len(code) == 2 and code.isalpha() and code.isupper() and code not in _NOT_COUNTRIES
    )


@cache
def language_codes() -> frozenset[str]:
    """ISO 639-1 codes (two lower-case letters) known to CLDR."""
    codes = (str(code) for code in _cldr(DEFAULT_LOCALE).languages)
    return frozenset(code for code in codes if len(code) == 2 and code.isalpha())


def country_name(code: str, locale: str) -> str:
    """The country's name in the reader's language, or the code when CLDR has none."""
    return str(_cldr(locale).territories.get(code, code))


def language_name(code: str, locale: str) -> str:
    """The language's name in the reader's language, or the code when CLDR has none."""
    return str(_cldr(locale).languages.get(code, code))
