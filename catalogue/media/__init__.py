"""Images and materials of practices, and the map of Europe.

One concern per module: ``probe`` reads what a file is from its content, ``rules`` checks
the ``images``, ``materials`` and ``image_alts`` fields with it, ``images`` re-encodes
photos, ``materials`` names and describes downloads, ``store`` keeps what readers are
served (made once, at indexing, keyed by content), ``uploads`` keeps the files sent with
contributions, and ``europe`` draws the map.
"""
