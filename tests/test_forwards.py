"""The failures reported on real forwarded messages (issue 11), one row each, with the shipped model.

Each row is a message as an officer pastes it and what `score` must say about it now. The splitter's part
(greetings stripped, three-word claims) is also in tests/test_splitter.py; the rules' part (the second-closest
statement, a plain rumour never a denial) in tests/test_rules.py and tests/test_polarity.py.
"""

import json

import pytest
from conftest import ROOT, SHIPPED_MODEL
from typer.testing import CliRunner

from hoaxcheck.cli import app
from hoaxcheck.io import documents as document

runner = CliRunner()


def _score_json(text: str):
    result = runner.invoke(app, ["score", "--text", text, "--format", "json", "--model", str(SHIPPED_MODEL)])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["files"][0]["claims"]


def test_a_three_word_rumour_is_a_claim_and_a_known_hoax():
    code, claims = _score_json("Vaksin bikin mandul.")
    assert [(c["verdict"], c["evidence"][0]["id"]) for c in claims] == [("known_hoax", "hoax-kes-008")]
    assert code == 1


def test_a_greeting_does_not_hide_the_claim_after_it():
    _, claims = _score_json("Selamat pagi bapak ibu, pendaftaran CPNS 2025 dibuka tanpa tes, cukup transfer Rp 2 juta.")
    [claim] = claims
    assert claim["verdict"] != "not_a_claim"
    assert claim["text"].startswith("pendaftaran CPNS 2025") and claim["column"] == 25
    # The paid-CPNS hoaxes are shown with their correction, whatever the verdict.
    assert any(e["kind"] == "hoax" and e["clarification"] for e in claim["evidence"])


# A reworded forward over three lines of the vaccine-infertility hoax (hoax-kes-008).
SPREAD_OVER_LINES = (
    "Relawan uji coba vaksin di Bandung jadi korban.\nEfek sampingnya ditutupi.\nVaksin China itu bikin mandul, ogah disuntik!"
)


def test_a_message_that_matches_as_a_whole_is_one_finding_over_its_span(shipped_scorer):
    sentences = shipped_scorer.score_texts(SPREAD_OVER_LINES.split("\n"))
    claims = shipped_scorer.score_document(document.from_text(SPREAD_OVER_LINES))
    [finding] = claims  # the window governs its sentences: none is listed again as a claim of its own
    assert (finding.verdict, finding.evidence[0].id) == ("known_hoax", "hoax-kes-008")
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (1, 1, 3, 46)
    assert finding.evidence[0].similarity > max(e.similarity for c in sentences for e in c.evidence)


@pytest.mark.parametrize(
    "name",
    ["01-salam-microchip.txt", "02-rumor-singkat.txt", "04-sebarkan-gempa.txt", "08-cpns-berbayar.txt"],
)
def test_example_forwards_are_flagged(name):
    result = runner.invoke(app, ["score", str(ROOT / "examples" / "forwards" / name), "--model", str(SHIPPED_MODEL)])
    assert result.exit_code == 1, result.output


@pytest.mark.parametrize("name", ["05-bantahan-pinjol.txt", "06-bantahan-lockdown.txt", "07-berita-biasa.txt"])
def test_example_denials_and_news_stay_clean(name):

    result = runner.invoke(app, ["score", str(ROOT / "examples" / "forwards" / name), "--model", str(SHIPPED_MODEL)])
    assert result.exit_code == 0, result.output


def test_the_greeting_lines_of_a_forward_are_not_claims(shipped_scorer):

    claims = shipped_scorer.score_document(document.read(ROOT / "examples" / "forwards" / "01-salam-microchip.txt"))
    first_line = [c for c in claims if c.line == 1]
    assert [c.verdict for c in first_line] == ["not_a_claim"]
    assert [c.evidence[0].id for c in claims if c.verdict == "known_hoax"] == ["hoax-kes-001"]


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_a_weak_match_reads_mirip_with_its_correction_never_cocok(fmt):
    text = "Selamat pagi bapak ibu, pendaftaran CPNS 2025 dibuka tanpa tes, cukup transfer Rp 2 juta."
    result = runner.invoke(app, ["score", "--text", text, "--format", fmt, "--model", str(SHIPPED_MODEL)])
    assert "Mirip hoaks yang dikenal" in result.stdout and "Klarifikasi" in result.stdout
    assert "Cocok dengan hoaks" not in result.stdout


def test_harmless_advice_in_a_hoax_forward_is_not_the_hoax(shipped_scorer):
    claims = shipped_scorer.score_document(document.read(ROOT / "examples" / "forwards" / "04-sebarkan-gempa.txt"))
    by_line = {c.line: c for c in claims}
    assert (by_line[2].verdict, by_line[2].evidence[0].id) == ("known_hoax", "hoax-ben-078")
    assert by_line[3].verdict == "unverified"  # "Siapkan tas darurat dari sekarang."
