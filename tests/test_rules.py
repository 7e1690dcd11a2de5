"""The verdict rules (engine/rules.py): a behaviour table, and proof that every rule in it is needed.

The evidence is built by hand (statement, similarity), so each row tests the rules alone, not retrieval.
`test_every_rule_is_needed` deletes each rule in turn and checks that some row of the table then fails:
a rule that can be removed without any failure is either dead or untested.
"""

import pytest

from hoaxcheck.engine import rules
from hoaxcheck.engine.records import Claim, Evidence, Statement

T = dict(rules.DEFAULT_THRESHOLDS, hoax_probability=0.8)


def hoax(text: str, sim: float, id_: str = "h1") -> Evidence:
    return Evidence(Statement(id=id_, kind="hoax", text=text, verdict="HOAKS", clarification="..."), sim)


def verified(text: str, sim: float, id_: str = "v1", date: str = "") -> Evidence:
    return Evidence(Statement(id=id_, kind="verified", text=text, date=date), sim)


MICROCHIP = "Vaksin COVID-19 mengandung microchip untuk melacak warga"
NO_MICROCHIP = "Vaksin COVID-19 tidak mengandung microchip pelacak"

# (name, claim text, classifier probability, evidence, denial links, expected verdict, rule that decides)
TABLE = [
    (
        "plain assertion of a known hoax",
        "Vaksin COVID-19 mengandung microchip pelacak warga",
        0.2,
        [hoax(MICROCHIP, 0.7)],
        {},
        "known_hoax",
        "known_hoax",
    ),
    (
        "an official statement that matches much better outweighs the hoax",
        "Jembatan gantung Sukamaju diresmikan Bupati pada Senin pagi",
        0.1,
        [
            verified("Bupati meresmikan jembatan gantung Sukamaju pada Senin pagi", 0.85),
            hoax("Jembatan gantung Sukamaju diresmikan lalu ambruk sehari kemudian", 0.6),
        ],
        {},
        "supported",
        "supported",
    ),
    (
        "a denial frame refutes a hoax it only loosely matches",
        "Tidak benar bahwa vaksin COVID-19 mengandung microchip, itu hoaks",
        0.1,
        [hoax(MICROCHIP, 0.35)],
        {},
        "refutes_hoax",
        "explicit_denial",
    ),
    (
        "asserting the opposite of a verified denial of a hoax is that hoax",
        "Vaksin COVID-19 mengandung microchip pelacak",
        0.2,
        [verified(NO_MICROCHIP, 0.7, "v-deny")],
        {"v-deny": "h1"},
        "known_hoax",
        "opposes_verified_denial",
    ),
    (
        "a differing number contradicts the verified statement",
        "Pertemuan Bakohumas Provinsi Jambi 2019 diikuti 300 peserta",
        0.1,
        [verified("Pertemuan Bakohumas Provinsi Jambi 2019 diikuti 200 peserta", 0.8)],
        {},
        "contradicted",
        "contradicts_verified",
    ),
    (
        "a differing number in the second-closest statement contradicts, though the closest states no number",
        "Pertemuan Bakohumas Provinsi Jambi 2019 diikuti 300 peserta",
        0.1,
        [
            verified("Pertemuan Bakohumas Provinsi Jambi 2019 digelar di ruang pola kantor gubernur", 0.75),
            verified("Bakohumas Provinsi Jambi 2019 diikuti 200 peserta dari kabupaten dan kota", 0.6, "v2"),
        ],
        {},
        "contradicted",
        "contradicts_verified",
    ),
    (
        "an older statement's figure does not override the newer statement the claim agrees with",
        "Pertemuan Bakohumas Provinsi Jambi diikuti 300 peserta",
        0.1,
        [
            verified("Pertemuan Bakohumas Provinsi Jambi diikuti 200 peserta", 0.8, "v-old", "2019-11-28"),
            verified("Pertemuan Bakohumas Provinsi Jambi tahun ini diikuti 300 peserta", 0.7, "v-new", "2024-11-28"),
        ],
        {},
        "supported",
        "supported",
    ),
    (
        "a newer statement that confirms only some of the draft's values leaves the rest to older ones",
        "Diskon listrik berlaku bagi pelanggan 450 VA, 1.800 VA dan 1.300 VA",
        0.1,
        [
            verified("Diskon listrik berlaku bagi pelanggan 450 VA, 900 VA dan 1.300 VA", 0.8, "v-old", "2024-01-05"),
            verified("Diskon listrik tahun ini tetap berlaku bagi pelanggan 450 VA", 0.7, "v-new", "2025-01-05"),
        ],
        {},
        "contradicted",
        "contradicts_verified",
    ),
    (
        "a plain negation of a hoax refutes it when the wording is not hoax-like",
        NO_MICROCHIP,
        0.1,
        [hoax(MICROCHIP, 0.7)],
        {},
        "refutes_hoax",
        "negated_hoax",
    ),
    (
        "a plain negation in hoax-like wording does not refute",
        "Tidak perlu pengalaman, pendaftaran CPNS cukup transfer biaya ke panitia",
        0.95,
        [hoax("Pendaftaran CPNS tanpa tes, cukup transfer biaya ke panitia", 0.6)],
        {},
        "known_hoax",
        "known_hoax",
    ),
    (
        "a restatement of a verified statement is supported",
        "Bupati meresmikan jembatan gantung Sukamaju pada Senin pagi",
        0.1,
        [verified("Bupati meresmikan jembatan gantung Sukamaju pada Senin pagi", 0.95)],
        {},
        "supported",
        "supported",
    ),
    (
        "restating a verified denial of a hoax refutes that hoax",
        NO_MICROCHIP,
        0.1,
        [verified(NO_MICROCHIP, 0.9, "v-deny")],
        {"v-deny": "h1"},
        "refutes_hoax",
        "supported",
    ),
    (
        "an attributed quotation is never likely_hoax",
        "“Kami tidak akan tinggal diam, ini darurat!” kata Camat.",
        0.95,
        [],
        {},
        "unverified",
        "attributed_quotation",
    ),
    (
        "hoax-like wording with no evidence is likely_hoax",
        "Minum air rebusan daun sirsak sembuhkan kanker dalam 3 hari!",
        0.95,
        [],
        {},
        "likely_hoax",
        "classifier",
    ),
    (
        "no evidence and an ordinary register is unverified",
        "Warga mulai kembali ke rumah masing-masing sejak pagi.",
        0.1,
        [],
        {},
        "unverified",
        "classifier",
    ),
]


def decide(row, table_rules=rules.RULES):
    _, text, p, evidence, answers, _, _ = row
    return rules.decide(rules.Case(text, p, evidence, T, answers), table_rules)


@pytest.mark.parametrize("row", TABLE, ids=[r[0] for r in TABLE])
def test_rule_table(row):
    verdict, rule = decide(row)
    assert (verdict, rule) == (row[5], row[6])


@pytest.mark.parametrize("removed", [r.name for r in rules.RULES])
def test_every_rule_is_needed(removed):
    reduced = tuple(r for r in rules.RULES if r.name != removed)
    broken = [row[0] for row in TABLE if decide(row, reduced)[0] != row[5]]
    assert broken, f"deleting rule '{removed}' breaks no row of the table"


def test_rule_names_match_the_docs():
    """docs/rules.md lists the claim rules in the table's order, by name."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    positions = [doc.find(f"`{r.name}`") for r in rules.RULES]
    assert -1 not in positions, [r.name for r, p in zip(rules.RULES, positions) if p == -1]
    assert positions == sorted(positions)


# ---------------------------------------------------------------- the rules after the claim rules

INTERNAL = [
    ("Pertemuan digelar pada Jumat, 28 November 2019 di Jambi.", "inconsistent"),  # 28/11/2019 was a Thursday
    ("Pertemuan digelar pada Kamis, 28 November 2019 di Jambi.", "unverified"),
]


@pytest.mark.parametrize("text, verdict", INTERNAL)
def test_internal_rule(text, verdict):
    claim = Claim(text=text, verdict="unverified")
    rules.internal(claim)
    assert claim.verdict == verdict
    assert (claim.rule == "internal") == (verdict == "inconsistent")


def test_internal_rule_is_needed():
    claim = Claim(text=INTERNAL[0][0], verdict="unverified")
    assert claim.verdict == "unverified"  # what the verdict would stay without the rule
    rules.internal(claim)
    assert claim.verdict == "inconsistent"


def _document() -> list[Claim]:
    return [
        Claim(text="Beredar pesan berantai yang menyebutkan vaksin COVID-19 mengandung microchip.", verdict="known_hoax"),
        Claim(text="Dinas Kesehatan menegaskan informasi tersebut tidak benar.", verdict="refutes_hoax"),
    ]


def test_document_context_rule():
    claims = rules.document_context(_document())
    assert [c.verdict for c in claims] == ["refutes_hoax", "refutes_hoax"]
    assert claims[0].rule == "document_context"


def test_document_context_needs_a_denial_in_the_document():
    forward = [Claim(text="Beredar kabar gempa besar malam ini, segera mengungsi!", verdict="likely_hoax")]
    assert [c.verdict for c in rules.document_context(forward)] == ["likely_hoax"]
    without = _document()  # the table row above fails if the rule is not applied
    assert [c.verdict for c in without] != ["refutes_hoax", "refutes_hoax"]
