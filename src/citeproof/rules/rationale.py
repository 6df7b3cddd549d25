"""Why each rule exists: the reader's or editor's problem it prevents (`citeproof rule CODE`).

The prose lives in `data/rule_rationale.toml`, keyed by code; a meta-test requires one entry
per rule and no entry for a code the catalogue does not have, so it cannot drift from the rules.
"""

from __future__ import annotations

from .. import data

RATIONALE: dict[str, str] = dict(data.table("rule_rationale"))
