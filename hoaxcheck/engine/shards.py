"""Corpus sharding: the corpus split into contiguous shards, each searched on its own, the top-k lists merged.

A shard is an `Index` over a contiguous range of the verified statements and one of the hoaxes (whole
statements: all their units together), with the position of its first statement of each kind in the whole
corpus. A shard searches only its own matrices (`Index.top`: the exact product, or the word index above
`topk.INDEXED_ABOVE_UNITS` units of the shard), so a process holding one shard never needs the others.

Merging gives what the unsharded index gives, bit for bit:

1. **Top-k.** Each shard returns its best TOP_K per kind over the floor with similarities before rounding; the
   global TOP_K of a kind is among their union, and sorting the union by (-similarity, global statement
   number) reproduces the unsharded order, ties included (a unit's similarity does not depend on the other
   rows of the matrix: the sparse product sums each dot product over the query's columns in the same order).
2. **The answered citation.** The best verified statement of the merged list may deny a hoax held by another
   shard (`Index.answers`, kept whole by the caller); a second, small round asks every shard for the
   similarity of query i to hoax id X, and the shard holding X answers.

With the exhaustive search in every shard the result is exactly the unsharded one. With the word index, each
shard spends the whole candidate budget on its own units (engine/topk.py), so N shards rerank up to N times as
many candidates, and the lists can differ from an unsharded indexed search where its budget bound (measured
in bench/shards.py: closer to the exhaustive lists).
"""

from dataclasses import dataclass
from typing import Iterator, Protocol, Sequence

import numpy as np

from hoaxcheck.engine import retrieval
from hoaxcheck.engine.records import Evidence, Statement
from hoaxcheck.engine.retrieval import Index

# Per query: (verified, hoaxes), each a list of (global statement number, similarity, statement), best first.
Hits = list[tuple[list[tuple[int, float, Statement]], list[tuple[int, float, Statement]]]]


@dataclass
class Shard:
    """One contiguous range of a corpus: an Index over its statements, and where they start in the whole corpus."""

    index: Index
    verified_start: int
    hoax_start: int

    def top(self, q) -> Hits:
        """This shard's top-k per kind for each query row of `q`, numbered in the whole corpus."""
        verified, hoaxes = self.index.top(q)
        v0, h0, rows = self.verified_start, self.hoax_start, self.index
        return [
            ([(v0 + j, s, rows.verified[j]) for j, s in v], [(h0 + j, s, rows.hoaxes[j]) for j, s in h])
            for v, h in zip(verified, hoaxes)
        ]

    def hoax_similarities(self, q, wanted: dict[int, str]) -> dict[int, Evidence]:
        """For each query number -> hoax id held by this shard, the evidence citing that hoax (rounded as retrieve)."""
        out = {}
        for i, hoax_id in wanted.items():
            j = self.index.hoax_position(hoax_id)
            if j is not None:
                out[i] = Evidence(self.index.hoaxes[j], round(self.index.hoax_similarity(q[i], j), 4))
        return out


def boundaries(index: Index, shards: int) -> list[tuple[int, int, int, int]]:
    """(verified lo, hi, hoax lo, hi) of each shard: contiguous ranges of whole statements, verified then hoaxes
    in corpus order, cut where the running number of units crosses an equal share; empty shards are left out."""
    if shards < 1:
        raise ValueError(f"shards must be 1 or more, not {shards}")
    nv = len(index.verified)
    # Units per statement, verified then hoaxes: a shard's memory follows its units, not its statements.
    sizes = np.concatenate([np.diff(index.verified_units), np.diff(index.hoax_units)])
    ends = np.cumsum(sizes)
    total = int(ends[-1]) if len(ends) else 0
    # Statement k goes to the shard its last unit falls in; cuts are therefore between statements.
    cuts = [0, *np.searchsorted(ends, [total * s / shards for s in range(1, shards)], side="right"), len(sizes)]
    out = []
    for lo, hi in zip(cuts, cuts[1:]):
        lo, hi = int(lo), int(max(lo, hi))
        if hi > lo:
            out.append((min(lo, nv), min(hi, nv), max(lo, nv) - nv, max(hi, nv) - nv))
    return out


def _rows(matrix, starts: np.ndarray, lo: int, hi: int):
    """The unit rows of statements lo..hi and their unit offsets from 0 (None, None when there are none)."""
    if hi <= lo:
        return None, None
    a, b = int(starts[lo]), int(starts[hi])
    return matrix[a:b], np.asarray(starts[lo : hi + 1] - a, dtype=np.int64)


def shards_of(index: Index, shards: int) -> Iterator[Shard]:
    """The index cut into at most `shards` shards of whole statements, one at a time (rows copied per shard)."""
    for v_lo, v_hi, h_lo, h_hi in boundaries(index, shards):
        vm, vu = _rows(index.verified_matrix, index.verified_units, v_lo, v_hi)
        hm, hu = _rows(index.hoax_matrix, index.hoax_units, h_lo, h_hi)
        verified, hoaxes = index.verified[v_lo:v_hi], index.hoaxes[h_lo:h_hi]
        held = {s.id for s in hoaxes}
        # Links whose hoax is here too, so a shard is a complete Index; the others stay with the caller.
        answers = {s.id: index.answers[s.id] for s in verified if index.answers.get(s.id) in held}
        yield Shard(Index(index.features, verified, hoaxes, vm, hm, answers, vu, hu), v_lo, h_lo)


def split(index: Index, shards: int) -> list[Shard]:
    """The index cut into at most `shards` shards of whole statements (fewer when the corpus has fewer)."""
    return list(shards_of(index, shards))


def merge(per_shard: Sequence[Hits], k: int = retrieval.TOP_K) -> list[list[Evidence]]:
    """Per query, the evidence lists of the shards merged into the unsharded top-k (answered hoaxes not yet added)."""
    out = []
    for lists in zip(*per_shard):
        items = []
        for kind in (0, 1):
            pool = [hit for shard in lists for hit in shard[kind]]
            pool.sort(key=lambda hit: (-hit[1], hit[0]))  # best first, ties in corpus order, as unsharded
            items.extend(Evidence(s, round(sim, 4)) for _, sim, s in pool[:k])
        out.append(items)
    return out


class Search(Protocol):
    """Where the shards are: in this process, or on workers (app/shards.py)."""

    def top(self, q) -> list[Hits]:
        """Each shard's hits for the query rows of q."""
        ...

    def hoax_similarities(self, q, wanted: dict[int, str]) -> dict[int, Evidence]:
        """The answered hoaxes' evidence, from whichever shard holds each."""
        ...


class LocalShards:
    """Shards held in this process (tests and benchmarks; the same merge as on a cluster)."""

    def __init__(self, shards: list[Shard]):
        self.shards = shards

    def top(self, q) -> list[Hits]:
        """Each shard's hits, in shard order."""
        return [s.top(q) for s in self.shards]

    def hoax_similarities(self, q, wanted: dict[int, str]) -> dict[int, Evidence]:
        """The union of every shard's answer (each hoax id is held by one shard)."""
        found: dict[int, Evidence] = {}
        for s in self.shards:
            found.update(s.hoax_similarities(q, wanted))
        return found


class ShardedIndex:
    """Retrieval over shards with the interface the Scorer uses (`retrieve`, `answers`, `features`)."""

    def __init__(self, features, answers: dict[str, str], search: Search):
        self.features, self.answers, self.search = features, answers, search

    def retrieve(self, texts: list[str]) -> list[list[Evidence]]:
        """What `Index.retrieve` gives on the whole corpus: merged shard top-k, then the answered citations."""
        if not texts:
            return []
        q = self.features.transform(texts)
        items = merge(self.search.top(q))
        wanted = retrieval.unanswered(items, self.answers)
        cited = self.search.hoax_similarities(q, wanted) if wanted else {}
        missing = sorted(set(wanted) - set(cited))
        if missing:
            from hoaxcheck.errors import ModelError

            raise ModelError(f"hoax {wanted[missing[0]]} (denied by a verified statement) is in no shard")
        return retrieval.finish(items, cited)
