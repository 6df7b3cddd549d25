"""`citeproof rules`: print the rule catalogue, so documentation cannot drift from code."""

from __future__ import annotations

import json

import click


@click.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
def rules(output_format: str) -> int:
    """List every rule: code, name, default severity and what it checks."""
    from ..rules import RULES

    if output_format == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "code": r.code,
                        "name": r.name,
                        "severity": r.severity.value,
                        "summary": r.summary,
                        "default": r.default_enabled,
                    }
                    for r in RULES
                ],
                indent=2,
            )
        )
    elif output_format == "markdown":
        click.echo(markdown_table())
    else:
        for rule in RULES:
            off = "" if rule.default_enabled else "  (off by default)"
            click.echo(f"{rule.code}  {rule.name:<24} {rule.severity.value:<8} {rule.summary}{off}")
    return 0


def markdown_table() -> str:
    """The catalogue as the README's Markdown table (a test keeps the README in step)."""
    from ..rules import RULES

    lines = ["| code | name | severity | fires when |", "|---|---|---|---|"]
    for rule in RULES:
        off = " (off by default)" if not rule.default_enabled else ""
        lines.append(f"| {rule.code} | {rule.name} | {rule.severity.value}{off} | {rule.summary} |")
    return "\n".join(lines)
