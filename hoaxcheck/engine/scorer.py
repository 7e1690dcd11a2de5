"""Scoring drafts: split them into claims, retrieve evidence, apply the classifier and the verdict rules."""

from dataclasses import dataclass
from datetime import date

from hoaxcheck.engine import rules, windows
from hoaxcheck.engine.classifier import Classifier
from hoaxcheck.engine.records import Claim
from hoaxcheck.engine.retrieval import TOP_K, Index
from hoaxcheck.io.documents import Document
from hoaxcheck.text.polarity import denied_part
from hoaxcheck.text.splitter import display, split


@dataclass
class Model:
    """A loaded model: the classifier (None for retrieval-only), the evidence index (None for classifier-only),
    the thresholds and the card."""

    classifier: Classifier | None
    index: Index | None
    thresholds: dict
    card: dict


class Scorer:
    """Scores claims against one loaded model; build it once and reuse it for many drafts."""

    def __init__(self, model: Model, thresholds: dict | None = None):
        self.model = model
        # An older model may lack a newer threshold; the config's thresholds win over the model's.
        self.thresholds = {**rules.DEFAULT_THRESHOLDS, **model.thresholds, **(thresholds or {})}
        self.today = date.today().isoformat()  # statements whose valid_until is before this are not used

    def score_texts(self, texts: list[str]) -> list[Claim]:
        """Score claim texts (no positions) in one vectorised pass."""
        if not texts:
            return []
        clf, index = self.model.classifier, self.model.index
        probs = clf.probabilities(texts) if clf is not None else None
        evidence = index.retrieve(texts) if index is not None else [[] for _ in texts]
        if index is not None:
            self._add_denied_hoaxes(texts, evidence)
        answers = index.answers if index is not None else {}
        claims = []
        for i, text in enumerate(texts):
            p = None if probs is None else round(float(probs[i]), 4)
            case = rules.Case(text, p, evidence[i], self.thresholds, answers, self.today)
            verdict, rule = rules.decide(case)
            claim = Claim(
                text=text,
                verdict=verdict,
                hoax_probability=p,
                evidence=evidence[i],
                rule=rule,
                contradiction=case.contradiction if verdict == "contradicted" else None,
            )
            rules.internal(claim)
            claims.append(claim)
        explain = [
            c for c in claims if c.verdict in ("likely_hoax", "unverified", "known_hoax") and c.hoax_probability is not None
        ]
        if explain:
            for claim, terms in zip(explain, clf.top_terms([c.text for c in explain])):
                claim.top_terms = terms
        return claims

    def _add_denied_hoaxes(self, texts: list[str], evidence: list[list]) -> None:
        """For a denial ("informasi mengenai X adalah hoaks"), also match X alone against the known hoaxes."""
        parts = [(i, p) for i, t in enumerate(texts) if (p := denied_part(t)) is not None]
        if not parts:
            return
        for (i, _), extra in zip(parts, self.model.index.retrieve([p for _, p in parts])):
            best = {e.id: e for e in evidence[i]}
            for e in extra:
                if e.kind == "hoax" and (e.id not in best or e.similarity > best[e.id].similarity):
                    best[e.id] = e
            merged = sorted(best.values(), key=lambda e: -e.similarity)
            evidence[i] = [e for e in merged if e.kind == "verified"][:TOP_K] + [e for e in merged if e.kind == "hoax"][:TOP_K]
            evidence[i].sort(key=lambda e: -e.similarity)

    def score_document(self, doc: Document) -> list[Claim]:
        """Split a document and score every claim, keeping spans; headings and bylines are not_a_claim."""
        return self.score_documents([doc])[0]

    def score_documents(self, docs: list[Document]) -> list[list[Claim]]:
        """Score many documents with one vectorised pass over all their claims (the model is used once).

        Sentences are scored first, then the windows of adjacent sentences and whole short messages
        (engine/windows.py), then the document is read as a whole (rules.document_context).
        """
        return [claims for claims, _ in self.score_messages(docs)]

    def score_messages(self, docs: list[Document]) -> list[tuple[list[Claim], Claim | None]]:
        """As score_documents, with each document's whole run of claims as one scored claim (None when the
        document has fewer than two claims or too many to be read as one message)."""
        parts = []
        for doc in docs:
            segments = split(doc)
            parts.append((doc, segments, [display(doc, s) for s in segments], windows.candidates(doc, segments)))
        texts = [text for _, segments, shown, _ in parts for seg, text in zip(segments, shown) if seg.kind == "claim"]
        window_texts = [
            " ".join(shown[k] for k in range(i, j) if segments[k].kind == "claim")
            for _, segments, shown, ranges in parts
            for i, j in ranges
        ]
        scored = self.score_texts(texts + window_texts)
        sentences, windowed = iter(scored[: len(texts)]), iter(scored[len(texts) :])
        results = []
        for doc, segments, shown, ranges in parts:
            claims = []
            for seg, text in zip(segments, shown):
                claim = next(sentences) if seg.kind == "claim" else Claim(text=text, verdict="not_a_claim")
                claim.line, claim.column = doc.position(seg.start)
                claim.end_line, claim.end_column = doc.position(seg.end)
                claims.append(claim)
            mine = [next(windowed) for _ in ranges]
            at = [k for k, seg in enumerate(segments) if seg.kind == "claim"]
            whole = next((w for (i, j), w in zip(ranges, mine) if at and (i, j) == (at[0], at[-1] + 1)), None)
            results.append((rules.document_context(windows.apply(claims, segments, ranges, mine, doc)), whole))
        return results
