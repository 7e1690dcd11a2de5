"""Growing the corpus: published releases (`add`) and bulk rows or ClaimReview JSON (`import`).

Every new row is checked against the corpus before anything is written: exact duplicates (same id or same
normalised text), near-duplicates (retrieval similarity, the mean of the word and character cosines, at or
above corpus.NEAR_DUPLICATE, with the same polarity) and, for
verified statements, repeats of a known hoax (the verdict `score` would give: `known_hoax`). Files are
appended atomically: the old bytes are copied unchanged into a temporary file in the same folder, the new
rows follow in the file's own encoding, delimiter and line ending, and the temporary file replaces the old
one only after an fsync. A crash or Ctrl-C before that leaves the file exactly as it was.
"""

import codecs
import csv
import hashlib
import io
import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hoaxcheck.corpus import load as corpus_lib
from hoaxcheck.errors import CorpusError, InputError
from hoaxcheck.text.normalise import normalize
from hoaxcheck.text.polarity import same_polarity

META_KEYS = ("source", "date", "url", "title")
KINDS = {"verified": ("verified.csv", corpus_lib.VERIFIED_COLUMNS),
         "hoaxes": ("hoaxes.csv", corpus_lib.HOAX_COLUMNS),
         "labeled": ("labeled/imported.csv", corpus_lib.LABELED_COLUMNS)}

# ClaimReview ratings, compared lower-case with surrounding brackets and punctuation removed.
FALSE_RATINGS = frozenset("salah keliru hoaks hoax disinformasi misinformasi menyesatkan penipuan false fake "
                          "misleading scam".split())
TRUE_RATINGS = frozenset("benar fakta true correct accurate".split())

_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_META_LINE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")

MESSAGES = {
    "en": {"summary": "{file}: {new} new statements, {dup} duplicates, {near} near-duplicates, {refused} refused",
           "forced": "{file}: {n} statement(s) repeating a known hoax added because of --force",
           "near": "near-duplicate of {id}, skipped", "refused": "refused: repeats known hoax {id} ({verdict})",
           "forced_one": "added with --force although it repeats known hoax {id}", "new": "new",
           "dry": "dry run: nothing written", "skipped": "skipped {n} ClaimReview item(s): {detail}"},
    "id": {"summary": "{file}: {new} pernyataan baru, {dup} duplikat, {near} hampir sama, {refused} ditolak",
           "forced": "{file}: {n} pernyataan yang mengulang hoaks tetap ditambahkan karena --force",
           "near": "hampir sama dengan {id}, dilewati", "refused": "ditolak: mengulang hoaks {id} ({verdict})",
           "forced_one": "ditambahkan dengan --force walau mengulang hoaks {id}", "new": "baru",
           "dry": "uji coba (--dry-run): tidak ada yang ditulis", "skipped": "{n} butir ClaimReview dilewati: {detail}"},
}


@dataclass
class Entry:
    """One candidate row and what happens to it: new, duplicate, near_duplicate, refused or forced."""

    row: dict
    status: str = "new"
    match: dict | None = None  # the existing row (or evidence item) that caused the status


@dataclass
class Plan:
    """What adding rows to one corpus file would do."""

    kind: str
    path: Path
    entries: list[Entry] = field(default_factory=list)

    def rows_to_write(self) -> list[dict]:
        """The rows that will be appended: the new ones and the forced ones."""
        return [e.row for e in self.entries if e.status in ("new", "forced")]

    def count(self, status: str) -> int:
        """How many entries have a status."""
        return sum(e.status == status for e in self.entries)


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
    from hoaxcheck.app.check import read_input
    from hoaxcheck.text.splitter import display, split

    doc = read_input(path)
    meta = parse_front_matter(doc.text) if doc.kind == "txt" else {}
    meta.update({k: v for k, v in overrides.items() if v})
    if not meta.get("source"):
        raise InputError(f"{path}: no source; give --source or a 'source:' line in the front matter")
    if meta.get("date") and not corpus_lib._valid_date(meta["date"]):
        raise InputError(f"{path}: date '{meta['date']}' is not YYYY-MM-DD; fix --date or the 'date:' line")
    name = "<stdin>" if path == "-" else Path(path).name
    rows = []
    for seg in split(doc):
        if seg.kind != "claim":
            continue
        text = display(doc, seg)
        rows.append({"id": statement_id(meta, text), "text": text, "source": meta["source"],
                     "date": meta.get("date", ""), "url": meta.get("url", ""), "title": meta.get("title", ""),
                     "topic": "", "valid_until": "", "note": f"release {name}"})
    return rows


# ---------------------------------------------------------------- ClaimReview and CSV imports

def _rating_key(rating: str) -> str:
    return re.sub(r"^[\W_]+|[\W_]+$", "", rating or "").casefold()


def rating_family(rating: str) -> str | None:
    """'hoax' for a false-family rating, 'valid' for a true-family one, None for anything else."""
    key = _rating_key(rating)
    if key in FALSE_RATINGS:
        return "hoax"
    if key in TRUE_RATINGS:
        return "valid"
    return None


_JSON_TYPES = {dict: "an object", list: "a list", str: "a string"}


def _get(obj: dict, key: str, want: type, where: str):
    """obj[key] if it has the JSON type `want` (missing or null gives an empty one); else an InputError."""
    value = obj.get(key)
    if value is None:
        return want()
    if not isinstance(value, want):
        got = "a number" if isinstance(value, (int, float)) else _JSON_TYPES.get(type(value), type(value).__name__)
        raise InputError(f"not ClaimReview JSON: {where}{key} must be {_JSON_TYPES[want]}, not {got}")
    return value


def _name(value) -> str:
    if isinstance(value, dict):
        return str(value.get("name") or "")
    if isinstance(value, list) and value:
        return _name(value[0])
    return str(value or "")


def _day(value) -> str:
    value = str(value or "")[:10]
    return value if corpus_lib._valid_date(value) else ""


def claimreview_items(data) -> list[dict]:
    """Flatten the three ClaimReview shapes into {text, rating, url, date, reviewer, claimant}."""
    items = []
    if isinstance(data, dict) and isinstance(data.get("claims"), list):  # Google Fact Check Tools search response
        for i, claim in enumerate(data["claims"]):
            where = f"claims[{i}]"
            if not isinstance(claim, dict):
                raise InputError(f"not ClaimReview JSON: {where} must be an object with 'text' and 'claimReview'")
            reviews = [r for r in _get(claim, "claimReview", list, where + ".") if isinstance(r, dict)]
            ratings = [_get(r, "textualRating", str, f"{where}.claimReview[{j}].") for j, r in enumerate(reviews)]
            # One claim may carry several reviews: the first with a rating we know decides.
            k = next((j for j, rating in enumerate(ratings) if rating_family(rating)), 0)
            review = reviews[k] if reviews else {}
            at = f"{where}.claimReview[{k}]."
            items.append({"text": _get(claim, "text", str, where + "."), "rating": ratings[k] if reviews else "",
                          "url": _get(review, "url", str, at),
                          "date": _day(review.get("reviewDate")) or _day(claim.get("claimDate")),
                          "reviewer": _name(review.get("publisher")), "claimant": _get(claim, "claimant", str, where + ".")})
        return items
    reviews = data if isinstance(data, list) else [data]
    for i, r in enumerate(reviews):
        if not isinstance(r, dict) or "claimReviewed" not in r:
            raise InputError("not ClaimReview JSON: expected a ClaimReview object, a list of them, "
                             "or a Fact Check Tools response with 'claims'")
        where = f"item {i}: " if isinstance(data, list) else ""
        rating = _get(r, "reviewRating", dict, where)
        items.append({"text": _get(r, "claimReviewed", str, where),
                      "rating": _get(rating, "alternateName", str, where + "reviewRating."),
                      "url": _get(r, "url", str, where), "date": _day(r.get("datePublished")), "reviewer": _name(r.get("author")),
                      "claimant": _name(_get(r, "itemReviewed", dict, where).get("author"))})
    return items


def claimreview_rows(data, kind: str | None) -> tuple[dict[str, list[dict]], Counter]:
    """Corpus rows per kind from ClaimReview JSON, and the skipped items counted by rating."""
    out: dict[str, list[dict]] = {}
    skipped: Counter = Counter()
    for item in claimreview_items(data):
        family = rating_family(item["rating"])
        text = normalize(str(item["text"] or ""))
        target = kind or ("hoaxes" if family == "hoax" else "verified")
        if family is None or not text or (kind == "hoaxes" and family != "hoax") or (kind == "verified" and family != "valid"):
            skipped[(item["rating"] or "(no rating)") if text else "(no text)"] += 1
            continue
        note = f"ClaimReview by {item['reviewer'] or 'unknown'}, rating {item['rating']}"
        if item["claimant"]:
            note += f", claimant {item['claimant']}"
        row_id = "cr-" + hashlib.sha1(f"{item['url']}\n{text.casefold()}".encode()).hexdigest()[:12]
        if target == "hoaxes":
            row = {"id": row_id, "text": text, "verdict": _rating_key(item["rating"]).upper(), "source": item["reviewer"],
                   "date": item["date"], "url": item["url"], "clarification": "", "topic": "", "note": note}
        elif target == "verified":
            row = {"id": row_id, "text": text, "source": item["claimant"] or item["reviewer"], "date": item["date"],
                   "url": item["url"], "title": "", "topic": "", "valid_until": "", "note": note}
        else:
            row = {"id": row_id, "text": text, "label": family, "date": item["date"], "source": item["reviewer"], "title": ""}
        out.setdefault(target, []).append(row)
    return out, skipped


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
        try:
            return claimreview_rows(parsed, kind)
        except InputError as exc:
            raise InputError(f"{path}: {exc}; nothing was written") from exc
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


# ---------------------------------------------------------------- planning: duplicates and hoax repeats

def _key(text: str) -> str:
    return normalize(text).casefold()


def _index(corpus):
    """A retrieval-only scorer over the corpus: the index (and denial links) that training builds, no classifier."""
    from hoaxcheck.model.train import DEFAULT_THRESHOLDS, build_index
    from hoaxcheck.engine.scorer import Scorer

    if not (corpus.verified or corpus.hoaxes):
        return None
    return Scorer({"classifier": None, **build_index(corpus, DEFAULT_THRESHOLDS["refute"]),
                   "thresholds": dict(DEFAULT_THRESHOLDS)})


def load_corpus(data_dir: str | Path):
    """The corpus in data_dir, or an empty one when the folder (or any corpus file in it) does not exist yet."""
    root = Path(data_dir)
    if root.exists() and not root.is_dir():
        raise CorpusError(f"{data_dir}: is a file, not a folder; give --data a corpus folder")
    try:
        return corpus_lib.load(root)
    except CorpusError:
        if any((root / name).is_file() for name in ("verified.csv", "hoaxes.csv")) or list(root.glob("labeled/*.csv")):
            raise
        return corpus_lib.Corpus()


def plan(data_dir: str | Path, kind: str, rows: list[dict], force: bool = False, corpus=None) -> Plan:
    """Decide, row by row, what adding `rows` to one corpus file does; nothing is written here."""
    corpus = corpus if corpus is not None else load_corpus(data_dir)
    name, _ = KINDS[kind]
    target = getattr(corpus, kind)  # labeled rows are compared with every labeled/*.csv file
    by_id = {r["id"]: r for r in target}
    by_text = {_key(r["text"]): r for r in target}
    result = Plan(kind=kind, path=Path(data_dir) / name)
    fresh: list[Entry] = []
    for row in rows:
        known = by_id.get(row["id"]) or by_text.get(_key(row["text"]))
        if known is not None:
            if known["id"] == row["id"] and _key(known["text"]) != _key(row["text"]):
                raise CorpusError(f"id '{row['id']}' is already in {name} with a different text; give the new row "
                                  "another id; nothing was written")
            result.entries.append(Entry(row, "duplicate", known))
            continue
        by_id[row["id"]] = by_text[_key(row["text"])] = row
        entry = Entry(row)
        result.entries.append(entry)
        fresh.append(entry)
    scorer = _index(corpus) if fresh and kind != "labeled" else None
    if scorer is None:
        return result
    evidence_kind = "verified" if kind == "verified" else "hoax"
    for entry, claim in zip(fresh, scorer.score_texts([e.row["text"] for e in fresh])):
        if kind == "verified" and claim.verdict == "known_hoax":
            # A published release must never repeat a hoax; a denial of one scores refutes_hoax and passes.
            entry.match = next(e for e in claim.evidence if e["kind"] == "hoax")
            entry.status = "forced" if force else "refused"
            if force:
                entry.row["note"] = (entry.row.get("note", "") + f"; added with --force although it repeats known "
                                     f"hoax {entry.match['id']}").lstrip("; ")
            continue
        near = next((e for e in claim.evidence if e["kind"] == evidence_kind and e["similarity"] >= corpus_lib.NEAR_DUPLICATE
                     and same_polarity(entry.row["text"], e["text"])), None)
        if near is not None:
            entry.status, entry.match = "near_duplicate", near
    return result


def describe(plan: Plan, lang: str = "en", verbose: bool = False) -> str:
    """A short report of a plan: the summary line, then one line per skipped, refused or forced row."""
    msg = MESSAGES[lang]
    name = KINDS[plan.kind][0]
    lines = [msg["summary"].format(file=name, new=plan.count("new") + plan.count("forced"), dup=plan.count("duplicate"),
                                   near=plan.count("near_duplicate"), refused=plan.count("refused"))]
    for e in plan.entries:
        if e.status == "near_duplicate":
            lines.append(f"  - {msg['near'].format(id=e.match['id'])}: {e.row['text']}")
        elif e.status in ("refused", "forced"):
            key = "refused" if e.status == "refused" else "forced_one"
            lines.append(f"  ! {msg[key].format(id=e.match['id'], verdict=e.match.get('verdict', ''))}: {e.row['text']}")
        elif e.status == "new" and verbose:
            lines.append(f"  + {e.row['id']}: {e.row['text']}")
    return "\n".join(lines)


def describe_skipped(skipped: Counter, lang: str = "en") -> str:
    """The line reporting ClaimReview items skipped because of their rating."""
    detail = ", ".join(f"{rating} {n}" for rating, n in sorted(skipped.items()))
    return MESSAGES[lang]["skipped"].format(n=sum(skipped.values()), detail=detail)


# ---------------------------------------------------------------- atomic CSV append

def _write_chunks(fh, chunks: list[bytes]) -> None:
    # Its own function so that the interruption tests can stop a write half-way.
    for chunk in chunks:
        fh.write(chunk)


def write_atomic(path: Path, chunks: list[bytes]) -> None:
    """Write bytes to a temporary file beside `path`, fsync it, then rename it over `path`."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            _write_chunks(fh, chunks)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            import shutil

            shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


def append_rows(path: Path, columns: list[str], rows: list[dict]) -> list[str]:
    """Append rows to a CSV atomically, keeping its bytes, columns, encoding, BOM, delimiter and line ending.

    A new file is written as UTF-8 without a BOM, ',' separated, '\\n' line endings, with `columns`.
    Returns warnings (values dropped because the file has no such column).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # the folder is created only when there is a row to write
        data = path.read_bytes() if path.is_file() else b""
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read or create ({exc.strerror}); nothing was written") from exc
    if data.strip(codecs.BOM_UTF8 + b" \r\n"):
        text, encoding = corpus_lib.decode_text(data)
        first = text.split("\n", 1)[0]
        delimiter = corpus_lib.sniff_delimiter(first)
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
        raise CorpusError(f"{path}: is saved as {encoding} and cannot hold '{exc.object[exc.start:exc.end]}'; "
                          "save it as CSV UTF-8 and run again; nothing was written") from exc
    try:
        write_atomic(path, [prefix, body])
    except OSError as exc:
        raise CorpusError(f"{path}: cannot write ({exc.strerror}); nothing was written") from exc
    return [f"{path}: has no column '{k}'; its values were not written" for k in dropped]


def write(plan: Plan) -> list[str]:
    """Append a plan's new and forced rows to its file; return warnings."""
    rows = plan.rows_to_write()
    if not rows:
        return []
    return append_rows(plan.path, KINDS[plan.kind][1], rows)
