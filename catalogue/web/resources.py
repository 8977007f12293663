"""Long-lived resources of a worker: vocabularies and the index reader, made once."""

from __future__ import annotations

from flask import Flask

from catalogue.content.vocabularies import load_vocabularies
from catalogue.index.reader import IndexReader
from catalogue.settings import Settings


def init_app(app: Flask) -> None:
    """Load the vocabularies and open the index reader for this process."""
    settings: Settings = app.config["CATALOGUE_SETTINGS"]
    app.extensions["catalogue.vocabularies"] = load_vocabularies(settings.vocabularies)
    app.extensions["catalogue.index"] = IndexReader(settings.index)
