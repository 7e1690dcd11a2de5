"""The corpus format: the columns of each file, the topics, and one problem record for every check."""

import re
from dataclasses import dataclass
from datetime import date

VERIFIED_COLUMNS = ["id", "text", "source", "date", "url", "title", "topic", "valid_until", "note"]
HOAX_COLUMNS = ["id", "text", "verdict", "source", "date", "url", "clarification", "topic", "note"]
LABELED_COLUMNS = ["id", "text", "label", "date", "source", "title"]
TOPICS = frozenset(
    "kesehatan bencana pemilu bansos rekrutmen phishing impersonasi regulasi_palsu perbankan pangan sara "
    "infrastruktur daerah teknologi keamanan".split()
)
MIN_TEXT_CHARS = 15
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.I)


@dataclass
class Problem:
    """One thing wrong in a corpus file, at a spreadsheet row (the header is row 1)."""

    file: str
    row: int
    message: str
    severity: str = "error"  # "error" stops training; "warning" is reported by corpus check

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}" if self.row else self.file
        return f"{where}: {self.message}"


def valid_date(value: str) -> bool:
    """Whether a value is a YYYY-MM-DD date."""
    try:
        date.fromisoformat(value)
        return len(value) == 10
    except ValueError:
        return False
