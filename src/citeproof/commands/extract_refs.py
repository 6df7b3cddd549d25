"""`citeproof extract-refs`: the article's typed reference list as a starting BibTeX file."""

from __future__ import annotations

import click


@click.command("extract-refs")
@click.argument("article", type=click.Path(dir_okay=False))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    help="Write the BibTeX to FILE instead of stdout.",
)
def extract_refs(article: str, output: str | None) -> int:
    """Parse ARTICLE's reference list and write it as BibTeX (uncertain entries commented)."""
    from ..errors import InputError
    from ..manuscript import document
    from ..manuscript import reference_items as typedlist

    source = document.read(article)
    typed = typedlist.read(source)
    if typed is None:
        raise InputError(f"{article}: no reference list found at the end of the article")
    bibtex = typedlist.to_bibtex(typed, source)
    uncertain = sum(1 for item in typed.items if item.uncertain)
    if output:
        from .options import write_output

        write_output(output, bibtex)
        click.echo(
            f"wrote {len(typed.items)} entries to {output}"
            + (f" ({uncertain} marked uncertain)" if uncertain else ""),
            err=True,
        )
    else:
        click.echo(bibtex, nl=False)
    return 0
