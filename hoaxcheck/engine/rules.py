"""The verdict rules, in one ordered table; docs/rules.md lists them in the same order.

Each claim rule looks at a `Case` (the claim, its classifier probability and its evidence) and returns a
verdict, or None to pass the claim to the next rule. One rule changes the case instead (`outweighed`
clears a hoax match that an official statement beats). After the claim rules, `internal` may mark a claim
that contradicts itself, and `document_context` reads a document's claims together.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from hoaxcheck.engine.records import Claim, Contradiction, Evidence, severity
from hoaxcheck.text.polarity import denies, is_attributed, is_denial, is_negated, reports_rumour, same_polarity

# "contradiction": a verified statement at least this similar is about the same thing, so a differing
# number, date, weekday, name, title or place in the claim contradicts it (set on the behaviour table in
# tests/test_facts.py: altered seed claims score 0.55-0.9 against their source, unrelated statements under 0.4).
DEFAULT_THRESHOLDS = {
    "hoax_probability": 0.9,
    "match": 0.45,
    "support": 0.45,
    "margin": 0.05,
    "refute": 0.3,
    "contradiction": 0.5,
}


@dataclass
class Case:
    """One claim being judged, with what the rules share: the best hoax match and the best support."""

    text: str
    probability: float | None
    evidence: list[Evidence]
    thresholds: dict
    answers: dict[str, str] = field(default_factory=dict)  # verified id -> the hoax it denies
    today: str = field(default_factory=lambda: date.today().isoformat())
    contradiction: Contradiction | None = None

    def __post_init__(self) -> None:
        t = self.thresholds
        self.hoax = next((e for e in self.evidence if e.kind == "hoax" and e.similarity >= t["match"]), None)
        self.support = next((e for e in self.evidence if e.kind == "verified" and e.similarity >= t["support"]), None)
        self.same_as_support = self.support is not None and same_polarity(self.text, self.support.text)
        self.denial = is_denial(self.text)
        self.hoax_like = self.probability is not None and self.probability >= t["hoax_probability"]

    def in_force(self, e: Evidence) -> bool:
        """Whether a verified statement is still in force (no valid_until, or not yet past it)."""
        until = e.statement.valid_until
        return not until or until >= self.today


@dataclass(frozen=True)
class Rule:
    """A named rule: `check` returns a verdict or None (pass to the next rule)."""

    name: str
    check: Callable[[Case], str | None]


def known_hoax_outweighed(case: Case) -> None:
    """Rule 1a: an official statement of the same polarity matching better by more than `margin` outweighs a hoax."""
    if case.hoax is None or denies(case.text, case.hoax.text):
        return None
    if case.same_as_support and case.support.similarity > case.hoax.similarity + case.thresholds["margin"]:
        case.hoax = None
    return None


def known_hoax(case: Case) -> str | None:
    """Rule 1: a hoax match (similarity >= match) with the same polarity."""
    if case.hoax is not None and not denies(case.text, case.hoax.text):
        return "known_hoax"
    return None


def explicit_denial(case: Case) -> str | None:
    """Rule 2: a denial frame that denies a hoax matching at >= refute (looser: the denial words say what it is about)."""
    if not case.denial:
        return None
    if case.hoax is None:
        t = case.thresholds
        case.hoax = next(
            (
                e
                for e in case.evidence
                if e.kind == "hoax" and e.similarity >= t.get("refute", t["match"]) and denies(case.text, e.text)
            ),
            None,
        )
    return "refutes_hoax" if case.hoax is not None else None


def opposes_verified_denial(case: Case) -> str | None:
    """Rule 3: asserting the opposite of a verified statement that denies a known hoax asserts that hoax."""
    s = case.support
    if s is not None and not case.same_as_support and s.id in case.answers:
        return "known_hoax"
    return None


def contradicts_verified(case: Case) -> str | None:
    """Rule 4: opposite polarity to the best verified match, or a differing fact (numbers, dates, names, ...)."""
    case.contradiction = explain_contradiction(case)
    return "contradicted" if case.contradiction is not None else None


def negated_hoax(case: Case) -> str | None:
    """Rule 5: a hoax match of opposite polarity by negation alone refutes it, unless the wording is hoax-like."""
    if case.hoax is not None and not (case.hoax_like and not is_attributed(case.text)):
        return "refutes_hoax"
    return None


def supported(case: Case) -> str | None:
    """Rule 6: a verified match with the same polarity; restating a verified denial of a hoax refutes that hoax."""
    s = case.support
    if s is None:
        return None
    if s.id in case.answers and is_negated(case.text, about=s.text):
        return "refutes_hoax"
    return "supported"


def attributed_quotation(case: Case) -> str | None:
    """Rule 7a: a quotation attributed to a speaker is that speaker's words, reported: never likely_hoax."""
    return "unverified" if case.hoax_like and is_attributed(case.text) else None


def classifier(case: Case) -> str:
    """Rule 7: the classifier's probability over its threshold is likely_hoax, else unverified."""
    return "likely_hoax" if case.hoax_like else "unverified"


RULES: tuple[Rule, ...] = (
    Rule("known_hoax_outweighed", known_hoax_outweighed),
    Rule("known_hoax", known_hoax),
    Rule("explicit_denial", explicit_denial),
    Rule("opposes_verified_denial", opposes_verified_denial),
    Rule("contradicts_verified", contradicts_verified),
    Rule("negated_hoax", negated_hoax),
    Rule("supported", supported),
    Rule("attributed_quotation", attributed_quotation),
    Rule("classifier", classifier),
)


def decide(case: Case, rules: tuple[Rule, ...] = RULES) -> tuple[str, str]:
    """The verdict of the first rule that gives one, and that rule's name."""
    for rule in rules:
        verdict = rule.check(case)
        if verdict is not None:
            return verdict, rule.name
    return "unverified", "none"


def explain_contradiction(case: Case) -> Contradiction | None:
    """What differs between a claim and the verified statement it contradicts, or None.

    Opposite polarity against the best current match, or a differing fact (number, date, weekday, title,
    name, place) against every close statement: for each fact (kind and role), the newest close statement
    that states it decides, so an older figure never overrides a newer one the draft agrees with.
    """
    from hoaxcheck.text import facts

    t, text = case.thresholds, case.text
    current = [e for e in case.evidence if e.kind == "verified" and case.in_force(e)]
    support = next((e for e in current if e.similarity >= t["support"]), None)
    agreeing = [e for e in current if e.similarity >= t["support"] and same_polarity(text, e.text)]
    # A denial frame in the draft ("klarifikasi", "hoaks") is usually about a hoax, not this statement.
    framed = support is not None and case.denial and not is_denial(support.text)
    # Scoped negation can miss a negation whose words differ ("belum ada teknologi untuk memprediksi" vs
    # "tidak dapat diprediksi"): only a claim whose whole-text polarity differs too is contradicted.
    plainly = support is not None and is_negated(text) != is_negated(support.text)
    if support is not None and not agreeing and not framed and plainly:

        def stance(a: str, b: str) -> str:
            return "menyangkal" if is_negated(a, about=b) else "menegaskan"

        return Contradiction("polarity", stance(text, support.text), stance(support.text, text), support.id)
    close = [e for e in current if e.similarity >= t["contradiction"] and same_polarity(text, e.text)]
    # Newest first (undated last), then the closer one: facts go out of date, and the newest record decides.
    close.sort(key=lambda e: (e.statement.date or "", e.similarity), reverse=True)
    settled: set[tuple] = set()  # facts a newer close statement confirms, every value the draft gives
    for e in close:
        found = facts.comparisons(text, e.text)
        diff = next((d for key, d, _ in found if d is not None and key not in settled), None)
        if diff is not None:
            return Contradiction(diff.fact, diff.draft, diff.verified, e.id)
        settled.update(key for key, _, confirmed in found if confirmed)
    return None


def internal(claim: Claim) -> None:
    """A claim that contradicts itself (weekday vs date, percent over 100, parts vs total) is `inconsistent`."""
    from hoaxcheck.text import facts

    if severity(claim.verdict) <= severity("inconsistent"):
        return
    bad = facts.check_internal(claim.text)
    if bad is not None:
        claim.verdict, claim.rule = "inconsistent", "internal"
        claim.contradiction = Contradiction("internal", bad.draft, evidence_id=None, reason=bad.reason, expected=bad.expected)


def document_context(claims: list[Claim]) -> list[Claim]:
    """Rule 9: in a document that denies something, the sentences that report the rumour are context.

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
            c.verdict, c.rule = "refutes_hoax", "document_context"
        elif c.verdict == "likely_hoax" or (
            c.verdict == "contradicted" and c.contradiction is not None and c.contradiction.fact == "polarity"
        ):
            c.verdict, c.contradiction, c.rule = "unverified", None, "document_context"
    return claims
