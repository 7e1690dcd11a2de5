"""TF-IDF features with numpy and scipy.sparse only: the transform of a fitted scikit-learn vectoriser.

Training fits stock `TfidfVectorizer`s (model/train.py); this module holds what they learned (vocabulary,
idf, analyzer settings) as plain data and applies it the same way: the preprocessor, word n-grams over
`\\S+` tokens or `char_wb` n-grams, raw counts, `1 + log(tf)`, times idf, and L2 row normalisation with the
same summation order. Export checks that both give exactly the same matrix on every training text
(`model/train.py: check_parity`), so scoring never needs scikit-learn.

Limits: only the settings hoaxcheck uses are supported (a callable preprocessor named in PREPROCESSORS,
token pattern `\\S+`, `sublinear_tf=True`, `norm="l2"`, float64); anything else is refused at export.
"""

from dataclasses import dataclass

import numpy as np

from hoaxcheck.text.normalise import clean, clean_for_retrieval

PREPROCESSORS = {"clean": clean, "clean_for_retrieval": clean_for_retrieval}


def word_ngrams(doc: str, lo: int, hi: int) -> list[str]:
    """Word n-grams (lo..hi) of a whitespace-tokenised text, joined by single spaces."""
    tokens = doc.split()
    grams = list(tokens) if lo == 1 else []
    for n in range(max(lo, 2), hi + 1):
        grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return grams


def char_wb_ngrams(doc: str, lo: int, hi: int) -> list[str]:
    """Character n-grams inside word boundaries: each word padded with one space on both sides.

    A padded word shorter than n gives itself once, as scikit-learn's char_wb analyzer does.
    """
    grams: list[str] = []
    for word in doc.split():
        padded = f" {word} "
        size = len(padded)
        for n in range(lo, hi + 1):
            if size <= n:
                grams.append(padded)
                break
            grams.extend(padded[i : i + n] for i in range(size - n + 1))
    return grams


@dataclass
class Vectorizer:
    """One fitted TF-IDF vectoriser as data: analyzer, n-gram range, preprocessor name, terms and idf."""

    analyzer: str  # "word" or "char_wb"
    ngram_range: tuple[int, int]
    preprocessor: str  # a key of PREPROCESSORS
    terms: list[str]  # feature names in column order
    idf: np.ndarray

    def __post_init__(self) -> None:
        self.vocabulary = dict(zip(self.terms, range(len(self.terms))))  # faster than a comprehension at 10^5 terms
        self._grams = word_ngrams if self.analyzer == "word" else char_wb_ngrams
        self._prep = PREPROCESSORS[self.preprocessor]

    @property
    def size(self) -> int:
        """Number of features."""
        return len(self.terms)

    def counts(self, texts: list[str]):
        """Raw term counts as a CSR matrix with sorted column indices."""
        from scipy import sparse

        lo, hi = self.ngram_range
        vocab = self.vocabulary
        indptr = [0]
        indices: list[int] = []
        values: list[int] = []
        for text in texts:
            row: dict[int, int] = {}
            for gram in self._grams(self._prep(text), lo, hi):
                j = vocab.get(gram)
                if j is not None:
                    row[j] = row.get(j, 0) + 1
            for j in sorted(row):
                indices.append(j)
                values.append(row[j])
            indptr.append(len(indices))
        return sparse.csr_matrix(
            (
                np.asarray(values, dtype=np.float64),
                np.asarray(indices, dtype=np.int32),
                np.asarray(indptr, dtype=np.int64),
            ),
            shape=(len(texts), self.size),
        )

    def transform(self, texts: list[str]):
        """TF-IDF rows: 1 + log(count), times idf, L2-normalised."""
        x = self.counts(texts)
        np.log(x.data, x.data)
        x.data += 1.0
        x.data *= self.idf[x.indices]
        normalize_rows(x)
        return x


def normalize_rows(x) -> None:
    """Divide each CSR row by its L2 norm in place, summing squares left to right as scikit-learn does."""
    lengths = np.diff(x.indptr)
    if not len(lengths) or not lengths.max(initial=0):
        return
    # Position k of every row is added in step k: the sum of each row runs left to right, like a C loop.
    squares = x.data * x.data
    starts = x.indptr[:-1]
    sums = np.zeros(len(lengths))
    for k in range(int(lengths.max())):
        rows = np.flatnonzero(lengths > k)
        sums[rows] += squares[starts[rows] + k]
    norms = np.sqrt(sums)
    norms[norms == 0.0] = 1.0
    x.data /= np.repeat(norms, lengths)


@dataclass
class Features:
    """Several vectorisers side by side (a FeatureUnion): their normalised blocks, concatenated."""

    parts: list[Vectorizer]

    @property
    def size(self) -> int:
        """Number of features of all parts together."""
        return sum(p.size for p in self.parts)

    def transform(self, texts: list[str]):
        """The concatenated feature rows of texts."""
        from scipy import sparse

        return sparse.hstack([p.transform(texts) for p in self.parts], format="csr")
