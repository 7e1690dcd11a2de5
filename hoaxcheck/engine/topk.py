"""Top-k evidence retrieval that scales to millions of corpus units: word postings pick candidates, exact cosine ranks.

The exact path (`Index.retrieve`) multiplies each query chunk by the whole corpus matrix and makes the result
dense: time and memory grow with the corpus (500 queries x 1M units is 4 GB of float64 per kind). Here:

1. **Candidates** come from an inverted index of the word block (the first `Features.parts[0].size` columns):
   the units that share at least one word feature (word or word bigram) with the query. The postings are the
   word block transposed to CSR (one row per word feature, listing its units with their weights), so the
   word-only score of every candidate falls out of one sparse product.
2. **Bounded work**: a query walks at most `POSTINGS_PER_QUERY` postings (its rarest words first; a very
   common word adds little to a cosine and is dropped once the budget is spent), and keeps its
   `CANDIDATES_PER_QUERY` best candidates by word score. Queries go in chunks of `QUERY_CHUNK`, so memory per
   chunk is bounded whatever the corpus size.
3. **Exact rerank**: the candidates' full similarity (word and character blocks) is computed with the same
   sparse product and the same summation order as the exact path, so a unit's similarity is bit-identical;
   then each statement takes its best unit and the TOP_K over the floor are kept, ties in corpus order.

What the index can miss: a unit that shares no word feature with the claim (or only words dropped by the
budget) but is close on character n-grams alone. tests/test_topk.py and bench/scale.py measure the share of
identical top-5 lists against the exact path.

Measured (bench/scale.py, 1,000 claims): at 130k units 5.0 s vs 9.2 s exact, 100% identical top-5; at 1.3M
units 9.1 s vs 108 s, 96.5% identical (top-1 always). The indexed path is used above `INDEXED_ABOVE_UNITS` corpus units, or always / never with
`HOAXCHECK_RETRIEVAL=indexed` / `exact` (default `auto`). Small corpora therefore keep exact results.
"""

import os
import weakref

import numpy as np

INDEXED_ABOVE_UNITS = 50_000
POSTINGS_PER_QUERY = 400_000
CANDIDATES_PER_QUERY = 1_000
QUERY_CHUNK = 16
MODES = ("auto", "exact", "indexed")

_POSTINGS: dict[int, "Postings"] = {}  # id(matrix) -> its postings, dropped when the matrix is freed


def mode() -> str:
    """The retrieval mode from HOAXCHECK_RETRIEVAL: auto (default), exact or indexed."""
    value = os.environ.get("HOAXCHECK_RETRIEVAL", "auto").strip().lower() or "auto"
    if value not in MODES:
        from hoaxcheck.errors import ConfigError

        raise ConfigError(f"HOAXCHECK_RETRIEVAL must be one of {', '.join(MODES)}, not '{value}'")
    return value


def use_indexed(units: int, how: str | None = None) -> bool:
    """Whether a corpus of `units` rows is searched through the word index (True) or exhaustively (False)."""
    how = how or mode()
    return how == "indexed" or (how == "auto" and units > INDEXED_ABOVE_UNITS)


class Postings:
    """The inverted index of one corpus matrix's word block: word feature -> (units, weights)."""

    def __init__(self, matrix, words: int):
        from scipy import sparse

        self.words = words
        # CSR of the transposed word block: row k lists the units holding word feature k (sorted).
        self.by_word = sparse.csr_matrix(matrix[:, :words].T, dtype=np.float64)
        self.by_word.sort_indices()
        self.df = np.diff(self.by_word.indptr)

    @property
    def nbytes(self) -> int:
        """Memory held by the postings."""
        m = self.by_word
        return m.data.nbytes + m.indices.nbytes + m.indptr.nbytes


def postings(matrix, words: int) -> Postings:
    """The (cached) postings of a corpus matrix; built on first use, freed with the matrix."""
    key = id(matrix)
    found = _POSTINGS.get(key)
    if found is None or found.words != words:
        found = _POSTINGS[key] = Postings(matrix, words)
        weakref.finalize(matrix, _POSTINGS.pop, key, None)  # sparse matrices are unhashable: key by id
    return found


def _budgeted(q_words, df: np.ndarray, budget: int):
    """The query word block with, per row, its most common words dropped once `budget` postings are spent."""
    q = q_words.tocsr(copy=True)
    for i in range(q.shape[0]):
        lo, hi = q.indptr[i], q.indptr[i + 1]
        cols = q.indices[lo:hi]
        lengths = df[cols]
        if lengths.sum() <= budget:
            continue
        order = np.argsort(lengths, kind="stable")  # rarest first
        spent = np.cumsum(lengths[order])
        drop = order[spent > budget]
        q.data[lo + drop] = 0.0
    q.eliminate_zeros()
    return q


def candidates(q, index: Postings, per_query: int = CANDIDATES_PER_QUERY, budget: int = POSTINGS_PER_QUERY) -> list[np.ndarray]:
    """Per query row, the sorted unit numbers that share a word feature with it (its best `per_query`)."""
    coarse = (_budgeted(q[:, : index.words], index.df, budget) @ index.by_word).tocsr()
    out = []
    for i in range(coarse.shape[0]):
        lo, hi = coarse.indptr[i], coarse.indptr[i + 1]
        units, scores = coarse.indices[lo:hi], coarse.data[lo:hi]
        if len(units) > per_query:
            units = units[np.argpartition(-scores, per_query - 1)[:per_query]]
        out.append(np.sort(units))
    return out


def top_statements(
    q,
    matrix,
    starts: np.ndarray,
    blocks: int,
    words: int,
    k: int,
    floor: float,
    chunk: int = QUERY_CHUNK,
    per_query: int = CANDIDATES_PER_QUERY,
    budget: int = POSTINGS_PER_QUERY,
) -> list[list[tuple[int, float]]]:
    """Per query row of `q`, up to k (statement number, similarity) at or over `floor`, best first.

    `matrix` holds one L2-normalised row per unit and feature block, `starts` where each statement's units
    begin (len = statements + 1). The result is what the exact path gives when the candidates hold the
    best units: same similarities (bit for bit), same order (ties by statement number).
    """
    index = postings(matrix, words)
    q = q.tocsr()
    q.sort_indices()  # the summation order of the exact product
    out: list[list[tuple[int, float]]] = []
    for lo in range(0, q.shape[0], chunk):
        block = q[lo : lo + chunk]
        cands = candidates(block, index, per_query, budget)
        union = np.unique(np.concatenate(cands)) if cands and any(len(c) for c in cands) else np.empty(0, np.int64)
        if not len(union):
            out.extend([] for _ in cands)
            continue
        # Exact similarities of the chunk against the union of its candidates (at most chunk^2 x per_query).
        sims = (block @ matrix[union].T).tocsr()
        owner = np.searchsorted(starts, union, side="right") - 1  # statement of each candidate unit
        for i in range(block.shape[0]):
            a, b = sims.indptr[i], sims.indptr[i + 1]
            cols, vals = sims.indices[a:b], sims.data[a:b] / blocks
            keep = vals >= floor
            if not keep.any():
                out.append([])
                continue
            stmts, vals = owner[cols[keep]], vals[keep]
            # Best unit per statement, then best first with ties in statement order (as the exact path).
            order = np.lexsort((-vals, stmts))
            stmts, vals = stmts[order], vals[order]
            first = np.r_[True, stmts[1:] != stmts[:-1]]
            stmts, vals = stmts[first], vals[first]
            top = np.lexsort((stmts, -vals))[:k]
            out.append([(int(stmts[j]), float(vals[j])) for j in top])
    return out
