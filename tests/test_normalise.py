"""Text cleaning for features and for evidence matching: a behaviour table."""

import pytest

from hoaxcheck.text.normalise import clean_for_retrieval

# (text, cleaned for retrieval)
RETRIEVAL_TABLE = [
    # stems, and stop, negation and denial words left out, so a denial finds the hoax it denies
    ("Vaksin tidak mengandung microchip", "vaksin kandung microchip"),
    ("Informasi itu hoaks, vaksinnya disuntikkan", "vaksin suntik"),
    # number words as digits: "tiga meter" in a forward is the "3 meter" of the debunked hoax
    ("Tsunami tiga meter, internet mati tujuh hari", "tsunami 3 meter internet mati 7 hari"),
    ("sepuluh ribu warga", "10 ribu warga"),
    # forward abbreviations that official text spells out
    ("pemutihan pinjol bagi nasabah galbay", "mutih pinjam online bagi nasabah gagal bayar"),
    ("Masker bikin kita menghirup CO2", "masker buat hirup karbon dioksida"),
    # chat particles and adverbs carry no topic: a filler sentence is not long enough to be matched alone
    ("Sebenernya mereka udah tau, siapin tas darurat ya", "siap tas darurat"),
    ("Ia tiba-tiba mengaku tidak tahu", "aku"),
    ("isi NIK dan KK", "isi nik kartu keluarga"),
]


@pytest.mark.parametrize("text,cleaned", RETRIEVAL_TABLE)
def test_clean_for_retrieval_table(text, cleaned):
    assert clean_for_retrieval(text) == cleaned
