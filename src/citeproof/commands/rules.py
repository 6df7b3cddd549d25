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


@click.command()
@click.argument("code")
def rule(code: str) -> int:
    """Explain one rule (a code such as CP104, or a name): what it checks, and its examples."""
    import difflib
    import inspect

    from ..errors import ConfigError
    from ..rules import RULES
    from ..rules.rationale import RATIONALE

    wanted = code.strip()
    found = [r for r in RULES if wanted.upper() == r.code or wanted.lower() == r.name]
    if not found:
        known = [r.code for r in RULES] + [r.name for r in RULES]
        near = difflib.get_close_matches(wanted.upper(), known, n=1) or difflib.get_close_matches(
            wanted.lower(), known, n=1
        )
        hint = f"; did you mean {near[0]!r}?" if near else ""
        raise ConfigError(f"no rule {wanted!r}{hint} (see 'citeproof rules')")
    chosen = found[0]
    module = inspect.getmodule(chosen.check) if chosen.check is not None else None
    family = (inspect.getdoc(module) or "").split("\n\n")[0] if module else ""
    off = "; off by default (enable with --select or --extend-select)"
    lines = [
        f"{chosen.code} {chosen.name}",
        "",
        f"severity: {chosen.severity.value}{'' if chosen.default_enabled else off}",
        f"fires when: {chosen.summary}",
    ]
    if chosen.code in RATIONALE:
        lines.append(f"why: {RATIONALE[chosen.code]}")
    if family:
        lines.append(f"family: {' '.join(family.split())}")
    for number, example in enumerate(chosen.examples, 1):
        verdict = "fires" if example.fires else "does not fire"
        lines += ["", f"example {number} ({verdict}):", "  article:"]
        lines += [f"    {line}" for line in example.article.strip("\n").splitlines()]
        if example.bib.strip():
            lines.append("  bib:")
            lines += [f"    {line}" for line in example.bib.strip("\n").splitlines()]
        if example.options:
            settings = ", ".join(f"{key} = {value!r}" for key, value in example.options)
            lines.append(f"  settings: {settings}")
    click.echo("\n".join(lines))
    return 0
