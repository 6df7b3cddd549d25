"""What every rule's check function receives: the pipeline's facts, no messages yet."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..config import Config
from ..model import Bibliography, Citation, Document, Resolution


@dataclass(frozen=True, slots=True)
class DocumentCheck:
    """One article with its citations and their resolutions (same order)."""

    document: Document
    citations: tuple[Citation, ...]
    resolutions: tuple[Resolution, ...]


@dataclass(frozen=True, slots=True)
class Context:
    config: Config
    checks: tuple[DocumentCheck, ...]
    bibliography: Bibliography | None
    #: The bib file's text, to place bib diagnostics on their line.
    bib_document: Document | None = None
    #: Results of online verification (citeproof.online), when it ran.
    verifications: tuple[Any, ...] = ()
