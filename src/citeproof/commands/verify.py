"""`citeproof verify`: every bib entry checked against Crossref, OpenAlex, doi.org and its links."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from typing import Any

import click

from .options import (
    colour_wanted,
    common_config,
    describe,
    exit_code,
    reporting_options,
    set_verbosity,
)


@click.command()
@click.argument("bib", required=False, type=click.Path(dir_okay=False))
@click.option("--cited-only", is_flag=True, help="Only entries the configured article(s) cite.")
@click.option("--offline", is_flag=True, help="Answer from the cache only: send no request.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the HTTP cache.")
@click.option(
    "--cache-dir", type=click.Path(file_okay=False), help="Cache folder (default: user cache dir)."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "concise", "json"]),
    default="text",
    show_default=True,
    help="text: a table and the findings; concise: one line per finding; json: stdout only.",
)
@click.option("--mailto", help="Contact address for Crossref's polite pool (or CITEPROOF_MAILTO).")
@click.option(
    "--timeout", type=click.FloatRange(min=0.1), help="Read timeout per request, seconds."
)
@click.option(
    "--config", "config_file", type=click.Path(dir_okay=False), help="Config file to use."
)
@reporting_options
def verify(
    bib: str | None,
    cited_only: bool,
    offline: bool,
    no_cache: bool,
    cache_dir: str | None,
    output_format: str,
    mailto: str | None,
    timeout: float | None,
    config_file: str | None,
    color: str,
    fail_on: str,
    exit_zero: bool,
    quiet: bool,
    verbose: bool,
) -> int:
    """Verify BIB's entries (default: [tool.citeproof] bib) online."""
    from .. import api, online, report
    from ..errors import ConfigError
    from ..model import Report
    from ..rules import Context, run
    from ..rules.online import RULES

    set_verbosity(verbose)
    config = common_config(
        config_file, command="verify", bib=bib, no_cache=no_cache, cache_dir=cache_dir
    )
    overrides = {"offline": offline or None, "mailto": mailto, "timeout": timeout}
    config = dataclasses.replace(
        config,
        online={**config.online, **{k: v for k, v in overrides.items() if v is not None}},
    )
    describe(config, "verify")
    if not config.bib:
        raise ConfigError("no bibliography: name one, or set 'bib' in [tool.citeproof]")
    loaded = api.load_bibliography(config.bib, config)
    bibliography, bib_document = loaded.bibliography, loaded.document
    keys = None
    if cited_only:
        # --cited-only runs the check, which needs the check's own settings to be valid.
        config.validate(uses=frozenset({"style", "et_al_min", "suffix_order"}))
        checked = api.check(config)
        keys = {
            key
            for file in checked.report.files
            for resolution in file.resolutions
            for key in resolution.keys
        }
    verification = online.verify(
        bibliography, config, keys=keys, progress=_progress_bar() if sys.stderr.isatty() else None
    )
    context = Context(
        config=config,
        checks=(),
        bibliography=bibliography,
        bib_document=bib_document,
        verifications=verification.results,
    )
    result = Report(files=(), diagnostics=tuple(run(context, RULES)), notes=verification.notes)
    if output_format == "json":
        data: dict[str, Any] = report.to_json(result)
        data["entries"] = online.results.to_json(verification)
        data["summary"].update(
            {o.value.replace(" ", "_"): verification.count(o) for o in online.Outcome}
        )
        data["summary"].update(
            entries=len(verification.results),
            requests=verification.requests,
            from_cache=verification.cached,
        )
        data["notes"] = list(verification.notes)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        if sys.stderr.isatty() and not quiet:
            click.echo(online.render_table(verification), err=True)
        return exit_code(result, fail_on, exit_zero)
    if not quiet:
        # Notes and the request count are facts about the run, not findings: stderr, as
        # `check` does, so stdout holds the same shape as `check`'s.
        click.echo(f"note: {online.results.summary(verification)}", err=True)
        for note in verification.notes:
            click.echo(f"note: {note}", err=True)
    colour = colour_wanted(color, sys.stdout.isatty(), os.environ)
    style = click.style if colour else report.plain
    # Each entry is shown once: an entry with a finding as that finding (with its bib line),
    # the others in the table of what was verified.
    entries = len(verification.results)
    subject = f"{entries} entr{'ies' if entries != 1 else 'y'} of {bibliography.path} verified"
    if output_format == "concise":
        text = report.render_concise(result, style, summary=not quiet, subject=subject)
        click.echo(text, nl=False, color=colour)
        return exit_code(result, fail_on, exit_zero)
    reported = {key for diagnostic in result.diagnostics for key in diagnostic.keys}
    quiet_ones = tuple(r for r in verification.results if r.key not in reported)
    if quiet_ones and not quiet:
        table = online.render_table(dataclasses.replace(verification, results=quiet_ones, notes=()))
        # render_table ends with its own count line; the shared summary below replaces it.
        click.echo(table.rsplit("\n", 1)[0] + "\n", color=colour)
    click.echo(
        report.render_text(
            result, {bib_document.path: bib_document}, style, summary=not quiet, subject=subject
        ),
        nl=False,
        color=colour,
    )
    return exit_code(result, fail_on, exit_zero)


def _progress_bar() -> Any:
    """A progress callback drawing one self-erasing line on stderr (terminals only)."""
    width = 30

    def draw(done: int, total: int, key: str) -> None:
        filled = width * done // max(total, 1)
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {key[:30]}".ljust(80)
        click.echo("\r" + line, err=True, nl=False)
        if done == total:
            click.echo("\r" + " " * len(line) + "\r", err=True, nl=False)

    return draw
