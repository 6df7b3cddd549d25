"""`collection.paused` pauses the cyclic collector for a block and always restores it."""

from __future__ import annotations

import gc

import pytest

from citeproof import collection


def test_paused_block_restores_collection_even_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collection.paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_nested_pauses_end_with_the_outermost() -> None:
    with collection.paused():
        with collection.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_never_enables_a_collector_the_caller_disabled() -> None:
    gc.disable()
    try:
        with collection.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_check_leaves_the_collector_as_it_found_it(tmp_path) -> None:
    from citeproof import api
    from citeproof.config import Config

    article = tmp_path / "a.txt"
    article.write_text("As shown (Doe, 2020).\n", encoding="utf-8")
    bib = tmp_path / "refs.bib"
    bib.write_text("@book{doe2020, author = {Doe, Jane}, title = {T}, year = 2020}\n")
    api.check(Config(articles=(str(article),), bib=str(bib), use_cache=False))
    assert gc.isenabled()
