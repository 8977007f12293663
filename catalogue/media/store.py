"""What readers are served, kept on disk keyed by content: the re-encoded widths of each
image and a copy of each material, made once when the index is updated (in parallel
when there are many), never per request, never the file as it came.

Layout: ``<media>/<first two hex digits>/<sha256 of the original>/<name>``, where an
image's names are ``<width>.webp`` and ``<width>.jpg`` and a material's is
``material.<extension>``. A new content is a new folder, so every address can be cached
for ever.
"""

from __future__ import annotations

import os
import re
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from catalogue.content.model import Material, Practice, PracticeImage
from catalogue.media.images import make_derivatives, reencode
from catalogue.media.probe import IMAGE_TYPES, TYPES

#: Written last in an image's folder: every width and format is there.
COMPLETE = ".complete"
#: From this many new images on, they are re-encoded in one process per core.
PARALLEL_IMAGES = 8
DIGEST = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class MediaStore:
    """The folder of served media."""

    folder: Path

    def entry(self, digest: str) -> Path:
        """The folder of everything made of one content."""
        if not DIGEST.match(digest):
            raise ValueError(f"not a content digest: {digest!r}")
        return self.folder / digest[:2] / digest

    def has_image(self, digest: str) -> bool:
        """True when every width of the image is there."""
        return (self.entry(digest) / COMPLETE).exists()

    def material_name(self, material: Material) -> str:
        """The stored name of a material's copy."""
        return f"material{TYPES[material.type].extension}"

    def has_material(self, material: Material) -> bool:
        """True when the material's copy is there."""
        return (self.entry(material.digest) / self.material_name(material)).exists()

    def served(self, digest: str, name: str) -> Path | None:
        """The stored file ``name`` of ``digest``, or None (nothing outside the store)."""
        if not DIGEST.match(digest) or not re.match(r"^[a-z0-9]+\.[a-z]+$", name):
            return None
        path = self.entry(digest) / name
        return path if path.is_file() else None


@dataclass
class MediaJobs:
    """The images and materials an index update must make, each content once, with the
    practice file that first named it (to say where a problem is)."""

    store: MediaStore
    images: dict[str, tuple[Path, Path, int]] = field(default_factory=dict)
    materials: dict[str, tuple[Path, Material]] = field(default_factory=dict)

    def add(self, practice: Practice, practices: Path, original: Path) -> None:
        """Remember what ``practice`` needs that the store does not have yet."""
        for number, image in enumerate(practice.images, start=1):
            if image.digest not in self.images and not self.store.has_image(image.digest):
                self.images[image.digest] = (practices / image.path, original, number)
        for material in practice.materials:
            if material.digest not in self.materials and not self.store.has_material(material):
                self.materials[material.digest] = (practices / material.path, material)

    def run(self, workers: int | None = None) -> list[tuple[Path, int, str]]:
        """Make everything; return (practice file, image number, reason) of each image
        that could not be made."""
        for digest, (source, material) in self.materials.items():
            _copy_material(source, self.store.entry(digest) / self.store.material_name(material))
        cores = workers or os.cpu_count() or 1
        sources = [(str(src), str(self.store.entry(d))) for d, (src, _, _) in self.images.items()]
        if len(sources) >= PARALLEL_IMAGES and cores > 1:
            with ProcessPoolExecutor(max_workers=cores) as pool:
                outcomes = list(pool.map(_make_image, sources, chunksize=4))
        else:
            outcomes = [_make_image(pair) for pair in sources]
        return [
            (original, number, reason)
            for (_, original, number), reason in zip(self.images.values(), outcomes, strict=True)
            if reason is not None
        ]


def _make_image(pair: tuple[str, str]) -> str | None:
    """Every width of one image (run in a worker process); the reason if it failed."""
    source, folder = pair
    try:
        make_derivatives(Path(source), Path(folder))
        (Path(folder) / COMPLETE).touch()
    except (OSError, ValueError, SyntaxError, Warning) as error:
        return str(error) or type(error).__name__
    return None


def _copy_material(source: Path, target: Path) -> None:
    """A material as downloaded: documents copied, pictures re-encoded without metadata."""
    target.parent.mkdir(parents=True, exist_ok=True)
    kind = target.suffix.lstrip(".")
    image_type = "jpeg" if kind == "jpg" else kind
    if image_type in IMAGE_TYPES:
        reencode(source, target, image_type)
        return
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.copyfile(source, temporary)
    os.replace(temporary, target)


def media_fingerprints(practice: Practice) -> dict[str, str]:
    """Path under data/practices/ -> content digest of every media file of a practice,
    kept with its other fingerprints so that a changed photo is noticed."""
    files: list[PracticeImage | Material] = [*practice.images, *practice.materials]
    return {item.path: item.digest for item in files if item.path}
