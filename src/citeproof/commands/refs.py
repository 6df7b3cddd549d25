"""`citeproof refs`: the formatted reference list of the cited works (or all), any CSL style."""

from __future__ import annotations

import click

from .options import common_config, describe, set_verbosity, write_output

#: Output format by the extension of -o FILE, as pandoc decides it.
BY_EXTENSION = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".rtf": "rtf",
    ".docx": "docx",
}


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
    help="Output format (default: from the extension of --output, else text).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="Write to FILE instead of stdout; .txt .md .html .rtf .docx set the format.",
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
@click.option("--verbose", "-v", is_flag=True, help="Say on stderr what was read and decided.")
def refs(
    articles: tuple[str, ...],
    bib: str | None,
    all_entries: bool,
    style: str | None,
    to: str | None,
    output: str | None,
    suffix_order: str | None,
    no_cache: bool,
    config_file: str | None,
    verbose: bool,
) -> int:
    """Print the reference list of ARTICLES (default: [tool.citeproof] articles)."""
    import sys

    from ..errors import ConfigError
    from ..references import formatter as references

    set_verbosity(verbose)
    to = _output_format(to, output)
    config = common_config(
        config_file,
        command="refs",
        articles=articles,
        bib=bib,
        suffix_order=suffix_order,
        no_cache=no_cache,
    )
    describe(config, "refs")
    built = references.build(config, all_entries=all_entries, style=style)
    for note in built.notes:
        click.echo(f"note: {note}", err=True)
    result = references.render(built, to)
    if output:
        write_output(output, result)
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


def _output_format(to: str | None, output: str | None) -> str:
    """The format --to names, else the one -o FILE's extension names, else text.

    A --to that contradicts a known extension is refused: `refs -o r.docx --to text` would
    write plain text into a file Word cannot open.
    """
    from pathlib import Path

    from ..errors import ConfigError

    implied = BY_EXTENSION.get(Path(output).suffix.lower()) if output else None
    if to and implied and to != implied:
        raise ConfigError(
            f"--to {to} contradicts the extension of {output} ({implied}): "
            "drop --to, or name the file for the format"
        )
    return to or implied or "text"
