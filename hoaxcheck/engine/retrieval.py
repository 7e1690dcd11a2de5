"""Evidence retrieval: the nearest verified statements and known hoaxes of each claim.

Similarity is the mean of a word and a character TF-IDF cosine over topic words (stemmed, without stop,
negation and denial words), so a denial finds the hoax it denies; polarity is judged apart
(text/polarity.py).

A corpus row is matched at two granularities: the whole row and each of its longer sentences (`units`), and
its similarity is the best of them. A forwarded hoax is often a long message whose claim is one sentence:
against the whole message a short rewording scores low, against the sentence it states it scores as what it is.
"""

import re
from dataclasses import dataclass, field

import numpy as np

from hoaxcheck.engine import topk
from hoaxcheck.engine.features import Features
from hoaxcheck.engine.records import Evidence, Statement
from hoaxcheck.text.normalise import clean_for_retrieval

EVIDENCE_FLOOR = 0.2  # weaker matches are not worth showing
TOP_K = 5
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
# A sentence needs this many topic words (after retrieval cleaning) to be matched on its own. Measured on
# 430 real official clarifications (bench/official_text.py): with 3 words, or with clauses as units, short
# generic pieces ("bulan paling dekat ke bumi") matched official prose and flagged 8-11% of the documents;
# with whole sentences of at least 6 topic words, 2%, and paraphrase verdicts still improve.
MIN_SENTENCE_WORDS = 6


def units(text: str) -> list[str]:
    """The pieces of a corpus row that are matched: the row, then its sentences (when it has several long ones)."""
    out = [text]
    parts = [p.strip() for p in _SENTENCE_END.split(text) if len(clean_for_retrieval(p).split()) >= MIN_SENTENCE_WORDS]
    if len(parts) > 1:
        out.extend(p for p in parts if p not in out)
    return out


def unit_offsets(texts: list[str]) -> tuple[list[str], "np.ndarray"]:
    """All units of texts in order, and where each text's units start (an indptr of len(texts) + 1)."""
    flat: list[str] = []
    starts = [0]
    for t in texts:
        flat.extend(units(t))
        starts.append(len(flat))
    return flat, np.asarray(starts, dtype=np.int64)


@dataclass
class Index:
    """The retrieval features, the corpus matrices and rows, and the denial links found at training time."""

    features: Features
    verified: list[Statement]
    hoaxes: list[Statement]
    verified_matrix: object | None  # scipy CSR, one L2-normalised row per unit and feature block
    hoax_matrix: object | None
    answers: dict[str, str] = field(default_factory=dict)  # verified id -> id of the hoax it denies
    verified_units: np.ndarray | None = None  # where each statement's units start; None: one unit each
    hoax_units: np.ndarray | None = None

    def __post_init__(self) -> None:
        self._hoax_at = {s.id: j for j, s in enumerate(self.hoaxes)}
        self._blocks = len(self.features.parts)
        if self.verified_units is None:
            self.verified_units = np.arange(len(self.verified) + 1, dtype=np.int64)
        if self.hoax_units is None:
            self.hoax_units = np.arange(len(self.hoaxes) + 1, dtype=np.int64)

    def _best(self, sims: np.ndarray, starts: np.ndarray) -> np.ndarray:
        """Each statement's similarity: the best of its units (units of one statement are contiguous)."""
        return np.maximum.reduceat(sims, starts[:-1], axis=-1)

    def top(self, q) -> tuple[list[list[tuple[int, float]]], list[list[tuple[int, float]]]]:
        """Per query row of `q` (features of the claims), the verified and the hoax top-k: up to TOP_K
        (statement number, similarity before rounding) at or over the floor, best first, ties in statement order."""
        return (
            self._top_of(q, self.verified_matrix, len(self.verified), self.verified_units),
            self._top_of(q, self.hoax_matrix, len(self.hoaxes), self.hoax_units),
        )

    def _top_of(self, q, matrix, rows: int, starts: np.ndarray) -> list[list[tuple[int, float]]]:
        if not rows:
            return [[] for _ in range(q.shape[0])]
        if topk.use_indexed(matrix.shape[0]):
            # Large corpora: word-index candidates, exact rerank (engine/topk.py); same items as below.
            return topk.top_statements(q, matrix, starts, self._blocks, self.features.parts[0].size, TOP_K, EVIDENCE_FLOOR)
        # Each feature block is L2-normalised, so the dot product over blocks is the sum of their cosines.
        sims = self._best((q @ matrix.T).toarray() / self._blocks, starts)
        out = []
        for row_sims in sims:
            # Sorting only the rows over the floor keeps big corpora fast (same items, same order).
            above = np.flatnonzero(row_sims >= EVIDENCE_FLOOR)
            top = above[np.argsort(-row_sims[above], kind="stable")][:TOP_K]
            out.append([(int(j), float(row_sims[j])) for j in top])
        return out

    def hoax_position(self, hoax_id: str) -> int | None:
        """The number of the hoax with this id, or None when this index does not hold it."""
        return self._hoax_at.get(hoax_id)

    def hoax_similarity(self, q_row, j: int) -> float:
        """The similarity of one query row to hoax number j (the best of its units), even under the floor."""
        lo, hi = self.hoax_units[j], self.hoax_units[j + 1]
        return float((q_row @ self.hoax_matrix[lo:hi].T).toarray().max()) / self._blocks

    def retrieve(self, texts: list[str]) -> list[list[Evidence]]:
        """Up to TOP_K verified statements and TOP_K known hoaxes per text, best first."""
        q = self.features.transform(texts)
        verified, hoaxes = self.top(q)
        out = [
            [Evidence(self.verified[j], round(sim, 4)) for j, sim in v]
            + [Evidence(self.hoaxes[j], round(sim, 4)) for j, sim in h]
            for v, h in zip(verified, hoaxes)
        ]
        wanted = unanswered(out, self.answers)
        cited = {}
        for i, hoax_id in wanted.items():
            j = self._hoax_at[hoax_id]
            cited[i] = Evidence(self.hoaxes[j], round(self.hoax_similarity(q[i], j), 4))
        return finish(out, cited)


def unanswered(items: list[list[Evidence]], answers: dict[str, str]) -> dict[int, str]:
    """Query number -> id of the hoax its best verified statement denies, where that hoax is not cited yet."""
    wanted = {}
    for i, found in enumerate(items):
        best = next((e for e in found if e.kind == "verified"), None)
        answered = answers.get(best.id) if best else None
        if answered and all(e.id != answered for e in found):
            wanted[i] = answered
    return wanted


def finish(items: list[list[Evidence]], cited: dict[int, Evidence]) -> list[list[Evidence]]:
    """Add the answered hoaxes and sort each list best first (stable: verified before hoaxes on a tie)."""
    for i, found in enumerate(items):
        if i in cited:
            # Cite the hoax the best verified statement denies, even if the claim's wording is far from it.
            found.append(cited[i])
        found.sort(key=lambda e: -e.similarity)
    return items
