"""`citeproof check`: every author-year citation resolved against the bibliography."""

from __future__ import annotations

import sys

import click

from .options import common_config


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
@click.option("--select", multiple=True, help="Only these rule codes or prefixes (e.g. CP1).")
@click.option("--ignore", multiple=True, help="Skip these rule codes or prefixes (e.g. CP201).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format; JSON goes to stdout only.",
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
def check(
    articles: tuple[str, ...],
    bib: str | None,
    style: str | None,
    et_al_min: int | None,
    suffix_order: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    output_format: str,
    no_cache: bool,
    cache_dir: str | None,
    config_file: str | None,
    online: bool,
    offline: bool,
) -> int:
    """Check ARTICLES (default: [tool.citeproof] articles) against the bibliography."""
    from .. import api, report

    config = common_config(
        config_file,
        articles=articles,
        bib=bib,
        style=style,
        et_al_min=et_al_min,
        suffix_order=suffix_order,
        select=select,
        ignore=ignore,
        no_cache=no_cache,
        cache_dir=cache_dir,
    )
    if offline:
        config = config.with_options(online={**config.online, "offline": True})
    checked = api.check(config, online=online)
    for note in checked.report.notes:
        click.echo(f"note: {note}", err=True)
    if output_format == "json":
        click.echo(report.render_json(checked.report), nl=False)
    else:
        style_fn = click.style if sys.stdout.isatty() else report.plain
        click.echo(report.render_text(checked.report, checked.sources, style_fn), nl=False)
    return checked.report.exit_code
