"""``catalogue index``: incremental, atomic, forgiving of bad files, self-repairing."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from catalogue.index.reader import IndexReader
from catalogue.index.writer import IndexBusy, index_lock
from catalogue.indexing import IndexReport
from catalogue.settings import Settings
from tests.conftest import VALID_FIELDS

Reindex = Callable[..., IndexReport]


def slugs(settings: Settings) -> set[str]:
    snapshot = IndexReader(settings.index).snapshot()
    return {snapshot.card(d)["slug"] for d in snapshot.searcher.reader().all_doc_ids()}


def title_of(settings: Settings, slug: str, lang: str) -> str:
    snapshot = IndexReader(settings.index).snapshot()
    docnum = snapshot.docnum(slug)
    assert docnum is not None
    title: str = snapshot.card(docnum)["versions"][lang]["title"]
    return title


def test_first_run_adds_every_published_practice(settings: Settings, reindex: Reindex) -> None:
    report = reindex()
    assert (report.added, report.updated, report.removed, report.drafts) == (7, 0, 0, 1)
    assert report.files == 10
    assert "draft-seniors" not in slugs(settings)
    assert "krakow-homework-club" in slugs(settings)


def test_second_run_leaves_unchanged_files_alone(
    settings: Settings, reindex: Reindex, monkeypatch: pytest.MonkeyPatch
) -> None:
    reindex()
    read: list[Path] = []
    import catalogue.content.tree as tree

    original = tree.read_practice_file

    def counting(path: Path, *args: Any) -> Any:
        read.append(path)
        return original(path, *args)

    monkeypatch.setattr(tree, "read_practice_file", counting)
    report = reindex()
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 7)
    assert [path.name for path in read] == ["draft-seniors.md"]  # drafts are checked each time


def test_without_its_state_file_the_index_still_knows_what_changed(
    settings: Settings, reindex: Reindex
) -> None:
    reindex()
    (settings.index / "catalogue-state.json").unlink()
    path = settings.practices / "riga-welcome-desk.md"
    path.write_text(path.read_text().replace("Welcome desk", "Help desk"))
    report = reindex()
    assert (report.added, report.updated, report.unchanged) == (0, 1, 6)


def _age(folder: Path, seconds: float) -> None:
    for path in folder.glob("*.md"):
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - int(seconds * 1e9)))


def test_a_settled_unchanged_file_is_not_read_again(
    settings: Settings, reindex: Reindex, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Size and modification time as remembered: the file is not read, so an update of
    # thousands of unchanged practices takes a fraction of a second.
    _age(settings.practices, 3600)
    reindex()
    import catalogue.indexing as indexing

    hashed: list[int] = []
    original = indexing.fingerprint
    monkeypatch.setattr(indexing, "fingerprint", lambda data: hashed.append(1) or original(data))
    assert reindex().unchanged == 7
    assert hashed == []
    path = settings.practices / "riga-welcome-desk.md"
    path.write_text(path.read_text().replace("Welcome desk", "Help desk"))
    report = reindex()
    assert (report.updated, report.unchanged, len(hashed)) == (1, 6, 1)


def test_a_change_in_the_same_clock_tick_is_still_found(
    settings: Settings, reindex: Reindex
) -> None:
    # A file changed moments before an update is read again at the next one, because a
    # second change within the same tick of the clock would not move its time.
    path = settings.practices / "riga-welcome-desk.md"
    path.write_text(path.read_text())  # saved just now
    reindex()
    stat = path.stat()
    path.write_text(path.read_text().replace("Welcome desk", "Welcome dusk"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert reindex().updated == 1


def test_changed_new_and_deleted_files_are_picked_up(
    settings: Settings, reindex: Reindex, write_practice: Callable[..., Path]
) -> None:
    reindex()
    path = settings.practices / "riga-welcome-desk.md"
    path.write_text(path.read_text().replace("Welcome desk for newcomers", "Newcomers' desk"))
    write_practice("new-practice.md", VALID_FIELDS)
    (settings.practices / "bologna-digital.md").unlink()
    report = reindex()
    assert (report.added, report.updated, report.removed, report.unchanged) == (1, 1, 1, 5)
    assert title_of(settings, "riga-welcome-desk", "en") == "Newcomers' desk in Rīga"
    assert "bologna-digital" not in slugs(settings)


def test_a_new_translation_updates_its_practice(
    settings: Settings, reindex: Reindex, write_practice: Callable[..., Path]
) -> None:
    reindex()
    write_practice(
        "riga-welcome-desk.lv.md",
        {
            "title": "Sagaidīšanas punkts Rīgā",
            "summary": "Bibliotēkas darbinieki palīdz jaunpienācējiem.",
            "lang": "lv",
        },
    )
    report = reindex()
    assert report.updated == 1
    assert title_of(settings, "riga-welcome-desk", "lv") == "Sagaidīšanas punkts Rīgā"


def test_a_file_that_became_invalid_keeps_its_last_good_version(
    settings: Settings, reindex: Reindex
) -> None:
    reindex()
    path = settings.practices / "riga-welcome-desk.md"
    path.write_text(path.read_text().replace("country: LV", "country: Latvia"))
    report = reindex()
    assert [(p.path.name, p.line) for p in report.problems] == [("riga-welcome-desk.md", 5)]
    assert title_of(settings, "riga-welcome-desk", "en") == "Welcome desk for newcomers in Rīga"
    again = reindex()
    assert len(again.problems) == 1, "an invalid file is reported on every run until fixed"


def test_an_invalid_translation_keeps_its_last_good_version_while_the_original_changes(
    settings: Settings, reindex: Reindex
) -> None:
    reindex()
    translation = settings.practices / "lyon-ateliers.en.md"
    translation.write_text(translation.read_text().replace("lang: en", "lang: en\ncountry: FR"))
    original = settings.practices / "lyon-ateliers.md"
    original.write_text(original.read_text().replace("Ateliers de conversation", "Ateliers"))
    report = reindex()
    assert [p.path.name for p in report.problems] == ["lyon-ateliers.en.md"]
    assert title_of(settings, "lyon-ateliers", "fr") == "Ateliers en français"
    assert title_of(settings, "lyon-ateliers", "en") == "French conversation workshops"


def test_a_new_invalid_file_is_reported_and_not_indexed(
    settings: Settings, reindex: Reindex, write_practice: Callable[..., Path]
) -> None:
    reindex()
    write_practice("broken.md", {**VALID_FIELDS, "target_groups": ["refugee"]})
    report = reindex()
    assert [str(p).split(": ", 1)[1] for p in report.problems] == [
        "unknown target group 'refugee' (did you mean 'refugees'?); "
        "the ids are listed in vocabularies/target_groups.yml"
    ]
    assert "broken" not in slugs(settings)


def test_an_unreadable_file_is_reported_and_the_rest_indexed(
    reindex: Reindex, write_practice: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = write_practice("locked.md", VALID_FIELDS)
    read_bytes = Path.read_bytes

    def refuse_locked(path: Path) -> bytes:
        if path == locked:
            raise PermissionError(13, "Permission denied")
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse_locked)
    report = reindex()
    assert [str(p) for p in report.problems] == [f"{locked}:1: cannot read file: Permission denied"]
    assert report.added == 7


def test_a_practice_that_becomes_a_draft_leaves_the_index(
    settings: Settings, reindex: Reindex
) -> None:
    reindex()
    path = settings.practices / "cluj-storytelling.md"
    path.write_text(path.read_text().replace("added: 2023-09-01", "added: 2023-09-01\ndraft: true"))
    report = reindex()
    assert (report.removed, report.drafts) == (1, 2)
    assert "cluj-storytelling" not in slugs(settings)


def test_rebuild_starts_from_an_empty_index(settings: Settings, reindex: Reindex) -> None:
    reindex()
    (settings.practices / "bologna-digital.md").unlink()
    report = reindex(rebuild=True)
    assert (report.added, report.unchanged, report.removed) == (6, 0, 1)
    assert len(slugs(settings)) == 6


def test_rebuild_keeps_the_last_good_version_of_an_invalid_file(
    settings: Settings, reindex: Reindex
) -> None:
    reindex()
    path = settings.practices / "riga-welcome-desk.md"
    path.write_text(path.read_text().replace("country: LV", "country: Latvia"))
    report = reindex(rebuild=True)
    assert len(report.problems) == 1
    assert title_of(settings, "riga-welcome-desk", "en") == "Welcome desk for newcomers in Rīga"


def test_a_vocabulary_change_rechecks_every_file(settings: Settings, reindex: Reindex) -> None:
    reindex()
    vocabulary = settings.vocabularies / "activity_types.yml"
    vocabulary.write_text(vocabulary.read_text() + "\n# a comment changes the fingerprint\n")
    report = reindex(context_key="another vocabulary")
    assert report.unchanged == 7  # rechecked, found identical
    assert report.updated == 0


# Whoosh leaves the damaged file open when it fails to read it; that is its leak, not ours.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.parametrize("damage", ["truncate_segments", "delete_toc", "garbage_toc"])
def test_a_damaged_index_is_detected_and_rebuilt_from_the_files(
    settings: Settings, reindex: Reindex, damage: str
) -> None:
    reindex()
    for path in settings.index.iterdir():
        if damage == "truncate_segments" and path.suffix in (".seg", ".trm", ".pst"):
            path.write_bytes(b"")
        if path.suffix == ".toc" and damage == "delete_toc":
            path.unlink()
        if path.suffix == ".toc" and damage == "garbage_toc":
            path.write_bytes(b"not an index")
    report = reindex()
    if damage != "delete_toc":
        assert report.repaired is not None
    assert report.added == 7
    assert len(slugs(settings)) == 7


def test_a_reader_sees_the_old_index_until_the_commit(
    settings: Settings, reindex: Reindex, write_practice: Callable[..., Path]
) -> None:
    reindex()
    reader = IndexReader(settings.index, check_interval=0)
    assert reader.snapshot().live.bit_count() == 7
    write_practice("new-practice.md", VALID_FIELDS)
    reindex()
    assert reader.snapshot().live.bit_count() == 8


def test_a_running_reader_forgets_deleted_and_replaced_versions(
    settings: Settings, reindex: Reindex
) -> None:
    reindex()
    reader = IndexReader(settings.index, check_interval=0)
    assert reader.snapshot().live.bit_count() == 7
    (settings.practices / "bologna-digital.md").unlink()
    path = settings.practices / "riga-welcome-desk.md"
    path.write_text(path.read_text().replace("Welcome desk", "Help desk"))
    reindex()
    snapshot = reader.snapshot()
    assert snapshot.live.bit_count() == 6
    assert snapshot.docnum("bologna-digital") is None
    reindex(rebuild=True)
    assert reader.snapshot().live.bit_count() == 6
    reader.close()


def _index_in_process(settings: Settings, results: Any) -> None:
    from datetime import date

    from catalogue.content.fields import Context
    from catalogue.content.vocabularies import load_vocabularies
    from catalogue.indexing import update_index

    context = Context(load_vocabularies(settings.vocabularies), date(2026, 11, 25))
    report = update_index(settings.practices, settings.index, context, rebuild=True)
    results.put(report.added)


def test_two_runs_at_once_do_not_corrupt_the_index(settings: Settings, reindex: Reindex) -> None:
    reindex()
    results: Any = multiprocessing.get_context("spawn").Queue()
    processes = [
        multiprocessing.get_context("spawn").Process(
            target=_index_in_process, args=(settings, results)
        )
        for _ in range(2)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert [results.get(timeout=5), results.get(timeout=5)] == [7, 7]
    assert len(slugs(settings)) == 7


def test_a_second_writer_waits_then_gives_up_with_a_clear_reason(settings: Settings) -> None:
    told = threading.Event()
    with index_lock(settings.index, timeout=1):
        started = time.monotonic()
        with (
            pytest.raises(IndexBusy, match="another process has been updating the index"),
            index_lock(settings.index, timeout=0.3, on_wait=told.set),
        ):
            pass
        assert time.monotonic() - started >= 0.3
    assert told.is_set()


def test_an_index_made_with_other_analysis_is_rebuilt(
    settings: Settings, reindex: Reindex, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Same fields, different terms (here: Whoosh's tokenizer, which keeps '*' in words):
    # mixing old and new terms in one index would lose matches, so it is rebuilt.
    from whoosh.analysis import RegexTokenizer

    import catalogue.index.analysis as analysis

    with monkeypatch.context() as patched:
        patched.setattr(analysis, "_tokenizer", RegexTokenizer)
        reindex()
    report = reindex()
    assert report.repaired == "it was built by another version of the catalogue"
    assert report.added == 7
