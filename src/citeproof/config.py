"""Config from `[tool.citeproof]` in pyproject.toml (or (.)citeproof.toml) and CLI options."""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

#: "et al." is acceptable from this many authors on, by style (APA 7: 3+; Chicago 17: 4+;
#: Harvard (Cite Them Right): 4+).
ET_AL_MIN = {"apa": 3, "chicago": 4, "harvard": 4}
#: How each style letters same-author-same-year works when the source pins no letter,
#: following the styles' CSL sort keys as pandoc's citeproc applies them: APA and Harvard
#: sort by year, then title; Chicago by the full date, then title (measured on the corpus:
#: exoplanet's two Kipping 2013 papers are lettered by title in APA and by month in Chicago).
SUFFIX_ORDER = {"apa": "title", "chicago": "date", "harvard": "title"}
STYLES = tuple(ET_AL_MIN)
#: The style of a run that names none and has nothing to infer it from (`refs`, `verify`).
DEFAULT_STYLE = "apa"
SUFFIX_ORDERS = ("title", "date")
FORMATS = ("text", "json")
#: The selector that names every rule, as in ruff.
ALL = "ALL"
#: The settings each command reads: a command validates only these, so a value another
#: command needs (a CSL style only `refs` can use) never stops it.
USES = {
    "check": frozenset({"style", "et_al_min", "suffix_order"}),
    "refs": frozenset({"suffix_order"}),
    "verify": frozenset(),
    "extract-refs": frozenset(),
}


@dataclass(frozen=True, slots=True)
class Config:
    articles: tuple[str, ...] = ()
    bib: str | None = None
    #: None until a style is named (command line or config): `check` then infers it from
    #: the manuscript (citations.style_inference) before any rule runs.
    style: str | None = None
    et_al_min: int | None = None
    suffix_order: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    use_cache: bool = True
    cache_dir: str | None = None
    online: Mapping[str, Any] = field(default_factory=dict)
    #: (glob, code prefixes): findings in files matching the glob (relative to `root`) with
    #: those codes are dropped, as ruff's per-file-ignores.
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: (code, severity): a rule's findings reported at another severity.
    severity: tuple[tuple[str, str], ...] = ()
    #: gitignore-style patterns of files and folders `check DIR` skips.
    exclude: tuple[str, ...] = ()
    root: str = "."
    #: Where the values came from (a config file's path), for messages; not part of the
    #: configuration's identity, so it stays out of equality and of cache keys.
    source: str | None = field(default=None, compare=False, repr=False)
    #: The settings (their TOML keys) the config file gave, for `citeproof config`.
    from_file: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    @property
    def et_al_threshold(self) -> int:
        """Fewest authors for which a citation may shorten the list to "et al."."""
        if self.et_al_min is not None:
            return self.et_al_min
        return ET_AL_MIN.get(self.style or DEFAULT_STYLE, 3)

    @property
    def letter_order(self) -> str:
        """How unpinned year letters are assigned: "title" or "date"."""
        return self.suffix_order or SUFFIX_ORDER.get(self.style or DEFAULT_STYLE, "title")

    def with_options(self, **changes: Any) -> Config:
        """Return a copy with the given non-None options applied, and those validated."""
        applied = {k: v for k, v in changes.items() if v is not None}
        config = replace(self, **applied)
        config.validate(uses=frozenset(applied), given=frozenset(applied))
        return config

    def validate(
        self, uses: frozenset[str] | None = None, given: frozenset[str] = frozenset()
    ) -> None:
        """Raise ConfigError for the first value no run could use.

        `uses` limits the check to the settings one command reads (None: all of them);
        a problem in a setting not `given` on the command line names the config file.
        """
        for name, problem in self.problems():
            if uses is not None and name not in uses:
                continue
            where = f"{self.source}: " if self.source and name not in given else ""
            raise ConfigError(where + problem)

    def problems(self) -> list[tuple[str, str]]:
        """Each (setting, message) whose value no run could use."""
        found = []
        if self.style is not None and self.style not in STYLES:
            found.append(
                ("style", f"unknown style {self.style!r} (expected one of: {', '.join(STYLES)})")
            )
        if self.suffix_order is not None and self.suffix_order not in SUFFIX_ORDERS:
            found.append(
                (
                    "suffix_order",
                    f"unknown suffix-order {self.suffix_order!r} (expected 'title' or 'date')",
                )
            )
        if self.et_al_min is not None and (
            not isinstance(self.et_al_min, int) or self.et_al_min < 2
        ):
            found.append(("et_al_min", f"et-al-min must be at least 2, got {self.et_al_min!r}"))
        return found


#: Files whose top-level table is the configuration, in the order one folder is searched
#: (as ruff: the hidden file first, then the visible one, then pyproject.toml).
OWN_FILES = (".citeproof.toml", "citeproof.toml")
#: The severities a `severity` override may give.
SEVERITIES = ("error", "warning", "info")


def find_config_file(start: Path) -> Path | None:
    """Return the nearest .citeproof.toml, citeproof.toml or pyproject.toml with a
    [tool.citeproof] table, searching from `start` up."""
    for folder in (start, *start.parents):
        for name in OWN_FILES:
            own = folder / name
            if own.is_file():
                return own
        project = folder / "pyproject.toml"
        if project.is_file() and "citeproof" in _read_toml(project).get("tool", {}):
            return project
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
    except UnicodeDecodeError:
        # TOML is UTF-8 by definition; any other bytes are a config error, not a crash.
        raise ConfigError(f"{path}: invalid TOML (not UTF-8 text)") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None


def load(start: str | os.PathLike[str] | None = None, explicit: str | None = None) -> Config:
    """Load the configuration found from `start` upwards (or the `explicit` file).

    Values are checked for shape here; whether a command can use them is checked after the
    command line has overridden them (`Config.validate`).
    """
    path = Path(explicit) if explicit else find_config_file(Path(start or Path.cwd()).resolve())
    if path is None:
        return Config()
    if explicit and not path.is_file():
        raise ConfigError(f"{path}: no such config file")
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table, where = data.get("tool", {}).get("citeproof", {}), "[tool.citeproof]"
    else:
        table, where = data, "the top-level table"
    return from_table(table, root=path.parent, source=_shown(path), table_name=where)


def from_table(
    table: Mapping[str, Any],
    root: Path,
    source: str = "config",
    table_name: str = "[tool.citeproof]",
) -> Config:
    """Build a Config from a [tool.citeproof] table; paths are relative to the file's folder.

    Unknown keys and selectors are errors at once; values a command may override
    (style, et-al-min, suffix-order) are validated by `Config.validate` for that command.
    """
    known = {
        "articles",
        "article",
        "bib",
        "style",
        "et-al-min",
        "suffix-order",
        "select",
        "ignore",
        "extend-select",
        "extend-ignore",
        "cache",
        "cache-dir",
        "online",
        "per-file-ignores",
        "severity",
        "exclude",
    }
    unknown = sorted(set(table) - known)
    if unknown:
        near = [difflib.get_close_matches(key, sorted(known), n=1) for key in unknown]
        hints = [
            f"{key!r} (did you mean {m[0]!r}?)" if m else repr(key)
            for key, m in zip(unknown, near, strict=True)
        ]
        raise ConfigError(f"{source}: unknown key(s) in {table_name}: {', '.join(hints)}")
    _check_types(table, source)
    articles = table.get("articles", table.get("article", ()))
    if isinstance(articles, str):
        articles = (articles,)
    select = [*_strings(table, "select", source), *_strings(table, "extend-select", source)]
    ignore = [*_strings(table, "ignore", source), *_strings(table, "extend-ignore", source)]
    return Config(
        articles=tuple(_relative(root, a) for a in articles),
        bib=_relative(root, table["bib"]) if table.get("bib") else None,
        style=str(table["style"]).lower() if "style" in table else None,
        et_al_min=table.get("et-al-min"),
        suffix_order=str(table["suffix-order"]).lower() if "suffix-order" in table else None,
        # Kept as written: the command line resolves them against the rule catalogue
        # (rules.selectors), which the configuration layer below it must not import.
        select=tuple(select),
        ignore=tuple(ignore),
        use_cache=bool(table.get("cache", True)),
        cache_dir=table.get("cache-dir"),
        online=dict(table.get("online", {})),
        per_file_ignores=_per_file_ignores(table.get("per-file-ignores", {}), source),
        severity=_severities(table.get("severity", {}), source),
        exclude=tuple(_strings(table, "exclude", source)),
        root=str(root),
        source=source,
        from_file=frozenset(table),
    )


_CODE_PREFIX = re.compile(r"^CP\d{0,3}$")
_CODE = re.compile(r"^CP\d{3}$")


def _per_file_ignores(table: Mapping[str, Any], source: str) -> tuple:
    """Each glob with its code prefixes; a wrong value names the key and what is allowed."""
    found = []
    for glob, codes in table.items():
        values = [codes] if isinstance(codes, str) else codes
        if not isinstance(values, list) or not all(
            isinstance(c, str) and _CODE_PREFIX.match(c.upper()) for c in values
        ):
            raise ConfigError(
                f"{source}: per-file-ignores.{glob!r} must be a list of codes or code "
                f"prefixes such as 'CP201' or 'CP2', got {codes!r:.60}"
            )
        found.append((glob, tuple(c.upper() for c in values)))
    return tuple(found)


def _severities(table: Mapping[str, Any], source: str) -> tuple:
    """Each (code, severity) override; a wrong value names the key and what is allowed."""
    found = []
    for code, severity in table.items():
        if not _CODE.match(code.upper()):
            raise ConfigError(f"{source}: severity: {code!r} is not a rule code such as 'CP201'")
        if not isinstance(severity, str) or severity.lower() not in SEVERITIES:
            raise ConfigError(
                f"{source}: severity.{code} must be one of {', '.join(SEVERITIES)}, "
                f"got {severity!r:.40}"
            )
        found.append((code.upper(), severity.lower()))
    return tuple(found)


def _strings(table: Mapping[str, Any], key: str, source: str) -> list[str]:
    """A list-of-strings setting; a bare string is read as a one-item list."""
    value = table.get(key, ())
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list | tuple):
        raise ConfigError(f"{source}: {key} must be a list of rule codes, got {value!r}")
    return list(value)


def _shown(path: Path) -> str:
    """A path as messages show it: relative to the working folder when that is shorter."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # different drive on Windows
        return str(path)
    return relative if len(relative) < len(str(path)) else str(path)


#: The TOML type each key takes: "str", "int", "bool", "table", "strs" (a string or an
#: array of strings).
_TYPES = {
    "articles": "strs",
    "article": "strs",
    "bib": "str",
    "style": "str",
    "et-al-min": "int",
    "suffix-order": "str",
    "select": "strs",
    "ignore": "strs",
    "extend-select": "strs",
    "extend-ignore": "strs",
    "cache": "bool",
    "cache-dir": "str",
    "online": "table",
    "per-file-ignores": "table",
    "severity": "table",
    "exclude": "strs",
}


def _check_types(table: Mapping[str, Any], source: str) -> None:
    """Raise ConfigError for a value of the wrong TOML type: every key is checked before
    any use, so a wrong type is one config error line, never a crash deep in the run."""
    for key, value in table.items():
        kind = _TYPES.get(key)
        if kind == "strs":
            ok = isinstance(value, str) or (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            )
            expected = "a string or an array of strings"
        elif kind == "int":
            ok = isinstance(value, int) and not isinstance(value, bool)
            expected = "an integer"
        elif kind == "bool":
            ok = isinstance(value, bool)
            expected = "true or false"
        elif kind == "table":
            ok = isinstance(value, dict)
            expected = "a table"
        else:
            ok = isinstance(value, str)
            expected = "a string"
        if not ok:
            raise ConfigError(f"{source}: '{key}' must be {expected}, got {value!r:.40}")


def _relative(root: Path, value: str) -> str:
    path = Path(value)
    if path.is_absolute():
        return str(path)
    try:
        return os.path.relpath(root / path)
    except ValueError:  # different drive on Windows
        return str(root / path)
