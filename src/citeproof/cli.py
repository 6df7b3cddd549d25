"""Command-line entry point: a click group whose commands load lazily.

Commands live in `citeproof.commands.*` and are imported only when invoked, so
`citeproof --version` costs little more than Python's own start-up (pre-commit runs it often).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

import click

from . import __version__

#: command name → "module:attribute"; each module is a thin click command.
COMMANDS: dict[str, str] = {
    "check": "citeproof.commands.check:check",
    "rules": "citeproof.commands.rules:rules",
    "verify": "citeproof.commands.verify:verify",
    "refs": "citeproof.commands.refs:refs",
    "extract-refs": "citeproof.commands.extract_refs:extract_refs",
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        return getattr(importlib.import_module(module_name), attribute)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="citeproof")
def cli() -> None:
    """Proof the references of a research article: citations, names, reference lists."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (0 clean, 1 errors found, 2 cannot run)."""
    from .errors import CiteproofError

    try:
        # standalone_mode=False hands back the command's return value: its exit code.
        code = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="citeproof",
            standalone_mode=False,
        )
    except CiteproofError as exc:
        click.echo(f"citeproof: error: {exc}", err=True)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.Abort:
        click.echo("citeproof: aborted", err=True)
        return 2
    except click.ClickException as exc:
        # Usage errors are "cannot run": exit 2, never 1, which means "errors found";
        # one line, like every other fatal error.
        hint = ""
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            hint = f" (see '{exc.ctx.command_path} --help')"
        message = " ".join(exc.format_message().split())
        click.echo(f"citeproof: error: {message}{hint}", err=True)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        click.echo("citeproof: interrupted", err=True)
        return 130
    return code if isinstance(code, int) else 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
