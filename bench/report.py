"""One size's figures as a Markdown table, side by side, written into docs/performance.md."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hostile

SYSTEMS = {
    "catalogue": "catalogue",
    "fts5_flask": "FTS5-Flask",
    "datasette": "Datasette",
    "bare_flask": "bare Flask",
}
PEERS = ("fts5_flask", "datasette")
TIMES = "\N{MULTIPLICATION SIGN}"
Results = dict[str, Any]


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    unit: str
    digits: int
    better: str  # the word for a catalogue figure that beats the peer's
    worse: str
    higher_wins: bool = False

    def value(self, figures: dict[str, float]) -> str:
        return (
            f"{figures[self.key]:.{self.digits}f} {self.unit}".rstrip()
            if self.key in figures
            else "—"
        )

    def versus(self, catalogue: dict[str, float], peer: dict[str, float]) -> str:
        """How many times better (or worse) the catalogue's figure is than the peer's."""
        ours, theirs = catalogue[self.key], peer[self.key]
        edge = ours / theirs if self.higher_wins else theirs / ours
        return (
            f"{edge:.1f}{TIMES} {self.better}"
            if edge >= 1
            else f"{1 / edge:.1f}{TIMES} {self.worse}"
        )


ROWS = (
    Row("rebuild_s", "Index build (whole catalogue)", "s", 1, "faster", "slower"),
    Row("update_s", "One-file update", "s", 2, "faster", "slower"),
    Row("index_mb", "Index size", "MB", 1, "smaller", "larger"),
    Row("ready_s", "Serve answering", "s", 2, "faster", "slower"),
    Row("p50_ms", "Search p50 (sequential, distinct)", "ms", 1, "faster", "slower"),
    Row("p95_ms", "Search p95 (sequential, distinct)", "ms", 1, "faster", "slower"),
    Row("rps", "Requests/s, 8 clients, repeating", "", 0, "more", "fewer", higher_wins=True),
    Row("worker_mb", "Resident memory per worker", "MB", 0, "smaller", "larger"),
    Row("worker_private_mb", "… of it private to the worker", "MB", 0, "smaller", "larger"),
    Row("dossier_10_s", "Dossier of 10 practices (PDF, made)", "s", 2, "faster", "slower"),
    Row("dossier_50_s", "Dossier of 50 practices (PDF, made)", "s", 2, "faster", "slower"),
    Row("dossier_50_s_cached", "… asked again (cached)", "s", 3, "faster", "slower"),
)
Target = tuple[str, Callable[[Results], bool]]
TARGETS: dict[int, dict[str, list[Target]]] = {
    10_000: {
        "rebuild_s": [("≤ 30 s", lambda r: r["catalogue"]["rebuild_s"] <= 30)],
        "update_s": [("≤ 1 s", lambda r: r["catalogue"]["update_s"] <= 1)],
        "ready_s": [("≤ 2 s", lambda r: r["catalogue"]["ready_s"] <= 2)],
        "p50_ms": [
            ("≤ 15 ms", lambda r: r["catalogue"]["p50_ms"] <= 15),
            (
                f"≥ 10{TIMES} Datasette",
                lambda r: r["datasette"]["p50_ms"] >= 10 * r["catalogue"]["p50_ms"],
            ),
            (
                f"≥ 1{TIMES} FTS5-Flask",
                lambda r: r["fts5_flask"]["p50_ms"] >= r["catalogue"]["p50_ms"],
            ),
        ],
        "p95_ms": [("≤ 60 ms", lambda r: r["catalogue"]["p95_ms"] <= 60)],
        "rps": [("≥ 1000", lambda r: r["catalogue"]["rps"] >= 1000)],
        "worker_mb": [("≤ 150 MB", lambda r: r["catalogue"]["worker_mb"] <= 150)],
        "worker_private_mb": [("≤ 150 MB", lambda r: r["catalogue"]["worker_private_mb"] <= 150)],
        "dossier_10_s": [("≤ 3 s", lambda r: r["catalogue"]["dossier_10_s"] <= 3)],
        "dossier_50_s": [("≤ 15 s", lambda r: r["catalogue"]["dossier_50_s"] <= 15)],
    },
    50_000: {"p50_ms": [("≤ 60 ms", lambda r: r["catalogue"]["p50_ms"] <= 60)]},
}


def table(results: Results) -> str:
    """Rows of measures; a column per system, the catalogue against each peer, the targets."""
    targets = TARGETS.get(results["practices"], {})
    header = [
        "measure",
        *SYSTEMS.values(),
        *(f"catalogue vs {SYSTEMS[peer]}" for peer in PEERS),
        *(["target (catalogue)"] if targets else []),
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in ROWS:
        cells = [row.label, *(row.value(results[system]) for system in SYSTEMS)]
        cells += [
            row.versus(results["catalogue"], results[peer]) if row.key in results[peer] else "—"
            for peer in PEERS
        ]
        if targets:
            checks = targets.get(row.key, [])
            cells.append(
                ", ".join(f"{text} {'✓' if met(results) else '✗'}" for text, met in checks)
            )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def totals_line(results: Results) -> str:
    shown = ", ".join("/".join(str(total) for total in row) for row in results["totals"][:6])
    systems = "catalogue, which stems / FTS5-Flask / Datasette"
    return f"Totals of the first six requests ({systems}): {shown}."


def section(results: Results) -> str:
    catalogue = results["catalogue"]
    return "\n\n".join(
        [
            f"### {results['practices']:,} practices ({time.strftime('%Y-%m-%d')})",
            table(results),
            "Completions (`/api/v1/suggest`, catalogue only): p50 "
            f"{catalogue['suggest_p50_ms']:.1f} ms, p95 {catalogue['suggest_p95_ms']:.1f} ms.",
            totals_line(results),
            *(
                [
                    "Hostile queries (JSON API; the worst also as CSV):",
                    hostile.table(catalogue["hostile"]),
                ]
                if "hostile" in catalogue
                else []
            ),
        ]
    )


def write_section(path: Path, results: Results) -> None:
    """Replace the size's section between its markers (appended when it has none yet)."""
    replace_marked(path, f"<!-- bench:{results['practices']} -->", section(results))


def replace_marked(path: Path, marker: str, content: str) -> None:
    """Put ``content`` between the two ``marker`` lines of ``path`` (appended with them
    when the file has none yet)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{marker}\n{content}\n{marker}"
    if marker in text:
        before, _, rest = text.partition(marker)
        _, _, after = rest.partition(marker)
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
