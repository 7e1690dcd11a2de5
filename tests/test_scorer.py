"""Verdict behaviour table on the fixture corpus: hoaxes, denials, support, polarity and the classifier."""

import pytest

from hoaxcheck.text.polarity import is_denial, is_negated, same_polarity

VERDICT_TABLE = [
    # (claim, expected verdict, expected top evidence id or None)
    ("Vaksin COVID-19 mengandung microchip untuk melacak warga", "known_hoax", "h-microchip"),
    ("Awas, vaksin covid ada microchip pelacaknya, jangan mau disuntik", "known_hoax", "h-microchip"),
    ("Tidak benar vaksin mengandung microchip, itu hoaks", "refutes_hoax", "h-microchip"),
    ("Vaksin COVID-19 tidak mengandung microchip pelacak", "refutes_hoax", "h-microchip"),
    ("BMKG: gempa besar magnitudo 9 akan mengguncang Jawa nanti malam", "known_hoax", "h-gempa"),
    ("Gempa besar di Jawa malam ini yang disebut dari BMKG adalah hoaks", "refutes_hoax", "h-gempa"),
    ("Transfer biaya pendaftaran CPNS jalur khusus tanpa tes ke rekening panitia", "known_hoax", "h-cpns"),
    ("Kirim foto KTP dan KK lewat link ini untuk daftar bansos Rp600 ribu", "known_hoax", "h-bansos"),
    ("Pesan berantai WhatsApp berbayar mulai besok adalah hoaks", "refutes_hoax", "h-wa"),
    ("Pemungutan suara Pemilu 2024 digelar pada 14 Februari 2024", "supported", "v-pemilu"),
    (
        "Sekda M. Dianto membuka pertemuan Bakohumas Provinsi Jambi 2019 di ruang pola kantor Gubernur",
        "supported",
        "v-bakohumas",
    ),
    ("Uang kertas emisi lama tetap berlaku sebagai alat pembayaran yang sah", "supported", "v-uang"),
    # the opposite of a verified statement, with no hoax row for it
    ("BMKG menegaskan gempa bumi dapat diprediksi waktu dan lokasinya secara pasti", "contradicted", "v-gempa"),
    ("Pendaftaran seleksi CPNS dipungut biaya melalui portal resmi", "contradicted", "v-cpns"),
    # nothing close in the corpus
    ("Pemkab menanam seribu pohon mangrove di pesisir utara pekan lalu.", "unverified", None),
]


@pytest.mark.parametrize("text,verdict,top_id", VERDICT_TABLE)
def test_verdict_table(fixture_scorer, text, verdict, top_id):
    claim = fixture_scorer.score_texts([text])[0]
    assert claim.verdict == verdict, (claim.verdict, claim.evidence[:2])
    if top_id:
        kind = "hoax" if verdict in ("known_hoax", "refutes_hoax") else "verified"
        assert next(e.id for e in claim.evidence if e.kind == kind) == top_id


def test_every_verdict_of_the_core_has_examples():
    covered = {v for _, v, _ in VERDICT_TABLE}
    assert {"known_hoax", "refutes_hoax", "supported", "contradicted", "unverified"} <= covered


def test_evidence_shape(fixture_scorer):
    claim = fixture_scorer.score_texts(["Vaksin covid mengandung microchip pelacak"])[0]
    hoax = next(e for e in claim.evidence if e.kind == "hoax")
    assert set(hoax.to_dict()) == {
        "id",
        "kind",
        "text",
        "similarity",
        "source",
        "date",
        "url",
        "verdict",
        "clarification",
    }
    verified = next(e for e in claim.evidence if e.kind == "verified")
    assert set(verified.to_dict()) == {"id", "kind", "text", "similarity", "source", "date", "url"}
    assert len([e for e in claim.evidence if e.kind == "hoax"]) <= 5
    assert claim.evidence == sorted(claim.evidence, key=lambda e: -e.similarity)


def test_likely_hoax_needs_probability_over_threshold_and_no_support(fixture_scorer):
    text = "Pemkab menanam seribu pohon mangrove di pesisir utara pekan lalu."
    claim = fixture_scorer.score_texts([text])[0]
    from hoaxcheck.engine import rules

    def decide(t, p, ev):
        return rules.decide(rules.Case(t, p, ev, fixture_scorer.thresholds, fixture_scorer.model.index.answers))[0]

    assert decide(text, 0.99, claim.evidence) == "likely_hoax"
    assert decide(text, 0.01, claim.evidence) == "unverified"
    supported = "Pemungutan suara Pemilu 2024 digelar pada 14 Februari 2024"
    ev = fixture_scorer.score_texts([supported])[0].evidence
    assert decide(supported, 0.99, ev) == "supported"


def test_top_terms_explain_the_hoax_side(fixture_scorer):
    terms = fixture_scorer.model.classifier.top_terms(["klik link ini kirim foto KTP sekarang"])[0]
    assert terms and all(isinstance(t, str) for t in terms)
    assert set(terms) & {"link", "kirim", "ktp", "foto ktp", "kirim foto", "klik"}


POLARITY_TABLE = [
    # (text, negated?)
    ("Vaksin mengandung microchip", False),
    ("Vaksin tdk mengandung microchip", True),
    ("Kabar vaksin mengandung microchip itu hoax", True),
    ("Pemprov membantah kabar penutupan jalan tol", True),
    ("Ini bukan hoaks! sebarkan sebelum dihapus", False),
    ("Informasi tersebut tidak benar", True),
    ("Waspadai akun WhatsApp yang mengatasnamakan Bupati", True),
    ("Bantuan belum cair bulan ini", True),
    ("Bukan tidak mungkin gempa terjadi", False),
]


@pytest.mark.parametrize("text,negated", POLARITY_TABLE)
def test_polarity_table(text, negated):
    assert is_negated(text) is negated


def test_scoped_negation_ignores_unrelated_negations():
    hoax = "Vaksin covid mengandung microchip buat melacak kita, tidak percaya? sebarkan"
    assert same_polarity("Vaksin mengandung microchip pelacak", hoax)
    assert not same_polarity("Vaksin tidak mengandung microchip", hoax)
    assert is_denial("Klarifikasi Pemkab soal surat edaran palsu")
