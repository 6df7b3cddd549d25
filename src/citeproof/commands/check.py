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
)

if TYPE_CHECKING:
    from ..model import Document

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
    type=click.Choice(["text", "concise", "json"]),
    default="text",
    show_default=True,
    help="text: with source lines; concise: file:line:col: CODE severity: message; "
    "json: stdout only.",
)
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

    from .. import api, report

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
    checked = api.check(config, online=online, read=None if stdin is None else [stdin], jobs=jobs)
    if not quiet:
        for note in checked.report.notes:
            click.echo(f"note: {note}", err=True)
    if output_format == "json":
        click.echo(report.render_json(checked.report), nl=False)
    else:
        colour = colour_wanted(color, sys.stdout.isatty(), os.environ)
        style_fn = click.style if colour else report.plain
        if output_format == "concise":
            text = report.render_concise(checked.report, style_fn, summary=not quiet)
        else:
            text = report.render_text(checked.report, checked.sources, style_fn, summary=not quiet)
        click.echo(text, nl=False, color=colour)
    return exit_code(checked.report, fail_on, exit_zero)


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
