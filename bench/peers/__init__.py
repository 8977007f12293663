"""The peers the catalogue is measured against, run from their own virtual environment.

``environment`` installs them; ``build_sqlite`` writes their database; ``fts5_app`` is
the search endpoint a developer would write with Flask and SQLite FTS5; ``bare_app`` is
a Flask page that does nothing, the ceiling of any Flask app on this machine. The
modules run under the peers' Python, so they import nothing from the catalogue.
"""
