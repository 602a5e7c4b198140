"""The cyclic garbage collector is paused while articles are analysed, and always given back."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from digests import analysis
from digests.analysis import analyse
from digests.model import Article

DATA = Path(__file__).parent / "data"
SEED = Path(__file__).parent.parent / "seeds" / "000_1b1ae5c9573f0283.txt"


def _article(path: Path) -> Article:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return Article(title=lines[0], paragraphs=lines[1:], published=datetime(2022, 10, 31, 12, tzinfo=UTC))


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_paused_during_an_analysis_and_resumed_after(collector_on, monkeypatch) -> None:
    seen: list[bool] = []
    real_prepare = analysis.prepare

    def watching_prepare(article: Article):
        seen.append(gc.isenabled())
        return real_prepare(article)

    monkeypatch.setattr(analysis, "prepare", watching_prepare)
    result = analyse(_article(SEED))
    assert seen == [False]
    assert gc.isenabled()
    assert result.cards  # the analysis itself is untouched


def test_a_collector_disabled_by_the_program_stays_disabled(collector_on) -> None:
    gc.disable()
    analyse(_article(SEED))
    assert not gc.isenabled()


def test_overlapping_analyses_resume_the_collector_only_after_the_last(collector_on) -> None:
    with analysis._collector_paused():
        with analysis._collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer analysis is still running
    assert gc.isenabled()


def test_a_long_run_of_overlapping_analyses_still_collects(collector_on, monkeypatch) -> None:
    monkeypatch.setattr(analysis, "MAX_PAUSE_SECONDS", 0.0)
    full_collections: list[int] = []

    def on_gc(phase: str, info: dict) -> None:
        if phase == "start":
            full_collections.append(info["generation"])

    gc.callbacks.append(on_gc)
    try:
        with analysis._collector_paused():
            with analysis._collector_paused():
                pass
            assert full_collections == [2]
            assert not gc.isenabled()
    finally:
        gc.callbacks.remove(on_gc)
    assert gc.isenabled()


def test_analyses_in_threads_give_the_same_results_and_the_collector_back(collector_on) -> None:
    articles = [_article(SEED), *(_article(p) for p in sorted((DATA / "quality").glob("*.txt"))[:5])]
    expected = [analyse(a).to_json() for a in articles]
    results: dict[int, list[dict]] = {}

    def work(k: int) -> None:
        results[k] = [analyse(a).to_json() for a in articles]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[k] == expected for k in range(4))
    assert gc.isenabled()


def test_an_analysis_leaves_no_reference_cycles_behind(collector_on) -> None:
    """Pausing is safe because reference counting alone frees everything an analysis made."""
    articles = [_article(SEED), *(_article(p) for p in sorted((DATA / "quality").glob("*.txt")))]
    for a in articles:  # warm the lexicons and per-word caches, which live for the whole process
        analyse(a)
    gc.collect()
    gc.disable()
    try:
        for a in articles:
            analyse(a).to_json()
        unreachable = gc.collect()
    finally:
        gc.enable()
    assert unreachable == 0
