"""Scoring claims: evidence retrieval, polarity, the classifier, and the verdict rules."""

from dataclasses import asdict, dataclass, field
from datetime import date

from hoaxcheck.io.documents import Document
from hoaxcheck.text.splitter import display, split
from hoaxcheck.text.polarity import denies, is_attributed, is_denial, is_negated, reports_rumour, same_polarity

# Verdicts from most to least severe; "flagged" is the first three.
VERDICTS = ("known_hoax", "contradicted", "likely_hoax", "unverified", "refutes_hoax", "supported", "not_a_claim")
FLAGGED = frozenset({"known_hoax", "contradicted", "likely_hoax"})
EVIDENCE_FLOOR = 0.2  # weaker matches are not worth showing
TOP_K = 5


@dataclass
class Claim:
    """One finding: a claim of a draft with its verdict and evidence (one flat record for every format)."""

    text: str
    line: int = 1
    column: int = 1
    end_line: int = 1
    end_column: int = 1
    verdict: str = "unverified"
    hoax_probability: float | None = None
    top_terms: list[str] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)
    contradiction: dict | None = None
    suppressed: bool = False
    suppression_reason: str | None = None

    def to_dict(self) -> dict:
        """The claim as a JSON-ready dict."""
        return asdict(self)


def severity(verdict: str) -> int:
    """Rank of a verdict: 0 is the most severe (invalid_suppression, which is no verdict, ranks first)."""
    return VERDICTS.index(verdict) if verdict in VERDICTS else -1


def _evidence(row: dict, kind: str, similarity: float) -> dict:
    item = {"id": row["id"], "kind": kind, "text": row["text"], "similarity": round(float(similarity), 4),
            "source": row.get("source", ""), "date": row.get("date", ""), "url": row.get("url", "")}
    if kind == "hoax":
        item["verdict"] = row.get("verdict", "")
        item["clarification"] = row.get("clarification", "")
    return item


class Scorer:
    """Scores claims against one loaded model; build it once and reuse it for many drafts."""

    def __init__(self, model: dict, thresholds: dict | None = None):
        self.model = model
        from hoaxcheck.model.train import DEFAULT_THRESHOLDS  # an older model may lack a newer threshold

        self.thresholds = {**DEFAULT_THRESHOLDS, **model["thresholds"], **(thresholds or {})}
        self._word_terms = None
        self.today = date.today().isoformat()  # statements whose valid_until is before this are not used
        self._valid_until = {r["id"]: r.get("valid_until") or "" for r in model.get("verified") or []}
        # verified id -> id of the known hoax that the statement denies (found at training time)
        self._answers = model.get("answers", {})
        self._hoax_index = {r["id"]: j for j, r in enumerate(model.get("hoaxes") or [])}

    def probabilities(self, texts: list[str]):
        """Calibrated hoax probabilities, or None when the model has no classifier."""
        clf = self.model["classifier"]
        return None if clf is None else clf.predict_proba(texts)[:, 1]

    def retrieve(self, texts: list[str]) -> list[list[dict]]:
        """Up to 5 nearest verified statements and 5 known hoaxes per text, best first."""
        import numpy as np

        retriever = self.model["retriever"]
        if retriever is None:
            return [[] for _ in texts]
        q = retriever.transform(texts)
        out: list[list[dict]] = [[] for _ in texts]
        # The two halves of the union are each L2-normalised, so the dot product is the mean of both cosines.
        for kind, matrix, rows in (("verified", self.model["verified_matrix"], self.model["verified"]),
                                   ("hoax", self.model["hoax_matrix"], self.model["hoaxes"])):
            if not rows:
                continue
            sims = (q @ matrix.T).toarray() / 2.0
            for i, row_sims in enumerate(sims):
                # Only rows over the floor can be shown: sorting just those, not the whole corpus, keeps big
                # corpora fast (same items, same order).
                above = np.flatnonzero(row_sims >= EVIDENCE_FLOOR)
                top = above[np.argsort(-row_sims[above], kind="stable")][:TOP_K]
                out[i].extend(_evidence(rows[j], kind, row_sims[j]) for j in top)
        hoaxes = self.model["hoaxes"]
        for i, items in enumerate(out):
            best = next((e for e in items if e["kind"] == "verified"), None)
            answered = self._answers.get(best["id"]) if best else None
            if answered and all(e["id"] != answered for e in items):
                # Cite the hoax that the best verified statement denies, even if the claim's wording is far from it.
                j = self._hoax_index[answered]
                sim = float((q[i] @ self.model["hoax_matrix"][j].T).toarray()[0, 0]) / 2.0
                items.append(_evidence(hoaxes[j], "hoax", sim))
            items.sort(key=lambda e: -e["similarity"])
        return out

    def top_terms_many(self, texts: list[str], k: int = 5) -> list[list[str]]:
        """Top hoax-side word features of many texts, in one transform."""
        import numpy as np

        clf = self.model["classifier"]
        if clf is None or not texts:
            return [[] for _ in texts]
        if self._word_terms is None:
            head = clf.named_steps["classifier"]
            estimators = [c.estimator for c in head.calibrated_classifiers_] if hasattr(head, "calibrated_classifiers_") else [head]
            coef = np.mean([e.coef_[0] for e in estimators], axis=0)
            words = clf.named_steps["features"].transformer_list[0][1]
            self._word_terms = (words, coef[: len(words.vocabulary_)], words.get_feature_names_out())
        words, coef, names = self._word_terms
        x = words.transform(texts).tocsr()
        out = []
        for i in range(len(texts)):
            row = x.getrow(i)
            contrib = sorted(((coef[j] * v, names[j]) for j, v in zip(row.indices, row.data) if coef[j] > 0), reverse=True)
            out.append([name for _, name in contrib[:k]])
        return out

    def decide(self, text: str, probability: float | None, evidence: list[dict]) -> str:
        """The verdict rules: a known hoax, a contradiction, a correction, support, or the classifier's signal."""
        t = self.thresholds
        hoax = next((e for e in evidence if e["kind"] == "hoax" and e["similarity"] >= t["match"]), None)
        support = next((e for e in evidence if e["kind"] == "verified" and e["similarity"] >= t["support"]), None)
        same_as_support = support is not None and same_polarity(text, support["text"])
        # A quotation attributed to a speaker is that speaker's words, reported: its register says nothing.
        hoax_like = probability is not None and probability >= t["hoax_probability"] and not is_attributed(text)
        if hoax is not None and not denies(text, hoax["text"]):
            # An official statement that matches clearly better than the hoax outweighs it.
            if not (same_as_support and support["similarity"] > hoax["similarity"] + t["margin"]):
                return "known_hoax"
            hoax = None
        # A denial frame ("tidak benar", "hoaks") is trusted; a bare negation in hoax-like wording is not,
        # because forwards say "tidak perlu pengalaman" too.
        denial = is_denial(text)
        if hoax is None and denial:
            # An explicit denial ("hoaks", "tidak benar", "membantah") needs less overlap to name its hoax.
            hoax = next((e for e in evidence if e["kind"] == "hoax" and e["similarity"] >= t.get("refute", t["match"])
                         and denies(text, e["text"])), None)
        refutes = hoax is not None and (denial or not hoax_like)
        if refutes and denial:
            return "refutes_hoax"
        if support is not None and not same_as_support and support["id"] in self._answers:
            return "known_hoax"  # asserting the opposite of an official denial asserts the hoax it denies
        if self.explain_contradiction(text, evidence) is not None:
            return "contradicted"
        if refutes:
            return "refutes_hoax"
        if support is not None:
            # Restating an official denial of a hoax is a correction of that hoax.
            if support["id"] in self._answers and is_negated(text, about=support["text"]):
                return "refutes_hoax"
            return "supported"
        if hoax_like:
            return "likely_hoax"
        return "unverified"

    def score_texts(self, texts: list[str]) -> list[Claim]:
        """Score claim texts (no positions) in one vectorised pass."""
        from hoaxcheck.text import facts

        probs = self.probabilities(texts) if texts else None
        evidence = self.retrieve(texts) if texts else []
        claims = []
        for i, text in enumerate(texts):
            p = None if probs is None else round(float(probs[i]), 4)
            verdict = self.decide(text, p, evidence[i])
            claim = Claim(text=text, verdict=verdict, hoax_probability=p, evidence=evidence[i])
            claim.contradiction = self.explain_contradiction(text, evidence[i]) if verdict == "contradicted" else None
            if severity(verdict) > severity("contradicted"):
                # A claim that contradicts itself needs no corpus.
                bad = facts.check_internal(text)
                if bad is not None:
                    claim.verdict = verdict = "contradicted"
                    claim.contradiction = {"fact": "internal", "draft": bad.draft, "verified": bad.expected,
                                           "evidence_id": None, "reason": bad.reason}
            claims.append(claim)
        explain = [c for c in claims if c.verdict in ("likely_hoax", "unverified", "known_hoax") and c.hoax_probability is not None]
        for claim, terms in zip(explain, self.top_terms_many([c.text for c in explain])):
            claim.top_terms = terms
        return claims

    def current(self, item: dict) -> bool:
        """Whether a verified statement is still in force (no valid_until, or not yet past it)."""
        until = self._valid_until.get(item["id"], "")
        return not until or until >= self.today

    def explain_contradiction(self, text: str, evidence: list[dict]) -> dict | None:
        """What differs between a claim and the verified statement it contradicts, or None.

        Opposite polarity against the best current match, or a differing fact (number, date, weekday, title,
        name, place) against the newest close statement that states a fact of the same kind and role.
        """
        from hoaxcheck.text import facts

        t = self.thresholds
        current = [e for e in evidence if e["kind"] == "verified" and self.current(e)]
        support = next((e for e in current if e["similarity"] >= t["support"]), None)
        agreeing = [e for e in current if e["similarity"] >= t["support"] and same_polarity(text, e["text"])]
        # Another close statement with the claim's polarity means the denial word is topic, not stance
        # ("materi tentang hoaks").
        # A denial frame in the draft ("klarifikasi", "hoaks") is usually about a hoax, not this statement.
        framed = support is not None and is_denial(text) and not is_denial(support["text"])
        # Scoped negation can miss a negation whose words differ ("belum ada teknologi untuk memprediksi" vs
        # "tidak dapat diprediksi"): only a claim whose whole-text polarity differs too is contradicted.
        plainly = support is not None and is_negated(text) != is_negated(support["text"])
        if support is not None and not agreeing and not framed and plainly:
            def stance(a: str, b: str) -> str:
                return "menyangkal" if is_negated(a, about=b) else "menegaskan"

            return {"fact": "polarity", "draft": stance(text, support["text"]),
                    "verified": stance(support["text"], text), "evidence_id": support["id"], "reason": None}
        close = [e for e in current if e["similarity"] >= t["contradiction"] and same_polarity(text, e["text"])]
        # Newest first (undated last), then the closer one: facts go out of date, and the newest record decides.
        close.sort(key=lambda e: (e.get("date") or "", e["similarity"]), reverse=True)
        for e in close:
            diff, shared = facts.compare(text, e["text"])
            if diff is not None:
                return {"fact": diff.fact, "draft": diff.draft, "verified": diff.verified, "evidence_id": e["id"],
                        "reason": None}
            if shared:
                return None
        return None

    def score_document(self, doc: Document) -> list[Claim]:
        """Split a document and score every claim, keeping spans; headings and bylines are not_a_claim."""
        return self.score_documents([doc])[0]

    def score_documents(self, docs: list[Document]) -> list[list[Claim]]:
        """Score many documents with one vectorised pass over all their claims (the model is used once)."""
        parts = []
        for doc in docs:
            segments = split(doc)
            parts.append((doc, segments, [display(doc, s) for s in segments]))
        texts = [text for _, segments, shown in parts for seg, text in zip(segments, shown) if seg.kind == "claim"]
        scored = iter(self.score_texts(texts))
        results = []
        for doc, segments, shown in parts:
            claims = []
            for seg, text in zip(segments, shown):
                claim = next(scored) if seg.kind == "claim" else Claim(text=text, verdict="not_a_claim")
                claim.line, claim.column = doc.position(seg.start)
                claim.end_line, claim.end_column = doc.position(seg.end)
                claims.append(claim)
            results.append(in_context(claims))
        return results


def in_context(claims: list[Claim]) -> list[Claim]:
    """Read a document's claims together: in a clarification, the sentences that report the rumour are context.

    A release that denies something ("tidak benar", "hoaks") usually first says what circulated ("Beredar
    pesan berantai yang menyebutkan ..."). Such a reporting sentence corrects, with the rest of the release,
    the hoax it names; it does not assert it. Without a denial anywhere in the document, nothing changes, so a
    forward that spreads a rumour ("Beredar kabar gempa besar malam ini!") is still flagged.
    """
    if not any(c.verdict == "refutes_hoax" or (c.verdict != "not_a_claim" and is_denial(c.text)) for c in claims):
        return claims
    for c in claims:
        if c.verdict == "not_a_claim" or not reports_rumour(c.text):
            continue
        if c.verdict == "known_hoax":
            c.verdict = "refutes_hoax"
        elif c.verdict == "likely_hoax" or (c.verdict == "contradicted" and (c.contradiction or {}).get("fact") == "polarity"):
            c.verdict, c.contradiction = "unverified", None
    return claims
