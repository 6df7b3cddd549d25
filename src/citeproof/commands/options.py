"""Shared option handling: CLI values override [tool.citeproof], then the command validates.

Also the conventions every reporting command shares, as ruff and flake8 users expect them:
colour (`--color`, NO_COLOR, FORCE_COLOR), the exit policy (`--fail-on`, `--exit-zero`),
verbosity (`--quiet`, `-v`) and writing `-o FILE` without a traceback.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import click

from .. import config as config_module
from ..errors import CiteproofError

F = TypeVar("F", bound=Callable[..., Any])

log = logging.getLogger("citeproof")


def common_config(
    config_file: str | None,
    *,
    command: str,
    articles: tuple[str, ...] = (),
    bib: str | None = None,
    no_cache: bool = False,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    extend_select: tuple[str, ...] = (),
    extend_ignore: tuple[str, ...] = (),
    **options: Any,
) -> config_module.Config:
    """Load the config file (found from the working folder up), apply the command line, and
    validate only the settings `command` reads, so the command line always wins."""
    config = config_module.load(os.getcwd(), config_file)
    log.info("config: %s", config.source or "no citeproof.toml or [tool.citeproof] found")
    changes: dict[str, Any] = {k: v for k, v in options.items() if v not in (None, ())}
    if articles:
        changes["articles"] = tuple(articles)
    if bib:
        changes["bib"] = bib
    if no_cache:
        changes["use_cache"] = False
    if "style" in changes:
        changes["style"] = changes["style"].lower()
    # ruff's layering: --select/--ignore replace the configured lists, the --extend-*
    # forms add to them, so a command line can narrow or widen the config alike.
    from ..rules.selectors import parse_selectors

    where = config.source or "config"
    chosen = (
        parse_selectors(select) if select else parse_selectors(config.select, f"{where}: select")
    )
    dropped = (
        parse_selectors(ignore, "--ignore")
        if ignore
        else parse_selectors(config.ignore, f"{where}: ignore")
    )
    extra = parse_selectors(extend_select, "--extend-select")
    extra_ignored = parse_selectors(extend_ignore, "--extend-ignore")
    changes["select"] = (*chosen, *extra)
    changes["ignore"] = (*dropped, *extra_ignored)
    given_selectors = bool(select or extend_select or ignore or extend_ignore)
    config = dataclasses.replace(config, **changes)
    given = frozenset(changes) - (set() if given_selectors else {"select", "ignore"})
    config.validate(uses=config_module.USES[command], given=given)
    return config


def describe(config: config_module.Config, command: str) -> None:
    """Log (for -v) what the command read and decided."""
    if not log.isEnabledFor(logging.INFO):
        return
    log.info("articles: %s", ", ".join(config.articles) or "none")
    log.info("bib: %s", config.bib or "none (the article's own reference list)")
    if "style" in config_module.USES[command] and config.style is None:
        log.info("style: none named; inferred from the manuscript (see the note)")
    elif "style" in config_module.USES[command]:
        log.info(
            "style: %s ('et al.' from %d authors; unpinned year letters by %s)",
            config.style,
            config.et_al_threshold,
            config.letter_order,
        )
    if config.select or config.ignore:
        log.info(
            "rules: select %s; ignore %s",
            ", ".join(config.select) or "(defaults)",
            ", ".join(config.ignore) or "(none)",
        )
    log.info("cache: %s", "off" if not config.use_cache else config.cache_dir or "user cache")


class _ClickHandler(logging.Handler):
    """Write log records to the current stderr (which tests and pipes may swap)."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"citeproof: {self.format(record)}", err=True)


def set_verbosity(verbose: bool) -> None:
    """Show what was read and decided on stderr (-v), or nothing; never on stdout."""
    for handler in [h for h in log.handlers if isinstance(h, _ClickHandler)]:
        log.removeHandler(handler)
    log.setLevel(logging.INFO if verbose else logging.WARNING)
    if verbose:
        log.addHandler(_ClickHandler())


def colour_wanted(choice: str, is_terminal: bool, environ: Mapping[str, str]) -> bool:
    """Decide colour as https://no-color.org and https://force-color.org ask.

    An explicit --color always|never wins; in auto, NO_COLOR (any non-empty value) turns colour
    off, FORCE_COLOR turns it on even through a pipe, and otherwise only a terminal gets it.
    """
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    return is_terminal


FAIL_ON = ("error", "warning", "info")


def exit_code(report: Any, fail_on: str, exit_zero: bool) -> int:
    """1 when a finding at or above the `fail_on` severity exists (0 with --exit-zero)."""
    from ..model import Severity

    if exit_zero:
        return 0
    failing = {Severity(s) for s in FAIL_ON[: FAIL_ON.index(fail_on) + 1]}
    return 1 if any(d.severity in failing for d in report.diagnostics) else 0


def reporting_options(function: F) -> F:
    """The options every command that reports findings shares."""
    for option in reversed(
        [
            click.option(
                "--color",
                "color",
                type=click.Choice(["auto", "always", "never"]),
                default="auto",
                show_default=True,
                help="Colour the output (auto: on a terminal, unless NO_COLOR is set; "
                "FORCE_COLOR forces it).",
            ),
            click.option(
                "--fail-on",
                type=click.Choice(FAIL_ON),
                default="error",
                show_default=True,
                help="Exit 1 when a finding of this severity or above is reported.",
            ),
            click.option(
                "--exit-zero", is_flag=True, help="Exit 0 even when findings are reported."
            ),
            click.option(
                "--quiet", "-q", is_flag=True, help="Print the findings only: no summary, no notes."
            ),
            click.option(
                "--verbose",
                "-v",
                is_flag=True,
                help="Say on stderr what was read and decided (config, style, cache).",
            ),
        ]
    ):
        function = option(function)
    return function


def write_output(path: str, data: str | bytes) -> None:
    """Write `data` to `path`; any failure is one `citeproof: error:` line (exit 2)."""
    target = Path(path)
    try:
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if isinstance(exc, FileNotFoundError):
            reason = f"no such folder {str(target.parent)!r}"
        raise CiteproofError(f"{path}: cannot write ({reason})") from None
