"""Markdown masking: blanked regions, kept text, and offsets that never move."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citeproof.manuscript.markdown import blank_urls, mask


def visible(text: str) -> str:
    """The masked text with runs of spaces squeezed, for readable expectations."""
    return " ".join(mask(text).split())


CASES = [
    pytest.param(
        "---\ntitle: (Smith, 2020)\n---\nBody (Lee, 2019).\n",
        "Body (Lee, 2019).",
        id="yaml_front_matter",
    ),
    pytest.param("+++\ntitle = '(Smith, 2020)'\n+++\nBody.\n", "Body.", id="toml_front_matter"),
    pytest.param(
        "Text.\n---\nnot: front matter\n---\n",
        "Text. --- not: front matter ---",
        id="rule_not_front_matter",
    ),
    pytest.param("A\n\n```python\nx = f(Smith, 2020)\n```\nB", "A B", id="fenced_backticks"),
    pytest.param("A\n\n~~~\n(Smith, 2020)\n~~~\nB", "A B", id="fenced_tildes"),
    pytest.param("A\n\n````\n```\n(Smith, 2020)\n````\nB", "A B", id="longer_fence"),
    pytest.param("A\n\n```\n(Smith, 2020)\n", "A", id="unclosed_fence_runs_to_end"),
    pytest.param(
        "Para.\n\n    code (Smith, 2020)\n    more\n\nAfter.", "Para. After.", id="indented_code"
    ),
    pytest.param(
        "- item\n\n    list paragraph (Lee, 2019)\n",
        "- item list paragraph (Lee, 2019)",
        id="list_continuation_kept",
    ),
    pytest.param(
        "Text\n    not code after a paragraph",
        "Text not code after a paragraph",
        id="indent_without_blank_line",
    ),
    pytest.param("Use `f(Smith, 2020)` here.", "Use here.", id="inline_code"),
    pytest.param("Use ``a ` b (Smith, 2020)`` here.", "Use here.", id="double_backtick_code"),
    pytest.param(
        "A lone ` backtick (Lee, 2019).", "A lone ` backtick (Lee, 2019).", id="unmatched_backtick"
    ),
    pytest.param(
        'See [Lee (2019)](https://x.org/a_(b)/2019 "T") now.',
        "See [Lee (2019)] now.",
        id="link_target",
    ),
    pytest.param("See ![fig](img/2019.png) now.", "See ![fig] now.", id="image_target"),
    pytest.param("Go to <https://x.org/2020> or <me@x.org>.", "Go to or .", id="autolinks"),
    pytest.param("Go to https://x.org/2020/smith. Then", "Go to . Then", id="bare_url"),
    pytest.param("(see https://x.org/page)", "(see )", id="url_in_brackets"),
    pytest.param("Visit www.example.com/2020, then", "Visit , then", id="www_url"),
    pytest.param("As doi: 10.1000/x.2020 says", "As says", id="doi"),
    pytest.param("A <!-- (Smith, 2020)\nhidden --> B", "A B", id="html_comment"),
    pytest.param("A <!-- never closed (Smith, 2020)", "A", id="unclosed_comment"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_mask(text: str, expected: str) -> None:
    assert visible(text) == expected


def test_mask_keeps_length_and_newlines() -> None:
    text = "---\na: 1\n---\n`x`\n\n```\ny\n```\n<https://a.b>\n"
    masked = mask(text)
    assert len(masked) == len(text)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]


def test_blank_urls_trims_trailing_punctuation() -> None:
    text = "(https://a.org/x), https://b.org/y."
    assert blank_urls(text) == "(" + " " * 15 + "), " + " " * 15 + "."


def test_blank_urls_without_urls_returns_text() -> None:
    text = "No addresses here (Smith, 2020)."
    assert blank_urls(text) is text


MARKDOWN_BITS = st.sampled_from(
    [
        "---\n",
        "```\n",
        "~~~\n",
        "`",
        "``",
        "    ",
        "\n",
        "\n\n",
        "<!--",
        "-->",
        "[a](",
        ")",
        "]",
        "(",
        "<https://x.org>",
        "https://a.b/c",
        "www.",
        "doi: 10.",
        "- ",
        "1. ",
        "text ",
        "(Smith, 2020)",
        "\u00a0",
        "+++\n",
        "\t",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(MARKDOWN_BITS | st.text(max_size=5), max_size=40))
def test_mask_preserves_offsets(pieces: list[str]) -> None:
    text = "".join(pieces)
    masked = mask(text)
    assert len(masked) == len(text)
    for original, blanked in zip(text, masked, strict=True):
        assert blanked == original or (blanked == " " and original not in "\r\n")
