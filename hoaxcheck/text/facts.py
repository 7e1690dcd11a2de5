"""Comparable facts in Indonesian text (numbers, dates, weekdays, titles, names, places) and their comparison.

A fact has a kind, a role and a value. Two texts contradict each other only on a fact of the same kind and
role that both of them state: a number that appears on one side only is never a contradiction.
"""

import re
from dataclasses import dataclass
from datetime import date

from hoaxcheck.text.normalise import normalize
from hoaxcheck.text.numbers import Fact, numbers, overlaps


MONTHS = {"januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "maret": 3, "mar": 3, "april": 4,
          "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8, "agt": 8,
          "ags": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
          "nopember": 11, "desember": 12, "des": 12}
WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6,
            "ahad": 6}
WEEKDAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
# Title spellings -> one key; longer spellings first so "Wakil Ketua" is not read as "Ketua".
TITLES = {
    "wakil presiden": "wakil presiden", "wapres": "wakil presiden", "presiden": "presiden",
    "wakil gubernur": "wakil gubernur", "wagub": "wakil gubernur", "gubernur": "gubernur",
    "penjabat gubernur": "gubernur", "pj gubernur": "gubernur", "plt gubernur": "gubernur",
    "sekretaris daerah": "sekda", "sekda": "sekda", "asisten": "asisten",
    "wakil bupati": "wakil bupati", "wabup": "wakil bupati", "bupati": "bupati",
    "wakil wali kota": "wakil wali kota", "wakil walikota": "wakil wali kota", "wawali": "wakil wali kota",
    "wali kota": "wali kota", "walikota": "wali kota",
    "wakil ketua": "wakil ketua", "ketua": "ketua",
    "kepala biro": "kepala biro", "karo": "kepala biro", "kepala dinas": "kepala dinas", "kadis": "kepala dinas",
    "kepala badan": "kepala badan", "kepala bagian": "kepala bagian", "kabag": "kepala bagian",
    "kepala bidang": "kepala bidang", "kabid": "kepala bidang", "kepala kantor": "kepala kantor",
    "kepala balai": "kepala balai", "kepala pusat": "kepala pusat", "kepala desa": "kepala desa",
    "kades": "kepala desa", "kepala": "kepala",
    "direktur jenderal": "direktur jenderal", "dirjen": "direktur jenderal", "direktur utama": "direktur utama",
    "dirut": "direktur utama", "direktur": "direktur",
    "wakil menteri": "wakil menteri", "wamen": "wakil menteri", "menteri": "menteri",
    "camat": "camat", "lurah": "lurah", "kapolda": "kapolda", "kapolres": "kapolres", "kapolresta": "kapolres",
    "kapolri": "kapolri", "pangdam": "pangdam", "danrem": "danrem", "dandim": "dandim",
    "sekretaris": "sekretaris", "juru bicara": "juru bicara", "jubir": "juru bicara",
}
_TITLE_RE = re.compile(r"\b(" + "|".join(sorted((re.escape(t) for t in TITLES), key=len, reverse=True)) + r")\b",
                       re.I)
HONORIFICS = frozenset("h hj dr drs dra ir prof drg dr. kh ust ustadz kyai".split())
DEGREE = re.compile(r"^[smda]\.[a-z]{1,4}\.?$|^ph\.?d\.?$|^(?:mba|mm|msi|mt|sh|se|st|skm|spd|skom|mpd|mh)\.?$", re.I)
# Capitalised words that name a kind of body or area rather than a person.
ORG_WORDS = frozenset(
    """provinsi kabupaten kab kota kecamatan kec desa kelurahan setda sekretariat humas protokol dinas badan
    biro bagian dewan kementerian kantor ri republik indonesia pemerintah pemprov pemkab pemkot daerah
    dan se pers komunikasi informatika publik tata kelola kemitraan""".split()
)
PLACE_TYPES = {"provinsi": "provinsi", "prov": "provinsi", "kabupaten": "kabupaten", "kab": "kabupaten",
               "kota": "kota", "kecamatan": "kecamatan", "kec": "kecamatan", "desa": "desa", "kelurahan": "kelurahan"}
INSTITUTION_TYPES = ("kementerian", "dinas", "badan", "biro", "dewan", "bagian", "lembaga", "komisi")
# Words with which a percentage over 100 is ordinary: growth, and the coverage, realisation or target figures
# of official reports ("cakupan imunisasi ... 104,5 persen" is normal in a Dinkes report).
GROWTH_WORDS = ("naik", "kenaikan", "meningkat", "peningkatan", "tumbuh", "pertumbuhan", "bertambah", "melonjak",
                "lonjakan", "lipat", "target", "realisasi", "capaian", "melampaui", "melebihi", "dibanding",
                "cakupan", "surplus", "kinerja")
# Measures that count something other than a head count: a total in one never adds up parts in another.
MEASURES = frozenset("lot paket unit km kilometer meter m ha hektare ton kg kilogram liter rp persen".split())
PARTS_MARKERS = ("terdiri atas", "terdiri dari", "yakni", "yaitu", "meliputi", "dengan rincian", "rinciannya")

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_LONG = re.compile(r"\b(\d{1,2})\s+(" + _MONTH_ALT + r")\.?(?:\s+(\d{4}))?\b", re.I)
_DATE_SLASH = re.compile(r"(?<![\w/.])(\d{1,2})[/-](\d{1,2})(?:[/-](\d{4}|\d{2}))?(?![\w/])")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAY = re.compile(r"\b(Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu|Ahad)\b")
_YEAR = re.compile(r"(?<![\w.,/-])(19[5-9]\d|20\d\d)(?![\w/-]|[.,]\d)")


def dates(text: str) -> list[Fact]:
    """Dates: 28/11, 28/11/2019, 28 November 2019, 2019-11-28 (value (day, month, year or None))."""
    out: list[Fact] = []
    spans: list[tuple[int, int]] = []

    def add(m, day, month, year):
        if 1 <= day <= 31 and 1 <= month <= 12 and not overlaps(spans, m.start(), m.end()):
            if year is not None and year < 100:
                year += 2000
            out.append(Fact("date", "date", (day, month, year), m.group(0), m.start(), m.end()))
            spans.append((m.start(), m.end()))

    for m in _DATE_ISO.finditer(text):
        add(m, int(m.group(3)), int(m.group(2)), int(m.group(1)))
    for m in _DATE_LONG.finditer(text):
        add(m, int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3)) if m.group(3) else None)
    for m in _DATE_SLASH.finditer(text):
        before = text[max(0, m.start() - 12):m.start()]
        # A bare d/m is a date only in a dateline "(28/11)", after a weekday or "tanggal", or with its year.
        if m.group(3) or before.endswith("(") or _WEEKDAY.search(before) or re.search(r"(tanggal|tgl\.?)\s*$", before, re.I):
            add(m, int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
    return sorted(out, key=lambda f: f.start)


def weekdays(text: str) -> list[Fact]:
    """Capitalised weekday names (lower-case "minggu" is a week, not Sunday)."""
    out = []
    for m in _WEEKDAY.finditer(text):
        if m.group(1) == "Minggu" and re.match(r"\s+(depan|lalu|ini|ke|pertama|kedua)", text[m.end():]):
            continue
        out.append(Fact("weekday", "", WEEKDAYS[m.group(1).lower().replace("’", "'")], m.group(1), m.start(), m.end()))
    return out


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
        rest = text[m.end():]
        run = re.match(r"(?:[ ,]+(?:[A-Z\u00c0-\u024f][\w'’.-]*|dan|se|RI)(?=[\s,)]|$))*", rest)
        tail = run.group(0) if run else ""
        nxt = _TITLE_RE.search(tail)
        if nxt and nxt.group(0)[0].isupper():
            tail = tail[:nxt.start()]  # the next title starts a new mention
        tail = re.sub(r"(?:[ ,]+(?:dan|se))+[ ,]*$|[ ,]+$", "", tail)
        # A weekday or month after the mention is the date of the event, not a name ("Gubernur Jambi, Kamis").
        cut = re.search(r"[ ,]+(?:" + "|".join(WEEKDAYS) + "|" + _MONTH_ALT + r")\b", tail, re.I)
        tail = tail[:cut.start()] if cut else tail
        tokens = tail.replace(",", " , ").split()
        governed = tuple(sorted({t.lower().strip(".,") for t in tokens if t not in (",",) and t.lower() not in ("dan", "se")}))
        if governed:
            out.append(Fact("title", governed, key, (m.group(0) + tail).strip(), m.start(), m.end() + len(tail)))
        name = _person(tokens, key)
        if name:
            out.append(Fact("person", key, name, (m.group(0) + tail).strip(), m.start(), m.end() + len(tail)))
    return out


REGION_HEADS = frozenset({"gubernur", "wakil gubernur", "bupati", "wakil bupati", "wali kota", "wakil wali kota",
                          "camat", "lurah", "kapolda", "kapolres", "kepala desa"})


def _person(tokens: list[str], key: str) -> tuple[str, ...]:
    """The person's name among the words after a title, when one can be told apart from the body's name."""
    if "," in tokens:
        after = tokens[tokens.index(",") + 1:]
        first = after[0].lower().strip(".,") if after else ""
        if not after or first in ORG_WORDS or first in PLACE_TYPES or first in WEEKDAYS or first in MONTHS:
            return ()  # "Menurut Sekda, Humas perlu ..." or "Gubernur Jambi, Kamis (28/11)": no name follows
        return _name_key(after)
    for i, t in enumerate(tokens):
        bare = t.lower().rstrip(".")
        if (bare in HONORIFICS and t.endswith(".")) or re.fullmatch(r"[A-Z]\.", t):
            return _name_key(tokens[i:])
    i, skip_place = 0, key in REGION_HEADS
    while i < len(tokens):
        bare = tokens[i].lower().strip(".,")
        if bare in PLACE_TYPES or bare in ORG_WORDS:
            skip_place = bare in PLACE_TYPES
            i += 1
        elif skip_place:
            skip_place = False
            i += 1
        else:
            break
    return _name_key(tokens[i:]) if 0 < i < len(tokens) else ()


def places(text: str) -> list[Fact]:
    """Regions (Provinsi Jambi, Kabupaten Lembah Hijau) and bodies (Dinas Kesehatan, Kementerian ...)."""
    out = []
    for m in re.finditer(r"\b(Provinsi|Prov\.|Kabupaten|Kab\.|Kota|Kecamatan|Kec\.|Desa|Kelurahan)\s+"
                         r"((?:[A-Z][\w'-]*)(?:\s+[A-Z][\w'-]*){0,2})", text):
        words = [w for w in m.group(2).split() if w.lower() not in ORG_WORDS and not _TITLE_RE.fullmatch(w)]
        if words:
            out.append(Fact("place", PLACE_TYPES[m.group(1).lower().rstrip(".")], words[0].lower(), m.group(0),
                            m.start(), m.end()))
    for m in re.finditer(r"\b(Kementerian|Dinas|Badan|Biro|Dewan|Bagian|Lembaga|Komisi)\s+"
                         r"((?:[A-Z][\w'-]*|dan)(?:\s+(?:[A-Z][\w'-]*|dan))*)", text):
        body = m.group(2)
        stop = re.search(r"\bRI\b|\b(?:Provinsi|Kabupaten|Kota|Kecamatan|Desa|Kelurahan|Setda|Kementerian|Dinas"
                         r"|Badan|Biro|Dewan|Lembaga|Komisi)\b|" + _TITLE_RE.pattern, body)
        words = tuple(w.lower() for w in body[:stop.start() if stop else None].split()[:5] if w.lower() != "dan")
        if words:
            label = f"{m.group(1)} {body[:stop.start() if stop else None].strip()}"
            out.append(Fact("place", m.group(1).lower(), words, label, m.start(), m.start() + len(label)))
    return out


def parse_amount(text: str) -> tuple[float, float] | None:
    """The interval an Indonesian amount stands for: "Rp1,5 miliar", "15%", "dua ratus", "ratusan ribu"."""
    facts = [f for f in extract(text) if f.kind == "number"]
    return facts[0].value if facts else None


def extract(text: str) -> list[Fact]:
    """All comparable facts of one text."""
    text = normalize(text)
    ds = dates(text)
    return ds + weekdays(text) + numbers(text, [(f.start, f.end) for f in ds]) + titles(text) + places(text)


# --- comparison -------------------------------------------------------------------------------------------

def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    tol = 1e-9 * max(1.0, abs(a[0]), abs(b[0]))
    return a[0] <= b[1] + tol and b[0] <= a[1] + tol


def _same_date(a: tuple, b: tuple) -> bool:
    return a[0] == b[0] and a[1] == b[1] and (a[2] is None or b[2] is None or a[2] == b[2])


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
    return any(len(w) <= 10 and _abbreviates(w, tuple(x for x in b if x != "ri")) for w in a) or \
        any(len(w) <= 10 and _abbreviates(w, tuple(x for x in a if x != "ri")) for w in b)


def _same_name(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    while a and b and a[0] == b[0] and (len(a) > 1 or len(b) > 1):
        a, b = a[1:], b[1:]  # the end of a region's name ("Lembah Hijau") that was read as part of the name
    long_a = {t for t in a if len(t) > 2}
    long_b = {t for t in b if len(t) > 2}
    return bool(long_a & long_b) or "".join(a) == "".join(b) or not long_a or not long_b


def _same(kind: str, a, b) -> bool:
    if kind == "number":
        return _overlap(a, b)
    if kind == "date":
        return _same_date(a, b)
    if kind == "person":
        return _same_name(a, b)
    if kind == "place":
        return _same_body(a, b) if isinstance(a, tuple) else a == b
    return a == b


@dataclass(frozen=True)
class Difference:
    """A fact both texts state with values that cannot both be true."""

    fact: str
    draft: str
    verified: str


ORDER = ("number", "date", "weekday", "title", "person", "place")


def compare(draft: str, verified: str) -> tuple[Difference | None, bool]:
    """The first fact both texts state differently, and whether they share any comparable fact at all."""
    a, b = extract(draft), extract(verified)
    shared = False
    for kind in ORDER:
        fa = [f for f in a if f.kind == kind]
        fb = [f for f in b if f.kind == kind]
        if kind == "title":
            diff, common = _compare_titles(fa, fb)
            shared = shared or common
            if diff:
                return diff, True
            continue
        for role in sorted({f.role for f in fa} & {f.role for f in fb}, key=str):
            ra = [f for f in fa if f.role == role]
            rb = [f for f in fb if f.role == role]
            shared = True
            # Only values that nothing on the other side can match are a contradiction.
            if not any(_same(kind, x.value, y.value) for x in ra for y in rb):
                return Difference(kind, ra[0].text, rb[0].text), True
    return None, shared


def _compare_titles(fa: list[Fact], fb: list[Fact]) -> tuple[Difference | None, bool]:
    """A word governed by a title on both sides (a name, a body) under titles that never agree."""
    shared = False
    for x in fa:
        for word in x.role:
            if len(word) < 3 or word in ORG_WORDS:
                continue
            on_b = [y for y in fb if word in y.role]
            if not on_b:
                continue
            on_a = [f for f in fa if word in f.role]
            shared = True
            if not {f.value for f in on_a} & {y.value for y in on_b}:
                return Difference("title", x.text, on_b[0].text), True
    return None, shared


# --- internal consistency ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Inconsistency:
    """A claim that contradicts itself: its words, what they should be, and a reason code."""

    reason: str  # weekday_date | percent_over_100 | total_parts
    draft: str
    expected: str


def check_internal(text: str) -> Inconsistency | None:
    """A weekday that does not fit its date (with the year written in it), a percentage over 100, or a total
    that its parts do not add up to.

    Only a date that states its own year is checked: real official articles cite events of other years
    ("Sabtu (7/7)" in a 2018 article that also names "17 Oktober 2017"), so a year taken from elsewhere in
    the document gave false alarms on 18 real clarification articles.
    """
    text = normalize(text)
    ds = dates(text)
    for wd in weekdays(text):
        nxt = next((d for d in ds if 0 <= d.start - wd.end <= 3), None)
        if nxt is None:
            continue
        day, month, year = nxt.value
        candidates = [year] if year else []
        fits = []
        for y in candidates:
            try:
                fits.append(date(y, month, day).weekday())
            except ValueError:
                continue
        if fits and wd.value not in fits:
            when = f"{day}/{month}/{candidates[0]}"
            end = nxt.end + (text[nxt.end:nxt.end + 1] == ")")
            return Inconsistency("weekday_date", text[wd.start:end], f"{when}: {WEEKDAY_NAMES[fits[0]]}")
    nums = numbers(text, [(f.start, f.end) for f in ds])
    low = text.lower()
    for f in nums:
        # Written in words ("hoaks seribu persen"), a percentage is emphasis, not a figure.
        emphatic = not re.match(r"\d", f.text.strip())
        if f.role == "persen" and f.value[0] > 100 and not emphatic \
                and not any(re.search(r"\b" + w, low) for w in GROWTH_WORDS):
            return Inconsistency("percent_over_100", f.text, "<= 100%")
    return _check_total(text, nums)


def _check_total(text: str, nums: list[Fact]) -> Inconsistency | None:
    low = text.lower()
    for marker in PARTS_MARKERS:
        pos = low.find(marker)
        if pos < 0:
            continue
        before = [f for f in nums if f.end <= pos and f.role not in ("persen", "tahun")]
        # A number in parentheses qualifies a part ("Kabupaten A (22 lot)"); it is not one of the parts.
        parts = [f for f in nums if f.start > pos and f.role not in ("persen", "tahun") and not _in_parentheses(text, f)]
        tail = low[pos:]
        if not before or len(parts) < 2 or "masing-masing" in tail or not re.search(r"\b(dan|serta)\b", tail):
            continue
        total = before[-1]
        if total.value[0] != total.value[1] or any(p.value[0] != p.value[1] for p in parts):
            continue
        if any(p.role != total.role and (p.role in MEASURES or total.role in MEASURES) for p in parts):
            continue  # "12 daerah, yakni ... 22 lot": the parts count another thing
        if (total.role == "rp") != all(p.role == "rp" for p in parts):
            continue
        got = sum(p.value[0] for p in parts)
        if abs(got - total.value[0]) > 1e-6 * max(1.0, total.value[0]):
            return Inconsistency("total_parts", total.text, f"{' + '.join(_plain(p.value[0]) for p in parts)} = {_plain(got)}")
    return None


def _in_parentheses(text: str, f: Fact) -> bool:
    """Whether a fact sits inside an open parenthesis (nearest bracket before it is '(')."""
    before = text[:f.start]
    return before.rfind("(") > before.rfind(")")


def _plain(x: float) -> str:
    """A number written the Indonesian way: 1.500 and 2,5."""
    if x == int(x):
        return f"{int(x):,}".replace(",", ".")
    return f"{x:,.2f}".rstrip("0").replace(",", "_").replace(".", ",").replace("_", ".")
