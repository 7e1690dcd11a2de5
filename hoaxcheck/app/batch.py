"""Batch scoring: many texts from a CSV, one output row per input row, read in chunks so memory stays bounded."""

import csv
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from hoaxcheck.engine.records import DEFAULT_FAIL_ON, VERDICTS, Claim, Evidence, severity
from hoaxcheck.engine.scorer import Scorer
from hoaxcheck.errors import HoaxcheckError, InputError
from hoaxcheck.io import csvfile
from hoaxcheck.io.csvfile import sniff_delimiter
from hoaxcheck.io.decode import stream_codec

OUTPUT_COLUMNS = ["id", "verdict", "hoax_probability", "top_id", "top_kind", "top_similarity", "error"]
CHUNK_ROWS = 500  # rows scored together: big enough to vectorise, small enough to keep the similarity matrix small
SNIFF_BYTES = 65536
ERROR = "error"


@dataclass
class Row:
    """One input record: its spreadsheet row number (the header is row 1), id, text and any extra columns."""

    number: int
    id: str
    text: str
    extra: dict = field(default_factory=dict)
    error: str | None = None


def read_chunks(
    source: BinaryIO,
    name: str,
    text_column: str = "text",
    id_column: str = "id",
    extra_columns: Iterable[str] = (),
    chunk_rows: int = CHUNK_ROWS,
    required: Iterable[str] = (),
) -> Iterator[list[Row]]:
    """Check the header of a CSV now, then yield its rows in chunks; a malformed row becomes a Row with an error.

    The header is read before this returns, so a caller can refuse a bad file before writing any output.
    """
    buffered = source if hasattr(source, "peek") else io.BufferedReader(source, SNIFF_BYTES)
    sample = buffered.peek(SNIFF_BYTES)[:SNIFF_BYTES]
    if not sample.strip():
        raise InputError(f"{name}: the file is empty; it needs a header row with a '{text_column}' column")
    if b"\x00" in sample[:4096]:
        raise InputError(f"{name}: not a CSV text file (binary data); save it as CSV UTF-8 from the spreadsheet")
    encoding = stream_codec(sample)
    first = sample.decode(encoding, errors="replace").lstrip("\ufeff").split("\n", 1)[0]
    delimiter = sniff_delimiter(first)
    # errors="replace": one stray byte later in a huge file must not stop the run.
    stream = io.TextIOWrapper(buffered, encoding=encoding, errors="replace", newline="")
    rows = csvfile.records(_unbom(stream), delimiter)
    try:
        _, cells, error = next(rows, (1, None, "the file is empty"))
        if cells is None:
            raise InputError(f"{name}, row 1: cannot read the header row; it needs a '{text_column}' column")
        header = [h.strip().lower() for h in cells]
        columns = {h: i for i, h in reversed(list(enumerate(header)))}
        if text_column.lower() not in columns:
            raise InputError(
                f"{name}, row 1: no '{text_column}' column (found: {', '.join(header)}); give --text-column with the right name"
            )
        missing = [c for c in required if c.lower() not in columns]
        if missing:
            raise InputError(f"{name}, row 1: missing column(s) {', '.join(missing)} (found: {', '.join(header)})")
    except BaseException:
        stream.detach()  # closing the wrapper would close the caller's stream (stdin, say)
        raise
    extras = {c: columns.get(c.lower()) for c in extra_columns}
    return _detaching(
        stream,
        _chunks(rows, header, columns[text_column.lower()], columns.get(id_column.lower()), extras, delimiter, chunk_rows),
    )


def _detaching(stream: io.TextIOWrapper, chunks: Iterator[list[Row]]) -> Iterator[list[Row]]:
    try:
        yield from chunks
    finally:
        stream.detach()  # closing the wrapper would close the caller's stream (stdin, say)


def _unbom(lines: Iterator[str]) -> Iterator[str]:
    """The lines of a stream, without a BOM (or a doubled one) at the start of the first."""
    first = True
    for line in lines:
        yield line.lstrip("\ufeff") if first else line
        first = False


def _chunks(rows, header, text_at, id_at, extras, delimiter, chunk_rows) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for number, cells, error in rows:
        if error is not None:
            # The id cell cannot be read, so the row is named by its spreadsheet row number.
            chunk.append(Row(number, str(number), "", error=error))
        elif not any(c.strip() for c in cells):
            continue  # a blank line is a blank spreadsheet row: nothing to score, but it keeps its number
        else:
            chunk.append(_row(number, cells, header, text_at, id_at, extras, delimiter))
        if len(chunk) >= chunk_rows:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _row(number: int, cells: list[str], header: list[str], text_at: int, id_at: int | None, extras: dict, delimiter: str) -> Row:
    def cell(i: int | None) -> str:
        return cells[i].strip() if i is not None and i < len(cells) else ""

    row = Row(
        number,
        cell(id_at) if id_at is not None else str(number),
        cell(text_at),
        {c: cell(i) for c, i in extras.items()},
    )
    if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
        row.error = f"{len(cells)} cells but the header has {len(header)}; put quotes around texts that contain '{delimiter}'"
    elif not row.text:
        row.error = "empty text"
    return row


def deciding_evidence(claim: Claim) -> Evidence | None:
    """The evidence item behind a verdict: the matched hoax, the verified statement, else the closest item."""
    kind = {"known_hoax": "hoax", "refutes_hoax": "hoax", "supported": "verified", "contradicted": "verified"}
    wanted = kind.get(claim.verdict)
    return next((e for e in claim.evidence if wanted is None or e.kind == wanted), None)


def _record(row: Row, claim: Claim | None, probability: float | None = None) -> dict:
    out = {
        "id": row.id,
        "verdict": ERROR,
        "hoax_probability": None,
        "top_id": None,
        "top_kind": None,
        "top_similarity": None,
        "error": row.error,
    }
    if claim is not None:
        top = deciding_evidence(claim)
        out.update(verdict=claim.verdict, hoax_probability=claim.hoax_probability if probability is None else probability)
        if top is not None:
            out.update(top_id=top.id, top_kind=top.kind, top_similarity=top.similarity)
    return out


def _document(row: Row):
    """A row's text as a Document, for the core splitter."""
    from hoaxcheck.io import documents as document

    return document.from_text(row.text, f"row {row.number}")


def _decide_row(row: Row, claims: list[Claim]) -> dict:
    """A split row takes its most severe claim; its probability is that of its most hoax-like claim."""
    if not claims:
        return _record(row, Claim(text=row.text, verdict="not_a_claim"))
    deciding = min(claims, key=lambda c: (severity(c.verdict), -(e.similarity if (e := deciding_evidence(c)) else 0.0)))
    probs = [c.hoax_probability for c in claims if c.hoax_probability is not None]
    # The most hoax-like claim's probability ranks documents sensibly (ROC-AUC in evaluate --split).
    return _record(row, deciding, max(probs) if probs else None)


def _part_overrides(whole: Claim, parts: list[Claim]) -> bool:
    """Whether a part of a message is flagged (or inconsistent) more severely than the whole message: a denial
    whose whole text refutes a hoax stays `refutes_hoax` though its other sentences are merely unverified."""
    worst = min(severity(c.verdict) for c in parts)
    return worst < severity(whole.verdict) and VERDICTS[worst] in DEFAULT_FAIL_ON


def score_rows(scorer: Scorer, rows: list[Row], split: bool = False) -> list[dict]:
    """Score a chunk of rows in one vectorised pass; a row takes the most severe verdict of what was matched.

    Without `split` a row is a message, matched whole and (with several sentences) by its sentences and
    windows, as `score` does; with `split` a row is a document: only its claims and windows are matched.
    """
    ok = [row for row in rows if row.error is None]
    docs = {}
    for row in ok:
        try:
            docs[id(row)] = _document(row)
        except HoaxcheckError as exc:
            if split:
                row.error = str(exc)  # a document that cannot be read; a message is judged as one text below
    if split:
        scored = dict(zip(docs, scorer.score_documents(list(docs.values()))))
        return [_record(row, None) if row.error else _decide_row(row, scored[id(row)]) for row in rows]
    parts, whole, empty = {}, {}, set()
    for key, (claims, run) in zip(docs, scorer.score_messages(list(docs.values()))):
        said = [c for c in claims if c.verdict != "not_a_claim"]
        parts[key] = claims
        # The message read as one text: its run of claims (greetings and sign-offs left out), or its one claim;
        # a message of more than 8 claims, or of none, is matched as it stands below.
        whole[key] = run if run is not None else said[0] if len(said) == 1 else None
        if not said:
            empty.add(key)
    rest = [r for r in ok if whole.get(id(r)) is None]
    whole.update(zip((id(r) for r in rest), scorer.score_texts([r.text for r in rest])))

    def decide(row: Row) -> dict:
        w, p = whole[id(row)], parts.get(id(row))
        if id(row) in empty:  # nothing check-worthy; the probability still ranks the row (evaluate's ROC-AUC)
            return _record(row, Claim(text=row.text, verdict="not_a_claim"), w.hoax_probability)
        return _decide_row(row, [w, *p]) if p and _part_overrides(w, p) else _record(row, w)

    return [_record(row, None) if row.error else decide(row) for row in rows]


_WORKER_SCORERS: dict = {}


def _score_in_worker(model_path: str, thresholds: dict | None, rows: list[Row], split: bool) -> list[dict]:
    """Score a chunk in a joblib worker, loading the model once per worker process."""
    key = (model_path, json.dumps(thresholds, sort_keys=True))
    if key not in _WORKER_SCORERS:
        from hoaxcheck.model import store

        _WORKER_SCORERS.clear()
        _WORKER_SCORERS[key] = Scorer(store.load(model_path), thresholds)
    return score_rows(_WORKER_SCORERS[key], rows, split)


def score_chunks(
    chunks: Iterable[list[Row]],
    scorer: Scorer,
    split: bool = False,
    jobs: int = 1,
    model_path: str | None = None,
    thresholds: dict | None = None,
) -> Iterator[tuple[list[Row], list[dict]]]:
    """Score chunks in order, in this process or in `jobs` joblib workers (which need `model_path`)."""
    if jobs == 1 or model_path is None:
        for rows in chunks:
            yield rows, score_rows(scorer, rows, split)
        return
    from joblib import Parallel, delayed

    pending: list[list[Row]] = []

    def feed():
        for rows in chunks:
            pending.append(rows)
            yield delayed(_score_in_worker)(str(model_path), thresholds, rows, split)

    # A generator keeps the order and, with pre_dispatch, only a few chunks in memory at a time.
    results = Parallel(n_jobs=jobs, return_as="generator", pre_dispatch="2*n_jobs")(feed())
    for records in results:
        yield pending.pop(0), records


class Writer:
    """Writes output records as CSV (UTF-8 BOM in files, for Excel) or JSON Lines."""

    def __init__(self, fh, fmt: str, bom: bool):
        self.fh, self.fmt = fh, fmt
        if fmt == "csv":
            if bom:
                fh.write("\ufeff")
            self.csv = csv.DictWriter(fh, fieldnames=OUTPUT_COLUMNS, lineterminator="\r\n" if bom else "\n")
            self.csv.writeheader()

    def write(self, record: dict) -> None:
        """Write one output record."""
        if self.fmt == "jsonl":
            self.fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            self.csv.writerow({k: "" if v is None else inert(v) for k, v in record.items()})


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """A CSV cell that a spreadsheet will not run as a formula (OWASP): text starting =, +, -, @, tab or CR
    gets a leading apostrophe. Numbers are written as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def output_format(path: str | None) -> str:
    """'jsonl' for .jsonl/.ndjson outputs, else 'csv'."""
    return "jsonl" if path and Path(path).suffix.lower() in (".jsonl", ".ndjson") else "csv"


@dataclass
class Summary:
    """What a batch run did: rows by verdict and the rows that could not be scored."""

    by_verdict: dict = field(default_factory=dict)
    errors: int = 0

    @property
    def rows(self) -> int:
        """Number of rows written."""
        return sum(self.by_verdict.values())


def _open_input(input_path: str):
    """The input stream and its size (0 for stdin)."""
    if input_path == "-":
        if sys.stdin is None or sys.stdin.closed:
            raise InputError("<stdin>: standard input is closed; pipe a CSV in or give a file")
        return sys.stdin.buffer, 0
    path = Path(input_path)
    if not path.is_file():
        raise InputError(f"{input_path}: file not found (or not a regular file); check the name and folder")
    try:
        return open(path, "rb"), path.stat().st_size
    except OSError as exc:
        raise InputError(f"{input_path}: cannot read ({exc.strerror}); check its permissions") from exc


def _check_options(jobs: int, scheduler: str | None, shards: int) -> None:
    from hoaxcheck.errors import ConfigError

    if jobs < 1:
        raise ConfigError(f"--jobs must be 1 or more, not {jobs}")
    if shards < 0 or (shards and not scheduler):
        raise ConfigError(f"--shards needs --scheduler and a number of 1 or more, not {shards}")


def run(
    input_path: str,
    ctx,
    output: str | None = None,
    text_column: str = "text",
    id_column: str = "id",
    split: bool = False,
    jobs: int = 1,
    on_error: Callable[[int, str], None] = lambda n, m: None,
    on_progress: Callable[[int, int], None] = lambda done, total: None,
    stdout=None,
    chunk_rows: int = CHUNK_ROWS,
    scheduler: str | None = None,
    show_progress: bool = False,
    shards: int = 0,
) -> Summary:
    """Score every row of a CSV (or '-' for stdin) and write one output row per input row.

    With one job the model is loaded here; with more, only the workers load it (memory-mapped), never the
    parent. The output file is written under a temporary name and renamed at the end, so a failed run
    never leaves a half-written file over an old one. `on_progress(bytes_read, total_bytes)` follows the input.
    """
    from hoaxcheck.io import output as output_lib
    from hoaxcheck.io.atomic import atomic_file

    _check_options(jobs, scheduler, shards)
    if output and input_path != "-" and Path(output).resolve() == Path(input_path).resolve():
        raise InputError(f"{output}: the output would overwrite the input; give another --output")
    target = output_lib.check_target(output) if output else None
    local = jobs == 1 and not scheduler
    scorer = ctx.scorer() if local else None
    model_path = None if local else str(ctx.model_path)
    source, total = _open_input(input_path)
    fmt = output_format(output)
    cannot_write = f"{output}: cannot write the output ({{}}); check the folder and its permissions"
    try:
        # The header is checked before any output exists, so a bad input leaves stdout and --output untouched.
        chunks = read_chunks(source, input_path, text_column, id_column, chunk_rows=chunk_rows)
        if scheduler:  # a Dask cluster scores the chunks (app/cluster.py); reading and writing stay here
            from hoaxcheck.app import cluster

            scored = cluster.score_file_chunks(
                chunks, scheduler, model_path, ctx.cfg.thresholds, split, show_progress, score=score_rows, shards=shards
            )
        else:
            scored = score_chunks(chunks, scorer, split, jobs, model_path, ctx.cfg.thresholds)
        if target is None:
            out_fh = stdout or sys.stdout
            summary = _write_all(Writer(out_fh, fmt, bom=False), scored, source, total, on_error, on_progress)
            out_fh.flush()
            return summary
        with atomic_file(target) as raw:
            out_fh = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            summary = _write_all(Writer(out_fh, fmt, bom=fmt == "csv"), scored, source, total, on_error, on_progress)
            out_fh.flush()
            out_fh.detach()
        return summary
    except OSError as exc:
        if target is None:
            raise
        raise InputError(cannot_write.format(exc.strerror or exc)) from exc  # a full disk, say
    finally:
        if source is not sys.stdin.buffer:
            source.close()


def _write_all(writer: "Writer", scored, source, total: int, on_error, on_progress) -> Summary:
    summary = Summary()
    for rows, records in scored:
        for row, record in zip(rows, records):
            writer.write(record)
            summary.by_verdict[record["verdict"]] = summary.by_verdict.get(record["verdict"], 0) + 1
            if record["verdict"] == ERROR:
                summary.errors += 1
                on_error(row.number, record["error"])
        if total:
            on_progress(source.tell(), total)
    return summary
