"""The dossier: practices as a printed document in the reader's language.

The web layer renders the dossier's HTML from the same templates as the pages; this
module turns it into a PDF with WeasyPrint (no browser), reading nothing but the site's
own static files, and keeps each PDF made in a folder, keyed by the practices, the
locale, the index generation and the version of the site, so that a dossier asked for
again is read, not made again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import segno

#: Dossiers kept in the folder; the least recently made beyond are removed.
KEPT = 200


@lru_cache(maxsize=512)
def qr_svg(address: str) -> str:
    """A QR code of ``address`` as inline SVG (vector: sharp at any print size)."""
    # A fixed mask: choosing the best of eight took 35 ms a code, a tenth of a dossier.
    code = segno.make(address, error="m", mask=2)
    svg: str = code.svg_inline(scale=4, border=1, dark="#000", light="#fff", omitsize=True)
    return svg


def render_pdf(html: str, static_folder: Path, media_folder: Path | None = None) -> bytes:
    """The PDF of ``html``. Addresses of ``/static/…`` are read from ``static_folder``,
    ``file://`` addresses of the media store's re-encoded pictures from ``media_folder``;
    nothing else is fetched (a practice's links stay links, its pictures from elsewhere
    are left out)."""
    from weasyprint import HTML, URLFetcher  # loads Pango: only when a dossier is made

    root = static_folder.resolve()
    roots = [root] + ([media_folder.resolve()] if media_folder is not None else [])

    class LocalFiles(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            path = Path(url.removeprefix("file://").split("?")[0]).resolve()
            inside = any(path.is_relative_to(folder) for folder in roots)
            if not (url.startswith("file://") and inside and path.is_file()):
                raise ValueError(f"the dossier reads only the site's own files, not {url}")
            return super().fetch(url, headers)

    fetcher = LocalFiles(allowed_protocols=["file"])
    document = HTML(string=html, base_url=f"file://{root.parent}/", url_fetcher=fetcher)
    pdf: bytes = document.write_pdf()
    return pdf


class DossierCache:
    """PDFs already made, in a folder shared by every worker of the site."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @staticmethod
    def key(slugs: Sequence[str], locale: str, generation: int, site_version: str) -> str:
        """What a dossier depends on."""
        text = "|".join([",".join(slugs), locale, str(generation), site_version])
        return hashlib.sha256(text.encode()).hexdigest()[:40]

    def get(self, key: str) -> bytes | None:
        """A dossier made before, or None."""
        try:
            return (self.folder / f"{key}.pdf").read_bytes()
        except OSError:
            return None

    def put(self, key: str, pdf: bytes) -> None:
        """Keep a dossier (written whole, then renamed: a reader never sees half of it)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(pdf)
        os.replace(temporary, self.folder / f"{key}.pdf")
        self._prune()

    def _prune(self) -> None:
        kept = sorted(self.folder.glob("*.pdf"), key=lambda path: path.stat().st_mtime)
        for path in kept[:-KEPT]:
            path.unlink(missing_ok=True)
