"""Dates and weekdays in Indonesian text: 28/11, 28/11/2019, 28 November 2019, 2019-11-28, Kamis."""

import re

from hoaxcheck.text.numbers import Fact, overlaps

MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "pebruari": 2,
    "feb": 2,
    "maret": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "agustus": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "nopember": 11,
    "desember": 12,
    "des": 12,
}


WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6, "ahad": 6}


WEEKDAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))


_DATE_LONG = re.compile(r"\b(\d{1,2})\s+(" + _MONTH_ALT + r")\.?(?:\s+(\d{4}))?\b", re.I)


_MONTH_YEAR = re.compile(r"\b(" + _MONTH_ALT + r")\.?\s+(\d{4})\b", re.I)


_DATE_SLASH = re.compile(r"(?<![\w/.])(\d{1,2})[/-](\d{1,2})(?:[/-](\d{4}|\d{2}))?(?![\w/])")


_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


_WEEKDAY = re.compile(r"\b(Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu|Ahad)\b")


_YEAR = re.compile(r"(?<![\w.,/-])(19[5-9]\d|20\d\d)(?![\w/-]|[.,]\d)")


def dates(text: str) -> list[Fact]:
    """Dates: 28/11, 28/11/2019, 28 November 2019, 2019-11-28, November 2019 (value (day or None, month, year or None))."""
    out: list[Fact] = []
    spans: list[tuple[int, int]] = []

    def add(m, day, month, year):
        if (day is None or 1 <= day <= 31) and 1 <= month <= 12 and not overlaps(spans, m.start(), m.end()):
            if year is not None and year < 100:
                year += 2000
            # A month of a year is compared only with months of years: "Juni 2020" in a text about an
            # April-June programme does not contradict its announcement on "9 April 2020".
            role = "date" if day is not None else "month"
            out.append(Fact("date", role, (day, month, year), m.group(0), m.start(), m.end()))
            spans.append((m.start(), m.end()))

    for m in _DATE_ISO.finditer(text):
        add(m, int(m.group(3)), int(m.group(2)), int(m.group(1)))
    for m in _DATE_LONG.finditer(text):
        add(m, int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3)) if m.group(3) else None)
    for m in _MONTH_YEAR.finditer(text):
        add(m, None, MONTHS[m.group(1).lower()], int(m.group(2)))  # "pada Juli 2022": a month of a year
    for m in _DATE_SLASH.finditer(text):
        before = text[max(0, m.start() - 12) : m.start()]
        # A bare d/m is a date only in a dateline "(28/11)", after a weekday or "tanggal", or with its year.
        if m.group(3) or before.endswith("(") or _WEEKDAY.search(before) or re.search(r"(tanggal|tgl\.?)\s*$", before, re.I):
            add(m, int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
    return sorted(out, key=lambda f: f.start)


def weekdays(text: str) -> list[Fact]:
    """Capitalised weekday names (lower-case "minggu" is a week, not Sunday)."""
    out = []
    for m in _WEEKDAY.finditer(text):
        if m.group(1) == "Minggu" and re.match(r"\s+(depan|lalu|ini|ke|pertama|kedua)", text[m.end() :]):
            continue
        out.append(Fact("weekday", "", WEEKDAYS[m.group(1).lower().replace("’", "'")], m.group(1), m.start(), m.end()))
    return out
