"""Whatever a practice file holds, validation answers with problems, never a crash."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.content.fields import Context
from catalogue.content.validate import read_practice_file
from tests.conftest import VALID_FIELDS

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
    st.sampled_from(["NO", "yes", "2025-02-30", "~", "!!python/object:os.system", "&a", "*a"]),
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
FIELD_NAMES = st.one_of(st.sampled_from(sorted(VALID_FIELDS)), st.text(max_size=12))


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    changes=st.dictionaries(FIELD_NAMES, VALUES, max_size=6),
    name=st.sampled_from(["p.md", "p.fr.md"]),
)
def test_any_field_values_give_problems_not_crashes(
    tmp_path: Path, context: Context, changes: dict[str, object], name: str
) -> None:
    front = yaml.safe_dump({**VALID_FIELDS, **changes}, allow_unicode=True)
    path = tmp_path / name
    path.write_text(f"---\n{front}---\nBody\n", encoding="utf-8")
    result = read_practice_file(path, context)
    assert result.ok or all(p.line >= 1 and p.message for p in result.problems)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_give_problems_not_crashes(tmp_path: Path, context: Context, raw: bytes) -> None:
    path = tmp_path / "p.md"
    path.write_bytes(b"---\n" + raw + b"\n---\nBody\n")
    result = read_practice_file(path, context)
    assert result.ok or all(p.line >= 1 and p.message for p in result.problems)
