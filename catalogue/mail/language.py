"""Text in a chosen interface language outside any request: the site's own gettext
catalogues, read with Babel as Flask-Babel reads them for pages. Mail is written in the
language of the person who reads it, which is rarely the language of the request (or
command) that caused it."""

from __future__ import annotations

from functools import cache
from typing import Any

from babel.support import NullTranslations, Translations

from catalogue.i18n import DEFAULT_LOCALE, LOCALES
from catalogue.settings import ROOT


@cache
def _catalogue(locale: str) -> NullTranslations:
    return Translations.load(str(ROOT / "translations"), [locale])


class Translator:
    """``_("text %(name)s", name=…)`` and ``_.ngettext(…)`` in one locale, with
    Flask-Babel's conventions (``%`` formatting, ``num`` for plurals)."""

    def __init__(self, locale: str) -> None:
        self.locale = locale if locale in LOCALES else DEFAULT_LOCALE
        self._translations = _catalogue(self.locale)

    def __call__(self, message: str, **params: Any) -> str:
        text = self._translations.gettext(message)
        return text % params if params else text

    def ngettext(self, singular: str, plural: str, num: int, **params: Any) -> str:
        """The plural form for ``num`` in this locale."""
        return self._translations.ngettext(singular, plural, num) % {"num": num, **params}
