"""Amounts in Indonesian text: digits (1.500, 2,5), Rp, persen/%, scale and number words, rough amounts and
qualifiers as ranges, each with its role (what it counts)."""

import re
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][\w'’.-]*")


INF = float("inf")


UNITS = {
    "nol": 0,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}


SE_WORDS = {"sepuluh": 10, "sebelas": 11, "seratus": 100}


SCALES = {"ribu": 1e3, "rb": 1e3, "juta": 1e6, "jt": 1e6, "miliar": 1e9, "milyar": 1e9, "triliun": 1e12}


SE_SCALES = {"seribu": 1e3, "sejuta": 1e6, "semiliar": 1e9, "setriliun": 1e12}


APPROX = {
    "puluhan": (10, 100),
    "belasan": (11, 20),
    "ratusan": (100, 1000),
    "ribuan": (1e3, 1e6),
    "puluhan ribu": (1e4, 1e5),
    "ratusan ribu": (1e5, 1e6),
    "jutaan": (1e6, 1e9),
    "puluhan juta": (1e7, 1e8),
    "ratusan juta": (1e8, 1e9),
    "miliaran": (1e9, 1e12),
    "triliunan": (1e12, 1e15),
}


AROUND = ("sekitar", "kurang lebih", "lebih kurang", "kira-kira", "hampir", "mendekati", "nyaris", "±", "sekira")


AT_LEAST = ("lebih dari", "di atas", "sedikitnya", "setidaknya", "minimal", "sekurang-kurangnya", "paling sedikit")


AT_MOST = ("kurang dari", "di bawah", "maksimal", "paling banyak", "hingga", "sampai", "sebanyak-banyaknya")


CLASSIFIERS = frozenset("orang buah ekor unit lembar butir biji batang pasang paket".split())


# Words after a number that say nothing about what is counted.
NOT_ROLES = frozenset(
    """dan di ke dari yang atau serta dengan untuk pada dalam oleh sama lain itu ini tersebut adalah
    akan telah sudah juga lagi pun saja hari kali""".split()
)


_DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?(?:\.\d{1,2}(?!\d))?"


_SCALE_ALT = "|".join(sorted(SCALES, key=len, reverse=True))


_NUMBER = re.compile(
    r"(?<![\w.,/-])(?P<rp>rp\.?\s?)?(?P<num>" + _DIGITS + r")(?![\w/-]|[.,]\d)"
    r"(?:\s?(?P<pct>%)|\s*(?P<scale>" + _SCALE_ALT + r")\b)?",
    re.I,
)


@dataclass(frozen=True)
class Fact:
    """One comparable fact: kind (number, date, weekday, title, person, place), role, value and its words."""

    kind: str
    role: str
    value: object
    text: str
    start: int = 0
    end: int = 0


def parse_number(s: str) -> float:
    """An Indonesian numeral as a float: 1.500 -> 1500, 2,5 -> 2.5, 1.500.000,75 -> 1500000.75."""
    s = s.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        return float(s.replace(".", "").replace(",", "."))
    return float(s.replace(",", "."))


def parse_words(text: str) -> float | None:
    """A number written in Indonesian words ("dua ratus lima puluh ribu"), or None when it is not one."""
    tokens = text.lower().split()
    if not tokens:
        return None
    total, group, unit, seen = 0.0, 0.0, 0.0, False
    for tok in tokens:
        if tok in UNITS:
            if unit:
                return None
            unit, seen = UNITS[tok], True
        elif tok in SE_WORDS:
            group, seen = group + SE_WORDS[tok], True
        elif tok == "belas" and unit:
            group, unit = group + unit + 10, 0
        elif tok == "puluh" and unit:
            group, unit = group + unit * 10, 0
        elif tok == "ratus" and unit:
            group, unit = group + unit * 100, 0
        elif tok in SE_SCALES:
            total, seen = total + SE_SCALES[tok], True
        elif tok in SCALES and seen:
            total, group, unit = total + ((group + unit) or 1) * SCALES[tok], 0, 0
        else:
            return None
    return total + group + unit if seen else None


def _word_number_spans(text: str) -> list[tuple[int, int, tuple[float, float]]]:
    """Spans of number words and approximate words ("ratusan") with their intervals."""
    vocab = set(UNITS) | set(SE_WORDS) | set(SE_SCALES) | set(SCALES) | {"belas", "puluh", "ratus"}
    out = []
    tokens = list(re.finditer(r"[a-z]+", text.lower()))
    i = 0
    while i < len(tokens):
        tok = tokens[i].group()
        two = tok + " " + tokens[i + 1].group() if i + 1 < len(tokens) else ""
        if two in APPROX and tokens[i + 1].start() - tokens[i].end() == 1:
            out.append((tokens[i].start(), tokens[i + 1].end(), APPROX[two]))
            i += 2
            continue
        if tok in APPROX:
            out.append((tokens[i].start(), tokens[i].end(), APPROX[tok]))
            i += 1
            continue
        j = i
        while j < len(tokens) and tokens[j].group() in vocab and (j == i or tokens[j].start() - tokens[j - 1].end() == 1):
            j += 1
        # Longest prefix that parses ("dua narasumber" -> dua; "satu sama lain" -> satu).
        while j > i:
            value = parse_words(" ".join(t.group() for t in tokens[i:j]))
            if value is not None:
                out.append((tokens[i].start(), tokens[j - 1].end(), (value, value)))
                break
            j -= 1
        i = max(j, i + 1)
    return out


def _qualify(text: str, start: int, lo: float, hi: float) -> tuple[float, float]:
    """Widen an exact amount by a preceding "sekitar", "lebih dari", "hingga", ..."""
    before = text[max(0, start - 25) : start].lower().rstrip()
    if lo != hi:
        return lo, hi
    if before.endswith(AROUND):
        return lo * 0.8, hi * 1.2
    if before.endswith(AT_LEAST):
        return lo, INF
    if before.endswith(AT_MOST):
        return 0.0, hi
    return lo, hi


def _role_after(text: str, end: int) -> tuple[str, int]:
    """The word that says what a number counts, and where it ends: "500 peserta" -> peserta."""
    if text[end:].lstrip()[:1] in ",;:)(":
        return "", end
    words = list(_WORD.finditer(text, end, min(len(text), end + 60)))
    for i, m in enumerate(words[:2]):
        if text[end if i == 0 else words[i - 1].end() : m.start()].strip():
            return "", end  # punctuation between: the number stands alone
        w = m.group().lower().strip(".,'’")
        if (
            w in CLASSIFIERS
            and i + 1 < len(words)
            and words[i + 1].group().lower().strip(".,") not in NOT_ROLES
            and not text[m.end() : words[i + 1].start()].strip()
            and not m.group().endswith((".", ","))
        ):
            continue  # "dua orang narasumber" counts narasumber
        if w in NOT_ROLES or w in SCALES:
            return (w, m.end()) if w in CLASSIFIERS else ("", end)
        return w, m.start() + len(m.group().rstrip(".,"))
    return "", end


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the spans (already read as another fact)."""
    return any(s < end and start < e for s, e in spans)


def numbers(text: str, taken: list[tuple[int, int]] | None = None) -> list[Fact]:
    """Amounts with their role (what they count): digits, Rp, persen/%, scale words, number words."""
    taken = list(taken or [])
    out: list[Fact] = []
    for m in _NUMBER.finditer(text):
        if overlaps(taken, m.start(), m.end()):
            continue
        raw = m.group("num")
        before = text[max(0, m.start() - 12) : m.start()].lower()
        after = text[m.end() : m.end() + 12].lower()
        if re.search(r"(pukul|jam)\s*$", before) or re.match(r"\s*(wib|wita|wit)\b", after):
            continue  # a time of day
        if re.search(r"(nomor|no\.?|pasal|ayat|nomer|ke-?)\s*$", before) or text[m.start() - 1 : m.start()] == "#":
            continue  # an identifier, not an amount
        if re.search(r"(nomor|no\.?|nomer)\s*\d+\s*(/\s*)?tahun\s*$", text[max(0, m.start() - 30) : m.start()].lower()):
            continue  # the year of a regulation ("UU Nomor 23 Tahun 2006") names it, it is not a date
        try:
            value = parse_number(raw)
        except ValueError:  # a malformed numeral ("1,10.7") is no fact; the claim is still judged
            continue
        if m.group("scale"):
            value *= SCALES[m.group("scale").lower()]
        role, role_end = _role_after(text, m.end())
        label = text[m.start() : role_end].strip() if role else m.group(0).strip()
        if m.group("pct") or role == "persen":
            role = "persen"
        elif m.group("rp") or role in ("rupiah", "rp"):
            role = "rp"
        elif not m.group("scale") and re.fullmatch(r"(19[5-9]\d|20\d\d)", raw):
            role, label = "tahun", raw
        if not role:
            continue
        lo, hi = _qualify(text, m.start(), value, value)
        out.append(Fact("number", role, (lo, hi), label, m.start(), m.end()))
        taken.append((m.start(), m.end()))
    for start, end, (lo, hi) in _word_number_spans(text):
        if overlaps(taken, start, end) or text[start : start + 1].isupper() and start > 0 and text[start - 2 : start] != ". ":
            continue
        role, role_end = _role_after(text, end)
        if not role:
            continue
        lo, hi = _qualify(text, start, lo, hi)
        out.append(Fact("number", role, (lo, hi), text[start:role_end].strip(), start, end))
    return sorted(out, key=lambda f: f.start)
