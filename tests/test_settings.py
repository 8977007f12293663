"""Settings are declared once, read from the environment, and documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.settings import ROOT, SETTINGS, instance_secret_key, load_settings


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.variable)
def test_every_setting_is_documented_in_the_operators_guide(setting: object) -> None:
    guide = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    assert f"`{setting.variable}`" in guide  # type: ignore[attr-defined]


def test_defaults_point_into_the_checkout() -> None:
    settings = load_settings({})
    assert settings.practices == ROOT / "data" / "practices"
    assert settings.index == ROOT / "index"
    assert settings.database_url == f"sqlite:///{ROOT / 'instance' / 'catalogue.sqlite3'}"
    assert settings.secret_key is None


def test_environment_overrides_every_default(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "CATALOGUE_DATA": str(tmp_path / "d"),
            "CATALOGUE_INDEX": str(tmp_path / "i"),
            "CATALOGUE_DATABASE_URL": "postgresql+psycopg://u@localhost/catalogue",
            "CATALOGUE_SECRET_KEY": "s3cret",
        }
    )
    assert (settings.data, settings.index) == (tmp_path / "d", tmp_path / "i")
    assert settings.database_url.startswith("postgresql+psycopg://")
    assert settings.secret_key == "s3cret"


def test_secret_key_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    first = instance_secret_key(tmp_path)
    assert len(first) == 64
    assert instance_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
