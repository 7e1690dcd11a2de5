"""One CSV reader for the corpus files, batch inputs and evaluation sets.

It reads what spreadsheets save: ',' or ';' separators (Indonesian-locale Excel uses ';'), quoted fields
with line breaks, fields as long as a whole draft. A record is complete when its quotes balance; a quote
that never closes (or stays open for MAX_RECORD_LINES lines) makes that one record an error, and reading
resumes at the next line, so one broken row never swallows the rest of the file. Rows are numbered as a
spreadsheet numbers them: the header is row 1.
"""

import csv
from collections import deque
from typing import Iterable, Iterator

from hoaxcheck.io.documents import MAX_BYTES

MAX_RECORD_LINES = 1000  # a quoted field open longer than this is a broken quote, not a field
csv.field_size_limit(MAX_BYTES)  # a field may hold a whole draft (the default limit is 128 KiB)


def sniff_delimiter(first_line: str) -> str:
    """The delimiter of a header line: ';' when it has more ';' than ',' (Indonesian-locale Excel), else ','."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


def records(lines: Iterable[str], delimiter: str) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """(row number, cells, None) per record, or (row number, None, error) for a record that cannot be read."""
    source = iter(lines)
    replay: deque[str] = deque()
    pending: list[str] = []
    quotes = 0
    number = 0

    def next_line() -> str | None:
        if replay:
            return replay.popleft()
        return next(source, None)

    while True:
        line = next_line()
        if line is None:
            if not pending:
                return
            # EOF inside a quoted field: the first line is a broken record; the rest is read again.
            number += 1
            yield number, None, "malformed CSV (a quote is never closed); check the quotes on that row"
            replay.extend(pending[1:])
            pending, quotes = [], 0
            continue
        pending.append(line)
        quotes += line.count('"')
        if quotes % 2 and len(pending) <= MAX_RECORD_LINES:
            continue  # inside a quoted field: the record goes on on the next line
        number += 1
        if quotes % 2:
            yield (
                number,
                None,
                f"malformed CSV (a quote open for {MAX_RECORD_LINES} lines); check the quotes on that row",
            )
            replay.extendleft(reversed(pending[1:]))
        else:
            try:
                cells = next(csv.reader(["".join(pending)], delimiter=delimiter, strict=True), [])
                yield number, cells, None
            except csv.Error as exc:
                yield number, None, f"malformed CSV ({exc}); check the quotes on that row"
        pending, quotes = [], 0
