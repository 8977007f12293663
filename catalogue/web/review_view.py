"""A submission as readers will see it once approved: the facts of the "adopt this
practice" card and the rendered text, built by the same validator and the same templates as
a published practice, so that a coordinator approves what was shown."""

from __future__ import annotations

from datetime import date
from typing import Any

from catalogue.content.fields import Context
from catalogue.content.markdown import MarkdownProblem, render_markdown
from catalogue.content.validate import check_fields
from catalogue.db import Submission
from catalogue.index.reader import Snapshot
from catalogue.index.schema import load_blob

#: What the adopt card reads, empty until the submission says otherwise.
_EMPTY: dict[str, Any] = {
    "organisation": "",
    "city": "",
    "country": "",
    "target_groups": [],
    "activity_types": [],
    "languages": [],
    "partners": [],
    "partner_types": [],
}


def published_view(
    submission: Submission, fields: dict[str, Any], current: Snapshot, context: Context
) -> dict[str, Any]:
    """``practice`` (what the adopt card shows), ``added`` and ``body_html`` (None when the
    text cannot be shown: its problem is listed with the others)."""
    target = current.docnum(submission.target_slug) if submission.target_slug else None
    translation = submission.kind == "translation"
    values, _problems = check_fields(fields, context, translation=translation)
    added = context.today  # a new practice joins the catalogue on the day it is approved
    if translation and target is not None:
        practice = load_blob(current.blob(target))  # a translation keeps the original's facts
        added = date.fromisoformat(practice["added"])
    else:
        practice = {**_EMPTY, **{name: _plain(value) for name, value in values.items()}}
        if submission.kind == "edit" and target is not None:
            added = date.fromisoformat(load_blob(current.blob(target))["added"])
    practice["added"] = added.isoformat()
    try:
        body_html: str | None = render_markdown(submission.body)
    except MarkdownProblem:
        body_html = None
    return {"practice": practice, "added": added, "body_html": body_html}


def _plain(value: Any) -> Any:
    """Dates as the ISO text the index stores, everything else as it is."""
    return value.isoformat() if isinstance(value, date) else value
