"""The README's rule catalogue and quick start stay in step with the code and CI."""

from __future__ import annotations

import re
from pathlib import Path

from citeproof.commands.rules import markdown_table

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_rule_catalogue_matches_code() -> None:
    start = README.index("<!-- rules:start -->") + len("<!-- rules:start -->")
    end = README.index("<!-- rules:end -->")
    assert README[start:end].strip() == markdown_table().strip(), (
        "README rule table is stale: paste `citeproof rules --format markdown`"
    )


def test_quick_start_is_two_commands_and_ci_runs_the_test_one() -> None:
    block = re.search(r"## Quick start.*?```(?:sh|bash|console)?\n(.*?)```", README, re.S)
    assert block, "README needs a Quick start code block"
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1].strip() in ci


def test_options_table_names_every_option() -> None:
    """Every long option of every command is documented in the README's options table."""
    import click

    from citeproof.cli import COMMANDS, cli

    start = README.index("<!-- options:start -->")
    table = README[start : README.index("<!-- options:end -->")]
    context = click.Context(cli)
    missing = []
    for name in COMMANDS:
        command = cli.get_command(context, name)
        assert command is not None
        for param in command.params:
            long = [o for o in getattr(param, "opts", ()) if o.startswith("--")]
            missing += [f"{name} {o}" for o in long if f"`{o}" not in table]
    assert not missing, f"README options table lacks: {', '.join(missing)}"
