"""Settings from KENNISBANK_* environment variables, read by entry points only.

Every field is documented in the README's settings table; a test checks that.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class Settings:
    index_dir: Path = Path("index")
    corpus_dir: Path = Path("corpus")
    embedder: str = "e5"
    fusion: str = "minmax"
    max_query_chars: int = 500
    host: str = "127.0.0.1"
    port: int = 8000
    admin_token: str = ""
    max_upload_mb: int = 50
    # The address colleagues reach the knowledge base at: a werkmap export's links start with it
    # (else with the address the request came in on, often http://127.0.0.1:8000).
    public_url: str = ""

    @property
    def catalog_path(self) -> Path:
        return self.corpus_dir / "catalog.toml"

    @property
    def themes_path(self) -> Path:
        return self.corpus_dir / "themes.toml"

    @property
    def glossary_path(self) -> Path:
        return self.corpus_dir / "glossary.toml"

    @property
    def thesaurus_path(self) -> Path:
        return self.corpus_dir / "thesaurus.toml"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for f in fields(cls):
            key = "KENNISBANK_" + f.name.upper()
            if key not in env or env[key] == "":
                continue
            raw = env[key]
            try:
                if f.type in ("Path", Path):
                    values[f.name] = Path(raw)
                elif f.type in ("int", int):
                    values[f.name] = int(raw)
                else:
                    values[f.name] = raw
            except ValueError as exc:
                raise SettingsError(f"{key}={raw!r}: geen geheel getal") from exc
        settings = cls(**values)  # type: ignore[arg-type]
        # A limit of 0 or less would refuse every question or upload with a message that blames
        # the user ("hoogstens -1 MB"): refused here, at start-up, where the setting is.
        for name in ("max_query_chars", "max_upload_mb", "port"):
            if getattr(settings, name) < 1:
                raise SettingsError(f"KENNISBANK_{name.upper()} moet minstens 1 zijn, niet {getattr(settings, name)}")
        if settings.port > 65535:
            raise SettingsError(f"KENNISBANK_PORT moet hoogstens 65535 zijn, niet {settings.port}")
        if settings.fusion not in ("minmax", "rrf"):
            raise SettingsError(f"KENNISBANK_FUSION moet 'minmax' of 'rrf' zijn, niet {settings.fusion!r}")
        if settings.public_url and not is_public_url(settings.public_url):
            raise SettingsError(
                "KENNISBANK_PUBLIC_URL moet een webadres zijn zoals https://kennisbank.example.nl: http:// of "
                "https://, een servernaam, eventueel een poort en een pad, zonder ?, # of inlognaam; "
                f"niet {settings.public_url!r}"
            )
        return settings


def is_public_url(value: str) -> bool:
    """An address links can start with: http(s), a host, maybe a port and a path. No query or
    fragment, which would land in the middle of every link made from it, and no user name or
    password, which every handout would pass on."""
    if any(c.isspace() for c in value) or "?" in value or "#" in value:
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  # raises ValueError on a port that is no number or out of range
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and parts.username is None


def env_names() -> list[str]:
    return ["KENNISBANK_" + f.name.upper() for f in fields(Settings)]
