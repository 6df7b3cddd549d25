"""`citeproof verify`: every bib entry checked against Crossref, OpenAlex, doi.org and its links."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from .options import common_config


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
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format; JSON goes to stdout only.",
)
@click.option("--mailto", help="Contact address for Crossref's polite pool (or CITEPROOF_MAILTO).")
@click.option(
    "--timeout", type=click.FloatRange(min=0.1), help="Read timeout per request, seconds."
)
@click.option(
    "--config", "config_file", type=click.Path(dir_okay=False), help="Config file to use."
)
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
) -> int:
    """Verify BIB's entries (default: [tool.citeproof] bib) online."""
    from .. import api, online, report
    from ..errors import ConfigError
    from ..model import Report
    from ..rules import Context, run
    from ..rules.online import RULES

    config = common_config(config_file, bib=bib, no_cache=no_cache, cache_dir=cache_dir)
    overrides = {"offline": offline or None, "mailto": mailto, "timeout": timeout}
    config = config.with_options(
        online={**config.online, **{k: v for k, v in overrides.items() if v is not None}}
    )
    if not config.bib:
        raise ConfigError("no bibliography: name one, or set 'bib' in [tool.citeproof]")
    loaded = api.load_bibliography(config.bib, config)
    bibliography, bib_document = loaded.bibliography, loaded.document
    keys = None
    if cited_only:
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
        if sys.stderr.isatty():
            click.echo(online.render_table(verification), err=True)
        return result.exit_code
    style = click.style if sys.stdout.isatty() else report.plain
    click.echo(online.render_table(verification))
    if result.diagnostics:
        details = report.render_text(result, {bib_document.path: bib_document}, style)
        click.echo("\n" + details.rstrip("\n").rsplit("\n", 1)[0].rstrip("\n"))
    errors, warnings, infos = (result.count(s) for s in _severities())
    click.echo(
        f"{errors} error(s), {warnings} warning(s), {infos} info(s) in "
        f"{len(verification.results)} entries of {bibliography.path}"
    )
    return result.exit_code


def _severities() -> tuple[Any, ...]:
    from ..model import Severity

    return (Severity.ERROR, Severity.WARNING, Severity.INFO)


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
