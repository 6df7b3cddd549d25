"""`citeproof refs`: the formatted reference list of the cited works (or all), any CSL style."""

from __future__ import annotations

import click

from .options import common_config


@click.command()
@click.argument("articles", nargs=-1, type=click.Path(dir_okay=False))
@click.option(
    "--bib",
    "-b",
    type=click.Path(dir_okay=False),
    help="BibTeX file (default: 'bib' in [tool.citeproof]; else the article's list).",
)
@click.option("--all", "all_entries", is_flag=True, help="Every entry of the bib, cited or not.")
@click.option(
    "--style",
    "-s",
    help="apa | chicago | harvard | mla | a CSL style id | a path to a .csl file "
    "(default: the configured style, APA 7).",
)
@click.option(
    "--to",
    "to",
    type=click.Choice(["text", "markdown", "html", "rtf", "docx"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="Write to FILE instead of stdout (required for docx on a terminal).",
)
@click.option(
    "--suffix-order",
    type=click.Choice(["title", "date"]),
    help="How unpinned year letters are ordered (default: the style's rule).",
)
@click.option("--no-cache", is_flag=True, help="Do not use the parsed-bibliography cache.")
@click.option(
    "--config", "config_file", type=click.Path(dir_okay=False), help="Config file to use."
)
def refs(
    articles: tuple[str, ...],
    bib: str | None,
    all_entries: bool,
    style: str | None,
    to: str,
    output: str | None,
    suffix_order: str | None,
    no_cache: bool,
    config_file: str | None,
) -> int:
    """Print the reference list of ARTICLES (default: [tool.citeproof] articles)."""
    import sys

    from ..errors import ConfigError
    from ..references import formatter as references

    config = common_config(
        config_file, articles=articles, bib=bib, suffix_order=suffix_order, no_cache=no_cache
    )
    built = references.build(config, all_entries=all_entries, style=style)
    for note in built.notes:
        click.echo(f"note: {note}", err=True)
    result = references.render(built, to)
    if output:
        from pathlib import Path

        if isinstance(result, bytes):
            Path(output).write_bytes(result)
        else:
            Path(output).write_text(result, encoding="utf-8")
        click.echo(
            f"wrote {len(built.entries)} references ({built.style.title}) to {output}", err=True
        )
    elif isinstance(result, bytes):
        if sys.stdout.isatty():
            raise ConfigError("docx output is binary: pass --output FILE.docx")
        sys.stdout.buffer.write(result)
        sys.stdout.flush()
    else:
        click.echo(result, nl=False)
    return 0
