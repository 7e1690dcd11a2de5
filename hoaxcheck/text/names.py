"""Titles, people and places in Indonesian text: Sekda = Sekretaris Daerah, names without honorifics, Kabupaten ..."""

import re

from hoaxcheck.text.dates import _MONTH_ALT, MONTHS, WEEKDAYS
from hoaxcheck.text.numbers import Fact

# Title spellings -> one key; longer spellings first so "Wakil Ketua" is not read as "Ketua".
TITLES = {
    "wakil presiden": "wakil presiden",
    "wapres": "wakil presiden",
    "presiden": "presiden",
    "wakil gubernur": "wakil gubernur",
    "wagub": "wakil gubernur",
    "gubernur": "gubernur",
    "penjabat gubernur": "gubernur",
    "pj gubernur": "gubernur",
    "plt gubernur": "gubernur",
    "sekretaris daerah": "sekda",
    "sekda": "sekda",
    "asisten": "asisten",
    "wakil bupati": "wakil bupati",
    "wabup": "wakil bupati",
    "bupati": "bupati",
    "wakil wali kota": "wakil wali kota",
    "wakil walikota": "wakil wali kota",
    "wawali": "wakil wali kota",
    "wali kota": "wali kota",
    "walikota": "wali kota",
    "wakil ketua": "wakil ketua",
    "ketua": "ketua",
    "kepala biro": "kepala biro",
    "karo": "kepala biro",
    "kepala dinas": "kepala dinas",
    "kadis": "kepala dinas",
    "kepala badan": "kepala badan",
    "kepala bagian": "kepala bagian",
    "kabag": "kepala bagian",
    "kepala bidang": "kepala bidang",
    "kabid": "kepala bidang",
    "kepala kantor": "kepala kantor",
    "kepala balai": "kepala balai",
    "kepala pusat": "kepala pusat",
    "kepala desa": "kepala desa",
    "kades": "kepala desa",
    "kepala": "kepala",
    "direktur jenderal": "direktur jenderal",
    "dirjen": "direktur jenderal",
    "direktur utama": "direktur utama",
    "dirut": "direktur utama",
    "direktur": "direktur",
    "wakil menteri": "wakil menteri",
    "wamen": "wakil menteri",
    "menteri": "menteri",
    "camat": "camat",
    "lurah": "lurah",
    "kapolda": "kapolda",
    "kapolres": "kapolres",
    "kapolresta": "kapolres",
    "kapolri": "kapolri",
    "pangdam": "pangdam",
    "danrem": "danrem",
    "dandim": "dandim",
    "sekretaris": "sekretaris",
    "juru bicara": "juru bicara",
    "jubir": "juru bicara",
}


_TITLE_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(t) for t in TITLES), key=len, reverse=True)) + r")\b", re.I)


HONORIFICS = frozenset("h hj dr drs dra ir prof drg dr. kh ust ustadz kyai".split())


DEGREE = re.compile(r"^[smda]\.[a-z]{1,4}\.?$|^ph\.?d\.?$|^(?:mba|mm|msi|mt|sh|se|st|skm|spd|skom|mpd|mh)\.?$", re.I)


# Capitalised words that name a kind of body or area rather than a person.
ORG_WORDS = frozenset(
    """provinsi kabupaten kab kota kecamatan kec desa kelurahan setda sekretariat humas protokol dinas badan
    biro bagian dewan kementerian kantor ri republik indonesia pemerintah pemprov pemkab pemkot daerah
    dan se pers komunikasi informatika publik tata kelola kemitraan""".split()
)


PLACE_TYPES = {
    "provinsi": "provinsi",
    "prov": "provinsi",
    "kabupaten": "kabupaten",
    "kab": "kabupaten",
    "kota": "kota",
    "kecamatan": "kecamatan",
    "kec": "kecamatan",
    "desa": "desa",
    "kelurahan": "kelurahan",
}


INSTITUTION_TYPES = ("kementerian", "dinas", "badan", "biro", "dewan", "bagian", "lembaga", "komisi")


def _name_key(tokens: list[str]) -> tuple[str, ...]:
    """A person's name without honorifics, degrees and punctuation: ("m", "dianto")."""
    out = []
    for t in tokens:
        bare = t.lower().strip(".,")
        if not bare or bare in HONORIFICS or DEGREE.match(t.strip(",")):
            continue
        out.extend(p for p in re.split(r"[.,]", bare) if p)
    return tuple(out)


def titles(text: str) -> list[Fact]:
    """Title mentions with the capitalised words after them, and the person named there, if any.

    Gives `title` facts (role: the words governed, value: the title key) and `person` facts (role: the title
    key, value: the name's words).
    """
    out: list[Fact] = []
    for m in _TITLE_RE.finditer(text):
        if not m.group(0)[0].isupper():
            continue  # "kepala" and "ketua" in lower case are common nouns
        key = TITLES[m.group(0).lower()]
        rest = text[m.end() :]
        run = re.match(r"(?:[ ,]+(?:[A-Z\u00c0-\u024f][\w'’.-]*|dan|se|RI)(?=[\s,)]|$))*", rest)
        tail = run.group(0) if run else ""
        nxt = _TITLE_RE.search(tail)
        if nxt and nxt.group(0)[0].isupper():
            tail = tail[: nxt.start()]  # the next title starts a new mention
        tail = re.sub(r"(?:[ ,]+(?:dan|se))+[ ,]*$|[ ,]+$", "", tail)
        # A weekday or month after the mention is the date of the event, not a name ("Gubernur Jambi, Kamis").
        cut = re.search(r"[ ,]+(?:" + "|".join(WEEKDAYS) + "|" + _MONTH_ALT + r")\b", tail, re.I)
        tail = tail[: cut.start()] if cut else tail
        tokens = tail.replace(",", " , ").split()
        governed = tuple(sorted({t.lower().strip(".,") for t in tokens if t not in (",",) and t.lower() not in ("dan", "se")}))
        if governed:
            out.append(Fact("title", governed, key, (m.group(0) + tail).strip(), m.start(), m.end() + len(tail)))
        name, body = _person(tokens, key)
        if name:
            out.append(Fact("person", office(key, body), name, (m.group(0) + tail).strip(), m.start(), m.end() + len(tail)))
    return out


REGION_HEADS = frozenset(
    {
        "gubernur",
        "wakil gubernur",
        "bupati",
        "wakil bupati",
        "wali kota",
        "wakil wali kota",
        "camat",
        "lurah",
        "kapolda",
        "kapolres",
        "kepala desa",
    }
)


# National offices that one person holds: the words after the title are the name ("Presiden Megawati").
SOLE_OFFICES = frozenset({"presiden", "wakil presiden", "kapolri"})
# Ranks before a name ("Kapolri Jenderal Badrodin Haiti", "Kapolda Irjen Karyoto"): not part of it.
RANKS = frozenset(
    """jenderal jend komjen irjen brigjen kombes akbp kompol akp iptu ipda aiptu aipda letjen mayjen marsekal
    laksamana kolonel letkol mayor kapten pol tni""".split()
)
# Portfolios of a minister or a body's field: "Menteri Keuangan Purbaya", "Kepala Dinas Kesehatan Budi".
PORTFOLIOS = frozenset(
    """keuangan kesehatan agama pertahanan dalam luar negeri sosial perhubungan pertanian perdagangan perindustrian
    pendidikan kebudayaan ketenagakerjaan hukum ham investasi pariwisata bumn esdm pupr atr bpn kominfo komdigi
    koordinator bidang perekonomian polhukam pmk marves lingkungan hidup kehutanan kelautan perikanan
    desa pdtt kependudukan sekretaris negara""".split()
)
# Words of a body that two spellings may have or not ("Sekda Provinsi Jambi" = "Sekda Jambi").
_BODY_NOISE = frozenset("provinsi prov kabupaten kab ri republik indonesia setda sekretariat daerah dan se".split())


def _is_body(token: str) -> bool:
    """A word of the body or area a title governs: an ORG word, a place type, a portfolio or an acronym."""
    bare = token.lower().strip(".,")
    word = token.strip(".,")
    return (
        bare in ORG_WORDS or bare in PLACE_TYPES or bare in PORTFOLIOS or (len(word) >= 2 and word.isupper() and word.isalpha())
    )


def office(key: str, body: list[str]) -> str:
    """The office a person holds: the title key and the body's words ("kepala bmkg", "gubernur jambi")."""
    words = sorted({t.lower().strip(".,") for t in body} - _BODY_NOISE - {""})
    return " ".join([key, *words])


def _person(tokens: list[str], key: str) -> tuple[tuple[str, ...], list[str]]:
    """The person's name among the words after a title (when it can be told apart), and the body's words."""
    if "," in tokens:
        cut = tokens.index(",")
        after = tokens[cut + 1 :]
        first = after[0].lower().strip(".,") if after else ""
        if not after or first in ORG_WORDS or first in PLACE_TYPES or first in WEEKDAYS or first in MONTHS:
            return (), []  # "Menurut Sekda, Humas perlu ..." or "Gubernur Jambi, Kamis (28/11)": no name follows
        return _name_key([t for t in after if t.lower() not in RANKS]), tokens[:cut]
    for i, t in enumerate(tokens):
        bare = t.lower().rstrip(".")
        if (bare in HONORIFICS and t.endswith(".")) or re.fullmatch(r"[A-Z]\.", t):
            return _name_key(tokens[i:]), tokens[:i]
    i, skip_place, plain = 0, key in REGION_HEADS, True
    while i < len(tokens):
        bare = tokens[i].lower().strip(".,")
        if _is_body(tokens[i]) and bare not in RANKS:
            skip_place = bare in PLACE_TYPES
            plain = plain and (bare in ORG_WORDS or bare in PLACE_TYPES)
            i += 1
        elif skip_place:
            skip_place = False
            i += 1
        else:
            break
    j = i
    while j < len(tokens) and tokens[j].lower().strip(".,") in RANKS:
        j += 1
    rest = tokens[j:]
    # After an acronym or a portfolio, one capitalised word is as often a place as a name ("Kepala BPBD
    # Jember"); two or more read as a name. After ORG words and places a single word is a name, as before.
    if rest and (key in SOLE_OFFICES or (i > 0 and (plain or len(rest) >= 2))):
        return _name_key(rest), tokens[:i]
    return (), []


def places(text: str) -> list[Fact]:
    """Regions (Provinsi Jambi, Kabupaten Lembah Hijau) and bodies (Dinas Kesehatan, Kementerian ...)."""
    out = []
    for m in re.finditer(
        r"\b(Provinsi|Prov\.|Kabupaten|Kab\.|Kota|Kecamatan|Kec\.|Desa|Kelurahan)\s+"
        r"((?:[A-Z][\w'-]*)(?:\s+[A-Z][\w'-]*){0,2})",
        text,
    ):
        words = [w for w in m.group(2).split() if w.lower() not in ORG_WORDS and not _TITLE_RE.fullmatch(w)]
        if words:
            out.append(
                Fact(
                    "place",
                    PLACE_TYPES[m.group(1).lower().rstrip(".")],
                    words[0].lower(),
                    m.group(0),
                    m.start(),
                    m.end(),
                )
            )
    for m in re.finditer(
        r"\b(Kementerian|Dinas|Badan|Biro|Dewan|Bagian|Lembaga|Komisi)\s+"
        r"((?:[A-Z][\w'-]*|dan)(?:\s+(?:[A-Z][\w'-]*|dan))*)",
        text,
    ):
        body = m.group(2)
        stop = re.search(
            r"\bRI\b|\b(?:Provinsi|Kabupaten|Kota|Kecamatan|Desa|Kelurahan|Setda|Kementerian|Dinas"
            r"|Badan|Biro|Dewan|Lembaga|Komisi)\b|" + _TITLE_RE.pattern,
            body,
        )
        words = tuple(w.lower() for w in body[: stop.start() if stop else None].split()[:5] if w.lower() != "dan")
        if words:
            label = f"{m.group(1)} {body[: stop.start() if stop else None].strip()}"
            out.append(Fact("place", m.group(1).lower(), words, label, m.start(), m.start() + len(label)))
    return out


def _abbreviates(short: str, words: tuple[str, ...]) -> bool:
    """Whether `short` is built from prefixes of `words` in order: kominfo <- komunikasi dan informatika."""
    if not short:
        return not words
    if not words:
        return False
    w = words[0]
    return any(short.startswith(w[:k]) and _abbreviates(short[k:], words[1:]) for k in range(len(w), 0, -1))


def _same_body(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    if set(a) & set(b):
        return True
    # Acronyms are short; the length cap also bounds the prefix search.
    return any(len(w) <= 10 and _abbreviates(w, tuple(x for x in b if x != "ri")) for w in a) or any(
        len(w) <= 10 and _abbreviates(w, tuple(x for x in a if x != "ri")) for w in b
    )


def _same_name(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    while a and b and a[0] == b[0] and (len(a) > 1 or len(b) > 1):
        a, b = a[1:], b[1:]  # the end of a region's name ("Lembah Hijau") that was read as part of the name
    long_a = {t for t in a if len(t) > 2}
    long_b = {t for t in b if len(t) > 2}
    if len(a) == 1 and _abbreviates(a[0], b) or len(b) == 1 and _abbreviates(b[0], a):
        return True  # a name made of the other's syllables: Jokowi = Joko Widodo, SBY = Susilo Bambang Yudhoyono
    return bool(long_a & long_b) or "".join(a) == "".join(b) or not long_a or not long_b
