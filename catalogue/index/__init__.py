"""The search index: the only package that imports Whoosh.

``writer`` brings the index up to date with the practice files, ``reader`` keeps one
searcher per process and answers searches, ``analysis`` says how text becomes terms.
"""
