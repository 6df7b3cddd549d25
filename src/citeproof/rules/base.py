"""The Rule record: a finding's code, name and severity always come from here."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Diagnostic, Position, Severity

if TYPE_CHECKING:
    from .context import Context


@dataclass(frozen=True, slots=True)
class Example:
    """A small article + bib pair on which the rule must (or must not) fire.

    `article` is plain text; `bib` is BibTeX text; `options` are Config overrides
    (e.g. {"style": "chicago"}). For rules fed by other data (online look-ups) the
    example is documentation and the rule's own tests exercise it.
    """

    article: str
    bib: str
    fires: bool
    options: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    check: Callable[[Context], Iterable[Diagnostic]] | None
    examples: tuple[Example, ...] = field(default=())
    default_enabled: bool = True
    #: The rule judges the other rules' findings (CP303 unused-suppression): it runs after
    #: them and reads their findings from `Context.findings`.
    judges_findings: bool = False

    def at(
        self,
        path: str,
        start: Position,
        end: Position,
        message: str,
        suggestion: str | None = None,
        keys: Iterable[str] = (),
        severity: Severity | None = None,
    ) -> Diagnostic:
        """Build a Diagnostic for this rule (severity may be raised per finding, e.g. CP501)."""
        return Diagnostic(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            path=path,
            start=start,
            end=end,
            message=message,
            suggestion=suggestion,
            keys=tuple(keys),
        )
