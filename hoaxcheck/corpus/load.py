"""The corpus: verified statements, known hoaxes and labelled examples, read and validated in one place."""

import hashlib
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from hoaxcheck.corpus.schema import (
    HOAX_COLUMNS,
    LABELED_COLUMNS,
    MIN_TEXT_CHARS,
    TOPICS,
    URL,
    VERIFIED_COLUMNS,
    Problem,
    valid_date,
)
from hoaxcheck.errors import CorpusError, InputError
from hoaxcheck.io import recovery
from hoaxcheck.io.csvfile import records, sniff_delimiter
from hoaxcheck.io.decode import decode
from hoaxcheck.io.documents import read_limited

# A corpus file beyond this is refused with one line (train and corpus check hold a corpus in memory):
# 200 MB is about a million statements.
MAX_CORPUS_FILE_BYTES = 200 * 1024 * 1024

__all__ = ["HOAX_COLUMNS", "LABELED_COLUMNS", "VERIFIED_COLUMNS", "TOPICS", "Problem", "valid_date"]


@dataclass
class Corpus:
    """Rows of the three corpus files, as lists of dicts with every known column present."""

    verified: list[dict] = field(default_factory=list)
    hoaxes: list[dict] = field(default_factory=list)
    labeled: list[dict] = field(default_factory=list)
    files: dict[str, list[dict]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def data_hash(self) -> str:
        """sha256 of the parsed rows of every file, stable across line endings and encodings."""
        h = hashlib.sha256()
        for name in sorted(self.files):
            h.update(name.encode() + b"\0")
            rows = [public(r) for r in self.files[name]]
            h.update(json.dumps(rows, ensure_ascii=False, sort_keys=True).encode())
        return h.hexdigest()

    def newest_date(self) -> str:
        """The newest `date` among verified statements and known hoaxes, or an empty string."""
        dates = [r["date"] for r in self.verified + self.hoaxes if valid_date(r["date"])]
        return max(dates, default="")


def decode_text(data: bytes) -> tuple[str, str]:
    """CSV bytes as text (io/decode.py), and the codec it was read with."""
    d = decode(data, "csv")
    return d.text, d.encoding


def public(row: dict) -> dict:
    """A row without the reader's bookkeeping keys (`_row`, `_file`)."""
    return {k: v for k, v in row.items() if not k.startswith("_")}


def decode_csv(data: bytes, name: str) -> str:
    """Decode a CSV (io/decode.py: UTF-8 with or without BOM, UTF-16/32, else cp1252 as Excel writes it)."""
    try:
        return decode(data, name, binary_hint="save it as CSV UTF-8 from the spreadsheet").text
    except InputError as exc:
        raise CorpusError(str(exc)) from exc


def parse_csv(text: str, name: str, columns: list[str]) -> list[dict]:
    """Parse CSV text with ',' or ';' separators into dicts holding exactly `columns`."""
    delimiter = sniff_delimiter(text.split("\n", 1)[0])
    rows = []
    for number, cells, error in records(io.StringIO(text, newline=""), delimiter):
        if error:
            raise CorpusError(f"{name}, row {number}: {error}")
        rows.append(cells)
    if not rows:
        raise CorpusError(f"{name}: the file is empty; it needs a header row with at least id,text")
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in ("id", "text") if c not in header]
    if missing:
        raise CorpusError(f"{name}, row 1: missing column(s) {', '.join(missing)}; the header needs at least id,text")
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            raise CorpusError(
                f"{name}, row {number}: {len(row)} cells but the header has {len(header)}; "
                f"put quotes around texts that contain '{delimiter}'"
            )
        record = dict(zip(header, (cell.strip() for cell in row)))
        item = {c: record.get(c, "") for c in columns}
        item["_row"] = number
        out.append(item)
    return out


def read_rows(path: Path, columns: list[str]) -> list[dict]:
    """Read one corpus CSV file into dicts (with `_row`, the spreadsheet row number)."""
    try:
        data = read_limited(path, MAX_CORPUS_FILE_BYTES)
    except InputError as exc:
        raise CorpusError(str(exc).replace("'hoaxcheck batch'", "several files")) from exc
    return parse_csv(decode_csv(data, str(path)), str(path), columns)


NEAR_DUPLICATE = 0.9  # word TF-IDF cosine at or above which two texts count as the same statement


def validate(corpus: Corpus, deep: bool = False) -> list[Problem]:
    """Check every row of a corpus: ids, texts, labels, dates, URLs and topics.

    With `deep`, also look for exact and near-duplicate texts within a file, and for conflicts: a known
    hoax nearly identical to a verified statement with the same polarity.
    """
    problems: list[Problem] = []
    for name, rows in corpus.files.items():
        seen: dict[str, int] = {}
        for r in rows:
            row = r["_row"]
            if not r["id"]:
                problems.append(Problem(name, row, "empty id"))
            elif r["id"] in seen:
                problems.append(Problem(name, row, f"duplicate id '{r['id']}' (first at row {seen[r['id']]})"))
            else:
                seen[r["id"]] = row
            if not r["text"]:
                problems.append(Problem(name, row, "empty text"))
            elif len(r["text"]) < MIN_TEXT_CHARS:
                problems.append(
                    Problem(name, row, f"text too short ({len(r['text'])} characters, at least {MIN_TEXT_CHARS})", "warning")
                )
            if "label" in r and r["label"] not in ("hoax", "valid"):
                problems.append(Problem(name, row, f"label must be 'hoax' or 'valid', not '{r['label']}'"))
            for col in ("date", "valid_until"):
                if r.get(col) and not valid_date(r[col]):
                    problems.append(Problem(name, row, f"{col} '{r[col]}' is not a YYYY-MM-DD date", "warning"))
            if r.get("url") and not URL.match(r["url"]):
                problems.append(Problem(name, row, f"url '{r['url']}' is not an http(s) address", "warning"))
            if r.get("topic") and r["topic"] not in TOPICS:
                problems.append(Problem(name, row, f"unknown topic '{r['topic']}'", "warning"))
    if deep:
        problems.extend(_duplicates(corpus))
    return problems


def _similar_pairs(a: list[dict], b: list[dict] | None = None):
    """Pairs (i, j, cosine) of near-identical texts, within `a` or between `a` and `b`."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from hoaxcheck.text.normalise import clean

    texts = [r["text"] for r in a] + [r["text"] for r in (b or [])]
    if len(texts) < 2:
        return
    matrix = TfidfVectorizer(preprocessor=clean, token_pattern=r"\S+", ngram_range=(1, 2)).fit_transform(texts)
    left, right = matrix[: len(a)], (matrix[len(a) :] if b is not None else matrix[: len(a)])
    for start in range(0, len(a), 1000):
        block = (left[start : start + 1000] @ right.T).tocoo()
        for i, j, v in zip(block.row, block.col, block.data):
            i = int(i) + start
            if v >= NEAR_DUPLICATE and (b is not None or i < j):
                yield i, int(j), float(v)


def _duplicates(corpus: Corpus) -> list[Problem]:
    from hoaxcheck.text.polarity import same_polarity

    problems = []
    for name, rows in corpus.files.items():
        rows = [r for r in rows if r["text"]]
        for i, j, v in _similar_pairs(rows):
            what = "same text" if v > 0.999 else f"near-duplicate (similarity {v:.2f})"
            if what == "same text" or same_polarity(rows[i]["text"], rows[j]["text"]):
                problems.append(Problem(name, rows[j]["_row"], f"{what} as row {rows[i]['_row']}", "warning"))
    hoaxes = [r for r in corpus.hoaxes if r["text"]]
    verified = [r for r in corpus.verified if r["text"]]
    for i, j, v in _similar_pairs(hoaxes, verified):
        if same_polarity(hoaxes[i]["text"], verified[j]["text"]):
            problems.append(
                Problem(
                    hoaxes[i]["_file"],
                    hoaxes[i]["_row"],
                    f"conflict: nearly identical (similarity {v:.2f}) to {verified[j]['_file']} "
                    f"row {verified[j]['_row']} with the same polarity",
                )
            )
    return problems


def summarize(corpus: Corpus) -> dict:
    """Counts per file, source and topic, and the dates the corpus covers."""
    from collections import Counter

    rows = corpus.verified + corpus.hoaxes + corpus.labeled
    dates = sorted(r["date"] for r in rows if valid_date(r.get("date", "")))
    return {
        "files": {name: len(rs) for name, rs in corpus.files.items()},
        "sources": dict(Counter(r.get("source") or "-" for r in rows).most_common()),
        "topics": dict(Counter(r.get("topic") or "-" for r in corpus.verified + corpus.hoaxes).most_common()),
        "dates": {
            "first": dates[0] if dates else None,
            "last": dates[-1] if dates else None,
            "dated_rows": len(dates),
            "rows": len(rows),
        },
    }


def special_kind(path: Path) -> str:
    """What a path that exists but is not a regular file is, for a one-line message."""
    if path.is_dir():
        return "a folder"
    return "a broken link" if path.is_symlink() and not path.exists() else "a pipe, device or socket"


def load(data_dir: str | Path) -> Corpus:
    """Read a corpus folder (any of verified.csv, hoaxes.csv, labeled/*.csv may be missing) and validate it."""
    root = Path(data_dir)
    if not root.is_dir():
        raise CorpusError(f"{data_dir}: corpus folder not found; give --data with verified.csv and/or hoaxes.csv")
    recovery.recover(root)  # complete an import that a killed run left half-renamed (io/recovery.py)
    corpus = Corpus()
    sources = [(root / "verified.csv", VERIFIED_COLUMNS, "verified"), (root / "hoaxes.csv", HOAX_COLUMNS, "hoaxes")]
    sources += [(p, LABELED_COLUMNS, "labeled") for p in sorted((root / "labeled").glob("*.csv"))]
    for path, columns, target in sources:
        if not path.is_file() and os.path.lexists(path):
            raise CorpusError(f"{path}: is {special_kind(path)}, not a CSV file; move it out of the corpus folder")
        if path.is_file():
            name = path.relative_to(root).as_posix()
            rows = read_rows(path, columns)
            for r in rows:
                r["_file"] = name
            corpus.files[name] = rows
            getattr(corpus, target).extend(rows)
    if not corpus.files:
        raise CorpusError(f"{data_dir}: no corpus files; it needs verified.csv, hoaxes.csv or labeled/*.csv")
    corpus.problems = validate(corpus)
    return corpus
