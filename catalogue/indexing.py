"""Bringing the index up to date with the practice files (``catalogue index``)."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from catalogue.content.fields import Context
from catalogue.content.model import Practice, Problem, Version, practice_from_dict
from catalogue.content.tree import (
    CheckedGroup,
    PracticeFiles,
    assemble,
    check_group,
    find_practice_files,
    group_by_slug,
)
from catalogue.index.analysis import STEMMED_LANGUAGES
from catalogue.index.bridge import Bridge
from catalogue.index.schema import load_blob
from catalogue.index.writer import IndexWriter, index_lock
from catalogue.media.rules import entry_lines
from catalogue.media.store import MediaJobs, MediaStore, media_fingerprints
from catalogue.settings import default_media_folder

T = TypeVar("T")
Track = Callable[[Sequence[T], str], Iterable[T]]

#: Bump when a change to validation or indexing means every file must be read again.
INDEX_FORMAT = 2


def _no_progress(items: Sequence[T], description: str) -> Iterable[T]:
    return items


@dataclass
class IndexReport:
    """What an index update did and found."""

    problems: list[Problem] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    drafts: int = 0
    files: int = 0
    seconds: float = 0.0
    repaired: str | None = None

    @property
    def invalid_files(self) -> int:
        """How many files have at least one problem."""
        return len({problem.path for problem in self.problems})


def fingerprint(data: bytes) -> str:
    """The content fingerprint of a file."""
    return hashlib.sha256(data).hexdigest()


def context_fingerprint(vocabulary_folder: Path) -> str:
    """A fingerprint of everything besides the files that decides what is valid."""
    digest = hashlib.sha256(str(INDEX_FORMAT).encode())
    for path in sorted(vocabulary_folder.glob("*.yml")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def update_index(
    practices: Path,
    index_folder: Path,
    context: Context,
    *,
    context_key: str = "",
    rebuild: bool = False,
    track: Track[str] = _no_progress,
    lock_timeout: float = 300.0,
    on_wait: Callable[[], None] | None = None,
    languages: Sequence[str] = STEMMED_LANGUAGES,
    bridge: bool = True,
    media: Path | None = None,
) -> IndexReport:
    """Index new and changed practice files, drop deleted ones, keep the rest as it is.

    ``languages`` are those analysed with their own stemmer; the others are folded only.
    The texts are tagged with the concepts of the vocabularies and the thesaurus they use
    (``index/bridge.py``), unless ``bridge`` is false. The images and materials of the
    practices indexed are made into what readers are served, in ``media``
    (``media/store.py``), before the new index is published.
    """
    started = time.perf_counter()
    concepts = Bridge(context.vocabularies.concepts() if bridge else [])
    with index_lock(index_folder, lock_timeout, on_wait):
        writer = IndexWriter(index_folder, rebuild=rebuild, languages=languages, bridge=concepts)
        report = IndexReport(repaired=writer.repaired)
        jobs = MediaJobs(MediaStore(media or default_media_folder(index_folder)))
        try:
            _apply_changes(writer, practices, context, context_key, report, track, jobs)
            report.problems += _media_problems(jobs.run())
            writer.commit(context_key)
        except BaseException:
            writer.cancel()  # a failed commit too: release Whoosh's files and lock
            raise
    report.seconds = time.perf_counter() - started
    return report


def _apply_changes(
    writer: IndexWriter,
    practices: Path,
    context: Context,
    context_key: str,
    report: IndexReport,
    track: Track[str],
    jobs: MediaJobs,
) -> None:
    recheck_all = writer.rebuild or writer.state().get("context") != context_key
    known = {} if recheck_all else writer.state().get("files", {})
    hashes, writer.files = _fingerprints(find_practice_files(practices), report, known)
    report.files = len(hashes)
    groups, problems = group_by_slug(hashes)
    report.problems += problems
    changed = []
    for slug, group in groups.items():
        current = {_relative(path, practices): hashes[path] for path in group.paths()}
        current |= _media_now(writer.fingerprints.get(slug), practices, known, writer.files)
        if recheck_all or writer.fingerprints.get(slug) != current:
            changed.append(slug)
        else:
            report.unchanged += 1
    writer.expect(len(changed))
    for slug in track(sorted(changed), "Indexing"):
        _index_group(writer, groups[slug], practices, hashes, context, report, jobs)
    for slug in sorted(writer.fingerprints.keys() - groups.keys()):
        writer.delete(slug)
        report.removed += 1


#: A file changed this recently (in nanoseconds) is read again at the next update: a
#: change within the same clock tick as this one would leave its time as it is.
SETTLING_NS = 2_000_000_000


def _fingerprints(
    paths: list[Path], report: IndexReport, known: dict[str, list[Any]]
) -> tuple[dict[Path, str], dict[str, list[Any]]]:
    """Each readable file's fingerprint, and what to remember of each for the next update.

    A file whose size and modification time are those ``known`` from the last update
    keeps its fingerprint unread, so an update of 10,000 unchanged files reads none.
    """
    scanned = time.time_ns()
    hashes: dict[Path, str] = {}
    remembered: dict[str, list[Any]] = {}
    for path in paths:
        try:
            stat = path.stat()
            entry = known.get(str(path))
            if entry and entry[:2] == [stat.st_size, stat.st_mtime_ns]:
                hashes[path] = entry[2]
            else:
                hashes[path] = fingerprint(path.read_bytes())
        except OSError as error:  # removed meanwhile, or unreadable
            report.problems.append(Problem(path, 1, f"cannot read file: {error.strerror}"))
            continue
        if scanned - stat.st_mtime_ns > SETTLING_NS:
            remembered[str(path)] = [stat.st_size, stat.st_mtime_ns, hashes[path]]
    return hashes, remembered


def _media_now(
    stored: dict[str, str] | None,
    practices: Path,
    known: dict[str, list[Any]],
    remembered: dict[str, list[Any]],
) -> dict[str, str]:
    """The fingerprints now of the media files a practice had at the last update (its
    ``.md`` files aside): a photo replaced under the same name re-indexes the practice.
    Like practice files, a file whose size and time are unchanged is not read again."""
    current: dict[str, str] = {}
    for name in stored or {}:
        if name.endswith(".md"):
            continue
        path = practices / name
        try:
            stat = path.stat()
        except OSError:
            continue  # gone: the practice is read again, and says so
        entry = known.get(str(path))
        if entry and entry[:2] == [stat.st_size, stat.st_mtime_ns]:
            current[name] = entry[2]
        else:
            from catalogue.media.probe import file_digest

            current[name] = file_digest(path)
        if time.time_ns() - stat.st_mtime_ns > SETTLING_NS:
            remembered[str(path)] = [stat.st_size, stat.st_mtime_ns, current[name]]
    return current


def _media_problems(failures: list[tuple[Path, int, str]]) -> list[Problem]:
    """An image that could not be re-encoded, at the line of its ``file`` key."""
    problems = []
    for path, number, reason in failures:
        lines = entry_lines(path.read_text(encoding="utf-8", errors="replace"))
        line = lines.get(("images", number, "file"), 1)
        message = f"images {number}: cannot be re-encoded for readers ({reason})"
        problems.append(Problem(path, line, message, "images"))
    return problems


def _relative(path: Path, folder: Path) -> str:
    text, prefix = str(path), f"{folder}{os.sep}"
    if text.startswith(prefix):  # always, for found files; and much faster than relative_to
        return text[len(prefix) :].replace(os.sep, "/")
    return path.relative_to(folder).as_posix()


def _index_group(
    writer: IndexWriter,
    group: PracticeFiles,
    practices: Path,
    hashes: dict[Path, str],
    context: Context,
    report: IndexReport,
    jobs: MediaJobs,
) -> None:
    checked = check_group(group, context)
    report.problems.extend(checked.problems)
    stored = writer.fingerprints.get(group.slug)
    # The last good version stands in for invalid files only: read it when some are.
    wanted = stored is not None and (checked.problems or checked.original() is None)
    practice = _publishable(checked, writer.last_good(group.slug) if wanted else None)
    if practice is not None and practice.draft:
        report.drafts += 1
    if practice is None or practice.draft:
        if stored is not None:
            writer.delete(group.slug)
            report.removed += 1
        return
    bad = {problem.path for problem in checked.problems}
    fingerprints = {
        _relative(path, practices): hashes[path] for path in group.paths() if path not in bad
    } | media_fingerprints(practice)
    if not writer.rebuild and stored == fingerprints:
        report.unchanged += 1
        return
    jobs.add(practice, practices, group.originals[0] if group.originals else practices)
    writer.put(practice, fingerprints)
    if stored is None or writer.rebuild:
        report.added += 1
    else:
        report.updated += 1


def _publishable(checked: CheckedGroup, last_good: bytes | None) -> Practice | None:
    """The practice to index: valid files, and the last good version of invalid ones."""
    previous = practice_from_dict(load_blob(last_good)) if last_good is not None else None
    original = checked.original()
    if original is None:
        return previous
    translations: dict[str, Version] = {}
    if previous is not None:
        bad_languages = {
            lang
            for lang, paths in checked.files.translations.items()
            if any(problem.path == paths[0] for problem in checked.problems)
        }
        translations = {
            lang: text for lang, text in previous.translations.items() if lang in bad_languages
        }
    translations.update(checked.valid_translations())
    return assemble(replace(original, translations={}), translations)
