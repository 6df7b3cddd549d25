"""[tool.citeproof] configuration and CLI overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from citeproof.config import Config, from_table, load
from citeproof.errors import ConfigError


def test_project_config_names_the_sample() -> None:
    config = load(Path(__file__).resolve().parents[1])
    assert any(a.endswith("article/rutte-nato.txt") for a in config.articles)
    assert config.bib and config.bib.endswith("references.bib")
    assert config.style == "apa"


@pytest.mark.parametrize(
    ("style", "threshold", "order"),
    [("apa", 3, "title"), ("chicago", 4, "date"), ("harvard", 4, "title")],
)
def test_style_sets_et_al_threshold_and_letter_order(style, threshold, order) -> None:
    config = Config(style=style)
    assert config.et_al_threshold == threshold
    assert config.letter_order == order


def test_explicit_options_win() -> None:
    config = Config(style="chicago").with_options(et_al_min=3, suffix_order="title")
    assert config.et_al_threshold == 3
    assert config.letter_order == "title"


@pytest.mark.parametrize(
    "table",
    [
        pytest.param({"style": "mla-ish"}, id="bad-style"),
        pytest.param({"suffix-order": "random"}, id="bad-order"),
        pytest.param({"colour": "red"}, id="unknown-key"),
        pytest.param({"et-al-min": 1}, id="bad-threshold"),
    ],
)
def test_invalid_config_is_a_config_error(table) -> None:
    with pytest.raises(ConfigError):
        from_table(table, root=Path(".")).validate()


def test_paths_are_relative_to_the_config_file(tmp_path, monkeypatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.citeproof]\narticles = ["a/x.md"]\nbib = "refs.bib"\n', encoding="utf-8"
    )
    sub = tmp_path / "deep" / "er"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    config = load(sub)
    assert Path(config.articles[0]).resolve() == (tmp_path / "a" / "x.md").resolve()
    assert Path(config.bib).resolve() == (tmp_path / "refs.bib").resolve()


def test_invalid_toml_names_the_file(tmp_path) -> None:
    bad = tmp_path / "citeproof.toml"
    bad.write_text("style = [", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"citeproof\.toml"):
        load(tmp_path)
