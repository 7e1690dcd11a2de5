"""Top-k retrieval through the word index (engine/topk.py) gives the exact path's evidence lists."""

import csv
from pathlib import Path

import pytest

from hoaxcheck.engine import topk
from hoaxcheck.errors import ConfigError

DATA = Path(__file__).parent / "data"
PARAPHRASES = [
    r["text"] for name in ("a", "b", "c") for r in csv.DictReader(open(DATA / f"paraphrases_{name}.csv", encoding="utf-8"))
]


def _lists(index, texts, monkeypatch, how: str):
    monkeypatch.setenv("HOAXCHECK_RETRIEVAL", how)
    return [[(e.id, e.kind, e.similarity) for e in items] for items in index.retrieve(texts)]


def test_indexed_equals_exact_on_the_shipped_model_for_paraphrases(shipped_scorer, monkeypatch):
    index = shipped_scorer.model.index
    exact = _lists(index, PARAPHRASES, monkeypatch, "exact")
    indexed = _lists(index, PARAPHRASES, monkeypatch, "indexed")
    assert len(PARAPHRASES) > 100 and any(exact)
    same = sum(a == b for a, b in zip(exact, indexed))
    assert same == len(exact), f"{same}/{len(exact)} top-5 lists identical"


def test_indexed_equals_exact_on_the_fixture_model(fixture_scorer, monkeypatch):
    index = fixture_scorer.model.index
    texts = [s.text for s in index.verified + index.hoaxes] + PARAPHRASES[:20] + ["", "zzz qqq"]
    assert _lists(index, texts, monkeypatch, "indexed") == _lists(index, texts, monkeypatch, "exact")


def test_small_corpora_keep_the_exact_path(shipped_scorer, monkeypatch):
    monkeypatch.delenv("HOAXCHECK_RETRIEVAL", raising=False)
    index = shipped_scorer.model.index
    assert not topk.use_indexed(index.hoax_matrix.shape[0])
    assert topk.use_indexed(topk.INDEXED_ABOVE_UNITS + 1) and not topk.use_indexed(10**7, "exact")


def test_unknown_mode_is_refused(monkeypatch):
    monkeypatch.setenv("HOAXCHECK_RETRIEVAL", "fast")
    with pytest.raises(ConfigError, match="HOAXCHECK_RETRIEVAL"):
        topk.mode()


def test_tight_budgets_return_exact_similarities_of_a_subset(shipped_scorer):
    """With few candidates per query a statement may miss some of its units: its similarity is then that of
    its best candidate unit, never more than the exact one, and the lists stay sorted and at most 5 long."""
    index = shipped_scorer.model.index
    q = index.features.transform(PARAPHRASES[:30])
    words = index.features.parts[0].size
    args = (q, index.hoax_matrix, index.hoax_units, 2, words, 5, 0.2)
    full = topk.top_statements(*args)
    tight = topk.top_statements(*args, per_query=3, budget=50, chunk=7)
    for a, b in zip(full, tight):
        exact = dict(a)
        assert all(sim <= exact.get(j, 1.0) for j, sim in b)
        assert len(b) <= 5 and [s for _, s in b] == sorted((s for _, s in b), reverse=True)


def test_postings_are_cached_per_matrix(shipped_scorer):
    index = shipped_scorer.model.index
    words = index.features.parts[0].size
    first = topk.postings(index.hoax_matrix, words)
    assert topk.postings(index.hoax_matrix, words) is first and first.nbytes > 0
