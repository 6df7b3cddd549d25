"""`citeproof config`: the resolved configuration, and where each value came from."""

from __future__ import annotations

import json
from typing import Any

import click

from .options import common_config

#: (TOML key, Config attribute, the CLI options that set it) in the order shown.
SETTINGS = (
    ("articles", "articles", ("articles",)),
    ("bib", "bib", ("bib",)),
    ("style", "style", ("style",)),
    ("et-al-min", "et_al_min", ()),
    ("suffix-order", "suffix_order", ()),
    ("select", "select", ("select",)),
    ("ignore", "ignore", ("ignore",)),
    ("per-file-ignores", "per_file_ignores", ()),
    ("severity", "severity", ()),
    ("cache", "use_cache", ("no_cache",)),
    ("cache-dir", "cache_dir", ()),
    ("online", "online", ()),
)
#: TOML keys that set the same attribute as the key shown.
ALIASES = {"articles": ("article",), "select": ("extend-select",), "ignore": ("extend-ignore",)}


@click.command("config")
@click.argument("articles", nargs=-1)
@click.option("--bib", "-b", help="BibTeX file, as for check.")
@click.option("--style", help="Citation style, as for check.")
@click.option("--select", multiple=True, help="Rule selectors, as for check.")
@click.option("--ignore", multiple=True, help="Rules to skip, as for check.")
@click.option("--no-cache", is_flag=True, help="As for check.")
@click.option(
    "--config", "config_file", type=click.Path(dir_okay=False), help="Config file to use."
)
def config_command(
    articles: tuple[str, ...],
    bib: str | None,
    style: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    no_cache: bool,
    config_file: str | None,
) -> int:
    """Print the resolved configuration and where each value came from."""
    config = common_config(
        config_file,
        command="check",
        articles=articles,
        bib=bib,
        style=style,
        select=select,
        ignore=ignore,
        no_cache=no_cache,
    )
    given: dict[str, object] = {"articles": articles, "bib": bib, "style": style}
    given |= {"select": select, "ignore": ignore, "no_cache": no_cache}
    click.echo(f"# config file: {config.source or 'none found (defaults)'}")
    for key, attribute, options in SETTINGS:
        value = getattr(config, attribute)
        if key in ("per-file-ignores", "severity"):
            value = dict(value)  # pairs, shown as the TOML table they were written as
        if any(given.get(option) for option in options):
            origin = "command line"
        elif {key, *ALIASES.get(key, ())} & config.from_file:
            origin = config.source or "config"
        else:
            origin = "default"
        click.echo(f"{key} = {_toml(value)}  # {origin}")
    return 0


def _toml(value: Any) -> str:
    """A value as TOML would write it (pairs as an inline table)."""
    if value is None:
        return "(unset)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple) and value and all(isinstance(v, tuple) for v in value):
        pairs = ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value)
        return "{" + pairs + "}"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)
