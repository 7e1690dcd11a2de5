"""Behaviour table of `polarity.denies`: whether a claim denies what a known hoax asserts."""

import pytest

from hoaxcheck.text.polarity import denies

# (claim, hoax, denies?)
DENIES_TABLE = [
    # A denial frame decides on its own.
    ("Kabar vaksin berisi microchip itu hoaks.", "Vaksin covid berisi microchip pelacak", True),
    # The claim negates what the hoax asserts.
    ("Vaksin tidak mengandung microchip pelacak.", "Vaksin covid mengandung microchip pelacak", True),
    # A plainly stated rumour: the only negation is the hoax's own wording.
    ("Bansos bisa dicairkan lewat link ini.", "Bansos bisa dicairkan lewat link, tidak perlu antre di kantor pos", False),
    # "tidak boleh" restates "dilarang"; "tidak bisa" restates "gagal": the rumour, not its denial.
    (
        "Presiden mengumumkan lockdown total di Jakarta dan warga tidak boleh keluar rumah.",
        "Presiden umumkan lockdown total Jakarta, warga dilarang keluar rumah",
        False,
    ),
    (
        "Pelabuhan Merak ditutup sampai Idul Adha, gak bisa mudik!",
        "Pelabuhan Merak ditutup sampai Lebaran Haji, gagal mudik deh!",
        False,
    ),
    # Negating the prohibition itself denies it.
    ("Warga tidak dilarang keluar rumah selama PPKM.", "Selama PPKM warga dilarang keluar rumah", True),
    # "bukan hoaks!" insists that the rumour is true.
    ("Ini bukan hoaks! Vaksin berisi microchip pelacak.", "Vaksin covid berisi microchip pelacak", False),
]


@pytest.mark.parametrize("claim,hoax,expected", DENIES_TABLE)
def test_denies_table(claim, hoax, expected):
    assert denies(claim, hoax) is expected
