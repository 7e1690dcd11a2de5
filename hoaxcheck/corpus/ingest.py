"""Growing the corpus: published releases (`add`) and bulk rows or ClaimReview JSON (`import`).

Every new row is checked against the corpus before anything is written: exact duplicates (same id or same
normalised text), near-duplicates (retrieval similarity, the mean of the word and character cosines, at or
above corpus.NEAR_DUPLICATE, with the same polarity) and, for
verified statements, repeats of a known hoax (the verdict `score` would give: `known_hoax`). Files are
appended atomically: the old bytes are copied unchanged into a temporary file in the same folder, the new
rows follow in the file's own encoding, delimiter and line ending, and the temporary file replaces the old
one only after an fsync. A crash or Ctrl-C before that leaves the file exactly as it was. An import that
feeds several files (`append_many`) writes every temporary file first and renames them together under a
journal (io/recovery.py), so a crash between two renames is completed by the next run.
"""

import codecs
import csv
import hashlib
import io
import json
import os
import re
from collections import Counter
from pathlib import Path

from hoaxcheck.corpus import claimreview
from hoaxcheck.corpus import load as corpus_lib
from hoaxcheck.errors import CorpusError, InputError
from hoaxcheck.io import recovery
from hoaxcheck.io.csvfile import sniff_delimiter
from hoaxcheck.text.normalise import normalize

META_KEYS = ("source", "date", "url", "title")
KINDS = {
    "verified": ("verified.csv", corpus_lib.VERIFIED_COLUMNS),
    "hoaxes": ("hoaxes.csv", corpus_lib.HOAX_COLUMNS),
    "labeled": ("labeled/imported.csv", corpus_lib.LABELED_COLUMNS),
}


_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_META_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")

# ---------------------------------------------------------------- front matter and releases


def parse_front_matter(text: str) -> dict:
    """The source/date/url/title of a `---` block at the top of a .md/.txt (other keys are ignored)."""
    m = _FRONT.match(text)
    if not m:
        return {}
    meta = {}
    for line in m.group(1).splitlines():
        kv = _META_LINE.match(line)
        if kv and kv.group(1).lower() in META_KEYS:
            value = kv.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            meta[kv.group(1).lower()] = value
    return meta


def statement_id(meta: dict, text: str) -> str:
    """A stable id from the release (source, date, title) and the statement's normalised text."""
    key = "\n".join([meta.get("source", ""), meta.get("date", ""), meta.get("title", ""), normalize(text).casefold()])
    return "rel-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def release_rows(path: str, overrides: dict) -> list[dict]:
    """Split one published release into verified.csv rows; flags in `overrides` win over front matter."""
    from hoaxcheck.io.documents import read_input
    from hoaxcheck.text.splitter import display, split

    doc = read_input(path)
    meta = parse_front_matter(doc.text) if doc.kind == "txt" else {}
    meta.update({k: v for k, v in overrides.items() if v})
    if not meta.get("source"):
        raise InputError(f"{path}: no source; give --source or a 'source:' line in the front matter")
    if meta.get("date") and not corpus_lib.valid_date(meta["date"]):
        raise InputError(f"{path}: date '{meta['date']}' is not YYYY-MM-DD; fix --date or the 'date:' line")
    name = "<stdin>" if path == "-" else Path(path).name
    rows = []
    for seg in split(doc):
        if seg.kind != "claim":
            continue
        text = display(doc, seg)
        rows.append(
            {
                "id": statement_id(meta, text),
                "text": text,
                "source": meta["source"],
                "date": meta.get("date", ""),
                "url": meta.get("url", ""),
                "title": meta.get("title", ""),
                "topic": "",
                "valid_until": "",
                "note": f"release {name}",
            }
        )
    return rows


# ---------------------------------------------------------------- CSV and ClaimReview imports


def import_rows(path: str, kind: str | None) -> tuple[dict[str, list[dict]], Counter]:
    """Read a corpus-format CSV (needs kind) or ClaimReview JSON into rows per kind, plus skipped counts."""
    if kind is not None and kind not in KINDS:
        raise InputError(f"--kind must be one of {', '.join(KINDS)}, not '{kind}'")
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: file not found; check the name and folder")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}); check its permissions") from exc
    if p.suffix.lower() == ".json" or data.lstrip(codecs.BOM_UTF8 + b" \t\r\n")[:1] in (b"{", b"["):
        try:
            parsed = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise InputError(f"{path}: not valid JSON ({exc}); export it again") from exc
        except RecursionError as exc:  # thousands of nested [ or {: no ClaimReview export looks like that
            raise InputError(f"{path}: JSON nested too deeply to be ClaimReview; export it again; nothing was written") from exc
        try:
            return claimreview.claimreview_rows(parsed, kind)
        except InputError as exc:
            raise InputError(f"{path}: {exc}; nothing was written") from exc
        except RecursionError as exc:
            raise InputError(f"{path}: not ClaimReview JSON (nested too deeply); nothing was written") from exc
    if kind is None:
        raise InputError(f"{path}: a CSV import needs --kind hoaxes, verified or labeled")
    rows = corpus_lib.parse_csv(corpus_lib.decode_csv(data, path), path, KINDS[kind][1])
    check_rows(path, rows)
    return {kind: [corpus_lib.public(r) for r in rows]}, Counter()


def check_rows(name: str, rows: list[dict]) -> None:
    """Validate incoming rows with the corpus validator; raise on the first error, naming the row."""
    for r in rows:
        r.setdefault("_row", 0)
    errors = [p for p in corpus_lib.validate(corpus_lib.Corpus(files={name: rows})) if p.severity == "error"]
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise CorpusError(f"{errors[0]}{more}; nothing was written")


# ---------------------------------------------------------------- atomic CSV append


def _write_chunks(fh, chunks: list[bytes]) -> None:
    # Its own function so that the interruption tests can stop a write half-way.
    for chunk in chunks:
        fh.write(chunk)


def _temp(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _write_temp(path: Path, chunks: list[bytes]) -> Path:
    """Write bytes to a temporary file beside `path` and fsync it; return the temporary file."""
    tmp = _temp(path)
    try:
        with open(tmp, "wb") as fh:
            _write_chunks(fh, chunks)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            import shutil

            shutil.copymode(path, tmp)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def write_atomic(path: Path, chunks: list[bytes]) -> None:
    """Write bytes to a temporary file beside `path`, fsync it, then rename it over `path`."""
    write_many([(path, chunks)])


def write_many(files: list[tuple[Path, list[bytes]]]) -> None:
    """Replace several files all or nothing: every temporary file first, then the journaled renames."""
    temps: list[Path] = []
    try:
        for path, chunks in files:
            temps.append(_write_temp(path, chunks))
    except BaseException:
        for t in temps:
            t.unlink(missing_ok=True)
        raise
    recovery.commit(corpus_root(files[0][0]), [(t, p) for t, (p, _) in zip(temps, files)])


def corpus_root(path: Path) -> Path:
    """The corpus folder of a corpus file (labeled/*.csv files are one level down)."""
    parent = Path(path).parent
    return parent.parent if parent.name == "labeled" else parent


def recover(data_dir: str | Path) -> None:
    """Complete an interrupted multi-file write of a corpus folder, then remove dead runs' temporary files."""
    root = Path(data_dir)
    if root.is_dir():
        recovery.recover(root)
        for folder in (root, root / "labeled"):
            recovery.clean_leftovers(folder)


def _encode(path: Path, columns: list[str], rows: list[dict]) -> tuple[list[bytes], list[str]]:
    """The new bytes of a CSV with rows appended (old bytes unchanged first), and the dropped-column warnings."""
    if os.path.lexists(path) and not path.is_file():
        raise CorpusError(
            f"{path}: is {corpus_lib.special_kind(path)}, not a CSV file; move it out of the corpus folder; nothing was written"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # the folder is created only when there is a row to write
        data = path.read_bytes() if path.is_file() else b""
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read or create ({exc.strerror}); nothing was written") from exc
    if data.strip(codecs.BOM_UTF8 + b" \r\n"):
        text, encoding = corpus_lib.decode_text(data)
        if encoding.startswith(("utf-16", "utf-32")):
            raise CorpusError(f"{path}: is saved as {encoding.upper()}; save it as CSV UTF-8 and run again; nothing was written")
        encoding = "utf-8" if encoding == "utf-8-sig" else encoding  # the BOM is in the copied bytes already
        first = text.split("\n", 1)[0]
        delimiter = sniff_delimiter(first)
        newline = "\r\n" if first.endswith("\r") else "\n"
        header = next(csv.reader([first.rstrip("\r")], delimiter=delimiter))
        prefix = data if data.endswith((b"\n", b"\r")) else data + newline.encode()
    else:
        encoding, delimiter, newline, header = "utf-8", ",", "\n", list(columns)
        prefix = data + (",".join(columns) + "\n").encode()
    keys = [h.strip().lower() for h in header]
    dropped = sorted({k for r in rows for k, v in r.items() if v and k not in keys and not k.startswith("_")})
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=newline)
    for r in rows:
        writer.writerow([r.get(k, "") for k in keys])
    try:
        body = buf.getvalue().encode(encoding)
    except UnicodeEncodeError as exc:
        raise CorpusError(
            f"{path}: is saved as {encoding} and cannot hold '{exc.object[exc.start : exc.end]}'; "
            "save it as CSV UTF-8 and run again; nothing was written"
        ) from exc
    return [prefix, body], [f"{path}: has no column '{k}'; its values were not written" for k in dropped]


def append_rows(path: Path, columns: list[str], rows: list[dict]) -> list[str]:
    """Append rows to a CSV atomically, keeping its bytes, columns, encoding, BOM, delimiter and line ending.

    A new file is written as UTF-8 without a BOM, ',' separated, '\\n' line endings, with `columns`.
    Returns warnings (values dropped because the file has no such column).
    """
    return append_many([(path, columns, rows)])


def append_many(plans: list[tuple[Path, list[str], list[dict]]]) -> list[str]:
    """Append rows to several CSV files of one corpus folder, all or nothing (io/recovery.py: the journal).

    Every file's new bytes are prepared and checked first; then the temporary files are written and
    fsynced, and only then renamed together. The caller holds the folder's lock; an interrupted earlier
    write is completed and dead runs' temporary files removed before anything else.
    """
    plans = [(Path(p), c, r) for p, c, r in plans if r]
    if not plans:
        return []
    recover(corpus_root(plans[0][0]))
    files, warnings = [], []
    for path, columns, rows in plans:
        chunks, dropped = _encode(path, columns, rows)
        files.append((path, chunks))
        warnings += dropped
    try:
        write_many(files)
    except OSError as exc:
        name = exc.filename or files[0][0]
        raise CorpusError(f"{name}: cannot write ({exc.strerror or exc}); nothing was written") from exc
    return warnings


def load_corpus(data_dir: str | Path):
    """The corpus in data_dir, or an empty one when the folder (or any corpus file in it) does not exist yet."""
    root = Path(data_dir)
    if root.exists() and not root.is_dir():
        raise CorpusError(f"{data_dir}: is a file, not a folder; give --data a corpus folder")
    recover(root)  # add and import read the corpus under the folder's lock: finish what a killed run left
    try:
        return corpus_lib.load(root)
    except CorpusError:
        if any(os.path.lexists(root / name) for name in ("verified.csv", "hoaxes.csv")) or list(root.glob("labeled/*.csv")):
            raise
        return corpus_lib.Corpus()
