"""The hoax classifier as data: TF-IDF features, logistic-regression weights and sigmoid calibration.

It mirrors scikit-learn's `CalibratedClassifierCV(LogisticRegression, method="sigmoid")`: each calibrated
member computes the decision value `x . coef + intercept`, maps it through `1 / (1 + exp(a * d + b))`, and
the members' probabilities are averaged. Without calibration (tiny corpora) it is the plain logistic
`1 / (1 + exp(-d))`. It is a supporting signal only: it learned wording, not truth.
"""

from dataclasses import dataclass

import numpy as np

from hoaxcheck.engine.features import Features


@dataclass
class Classifier:
    """Features plus one row of weights per calibrated member (`a`, `b` None for an uncalibrated model)."""

    features: Features
    coef: np.ndarray  # (members, features)
    intercept: np.ndarray  # (members,)
    a: np.ndarray | None = None  # (members,) sigmoid calibration slopes
    b: np.ndarray | None = None  # (members,) sigmoid calibration offsets

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """Calibrated hoax probabilities of texts."""
        x = self.features.transform(texts)
        decisions = np.column_stack([x @ self.coef[m] + self.intercept[m] for m in range(len(self.intercept))])
        if self.a is None:
            return 1.0 / (1.0 + np.exp(-decisions[:, 0]))
        members = 1.0 / (1.0 + np.exp(self.a * decisions + self.b))
        return members.mean(axis=1)

    def top_terms(self, texts: list[str], k: int = 5) -> list[list[str]]:
        """The word features that push each text most towards hoax (mean weight over the members)."""
        words = self.features.parts[0]
        weights = self.coef.mean(axis=0)[: words.size]
        x = words.transform(texts)
        out = []
        for i in range(len(texts)):
            lo, hi = x.indptr[i], x.indptr[i + 1]
            pairs = sorted(
                ((weights[j] * v, words.terms[j]) for j, v in zip(x.indices[lo:hi], x.data[lo:hi]) if weights[j] > 0),
                reverse=True,
            )
            out.append([term for _, term in pairs[:k]])
        return out
