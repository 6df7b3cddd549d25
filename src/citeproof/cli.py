"""Command-line entry point: a click group whose commands load lazily.

Commands live in `citeproof.commands.*` and are imported only when invoked, so
`citeproof --version` costs little more than Python's own start-up (pre-commit runs it often).
"""

from __future__ import annotations

import difflib
import importlib
import os
import sys
from collections.abc import Sequence

import click

from . import __version__

#: command name → "module:attribute"; each module is a thin click command.
COMMANDS: dict[str, str] = {
    "check": "citeproof.commands.check:check",
    "config": "citeproof.commands.config_show:config_command",
    "rules": "citeproof.commands.rules:rules",
    "rule": "citeproof.commands.rules:rule",
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

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """Name the unknown command and the nearest real one, as git and cargo do."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            near = difflib.get_close_matches(name, sorted(COMMANDS), n=1, cutoff=0.6)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            raise click.UsageError(f"no such command {name!r}{hint}", ctx)
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List every command with its whole one-line summary (click cuts it at ~45 columns)."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="citeproof")
@click.option(
    "--debug",
    is_flag=True,
    help="Show the traceback of an internal error (or set CITEPROOF_DEBUG=1).",
)
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Proof the references of a research article: citations, names, reference lists."""
    ctx.meta["citeproof.debug"] = debug


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (0 clean, 1 errors found, 2 cannot run)."""
    args = list(argv) if argv is not None else sys.argv[1:]
    if not args:
        # Bare `citeproof`: the whole usage, readable, on stderr; exit 2 as for any misuse.
        with click.Context(cli, info_name="citeproof", **cli.context_settings) as ctx:
            click.echo(cli.get_help(ctx), err=True)
        return 2
    try:
        return _run(args)
    except Exception as exc:
        # Last resort (issue #10): a bug in citeproof is one line naming the command and files
        # and asking for a report, never a traceback; --debug, CITEPROOF_DEBUG=1 (and the test
        # suite, through CITEPROOF_INTERNAL_ERRORS=raise) re-raise to show it.
        if _debugging(args):
            raise
        command = next((a for a in args if a in COMMANDS), "citeproof")
        files = [a for a in args if a != command and not a.startswith("-") and _is_path(a)]
        where = " on " + ", ".join(files) if files else ""
        click.echo(
            f"citeproof: error: internal error while running {command!r}{where}: "
            f"{type(exc).__name__}: {' '.join(str(exc).split())}; please report this bug "
            "(rerun with --debug for the traceback)",
            err=True,
        )
        return 2


def _debugging(args: Sequence[str]) -> bool:
    return (
        "--debug" in args
        or os.environ.get("CITEPROOF_DEBUG", "") not in ("", "0")
        or os.environ.get("CITEPROOF_INTERNAL_ERRORS") == "raise"
    )


def _is_path(arg: str) -> bool:
    return arg == "-" or os.path.exists(arg)


def _run(args: list[str]) -> int:
    from .errors import CiteproofError

    try:
        # standalone_mode=False hands back the command's return value: its exit code.
        code = cli.main(
            args=args,
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
