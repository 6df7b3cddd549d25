"""Every form of the citation-form catalogue, in every style, through the whole pipeline (#12).

The catalogue (tests/data/citation_forms.toml) gives one sentence per form and style, the bib
entries it needs, the citations the check must find (in order, with their keys) and the
error/warning codes it must report (none for a correct citation). Forms the current code
gets wrong are strict xfails; a fix flips them to XPASS, which fails, so the fixer removes
the entry from KNOWN_FAILURES.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from citeproof.api import check_texts
from citeproof.config import Config

CATALOGUE = Path(__file__).resolve().parents[1] / "data" / "citation_forms.toml"
DATA = tomllib.loads(CATALOGUE.read_text("utf-8"))
STYLES = ("apa", "chicago", "harvard")


def _id(form: dict, style: str) -> str:
    return f"{style}:{form['name']}"


#: id → what the current code does instead (the work list for the fixers).
KNOWN_FAILURES: dict[str, str] = {}


def _cases():
    for form in DATA["form"]:
        for style in STYLES:
            if style not in form:
                continue
            case_id = _id(form, style)
            marks = []
            if case_id in KNOWN_FAILURES:
                marks.append(
                    pytest.mark.xfail(strict=True, reason=f"#12: {KNOWN_FAILURES[case_id]}")
                )
            yield pytest.param(form, style, id=case_id, marks=marks)


def run_form(form: dict, style: str):
    """Check one catalogue sentence; return (resolved keys in order, statuses, codes)."""
    bib = "\n".join(DATA["bib"][key] for key in form["needs"])
    path = "article.md" if form.get("markdown") else "article.txt"
    checked = check_texts(
        form[style] + "\n", bib, Config(style=style, use_cache=False), article_path=path
    )
    resolutions = [r for f in checked.report.files for r in f.resolutions]
    codes = sorted(
        d.code for d in checked.report.diagnostics if d.severity.value in ("error", "warning")
    )
    return resolutions, codes


def test_catalogue_covers_every_style_and_names_real_entries() -> None:
    names = [form["name"] for form in DATA["form"]]
    assert len(names) == len(set(names))
    for form in DATA["form"]:
        assert any(style in form for style in STYLES), form["name"]
        assert form.get("cites") or form.get("codes"), form["name"]
        for key in form["needs"]:
            assert key in DATA["bib"], (form["name"], key)
        for cite in form.get("cites", []):
            assert set(cite["keys"]) <= set(form["needs"]), form["name"]


@pytest.mark.parametrize(("form", "style"), list(_cases()))
def test_form(form: dict, style: str) -> None:
    resolutions, codes = run_form(form, style)
    assert codes == sorted(form.get("codes", [])), [
        (r.citation.text, r.status.value, r.keys) for r in resolutions
    ]
    expected = form.get("cites", [])
    if expected:
        found = [(r.status.value, tuple(sorted(r.keys))) for r in resolutions]
        want = [("resolved", tuple(sorted(c["keys"]))) for c in expected]
        assert found == want, [(r.citation.text, r.status.value, r.keys) for r in resolutions]
