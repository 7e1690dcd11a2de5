"""Claims that contradict themselves: a weekday that does not fit its date, a percentage over 100, parts that do
not add up to their total. No corpus is needed."""

import re
from dataclasses import dataclass
from datetime import date

from hoaxcheck.text.dates import WEEKDAY_NAMES, dates, weekdays
from hoaxcheck.text.normalise import normalize
from hoaxcheck.text.numbers import Fact, numbers

# Words with which a percentage over 100 is ordinary: growth, and the coverage, realisation or target figures
# of official reports ("cakupan imunisasi ... 104,5 persen" is normal in a Dinkes report).
GROWTH_WORDS = (
    "naik",
    "kenaikan",
    "meningkat",
    "peningkatan",
    "tumbuh",
    "pertumbuhan",
    "bertambah",
    "melonjak",
    "lonjakan",
    "lipat",
    "target",
    "realisasi",
    "capaian",
    "melampaui",
    "melebihi",
    "dibanding",
    "cakupan",
    "surplus",
    "kinerja",
)


# Measures that count something other than a head count: a total in one never adds up parts in another.
MEASURES = frozenset("lot paket unit km kilometer meter m ha hektare ton kg kilogram liter rp persen".split())


PARTS_MARKERS = ("terdiri atas", "terdiri dari", "yakni", "yaitu", "meliputi", "dengan rincian", "rinciannya")


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
        candidates = [year] if year and day else []  # "Kamis, Juli 2024" names no day to check
        fits = []
        for y in candidates:
            try:
                fits.append(date(y, month, day).weekday())
            except ValueError:
                continue
        if fits and wd.value not in fits:
            when = f"{day}/{month}/{candidates[0]}"
            end = nxt.end + (text[nxt.end : nxt.end + 1] == ")")
            return Inconsistency("weekday_date", text[wd.start : end], f"{when}: {WEEKDAY_NAMES[fits[0]]}")
    nums = numbers(text, [(f.start, f.end) for f in ds])
    low = text.lower()
    for f in nums:
        # Written in words ("hoaks seribu persen"), a percentage is emphasis, not a figure.
        emphatic = not re.match(r"\d", f.text.strip())
        if f.role == "persen" and f.value[0] > 100 and not emphatic and not any(re.search(r"\b" + w, low) for w in GROWTH_WORDS):
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
    before = text[: f.start]
    return before.rfind("(") > before.rfind(")")


def _plain(x: float) -> str:
    """A number written the Indonesian way: 1.500 and 2,5."""
    if x == int(x):
        return f"{int(x):,}".replace(",", ".")
    return f"{x:,.2f}".rstrip("0").replace(",", "_").replace(".", ",").replace("_", ".")
