"""`citeproof check`: every author-year citation resolved against the bibliography."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from .options import (
    colour_wanted,
    common_config,
    describe,
    exit_code,
    reporting_options,
    set_verbosity,
    write_output,
)

if TYPE_CHECKING:
    from .. import api, fixes
    from ..config import Config
    from ..model import Document
    from ..report import Styler

SELECTOR_HELP = "codes, prefixes or rule names, comma-separated or repeated; ALL for every rule"


@click.command()
@click.argument("articles", nargs=-1, type=click.Path(dir_okay=True))
@click.option(
    "--bib", "-b", type=click.Path(), help="BibTeX file (default: 'bib' in [tool.citeproof])."
)
@click.option(
    "--style",
    type=click.Choice(["apa", "chicago", "harvard"], case_sensitive=False),
    help="Citation style: sets the 'et al.' threshold and year-letter order.",
)
@click.option(
    "--et-al-min", type=int, help="Fewest authors cited as 'et al.' (overrides the style)."
)
@click.option(
    "--suffix-order",
    type=click.Choice(["title", "date"]),
    help="How unpinned year letters are ordered (default: the style's rule).",
)
@click.option(
    "--select", multiple=True, help=f"Only these rules (replaces the config's): {SELECTOR_HELP}."
)
@click.option("--ignore", multiple=True, help=f"Skip these rules (e.g. CP201): {SELECTOR_HELP}.")
@click.option("--extend-select", multiple=True, help="Add rules to the configured selection.")
@click.option("--extend-ignore", multiple=True, help="Add rules to the configured ignore list.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "concise", "json", "sarif", "github", "html"]),
    default="text",
    show_default=True,
    help="text: with source lines; concise: file:line:col: CODE severity: message; "
    "json; sarif: SARIF 2.1.0 for code scanning; github: workflow annotations; "
    "html: one self-contained page (use with --output).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="Write the report to this file instead of stdout (any format; no colour).",
)
@click.option(
    "--statistics", is_flag=True, help="Print the number of findings per code instead of them."
)
@click.option("--fix", is_flag=True, help="Apply the safe fixes to the articles, then re-check.")
@click.option(
    "--unsafe-fixes", is_flag=True, help="With --fix or --diff: also apply name-variant fixes."
)
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
@click.option("--no-backup", is_flag=True, help="With --fix: keep no FILE.bak copy.")
@click.option(
    "--stdin-filename",
    help="With '-' as the article: the name to report, which also decides Markdown or text.",
)
@click.option(
    "--no-cache", is_flag=True, help="Do not read or write the parsed-bibliography cache."
)
@click.option(
    "--cache-dir", type=click.Path(file_okay=False), help="Cache folder (default: user cache dir)."
)
@click.option(
    "--config", "config_file", type=click.Path(dir_okay=False), help="Config file to use."
)
@click.option(
    "--online", is_flag=True, help="Also verify entries online (Crossref, OpenAlex, links)."
)
@click.option("--offline", is_flag=True, help="With --online: answer from the HTTP cache only.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Check each manuscript on its own, in N processes (same output for any N).",
)
@reporting_options
def check(
    articles: tuple[str, ...],
    bib: str | None,
    style: str | None,
    et_al_min: int | None,
    suffix_order: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    extend_ignore: tuple[str, ...],
    output_format: str,
    output: str | None,
    statistics: bool,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    no_backup: bool,
    stdin_filename: str | None,
    no_cache: bool,
    cache_dir: str | None,
    config_file: str | None,
    online: bool,
    offline: bool,
    jobs: int | None,
    color: str,
    fail_on: str,
    exit_zero: bool,
    quiet: bool,
    verbose: bool,
) -> int:
    """Check ARTICLES (default: [tool.citeproof] articles; '-' reads stdin) against the bib."""
    import dataclasses

    from .. import api, fixes, report
    from ..errors import ConfigError

    set_verbosity(verbose)
    stdin = _read_stdin(articles, stdin_filename)
    if stdin is not None:
        articles = (stdin.path,)
    config = common_config(
        config_file,
        command="check",
        articles=articles,
        bib=bib,
        style=style,
        et_al_min=et_al_min,
        suffix_order=suffix_order,
        select=select,
        ignore=ignore,
        extend_select=extend_select,
        extend_ignore=extend_ignore,
        no_cache=no_cache,
        cache_dir=cache_dir,
    )
    if offline:
        config = dataclasses.replace(config, online={**config.online, "offline": True})
    describe(config, "check")
    if (fix or diff) and stdin is not None:
        raise ConfigError("--fix and --diff need article files, not stdin")
    fingerprints = {path: fixes.fingerprint(path) for path in config.articles} if fix else {}
    checked = api.check(config, online=online, read=None if stdin is None else [stdin], jobs=jobs)
    if diff:
        plans = fixes.plan(checked.report.diagnostics, _articles(checked), unsafe=unsafe_fixes)
        click.echo(fixes.unified_diff(plans), nl=False)
        _not_plain(plans)
        return 1 if any(p.fixed for p in plans) else 0
    if fix:
        plans = fixes.fix_articles(
            checked.report.diagnostics,
            _articles(checked),
            fingerprints,
            unsafe=unsafe_fixes,
            backup=not no_backup,
        )
        count = sum(len(p.fixed) for p in plans)
        click.echo(f"citeproof: fixed {count} finding{'s' * (count != 1)}", err=True)
        _not_plain(plans)
        if count:  # re-check: what remains is reported as usual
            checked = api.check(config, online=online, jobs=jobs)
    if not quiet:
        for note in checked.report.notes:
            click.echo(f"note: {note}", err=True)
    if output is not None:
        write_output(
            output, _render(checked, output_format, statistics, report.plain, quiet, config)
        )
    else:
        colour = colour_wanted(color, sys.stdout.isatty(), os.environ)
        style_fn = click.style if colour else report.plain
        text = _render(checked, output_format, statistics, style_fn, quiet, config)
        click.echo(text, nl=False, color=colour)
    return exit_code(checked.report, fail_on, exit_zero)


def _articles(checked: api.Checked) -> dict[str, Document]:
    """The checked articles by path (fixes never touch the bibliography)."""
    return {f.document.path: f.document for f in checked.report.files}


def _not_plain(plans: list[fixes.FilePlan]) -> None:
    """Name the Word findings whose fix was left to the author (see manuscript/docx_edit)."""
    for p in plans:
        if p.not_plain:
            count = len(p.not_plain)
            click.echo(
                f"note: {p.path}: {count} fix{'es' * (count != 1)} not applied: in a Word file "
                "only text inside one plain run is changed (no formatting, tracked change or "
                "field crossed); apply the suggestion by hand",
                err=True,
            )


def _render(
    checked: api.Checked,
    output_format: str,
    statistics: bool,
    style_fn: Styler,
    quiet: bool,
    config: Config,
) -> str:
    """The report in the chosen format (the counts per code with --statistics)."""
    from .. import __version__, report
    from ..rules import RULES

    if statistics:
        return report.render_statistics(checked.report)
    if output_format == "json":
        return report.render_json(checked.report)
    if output_format == "sarif":
        return report.render_sarif(checked.report, RULES, __version__, checked.sources)
    if output_format == "github":
        return report.render_github(checked.report)
    if output_format == "html":
        from .. import api, html_report

        entries = api.describe_entries(config)
        return html_report.render_html(checked.report, checked.sources, entries)
    if output_format == "concise":
        return report.render_concise(checked.report, style_fn, summary=not quiet)
    return report.render_text(checked.report, checked.sources, style_fn, summary=not quiet)


def _read_stdin(articles: tuple[str, ...], name: str | None) -> Document | None:
    """The article read from stdin when it is named '-' (alone), else None."""
    from ..errors import ConfigError, InputError
    from ..manuscript import document

    if "-" not in articles:
        if name is not None:
            raise ConfigError("--stdin-filename needs '-' as the article (read from stdin)")
        return None
    if len(articles) > 1:
        raise ConfigError("'-' (stdin) cannot be combined with other articles")
    path = name or "<stdin>"
    data = sys.stdin.buffer.read()
    if not data.strip():
        raise InputError(f"{path}: stdin is empty")
    text, encoding, note = document.decode(data, path)
    # As for files: Windows line ends normalised so columns never count '\r'.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return document.from_text(path, text, encoding=encoding, note=note)
