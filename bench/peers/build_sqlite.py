"""The peers' database: a data folder's practices in SQLite, searchable with FTS5.

    python build_sqlite.py build DATA_FOLDER DATABASE     # the whole database, anew
    python build_sqlite.py update DATABASE PRACTICE_FILE  # after one file changed

One row per practice (``slug.md``); the text of its translations (``slug.xx.md``) goes
into the row's ``other_text``, so a search in any language finds the practice, as in the
catalogue. Drafts are left out. The FTS5 table's SQL names ``content="practices"``,
which is how Datasette finds it for ``?_search=``.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

import yaml

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.DOTALL)
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ARRAYS = ("languages", "target_groups", "activity_types")
COLUMNS = (
    "slug",
    "title",
    "summary",
    "body",
    "other_text",
    "lang",
    "country",
    "city",
    "organisation",
    *ARRAYS,
    "added",
)
TEXT = "title, summary, body, other_text"
SCHEMA = f"""
CREATE TABLE practices (
    id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, title TEXT, summary TEXT, body TEXT,
    other_text TEXT, lang TEXT, country TEXT, city TEXT, organisation TEXT,
    languages TEXT, target_groups TEXT, activity_types TEXT, added TEXT
);
CREATE INDEX practices_country ON practices (country);
CREATE INDEX practices_added ON practices (added);
CREATE INDEX practices_title ON practices (title);
CREATE VIRTUAL TABLE practices_fts USING fts5(
    {TEXT}, content="practices", content_rowid="id",
    tokenize="unicode61 remove_diacritics 2"
);
CREATE TRIGGER practices_fts_update AFTER UPDATE ON practices BEGIN
    INSERT INTO practices_fts (practices_fts, rowid, {TEXT})
        VALUES ('delete', old.id, old.title, old.summary, old.body, old.other_text);
    INSERT INTO practices_fts (rowid, {TEXT})
        VALUES (new.id, new.title, new.summary, new.body, new.other_text);
END;
"""


def read(path: Path) -> tuple[dict[str, Any], str] | None:
    """Front matter and body of a practice file; None for a draft."""
    found = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if found is None:
        raise ValueError(f"{path}: no front matter")
    fields = yaml.load(found.group(1), Loader=_LOADER)
    return None if fields.get("draft") else (fields, found.group(2))


def row(original: Path, translations: list[Path]) -> dict[str, str] | None:
    """The database row of a practice, None when it is a draft."""
    practice = read(original)
    if practice is None:
        return None
    fields, body = practice
    other = [read(path) for path in translations]
    return {
        "slug": original.name.removesuffix(".md"),
        "title": fields["title"],
        "summary": fields["summary"],
        "body": body,
        "other_text": "\n".join(
            f"{text[0]['title']}\n{text[0]['summary']}\n{text[1]}" for text in other if text
        ),
        "lang": fields["lang"],
        "country": fields["country"],
        "city": fields.get("city", ""),
        "organisation": fields.get("organisation", ""),
        **{name: json.dumps(fields.get(name, [])) for name in ARRAYS},
        "added": str(fields["added"]),
    }


def build(data: Path, database: Path) -> None:
    """Write ``database`` from scratch, replacing it only once it is complete."""
    translations: dict[str, list[Path]] = {}
    originals = []
    for path in sorted((data / "practices").glob("*.md")):
        slug, *language = path.name.removesuffix(".md").split(".")
        if language:
            translations.setdefault(slug, []).append(path)
        else:
            originals.append(path)
    rows = (row(path, translations.get(path.name[:-3], [])) for path in originals)
    partial = database.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(partial) as connection:
        connection.executescript(SCHEMA)
        connection.executemany(
            f"INSERT INTO practices ({', '.join(COLUMNS)}) "
            f"VALUES ({', '.join(':' + name for name in COLUMNS)})",
            (found for found in rows if found is not None),
        )
        connection.execute("INSERT INTO practices_fts (practices_fts) VALUES ('rebuild')")
    connection.close()
    os.replace(partial, database)


def update(database: Path, changed: Path) -> None:
    """Rewrite the row of the practice ``changed`` belongs to (the trigger updates FTS)."""
    slug = changed.name.split(".")[0]
    found = row(changed.with_name(f"{slug}.md"), sorted(changed.parent.glob(f"{slug}.??.md")))
    if found is None:
        raise SystemExit(f"{slug} is a draft now: only changes are handled here")
    with sqlite3.connect(database) as connection:
        assignments = ", ".join(f"{name} = :{name}" for name in COLUMNS if name != "slug")
        updated = connection.execute(
            f"UPDATE practices SET {assignments} WHERE slug = :slug", found
        ).rowcount
    connection.close()
    if updated != 1:
        raise SystemExit(f"{slug} is not in {database}")


def main(arguments: list[str]) -> None:
    match arguments:
        case ["build", data, database]:
            build(Path(data), Path(database))
        case ["update", database, changed]:
            update(Path(database), Path(changed))
        case _:
            raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
