"""Corpus sharding (engine/shards.py, model/shards.py): sharded retrieval returns exactly the unsharded top-k
lists (ids, kinds, similarities, order, ties and answered citations), whatever the number of shards."""

import csv
import random
from pathlib import Path

import numpy as np
import pytest

from hoaxcheck.corpus.load import Corpus
from hoaxcheck.engine import shards
from hoaxcheck.engine.retrieval import Index
from hoaxcheck.model import shards as shard_files
from hoaxcheck.model import store, train

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
PARAPHRASES = [
    r["text"] for name in ("a", "b", "c") for r in csv.DictReader(open(DATA / f"paraphrases_{name}.csv", encoding="utf-8"))
]
SHARD_COUNTS = [1, 2, 3, 4, 7]


def _rows(name: str, n: int) -> list[dict]:
    with open(ROOT / "data" / name, encoding="utf-8-sig", newline="") as fh:
        return [{"id": r["id"], "text": r["text"]} for r, _ in zip(csv.DictReader(fh), range(n))]


@pytest.fixture(scope="module")
def tied_index() -> Index:
    """A small corpus where every text is there three times under other ids, spread over the corpus, so that equal
    similarities fall in different shards and at the top-5 cut."""
    verified, hoaxes = _rows("verified.csv", 25), _rows("hoaxes.csv", 25)
    copies = lambda rows, tag: [dict(r, id=f"{tag}{k}-{r['id']}") for k in range(3) for r in rows]  # noqa: E731
    return train.build_index(Corpus(verified=copies(verified, "v"), hoaxes=copies(hoaxes, "h")), check=False)


def _lists(items) -> list[list[tuple]]:
    return [[(e.id, e.kind, e.similarity) for e in found] for found in items]


def _sharded(index: Index, n: int) -> shards.ShardedIndex:
    return shards.ShardedIndex(index.features, index.answers, shards.LocalShards(shards.split(index, n)))


def _queries(index: Index) -> list[str]:
    rng = random.Random(16)
    rows = [s.text for s in index.verified + index.hoaxes]
    dropped = [" ".join(w for w in rng.choice(rows).split() if rng.random() > 0.3) for _ in range(40)]
    return rows[::3] + dropped + PARAPHRASES[:40] + ["", "zzz qqq"]


def _shard_of(parts: list[shards.Shard], statement_id: str) -> int:
    return next(k for k, p in enumerate(parts) if any(s.id == statement_id for s in p.index.verified + p.index.hoaxes))


@pytest.mark.parametrize("how", ["exact", "indexed"])
@pytest.mark.parametrize("n", SHARD_COUNTS + [10_000])
def test_sharded_equals_unsharded_with_ties(tied_index, monkeypatch, n, how):
    monkeypatch.setenv("HOAXCHECK_RETRIEVAL", how)
    texts = _queries(tied_index)
    want = _lists(tied_index.retrieve(texts))
    got = _lists(_sharded(tied_index, n).retrieve(texts))
    assert got == want
    # The case is the one meant: lists with equal similarities whose statements sit in different shards.
    parts = shards.split(tied_index, n)
    crossing = [
        items
        for items in want
        if any(a[2] == b[2] and _shard_of(parts, a[0]) != _shard_of(parts, b[0]) for a, b in zip(items, items[1:]))
    ]
    assert (len(crossing) > 10) == (len(parts) > 1)


def _vars(index: Index) -> dict:
    fields = ("features", "verified", "hoaxes", "verified_matrix", "hoax_matrix", "answers", "verified_units", "hoax_units")
    return {f: getattr(index, f) for f in fields}


def _needs_citation(index: Index, texts: list[str]) -> dict[int, tuple[str, str]]:
    """Query number -> (best verified id, answered hoax id) where the hoax is not in the top-k (second round)."""
    verified, hoaxes = index.top(index.features.transform(texts))
    out = {}
    for i, (v, h) in enumerate(zip(verified, hoaxes)):
        answered = index.answers.get(index.verified[v[0][0]].id) if v else None
        if answered and answered not in {index.hoaxes[j].id for j, _ in h}:
            out[i] = (index.verified[v[0][0]].id, answered)
    return out


@pytest.mark.parametrize("n", SHARD_COUNTS)
def test_answered_hoax_from_another_shard(tied_index, monkeypatch, n):
    """Every verified statement denies a hoax far away in the corpus: the citation needs the second round."""
    monkeypatch.setenv("HOAXCHECK_RETRIEVAL", "exact")
    hoaxes = tied_index.hoaxes
    linked = Index(**{**_vars(tied_index), "answers": {v.id: hoaxes[-1 - k].id for k, v in enumerate(tied_index.verified)}})
    texts = _queries(linked)
    needs = _needs_citation(linked, texts)
    parts = shards.split(linked, n)
    far = [i for i, (v, h) in needs.items() if _shard_of(parts, h) != _shard_of(parts, v)]
    assert len(needs) > 20 and (len(far) > 20) == (n > 1)
    want = _lists(linked.retrieve(texts))
    assert all(any(e[0] == h for e in want[i]) for i, (_, h) in needs.items())  # cited, unsharded
    assert _lists(_sharded(linked, n).retrieve(texts)) == want


@pytest.mark.parametrize("n", [2, 5])
def test_shipped_model_denials_across_shards(shipped_scorer, monkeypatch, n):
    """The shipped corpus's own denial links: verified rows come first, so their hoaxes sit in later shards."""
    monkeypatch.setenv("HOAXCHECK_RETRIEVAL", "exact")
    index = shipped_scorer.model.index
    denials = [v.text for v in index.verified if v.id in index.answers]
    texts = PARAPHRASES + denials
    assert len(denials) > 50
    assert _lists(_sharded(index, n).retrieve(texts)) == _lists(index.retrieve(texts))


@pytest.mark.parametrize("n", SHARD_COUNTS + [149, 150, 151, 10_000])
def test_boundaries_cut_whole_statements_into_balanced_shards(tied_index, n):
    index = tied_index
    cuts = shards.boundaries(index, n)
    nv, nh = len(index.verified), len(index.hoaxes)
    total = int(index.verified_units[-1] + index.hoax_units[-1])
    # A shard is left out only when a statement of many units takes its whole share; one unit each at most.
    assert len(cuts) <= min(n, nv + nh) and (len(cuts) == n if n <= 7 else True)
    assert len(cuts) == nv + nh if n >= total else True
    # Contiguous and complete: each kind's ranges follow each other from 0 to its end.
    assert [c[0] for c in cuts] == [0] + [c[1] for c in cuts[:-1]] and cuts[-1][1] == nv
    assert [c[2] for c in cuts] == [0] + [c[3] for c in cuts[:-1]] and cuts[-1][3] == nh
    units = [
        int(index.verified_units[v1] - index.verified_units[v0] + index.hoax_units[h1] - index.hoax_units[h0])
        for v0, v1, h0, h1 in cuts
    ]
    biggest = max(np.diff(index.verified_units).max(), np.diff(index.hoax_units).max())
    assert sum(units) == total and max(units) <= total / n + biggest
    for part, (v0, v1, h0, h1) in zip(shards.split(index, n), cuts):
        assert part.index.verified == index.verified[v0:v1] and part.index.hoaxes == index.hoaxes[h0:h1]
        assert (part.verified_start, part.hoax_start) == (v0, h0)


def test_zero_shards_is_refused(tied_index):
    with pytest.raises(ValueError, match="1 or more"):
        shards.boundaries(tied_index, 0)


def test_shard_files_round_trip_and_follow_the_model(fixture_model_path, tmp_path, monkeypatch):
    monkeypatch.setenv("HOAXCHECK_RETRIEVAL", "exact")
    path = tmp_path / "hoaxcheck.model"
    path.write_bytes(fixture_model_path.read_bytes())
    model = store.load(path)
    folder = shard_files.prepare(path, 3)
    assert folder == shard_files.folder_for(path, 3)
    files = shard_files.read(folder)
    head = shard_files.load_head(folder)
    assert head.index.verified == [] and head.index.answers == model.index.answers
    loaded = shards.ShardedIndex(
        head.index.features, head.index.answers, shards.LocalShards([shard_files.load_shard(p) for p in files])
    )
    texts = [s.text for s in model.index.verified + model.index.hoaxes] + PARAPHRASES[:20]
    assert _lists(loaded.retrieve(texts)) == _lists(model.index.retrieve(texts))
    stamp = (folder / shard_files.MANIFEST).stat().st_mtime_ns
    assert shard_files.prepare(path, 3) == folder and (folder / shard_files.MANIFEST).stat().st_mtime_ns == stamp
    # A retrained model (other members) makes the folder stale: it is written again.
    model.thresholds = dict(model.thresholds, refute=0.51)
    model.card = dict(model.card, thresholds=model.thresholds)
    store.save(model, path)
    shard_files.prepare(path, 3)
    assert shard_files.load_head(folder).thresholds["refute"] == 0.51
    with pytest.raises(Exception, match="not a shard file"):
        shard_files.load_shard(path)
