"""What each message says, in the reader's language: a subject and a few blocks of text
that become both the plain text and the HTML of the message."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from catalogue.mail.language import Translator

#: The longest subject line, in characters, before it is cut with an ellipsis.
SUBJECT_LENGTH = 140
#: Titles a digest lists before it says how many more there are.
DIGEST_TITLES = 30

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str, limit: int = SUBJECT_LENGTH) -> str:
    """``text`` as one line without control characters, cut to ``limit`` characters:
    what a title typed by anyone becomes before it goes near a header."""
    line = " ".join(_CONTROL.sub(" ", text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Block:
    """A paragraph; or a link on its own line; or someone's words, quoted."""

    text: str
    link: str | None = None
    quote: bool = False


@dataclass(frozen=True)
class Letter:
    """A message before it is addressed: its subject and its blocks, in one locale."""

    locale: str
    subject: str
    blocks: tuple[Block, ...]


def _letter(_: Translator, subject: str, *blocks: Block) -> Letter:
    closing = Block(_("Library practices for integration"))
    return Letter(_.locale, one_line(subject), (*blocks, closing))


def receipt(_: Translator, title: str, status_url: str) -> Letter:
    """To a contributor: their contribution arrived, and where to follow it."""
    title = one_line(title, 200)
    return _letter(
        _,
        _("We received your contribution: %(title)s", title=title),
        Block(_("Thank you for sending “%(title)s” to the catalogue.", title=title)),
        Block(
            _(
                "A coordinator will review it before it is published. Its private page "
                "shows where it stands; keep this message to find it again:"
            ),
            link=status_url,
        ),
    )


def approved(_: Translator, title: str, practice_url: str) -> Letter:
    """To a contributor: their contribution is published."""
    title = one_line(title, 200)
    return _letter(
        _,
        _("Published: %(title)s", title=title),
        Block(_("A coordinator approved “%(title)s”. It is in the catalogue now:", title=title)),
        Block("", link=practice_url),
        Block(_("Thank you for sharing your practice with other libraries.")),
    )


def rejected(_: Translator, title: str, reason: str, status_url: str) -> Letter:
    """To a contributor: their contribution will not be published, and why."""
    title = one_line(title, 200)
    return _letter(
        _,
        _("Not published: %(title)s", title=title),
        Block(
            _(
                "A coordinator reviewed “%(title)s” and decided not to publish it, "
                "for this reason:",
                title=title,
            )
        ),
        Block(reason, quote=True),
        Block(_("The private page of your contribution:"), link=status_url),
    )


def changes_requested(_: Translator, title: str, message: str, status_url: str) -> Letter:
    """To a contributor: a coordinator asks for changes before publishing."""
    title = one_line(title, 200)
    return _letter(
        _,
        _("Changes asked for: %(title)s", title=title),
        Block(
            _(
                "A coordinator reviewed “%(title)s” and asks for changes before it can be "
                "published:",
                title=title,
            )
        ),
        Block(message, quote=True),
        Block(_("The private page of your contribution, with this message:"), link=status_url),
    )


def new_submission(
    _: Translator, title: str, kind: str, review_url: str, preferences_url: str
) -> Letter:
    """To a coordinator: a contribution waits for review."""
    title = one_line(title, 200)
    return _letter(
        _,
        _("To review: %(title)s", title=title),
        Block(
            _("A contribution waits for review: “%(title)s” (%(kind)s).", title=title, kind=kind)
        ),
        Block(_("Review it in the back office:"), link=review_url),
        _preferences(_, preferences_url),
    )


def digest(
    _: Translator,
    items: Sequence[tuple[str, str]],
    dashboard_url: str,
    preferences_url: str,
) -> Letter:
    """To a coordinator who asked for one message a day: what arrived since the last."""
    shown = [Block(one_line(title, 200), link=url) for title, url in items[:DIGEST_TITLES]]
    more = len(items) - len(shown)
    if more > 0:
        shown.append(Block(_.ngettext("… and %(num)d more.", "… and %(num)d more.", more)))
    return _letter(
        _,
        _.ngettext("%(num)d contribution to review", "%(num)d contributions to review", len(items)),
        Block(
            _.ngettext(
                "%(num)d contribution arrived since the last summary and waits for review:",
                "%(num)d contributions arrived since the last summary and wait for review:",
                len(items),
            )
        ),
        *shown,
        Block(_("Everything that waits for review:"), link=dashboard_url),
        _preferences(_, preferences_url),
    )


def imported(
    _: Translator, count: int, file_name: str, dashboard_url: str, preferences_url: str
) -> Letter:
    """To a coordinator: a spreadsheet of contributions was imported into the queue."""
    name = one_line(file_name, 120)
    return _letter(
        _,
        _.ngettext(
            "%(num)d contribution imported from %(file)s",
            "%(num)d contributions imported from %(file)s",
            count,
            file=name,
        ),
        Block(
            _.ngettext(
                "%(num)d contribution was imported from %(file)s and waits for review:",
                "%(num)d contributions were imported from %(file)s and wait for review:",
                count,
                file=name,
            ),
            link=dashboard_url,
        ),
        _preferences(_, preferences_url),
    )


def _preferences(_: Translator, url: str) -> Block:
    return Block(
        _(
            "You receive this because mail about contributions is on for your account. "
            "Choose one message a day, or none:"
        ),
        link=url,
    )
