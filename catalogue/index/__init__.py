"""The search index: the only package that imports Whoosh.

``writer`` brings the index up to date with the practice files, ``reader`` keeps one
searcher per process and answers searches, ``analysis`` says how text becomes terms.
"""

from catalogue.index import whoosh_fixes as _whoosh_fixes  # noqa: F401  (patches on import)
