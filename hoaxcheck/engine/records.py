"""The records the engine produces and consumes: corpus statements, evidence, contradictions and claims."""

from dataclasses import asdict, dataclass, field

# Verdicts from most to least severe. "Flagged" (misinformation) is the first three; `inconsistent` is a draft
# error (a weekday that does not fit its date, parts that do not add up): it fails a CI gate by default, but
# batch and evaluate do not count it as a hoax.
VERDICTS = (
    "known_hoax",
    "contradicted",
    "likely_hoax",
    "inconsistent",
    "unverified",
    "refutes_hoax",
    "supported",
    "not_a_claim",
)
FLAGGED = frozenset({"known_hoax", "contradicted", "likely_hoax"})
DEFAULT_FAIL_ON = FLAGGED | {"inconsistent"}
INVALID_SUPPRESSION = "invalid_suppression"


def severity(verdict: str) -> int:
    """Rank of a verdict: 0 is the most severe (invalid_suppression, which is no verdict, ranks first)."""
    return VERDICTS.index(verdict) if verdict in VERDICTS else -1


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs 3 us a row, 0.3 s at 100k statements
class Statement:
    """A corpus row the engine can cite: a verified statement or a known hoax."""

    id: str
    kind: str  # "verified" or "hoax"
    text: str
    source: str = ""
    date: str = ""
    url: str = ""
    title: str = ""
    topic: str = ""
    valid_until: str = ""
    verdict: str = ""  # hoaxes: the fact-checker's label
    clarification: str = ""  # hoaxes: the official correction

    @classmethod
    def from_row(cls, row: dict, kind: str) -> "Statement":
        """A statement from a corpus row (a dict of the corpus file's columns)."""
        names = ("source", "date", "url", "title", "topic", "valid_until", "verdict", "clarification")
        return cls(id=row["id"], kind=kind, text=row["text"], **{k: row.get(k) or "" for k in names})

    def to_row(self) -> dict:
        """The statement as a plain dict (the model file stores rows this way)."""
        return asdict(self)


@dataclass(frozen=True)
class Evidence:
    """One corpus statement close to a claim, and how close (the mean of the word and character cosines)."""

    statement: Statement
    similarity: float

    @property
    def id(self) -> str:
        """The statement's id."""
        return self.statement.id

    @property
    def kind(self) -> str:
        """'verified' or 'hoax'."""
        return self.statement.kind

    @property
    def text(self) -> str:
        """The statement's text."""
        return self.statement.text

    def to_dict(self) -> dict:
        """The JSON shape: hoax items add the fact-checker's verdict and the clarification."""
        s = self.statement
        item = {
            "id": s.id,
            "kind": s.kind,
            "text": s.text,
            "similarity": self.similarity,
            "source": s.source,
            "date": s.date,
            "url": s.url,
        }
        if s.kind == "hoax":
            item["verdict"] = s.verdict
            item["clarification"] = s.clarification
        return item


@dataclass(frozen=True)
class Contradiction:
    """What differs: the draft's value against the verified one, or, for an internal check, the expected one.

    `fact` is number, date, weekday, title, person, place, polarity or internal. An internal finding has no
    evidence (`evidence_id` None) and a `reason` (weekday_date, percent_over_100, total_parts).
    """

    fact: str
    draft: str
    verified: str | None = None
    evidence_id: str | None = None
    reason: str | None = None
    expected: str | None = None

    @property
    def internal(self) -> bool:
        """Whether the claim contradicts itself rather than a verified statement."""
        return self.evidence_id is None

    def to_dict(self) -> dict:
        """The JSON shape (schema 1): for an internal finding, `verified` holds the expected value."""
        return {
            "fact": self.fact,
            "draft": self.draft,
            "verified": self.expected if self.internal else self.verified,
            "evidence_id": self.evidence_id,
            "reason": self.reason,
        }


@dataclass
class Claim:
    """One finding: a claim of a draft with its verdict and evidence (one record for every format)."""

    text: str
    line: int = 1
    column: int = 1
    end_line: int = 1
    end_column: int = 1
    verdict: str = "unverified"
    hoax_probability: float | None = None
    top_terms: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    contradiction: Contradiction | None = None
    suppressed: bool = False
    suppression_reason: str | None = None
    rule: str | None = None  # the name of the verdict rule that decided (engine/rules.py)

    def evidence_of(self, kind: str) -> Evidence | None:
        """The closest evidence item of a kind ('verified' or 'hoax'), or None."""
        return next((e for e in self.evidence if e.kind == kind), None)

    def cited(self) -> Evidence | None:
        """The evidence item a contradiction was found against, else None."""
        if self.contradiction is None or self.contradiction.evidence_id is None:
            return None
        return next((e for e in self.evidence if e.id == self.contradiction.evidence_id), None)

    def to_dict(self) -> dict:
        """The claim as a JSON-ready dict."""
        return {
            "text": self.text,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "verdict": self.verdict,
            "hoax_probability": self.hoax_probability,
            "top_terms": list(self.top_terms),
            "evidence": [e.to_dict() for e in self.evidence],
            "contradiction": self.contradiction.to_dict() if self.contradiction else None,
            "suppressed": self.suppressed,
            "suppression_reason": self.suppression_reason,
        }
