"""Polarity you can trust (issue 11): assertion / denial / neutral triples scored with the shipped model.

Each row of tests/data/polarity_triples.csv holds, for one known hoax (hoax_id in data/hoaxes.csv), a sentence
that asserts it, one that denies it and one neutral sentence on the same theme, in WhatsApp-forward or
official-release register. The rules over the whole table:

- an assertion is never `supported` and never `refutes_hoax`; at least 80% are flagged (known_hoax or contradicted);
- a denial or a neutral sentence is never flagged (known_hoax, contradicted, likely_hoax).

Rows where the shipped model currently breaks a rule are marked known_failure = 1: they are left out of the
zero-counts but reported (run with -s), so the failures stay visible. Known failures may be at most 15% of rows.
"""

import csv
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "tests" / "data" / "polarity_triples.csv"
HOAXES = ROOT / "data" / "hoaxes.csv"

FLAGGED = {"known_hoax", "contradicted", "likely_hoax"}
ASSERTION_HITS = {"known_hoax", "contradicted"}
ASSERTION_NEVER = {"supported", "refutes_hoax"}
KINDS = ("assertion", "denial", "neutral")
RECALL_FLOOR = 0.80
KNOWN_FAILURE_CAP = 0.15


def _rows() -> list[dict]:
    with TABLE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _wrong(kind: str, verdict: str) -> bool:
    """Whether a verdict breaks the table's rule for this kind of sentence."""
    if kind == "assertion":
        return verdict not in ASSERTION_HITS
    return verdict in FLAGGED


def _describe(claim) -> str:
    top = claim.evidence[0] if claim.evidence else None
    where = f"{top.id} sim={top.similarity:.3f}" if top is not None else "no evidence"
    return f"{claim.verdict} ({claim.rule}; top {where}; p={claim.hoax_probability})"


@pytest.fixture(scope="module")
def scored(shipped_scorer):
    """Every row with its three claims, scored in one pass."""
    rows = _rows()
    claims = shipped_scorer.score_texts([row[kind] for row in rows for kind in KINDS])
    result = []
    for i, row in enumerate(rows):
        result.append((row, dict(zip(KINDS, claims[3 * i : 3 * i + 3]))))
    counts = {kind: Counter(c[kind].verdict for _, c in result) for kind in KINDS}
    print("\npolarity table: %d rows" % len(result))
    for kind in KINDS:
        print(f"  {kind:9}: " + ", ".join(f"{v}={n}" for v, n in counts[kind].most_common()))
    known = [(row, c) for row, c in result if row.get("known_failure") == "1"]
    print(f"  known failures: {len(known)} rows ({len(known) / len(result):.0%})")
    for row, c in known:
        bad = [k for k in KINDS if _wrong(k, c[k].verdict)]
        for kind in bad:
            print(f"    [{row['hoax_id']} {row['register']} {kind}] {_describe(c[kind])}: {row[kind]}")
        if not bad:
            print(f"    [{row['hoax_id']}] now passes: known_failure can be set to 0")
    return result


def test_table_shape():
    rows = _rows()
    hoax_ids = {r["id"] for r in csv.DictReader(HOAXES.open(encoding="utf-8", newline=""))}
    assert len(rows) >= 60
    assert len({r["theme"] for r in rows}) >= 20
    registers = Counter(r["register"] for r in rows)
    assert set(registers) == {"forward", "release"}
    assert min(registers.values()) >= len(rows) / 3
    assert all(r["hoax_id"] in hoax_ids for r in rows), [r["hoax_id"] for r in rows if r["hoax_id"] not in hoax_ids]
    assert all(r[k].strip() for r in rows for k in KINDS)
    assert {r["known_failure"] for r in rows} <= {"0", "1"}


def test_polarity_zero_counts(scored):
    """Outside the documented known failures, no assertion is supported/refutes_hoax, no denial or neutral flagged."""
    checked = [(row, c) for row, c in scored if row.get("known_failure") != "1"]
    bad_assertions = [
        (row["hoax_id"], _describe(c["assertion"]), row["assertion"])
        for row, c in checked
        if c["assertion"].verdict in ASSERTION_NEVER
    ]
    bad_denials = [
        (row["hoax_id"], _describe(c["denial"]), row["denial"]) for row, c in checked if c["denial"].verdict in FLAGGED
    ]
    bad_neutrals = [
        (row["hoax_id"], _describe(c["neutral"]), row["neutral"]) for row, c in checked if c["neutral"].verdict in FLAGGED
    ]
    assert not bad_assertions, bad_assertions
    assert not bad_denials, bad_denials
    assert not bad_neutrals, bad_neutrals


def test_unmarked_rows_pass_entirely(scored):
    """A row not marked known_failure also meets the recall rule (its assertion is flagged)."""
    missed = [
        (row["hoax_id"], _describe(c["assertion"]), row["assertion"])
        for row, c in scored
        if row.get("known_failure") != "1" and c["assertion"].verdict not in ASSERTION_HITS
    ]
    assert not missed, missed


def test_assertion_recall_floor(scored):
    hits = sum(c["assertion"].verdict in ASSERTION_HITS for _, c in scored)
    assert hits / len(scored) >= RECALL_FLOOR, f"{hits}/{len(scored)} assertions flagged"


def test_known_failures_capped(scored):
    known = sum(row.get("known_failure") == "1" for row, _ in scored)
    assert known <= KNOWN_FAILURE_CAP * len(scored), f"{known}/{len(scored)} rows are known failures"
