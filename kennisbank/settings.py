"""Settings from KENNISBANK_* environment variables, read by entry points only.

Every field is documented in the README's settings table; a test checks that.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path


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
        if settings.fusion not in ("minmax", "rrf"):
            raise SettingsError(f"KENNISBANK_FUSION moet 'minmax' of 'rrf' zijn, niet {settings.fusion!r}")
        return settings


def env_names() -> list[str]:
    return ["KENNISBANK_" + f.name.upper() for f in fields(Settings)]
