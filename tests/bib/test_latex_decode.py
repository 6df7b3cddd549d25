"""LaTeX -> Unicode decoding of field values (citeproof.bib.latex_decode)."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citeproof.bib import latex_decode as latex
from citeproof.bib.latex_decode import decode, needs_decoding


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(r"{\"u}", "ü", id="braced_umlaut"),
        pytest.param(r"\"{u}", "ü", id="umlaut_braced_arg"),
        pytest.param(r"\"u", "ü", id="umlaut_bare"),
        pytest.param(r"\'{a}", "á", id="acute"),
        pytest.param(r"\' e", "é", id="acute_space"),
        pytest.param(r"\`e", "è", id="grave"),
        pytest.param(r"\^o", "ô", id="circumflex"),
        pytest.param(r"\~n", "ñ", id="tilde_accent"),
        pytest.param(r"\={a}", "ā", id="macron"),
        pytest.param(r"\.{Z}", "Ż", id="dot_above"),
        pytest.param(r"{\l}", "ł", id="l_stroke"),
        pytest.param(r"{\L}", "Ł", id="L_stroke"),
        pytest.param(r"{\o}", "ø", id="o_slash"),
        pytest.param(r"\O{}", "Ø", id="O_slash_empty_group"),
        pytest.param(r"Erdo\u{g}an", "Erdoğan", id="breve"),
        pytest.param(r"{\i}", "ı", id="dotless_i"),
        pytest.param(r"{\'\i}", "í", id="acute_dotless_i"),
        pytest.param(r"\'{\i}", "í", id="acute_braced_dotless_i"),
        pytest.param(r"\c{s}", "ş", id="cedilla"),
        pytest.param(r"\c c", "ç", id="cedilla_space"),
        pytest.param(r"\v{c}", "č", id="caron"),
        pytest.param(r"\v c", "č", id="caron_space"),
        pytest.param(r"\H{o}", "ő", id="hungarian"),
        pytest.param(r"\k{a}", "ą", id="ogonek"),
        pytest.param(r"\r{a}", "å", id="ring"),
        pytest.param(r"\ss", "ß", id="eszett"),
        pytest.param(r"Stra\ss e", "Straße", id="eszett_eats_space"),
        pytest.param(r"{\aa}", "å", id="a_ring_letter"),
        pytest.param(r"{\AE}sop", "Æsop", id="AE"),
        pytest.param(r"\oe{}uvre", "œuvre", id="oe"),
        pytest.param("pages 1--10", "pages 1–10", id="en_dash"),
        pytest.param("a---b", "a—b", id="em_dash"),
        pytest.param(r"Research \& Development", "Research & Development", id="ampersand"),
        pytest.param("``quoted''", "“quoted”", id="double_quotes"),
        pytest.param("`single'", "‘single'", id="single_backtick"),
        pytest.param("Fig.~1", "Fig. 1", id="tie_space"),
        pytest.param("{NATO}", "NATO", id="protective_braces"),
        pytest.param(
            "The {NATO} {Summit} in {The Hague}", "The NATO Summit in The Hague", id="many_braces"
        ),
        pytest.param(r"50\% of \$5", "50% of $5", id="escaped_specials"),
        pytest.param(r"C\#", "C#", id="hash"),
        pytest.param(r"a\_b", "a_b", id="underscore"),
        pytest.param(r"\{x\}", "{x}", id="escaped_braces"),
        pytest.param(r"\textbackslash{}x", "\\x", id="textbackslash"),
        pytest.param(r"\~{}user", "~user", id="tilde_symbol"),
        pytest.param(r"\emph{Very} \textbf{bold} \textit{it}", "Very bold it", id="formatting"),
        pytest.param(r"{\em emphasis}", "emphasis", id="em_group"),
        pytest.param(r"\textsc{Nos}", "Nos", id="textsc"),
        pytest.param(r"$\epsilon$-Ranking", "ϵ-Ranking", id="math_epsilon"),
        pytest.param(
            r"{$\cal MAX$--$\cal MIN$} {Ant} {System}", "MAX–MIN Ant System", id="math_cal_and_dash"
        ),
        pytest.param(r"\textendash\ \textemdash", "– —", id="text_dashes"),
        pytest.param(r"\url{https://x.org}", "https://x.org", id="url_keeps_argument"),
        pytest.param(r"\href{https://x.org}{the text}", "the text", id="href_keeps_text"),
        pytest.param(r"\noopsort{a}Zeta", "Zeta", id="noopsort_dropped"),
        pytest.param(r"\rpackage{irace}: tuning", "irace: tuning", id="unknown_command_fallback"),
        pytest.param(r"\unknownmacro and 50% done", "and 50% done", id="fallback_keeps_percent"),
        pytest.param("Ordinary title", "Ordinary title", id="fast_path"),
        pytest.param("Déjà vu — already Unicode", "Déjà vu — already Unicode", id="unicode_kept"),
        pytest.param("  {spaced}   out  ", "spaced out", id="whitespace_collapsed"),
        pytest.param(r"{\"O}zt{\"u}rk", "Öztürk", id="two_accents"),
        pytest.param(r"Ji\v{r}\'{\i}", "Jiří", id="czech"),
        pytest.param(r"Bogus{\l}aw", "Bogusław", id="polish"),
    ],
)
def test_decode(source: str, expected: str) -> None:
    assert decode(source) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Plain title 2024", False, id="plain"),
        pytest.param("Self-adaptive, it's fine", False, id="hyphen_apostrophe"),
        pytest.param("{X}", True, id="brace"),
        pytest.param(r"\'e", True, id="backslash"),
        pytest.param("a~b", True, id="tilde"),
        pytest.param("1--2", True, id="dash"),
        pytest.param("``a''", True, id="quotes"),
        pytest.param("$x$", True, id="math"),
    ],
)
def test_needs_decoding(text: str, expected: bool) -> None:
    assert needs_decoding(text) is expected


def test_fast_path_returns_same_object() -> None:
    text = "A title with nothing to decode"
    assert decode(text) is text


@given(st.text(alphabet=st.sampled_from(list("\\{}$~`'-\"^=.abcuvHiljoOsSt #%&_ \n"))))
def test_decode_never_raises_on_latex_like_text(text: str) -> None:
    out = decode(text)
    assert isinstance(out, str)
    if "\\" not in text:  # without escapes every brace is markup and goes away
        assert "{" not in out and "}" not in out


@given(st.text())
def test_decode_never_raises_on_any_text(text: str) -> None:
    assert isinstance(decode(text), str)


def test_fallback_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        decode(r"\frac{1}")
    assert not [r for r in caplog.records if r.name.startswith("pylatexenc")]


def test_without_pylatexenc_unknown_commands_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(latex, "_converter", lambda: None)
    assert decode(r"\unknownmacro{kept} text") == "kept text"


def test_pylatexenc_failure_is_contained(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str) -> str:
        raise IndexError("pylatexenc bug")

    monkeypatch.setattr(latex, "_converter", lambda: broken)
    assert decode(r"\unknownmacro{kept} text") == "kept text"
