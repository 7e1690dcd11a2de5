"""Evidence retrieval: the nearest verified statements and known hoaxes of each claim.

Similarity is the mean of a word and a character TF-IDF cosine over topic words (stemmed, without stop,
negation and denial words), so a denial finds the hoax it denies; polarity is judged apart
(text/polarity.py).
"""

from dataclasses import dataclass, field

import numpy as np

from hoaxcheck.engine.features import Features
from hoaxcheck.engine.records import Evidence, Statement

EVIDENCE_FLOOR = 0.2  # weaker matches are not worth showing
TOP_K = 5


@dataclass
class Index:
    """The retrieval features, the corpus matrices and rows, and the denial links found at training time."""

    features: Features
    verified: list[Statement]
    hoaxes: list[Statement]
    verified_matrix: object | None  # scipy CSR, one L2-normalised row per statement and feature block
    hoax_matrix: object | None
    answers: dict[str, str] = field(default_factory=dict)  # verified id -> id of the hoax it denies

    def __post_init__(self) -> None:
        self._hoax_at = {s.id: j for j, s in enumerate(self.hoaxes)}
        self._blocks = len(self.features.parts)

    def retrieve(self, texts: list[str]) -> list[list[Evidence]]:
        """Up to TOP_K verified statements and TOP_K known hoaxes per text, best first."""
        q = self.features.transform(texts)
        out: list[list[Evidence]] = [[] for _ in texts]
        for matrix, rows in ((self.verified_matrix, self.verified), (self.hoax_matrix, self.hoaxes)):
            if not rows:
                continue
            # Each feature block is L2-normalised, so the dot product over blocks is the sum of their cosines.
            sims = (q @ matrix.T).toarray() / self._blocks
            for i, row_sims in enumerate(sims):
                # Sorting only the rows over the floor keeps big corpora fast (same items, same order).
                above = np.flatnonzero(row_sims >= EVIDENCE_FLOOR)
                top = above[np.argsort(-row_sims[above], kind="stable")][:TOP_K]
                out[i].extend(Evidence(rows[j], round(float(row_sims[j]), 4)) for j in top)
        for i, items in enumerate(out):
            best = next((e for e in items if e.kind == "verified"), None)
            answered = self.answers.get(best.id) if best else None
            if answered and all(e.id != answered for e in items):
                # Cite the hoax the best verified statement denies, even if the claim's wording is far from it.
                j = self._hoax_at[answered]
                sim = float((q[i] @ self.hoax_matrix[j].T).toarray()[0, 0]) / self._blocks
                items.append(Evidence(self.hoaxes[j], round(sim, 4)))
            items.sort(key=lambda e: -e.similarity)
        return out
