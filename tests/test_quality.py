"""The shipped model against the shipped corpus: no false alarms on official text, hoaxes caught, paraphrases matched."""

import csv
from pathlib import Path

import pytest

from hoaxcheck.corpus import load as corpus
from hoaxcheck.engine.records import FLAGGED
from hoaxcheck.io import documents as document
from hoaxcheck.model import store

ROOT = Path(__file__).resolve().parent.parent
OFFICIAL = sorted((ROOT / "examples" / "official").glob("*.md")) + sorted((ROOT / "seeds").glob("*.txt"))


def test_shipped_model_is_fresh_against_data():
    card = store.read_card(ROOT / "models" / "hoaxcheck.model")
    assert card["data_hash"] == corpus.load(ROOT / "data").data_hash(), (
        "models/ is stale: run 'hoaxcheck train --data data --model models/hoaxcheck.model'"
    )


@pytest.mark.parametrize("path", OFFICIAL, ids=lambda p: p.name)
def test_official_text_is_never_flagged(shipped_scorer, path):
    claims = shipped_scorer.score_document(document.read(path))
    flagged = [(c.line, c.verdict, c.text[:80]) for c in claims if c.verdict in FLAGGED]
    assert not flagged
    assert not any(c.verdict == "known_hoax" for c in claims)


def test_clarification_release_refutes_the_hoax(shipped_scorer):
    claims = shipped_scorer.score_document(document.read(ROOT / "examples" / "official" / "06-klarifikasi-hoaks.md"))
    refuting = [c for c in claims if c.verdict == "refutes_hoax"]
    assert refuting
    assert next(e for e in refuting[0].evidence if e.kind == "hoax").id.startswith("hoax-")


def test_example_draft_catches_its_hoax(shipped_scorer):
    claims = shipped_scorer.score_document(document.read(ROOT / "examples" / "draf-rilis.md"))
    hoaxes = [c for c in claims if c.verdict == "known_hoax"]
    assert len(hoaxes) == 1 and "microchip" in hoaxes[0].text
    assert hoaxes[0].evidence and any(e.id == "hoax-d-001" for e in hoaxes[0].evidence)
    assert sum(c.verdict == "supported" for c in claims) >= 5


def paraphrases() -> list[dict]:
    rows = []
    for f in sorted((ROOT / "tests" / "data").glob("paraphrases_*.csv")):
        with open(f, newline="", encoding="utf-8-sig") as fh:
            rows.extend(csv.DictReader(fh))
    return rows


def test_paraphrase_matching_quality(shipped_scorer):
    rows = paraphrases()
    assert len(rows) >= 100
    claims = shipped_scorer.score_texts([r["text"] for r in rows])
    hits = correct = 0
    for r, c in zip(rows, claims):
        kind = "verified" if r["expected_verdict"] == "supported" else "hoax"
        top = next((e.id for e in c.evidence if e.kind == kind), None)
        # `also`: other corpus rows that state the same claim (the corpus may hold one hoax twice, from two
        # debunks); citing any of them is right.
        hits += top in {r["expected_id"], *(r.get("also") or "").split()}
        # An assertion of a hoax that a verified denial contradicts is flagged rightly either way.
        denied = (
            r["expected_verdict"] == "known_hoax"
            and c.verdict == "contradicted"
            and c.contradiction is not None
            and c.contradiction.fact == "polarity"
        )
        correct += c.verdict == r["expected_verdict"] or denied
    assert hits / len(rows) >= 0.9, f"recall@1 {hits / len(rows):.3f}"
    # Verdict accuracy was 0.99 against the unsourced corpus of 2024; re-sourcing made rows longer and more
    # specific, and the thresholds are held where real official text stays clean (bench/official_text.py:
    # 1.2% of documents flagged; `match` 0.42 would give 0.92 here but 2.8% there). Measured: 0.896.
    assert correct / len(rows) >= 0.88, f"verdict accuracy {correct / len(rows):.3f}"


def test_a_paraphrased_known_hoax_cites_its_row(shipped_scorer):
    claim = shipped_scorer.score_texts(["Katanya vaksin covid diisi microchip biar pemerintah bisa lacak gerak-gerik warga"])[0]
    assert claim.verdict == "known_hoax"
    assert next(e for e in claim.evidence if e.kind == "hoax").id in {
        "hoax-d-001",
        "hoax-kes-001",
        "hoax-kes-002",
        "hoax-kes-003",
        "hoax-kes-225",
    }


def test_short_rumours_are_known_hoaxes(shipped_scorer):
    # Three-to-eight-word rumours as they are typed into a group (tests/data/short_rumours.csv, written by us
    # against data/hoaxes.csv; `also`: other rows of the same hoax). Measured: 21 of 30 known_hoax with the
    # right hoax; the misses share too few words with any row (WhatsApp "berbayar" vs "dikenakan biaya").
    with open(ROOT / "tests" / "data" / "short_rumours.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    claims = shipped_scorer.score_texts([r["text"] for r in rows])
    right = 0
    for r, c in zip(rows, claims):
        assert c.verdict not in ("supported", "refutes_hoax", "not_a_claim"), (r["text"], c.verdict)
        top = next((e.id for e in c.evidence if e.kind == "hoax"), None)
        right += c.verdict == "known_hoax" and top in {r["expected_id"], *r["also"].split()}
    assert len(rows) >= 30 and right / len(rows) >= 0.7, f"{right} of {len(rows)}"
