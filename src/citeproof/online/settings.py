"""Online settings from `[tool.citeproof.online]`, the environment and built-in defaults.

Precedence: a key in `Config.online` (the config file, or the CLI option that sets it) wins
over the environment variable, which wins over the default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from ..config import Config
from ..errors import ConfigError

#: environment variables read when the config does not set the key
ENVIRONMENT = {
    "crossref-url": "CITEPROOF_CROSSREF_URL",
    "openalex-url": "CITEPROOF_OPENALEX_URL",
    "doi-url": "CITEPROOF_DOI_URL",
    "mailto": "CITEPROOF_MAILTO",
    "openalex-key": "CITEPROOF_OPENALEX_KEY",
}


@dataclass(frozen=True, slots=True)
class Settings:
    crossref_url: str = "https://api.crossref.org"
    openalex_url: str = "https://api.openalex.org"
    doi_url: str = "https://doi.org"
    mailto: str | None = None
    openalex_key: str | None = None
    timeout: float = 20.0  # read timeout, seconds
    connect_timeout: float = 5.0
    retries: int = 3  # extra attempts on 429 / 5xx / connection failures
    backoff: float = 1.0  # first backoff, seconds; doubles per attempt, with jitter
    max_wait: float = 60.0  # never wait longer than this for one Retry-After
    rate: float | None = None  # requests/s per API host, overriding the per-service default
    concurrency: int | None = None  # concurrent requests per API host, likewise
    link_rate: float = 2.0  # requests/s per link host
    link_concurrency: int = 2
    links: bool = True  # check the entries' url fields
    max_bytes: int = 5_000_000  # largest response body read
    max_redirects: int = 5
    threshold: float = 0.85  # least confidence for a search match
    workers: int = 8  # entries verified at once
    sources: tuple[str, ...] = ("crossref", "openalex", "doi")
    offline: bool = False  # answer from the cache only: no request at all
    use_cache: bool = True
    cache_dir: str | None = None
    cache_days: float = 7.0

    @classmethod
    def from_config(cls, config: Config, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from a Config's `online` table, the environment and defaults."""
        environ = os.environ if environ is None else environ
        table = dict(config.online)
        for key, variable in ENVIRONMENT.items():
            if key not in table and environ.get(variable):
                table[key] = environ[variable]
        known = {f.name.replace("_", "-"): f for f in fields(cls)}
        unknown = sorted(set(table) - (set(known) - _ELSEWHERE))
        if unknown:
            public = sorted(k for k in known if k not in _ELSEWHERE | {"offline"})
            raise ConfigError(
                f"unknown [tool.citeproof.online] key(s): {', '.join(unknown)} "
                f"(known: {', '.join(public)})"
            )
        values: dict[str, Any] = {"use_cache": config.use_cache, "cache_dir": config.cache_dir}
        for key, value in table.items():
            values[known[key].name] = _coerce(key, value, known[key].type)
        settings = cls(**values)
        settings.validate()
        return settings

    def validate(self) -> None:
        """Raise ConfigError for values no run could use."""
        for name in ("timeout", "connect_timeout", "link_rate", "cache_days"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"online {name.replace('_', '-')} must be positive")
        if self.rate is not None and self.rate <= 0:
            raise ConfigError("online rate must be positive")
        if not 0 < self.threshold <= 1:
            raise ConfigError("online threshold must be in (0, 1]")
        for name in ("retries", "max_redirects", "workers", "link_concurrency"):
            if getattr(self, name) < 0 or (name == "workers" and self.workers < 1):
                raise ConfigError(f"online {name.replace('_', '-')} out of range")
        unknown = sorted(set(self.sources) - {"crossref", "openalex", "doi"})
        if unknown:
            raise ConfigError(
                f"online sources: unknown {', '.join(unknown)} (known: crossref, openalex, doi)"
            )
        for url in (self.crossref_url, self.openalex_url, self.doi_url):
            if not url.startswith(("http://", "https://")):
                raise ConfigError(f"online URL must be http(s): {url!r}")

    @property
    def cache_path(self) -> Path:
        """Where the HTTP cache lives: `online/` in citeproof's cache folder (--cache-dir,
        $CITEPROOF_CACHE_DIR, else platformdirs' user cache dir)."""
        from .. import cache

        return cache.directory(self.cache_dir).expanduser() / "online"


#: set in [tool.citeproof] itself (`cache`, `cache-dir`), not in its online table
_ELSEWHERE = {"use-cache", "cache-dir"}


def _coerce(key: str, value: Any, kind: Any) -> Any:
    text = str(kind)
    try:
        if "tuple" in text:
            if isinstance(value, str):
                value = [part.strip() for part in value.split(",") if part.strip()]
            return tuple(str(v).lower() for v in value)
        if "bool" in text:
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on")
            return bool(value)
        if value is None:
            return None
        if "int" in text and "float" not in text:
            return int(value)
        if "float" in text:
            return float(value)
        return str(value).rstrip("/") if key.endswith("-url") else str(value)
    except (TypeError, ValueError):
        raise ConfigError(f"[tool.citeproof.online] {key}: invalid value {value!r}") from None
