"""Regulation citations in Indonesian text: "UU Nomor 8 Tahun 2010", "Perpres 64/2020", "PP No. 47 Tahun 2024".

A citation names a regulation by its type and number, and its year tells which one: "UU Nomor 8 Tahun 2010"
and "UU Nomor 8 Tahun 2008" are different laws. So a citation is a fact whose role is (type, number) and
whose value is the year; a draft that cites the type and number of a verified statement's regulation with
another year cites it wrongly. Types are compared by their normalised words ("Undang-Undang" = "UU"), so two
spellings that are not mapped here ("Permenkominfo", "Peraturan Menteri Kominfo") are simply not compared.

Limits: only the "TYPE Nomor N Tahun YYYY" and "TYPE N/YYYY" forms with a number of digits; codes such as
"37.K/HK.02/MEM.M/2020" are left alone.
"""

import re

from hoaxcheck.text.numbers import Fact

# Long names of regulation types and the abbreviation they are compared as.
TYPE_NAMES = {
    "undang-undang": "uu",
    "undang undang": "uu",
    "peraturan pemerintah pengganti undang-undang": "perppu",
    "peraturan pemerintah": "pp",
    "peraturan presiden": "perpres",
    "keputusan presiden": "keppres",
    "instruksi presiden": "inpres",
    "peraturan menteri keuangan": "pmk",
    "peraturan daerah": "perda",
    "peraturan gubernur": "pergub",
    "peraturan bupati": "perbup",
    "peraturan wali kota": "perwal",
    "peraturan walikota": "perwal",
}
# Abbreviations that may cite a regulation in the short "N/YYYY" form.
SHORT_FORMS = "uu|pp|perpres|perppu|perpu|keppres|inpres|pmk|perda|pergub|perbup|perwal|permendagri|permenkes|permendikbud"
# Up to four words of the type before "Nomor": "Surat Edaran Menteri Agama Nomor 5 Tahun 2022".
_LONG = re.compile(
    r"((?:[A-Z][\w-]*\.?\s+){0,3}[A-Z][\w-]*)\s+(?:Nomor|Nomer|No\.?)\s*(\d{1,4})\s*(?:Tahun|/)\s*((?:19|20)\d\d)\b"
)
_SHORT = re.compile(r"\b(" + SHORT_FORMS + r")\s+(\d{1,4})\s*/\s*((?:19|20)\d\d)\b", re.I)


# The word a regulation type starts with ("sesuai UU ...": "sesuai" is not part of it).
_TYPE_START = re.compile(
    r"^(uu|undang|peraturan|keputusan|instruksi|surat|pp|perpres|perppu|perpu|keppres|inpres|pmk|perda|pergub|"
    r"perbup|perwal|perkap|perpol|permen\w*|kepmen\w*|se)$"
)


def regulation_type(words: str) -> str | None:
    """The compared form of a regulation type (lower-case, long names as their abbreviation), or None."""
    low = words.lower().replace(".", " ").split()
    start = next((i for i, w in enumerate(low) if _TYPE_START.match(w.split("-")[0])), None)
    if start is None:
        return None
    name = " ".join(low[start:])
    return TYPE_NAMES.get(name, name)


def regulations(text: str) -> list[Fact]:
    """Each cited regulation: role (type, number), value the year."""
    out = []
    for pattern in (_LONG, _SHORT):
        for m in pattern.finditer(text):
            if any(f.start <= m.start() < f.end for f in out):
                continue
            kind = regulation_type(m.group(1))
            if kind is None:
                continue
            role = (kind, m.group(2).lstrip("0") or "0")
            out.append(Fact("regulation", role, int(m.group(3)), m.group(0), m.start(), m.end()))
    return sorted(out, key=lambda f: f.start)
