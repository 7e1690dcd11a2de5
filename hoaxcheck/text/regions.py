"""Indonesian provinces and large cities named in a text: "gempa di Sukabumi", "KPU DKI Jakarta", "Jatim".

A region named without a type word ("di Jakarta", not "Provinsi DKI Jakarta") is still a comparable place: a
draft that moves an event from Sukabumi to Cianjur states the verified fact otherwise. Names are matched with
a capital letter, longest first ("Papua Barat Daya" before "Papua Barat" before "Papua"), and compared by a
canonical name ("Jatim" = "Jawa Timur", "Solo" = "Surakarta", "DKI" = "Jakarta").

Limits: only the 38 provinces and a list of large cities are known; a regency or a district is compared only
when its type word is written (names.places). Words that are also common nouns when capitalised at the start
of a sentence ("Kudus", "Palu") are left out.
"""

import re

from hoaxcheck.text.numbers import Fact

PROVINCES = """Aceh; Sumatera Utara; Sumatera Barat; Riau; Kepulauan Riau; Jambi; Sumatera Selatan; Bangka Belitung;
Kepulauan Bangka Belitung; Bengkulu; Lampung; Jakarta; Jawa Barat; Banten; Jawa Tengah; Yogyakarta; Jawa Timur;
Bali; Nusa Tenggara Barat; Nusa Tenggara Timur; Kalimantan Barat; Kalimantan Tengah; Kalimantan Selatan;
Kalimantan Timur; Kalimantan Utara; Sulawesi Utara; Gorontalo; Sulawesi Tengah; Sulawesi Barat; Sulawesi Selatan;
Sulawesi Tenggara; Maluku; Maluku Utara; Papua; Papua Barat; Papua Barat Daya; Papua Tengah; Papua Pegunungan;
Papua Selatan"""
CITIES = """Banda Aceh; Lhokseumawe; Medan; Padang; Pekanbaru; Batam; Palembang; Bandar Lampung; Pangkalpinang; Serang;
Tangerang; Bekasi; Depok; Bogor; Sukabumi; Cianjur; Bandung; Garut; Tasikmalaya; Cirebon; Karawang; Semarang;
Surakarta; Magelang; Pekalongan; Tegal; Surabaya; Sidoarjo; Gresik; Malang; Kediri; Madiun; Jember; Banyuwangi;
Denpasar; Mataram; Kupang; Pontianak; Palangka Raya; Banjarmasin; Samarinda; Balikpapan; Manado; Makassar;
Kendari; Mamuju; Ambon; Ternate; Jayapura; Manokwari; Sorong; Merauke"""
# Other spellings and abbreviations -> the canonical name (lower case).
ALIASES = {
    "DKI Jakarta": "jakarta",
    "DKI": "jakarta",
    "Daerah Istimewa Yogyakarta": "yogyakarta",
    "DIY": "yogyakarta",
    "Jogja": "yogyakarta",
    "Jogjakarta": "yogyakarta",
    "Solo": "surakarta",
    "Babel": "bangka belitung",
    "Kepulauan Bangka Belitung": "bangka belitung",
    "Kepri": "kepulauan riau",
    "NTB": "nusa tenggara barat",
    "NTT": "nusa tenggara timur",
    "Jabar": "jawa barat",
    "Jateng": "jawa tengah",
    "Jatim": "jawa timur",
    "Sumut": "sumatera utara",
    "Sumbar": "sumatera barat",
    "Sumsel": "sumatera selatan",
    "Kalbar": "kalimantan barat",
    "Kalteng": "kalimantan tengah",
    "Kalsel": "kalimantan selatan",
    "Kaltim": "kalimantan timur",
    "Kaltara": "kalimantan utara",
    "Sulut": "sulawesi utara",
    "Sulteng": "sulawesi tengah",
    "Sulbar": "sulawesi barat",
    "Sulsel": "sulawesi selatan",
    "Sultra": "sulawesi tenggara",
    "Malut": "maluku utara",
}


def _names() -> dict[str, str]:
    out = {n.strip(): n.strip().lower() for n in (PROVINCES + ";" + CITIES).replace("\n", " ").split(";")}
    out.update(ALIASES)
    return out


REGIONS = _names()
_REGION = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(REGIONS, key=len, reverse=True)) + r")\b")


def regions(text: str) -> list[Fact]:
    """Each province or large city named in the text (kind place, role region, value its canonical name)."""
    return [Fact("place", "region", REGIONS[m.group(1)], m.group(1), m.start(), m.end()) for m in _REGION.finditer(text)]
