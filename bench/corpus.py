"""A synthetic catalogue for benchmarks: N practices in six languages, realistic sizes.

Words are drawn from the demo practices of each language, so term frequencies, word
lengths and diacritics look like the real catalogue's.
"""

from __future__ import annotations

import random
import re
import shutil
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "fr", "it", "lv", "pl", "ro")
COUNTRIES = (
    "PL",
    "LV",
    "RO",
    "FR",
    "IT",
    "DE",
    "ES",
    "BE",
    "SE",
    "PT",
    "GR",
    "LT",
    "EE",
    "AT",
    "NL",
)
ACTIVITY_LANGUAGES = (
    "pl",
    "uk",
    "ru",
    "lv",
    "ro",
    "fr",
    "it",
    "en",
    "ar",
    "fa",
    "ps",
    "so",
    "ti",
    "tr",
    "de",
    "es",
)


def word_pools() -> dict[str, list[str]]:
    """Words of at least four letters from the demo practices, by language."""
    pools: dict[str, list[str]] = defaultdict(list)
    for path in (ROOT / "data" / "practices").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---", 2)
        lang = yaml.safe_load(front)["lang"]
        pools[lang] += [w.lower() for w in re.findall(r"[^\W\d_]{4,}", body)]
    return {lang: pools[lang] for lang in LANGUAGES}


def _sentence(rng: random.Random, words: list[str], low: int, high: int) -> str:
    chosen = [rng.choice(words) for _ in range(rng.randint(low, high))]
    return " ".join(chosen).capitalize() + "."


def _body(rng: random.Random, words: list[str]) -> str:
    sections = []
    for _ in range(rng.randint(5, 7)):
        paragraphs = [
            " ".join(_sentence(rng, words, 8, 18) for _ in range(rng.randint(2, 4)))
            for _ in range(rng.randint(1, 2))
        ]
        sections.append(f"## {_sentence(rng, words, 1, 3)[:-1]}\n\n" + "\n\n".join(paragraphs))
    return "\n\n".join(sections) + "\n"


def _pick(
    rng: random.Random, values: list[str] | tuple[str, ...], low: int, high: int
) -> list[str]:
    return rng.sample(list(values), rng.randint(low, high))


def practice_files(
    rng: random.Random, number: int, pools: dict[str, list[str]], vocabularies: dict[str, list[str]]
) -> dict[str, str]:
    """File name -> text for practice ``number`` (and, sometimes, a translation)."""
    lang = LANGUAGES[number % len(LANGUAGES)]
    words = pools[lang]
    slug = f"bench-{number:06d}-{rng.choice(words)[:20]}".lower()
    slug = re.sub(r"[^a-z0-9]+", "-", slug.encode("ascii", "ignore").decode()).strip("-")
    fields = {
        "title": _sentence(rng, words, 4, 9)[:-1],
        "summary": _sentence(rng, words, 18, 40),
        "lang": lang,
        "country": rng.choice(COUNTRIES),
        "city": rng.choice(words).capitalize(),
        "organisation": f"{_sentence(rng, words, 2, 3)[:-1]} (example)",
        "target_groups": _pick(rng, vocabularies["target_groups"], 1, 3),
        "activity_types": _pick(rng, vocabularies["activity_types"], 1, 3),
        "languages": _pick(rng, ACTIVITY_LANGUAGES, 1, 4),
        "added": (date(2023, 1, 1) + timedelta(days=rng.randint(0, 1400))).isoformat(),
        "tags": [rng.choice(words) for _ in range(rng.randint(0, 4))],
    }
    files = {f"{slug}.md": _file(fields, _body(rng, words))}
    if rng.random() < 0.2:
        other = rng.choice([code for code in LANGUAGES if code != lang])
        translation = {
            "title": _sentence(rng, pools[other], 4, 9)[:-1],
            "summary": _sentence(rng, pools[other], 18, 40),
            "lang": other,
        }
        files[f"{slug}.{other}.md"] = _file(translation, _body(rng, pools[other]))
    return files


def _file(fields: dict[str, object], body: str) -> str:
    front = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{front}---\n{body}"


def write_corpus(folder: Path, size: int, seed: int = 20261125) -> Path:
    """Write a data folder (practices and vocabularies) of ``size`` practices."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "practices").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "vocabularies", folder / "vocabularies")
    vocabularies = {
        name: list(yaml.safe_load((folder / "vocabularies" / f"{name}.yml").read_text()))
        for name in ("target_groups", "activity_types")
    }
    rng = random.Random(seed)
    pools = word_pools()
    for number in range(size):
        for name, text in practice_files(rng, number, pools, vocabularies).items():
            (folder / "practices" / name).write_text(text, encoding="utf-8")
    return folder
