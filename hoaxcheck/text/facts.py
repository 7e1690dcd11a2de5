"""Comparable facts in Indonesian text (numbers, dates, weekdays, titles, names, places) and their comparison.

A fact has a kind, a role and a value. Two texts contradict each other only on a fact of the same kind and
role that both of them state: a number that appears on one side only is never a contradiction.
"""

from dataclasses import dataclass

from hoaxcheck.text.consistency import Inconsistency, check_internal
from hoaxcheck.text.dates import dates, weekdays
from hoaxcheck.text.names import ORG_WORDS, _same_body, _same_name, places, titles
from hoaxcheck.text.normalise import normalize
from hoaxcheck.text.numbers import Fact, numbers
from hoaxcheck.text.regions import regions
from hoaxcheck.text.regulations import regulations

# The internal checks live in text/consistency.py; callers may keep reaching them here.
__all__ = ["Inconsistency", "check_internal", "compare", "extract", "parse_amount"]


def parse_amount(text: str) -> tuple[float, float] | None:
    """The interval an Indonesian amount stands for: "Rp1,5 miliar", "15%", "dua ratus", "ratusan ribu"."""
    facts = [f for f in extract(text) if f.kind == "number"]
    return facts[0].value if facts else None


def extract(text: str) -> list[Fact]:
    """All comparable facts of one text."""
    text = normalize(text)
    ds = dates(text)
    facts = ds + weekdays(text) + numbers(text, [(f.start, f.end) for f in ds]) + titles(text) + places(text)
    return facts + regions(text) + regulations(text)


# --- comparison -------------------------------------------------------------------------------------------


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    tol = 1e-9 * max(1.0, abs(a[0]), abs(b[0]))
    return a[0] <= b[1] + tol and b[0] <= a[1] + tol


def _same_date(a: tuple, b: tuple) -> bool:
    """Same day (or one states only the month), same month, same year (or one states none)."""
    return (a[0] is None or b[0] is None or a[0] == b[0]) and a[1] == b[1] and (a[2] is None or b[2] is None or a[2] == b[2])


def _same(kind: str, a, b) -> bool:
    if kind == "number":
        return _overlap(a, b)
    if kind == "date":
        return _same_date(a, b)
    if kind == "person":
        return _same_name(a, b)
    if kind == "place":
        return _same_body(a, b) if isinstance(a, tuple) else a == b
    return a == b


@dataclass(frozen=True)
class Difference:
    """A fact both texts state with values that cannot both be true."""

    fact: str
    draft: str
    verified: str


ORDER = ("number", "date", "weekday", "title", "person", "place", "regulation")


def comparisons(draft: str, verified: str) -> list[tuple[tuple, Difference | None, bool]]:
    """Every comparable fact both texts state, keyed by (kind, role): its difference (None when they agree),
    and whether the verified text confirms every draft value of it."""
    a, b = extract(draft), extract(verified)
    out: list[tuple[tuple, Difference | None, bool]] = []
    for kind in ORDER:
        fa = [f for f in a if f.kind == kind]
        fb = [f for f in b if f.kind == kind]
        if kind == "title":
            out.extend(_compare_titles(fa, fb))
            continue
        for role in sorted({f.role for f in fa} & {f.role for f in fb}, key=str):
            ra = [f for f in fa if f.role == role]
            rb = [f for f in fb if f.role == role]
            # A contradiction needs a draft value that no verified value matches *and* a verified value that
            # no draft value matches: the draft then states the verified fact otherwise. A draft that states
            # only some of the verified values, or adds one the statement does not mention, agrees.
            draft_only = [x for x in ra if not any(_same(kind, x.value, y.value) for y in rb)]
            verified_only = [y for y in rb if not any(_same(kind, x.value, y.value) for x in ra)]
            diff = Difference(kind, draft_only[0].text, verified_only[0].text) if draft_only and verified_only else None
            out.append(((kind, role), diff, not draft_only))
    return out


def compare(draft: str, verified: str) -> tuple[Difference | None, bool]:
    """The first fact both texts state differently, and whether they share any comparable fact at all."""
    found = comparisons(draft, verified)
    return next((d for _, d, _ in found if d is not None), None), bool(found)


def _compare_titles(fa: list[Fact], fb: list[Fact]) -> list[tuple[tuple, Difference | None, bool]]:
    """Each word governed by a title on both sides (a name, a body); a difference when the titles never agree."""
    out: dict[tuple, Difference | None] = {}
    for x in fa:
        for word in x.role:
            if len(word) < 3 or word in ORG_WORDS or ("title", word) in out:
                continue
            on_b = [y for y in fb if word in y.role]
            if not on_b:
                continue
            on_a = [f for f in fa if word in f.role]
            agree = bool({f.value for f in on_a} & {y.value for y in on_b})
            out["title", word] = None if agree else Difference("title", x.text, on_b[0].text)
    return [(key, diff, diff is None) for key, diff in out.items()]


# --- internal consistency ---------------------------------------------------------------------------------
