"""What the pages show, built from the library: checks, the report's pieces, corpus browsing, add/import plans.

Nothing here knows about HTTP; app.py calls these (in a worker thread) and renders the templates.
"""

import os
import re
import tempfile
import time
from copy import deepcopy
from pathlib import Path

from markupsafe import Markup

from hoaxcheck.engine.records import FLAGGED, severity
from hoaxcheck.errors import HoaxcheckError, InputError
from hoaxcheck.web.strings import GLYPHS, STRINGS

PAGE_ROWS = 50
UPLOAD_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".html", ".htm", ".pdf")


def safe_name(name: str) -> str:
    """An uploaded file's name without any folder part, printable and short (it is shown, never opened)."""
    base = re.split(r"[\\/]", name or "")[-1].strip()
    base = "".join(ch for ch in base if ch.isprintable())[:120]
    return base or "upload"


def document_of(data: bytes, name: str):
    """Read an uploaded draft exactly as `score` reads a file (the same reader, PDF included)."""
    from hoaxcheck.io import documents

    if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
        raise InputError(STRINGS["en"]["unsupported"].format(name=name))
    return documents.from_bytes(data, name)


def check(scorer, text: str | None, upload: tuple[str, bytes] | None, lang: str):
    """Score pasted text or one upload with the loaded scorer; return the Report and the milliseconds taken."""
    from hoaxcheck.app import check as check_lib
    from hoaxcheck.engine import suppression
    from hoaxcheck.report.formats import FileResult, Report

    start, started = time.perf_counter(), check_lib.now()
    if upload is not None:
        name, data = upload
        try:
            doc = document_of(data, name)
        except HoaxcheckError as exc:
            files = [FileResult(path=name, error=check_lib.printable(str(exc)))]
        else:
            claims = scorer.score_documents([doc])[0]
            files = [FileResult(path=doc.path, text=doc.text, claims=suppression.apply(doc.text, claims))]
    else:
        files = check_lib.run([], scorer, text or "")
    report = Report(
        files=files,
        fail_on=FLAGGED,
        lang=lang,
        newest_entry=scorer.model.card.get("newest_entry", ""),
        started=started,
        finished=check_lib.now(),
    )
    return report, (time.perf_counter() - start) * 1000


def chip(verdict: str, lang: str, count: int = 0) -> dict:
    from hoaxcheck.report import messages
    from hoaxcheck.report.html import COLOURS

    border, background = COLOURS.get(verdict, COLOURS["unverified"])
    return {
        "verdict": verdict,
        "label": messages.label(verdict, lang),
        "count": count,
        "border": border,
        "background": background,
        "glyph": GLYPHS.get(verdict, ""),
    }


def result_view(report, lang: str, ms: float, card: dict) -> dict:
    """The report as the check page shows it: the summary, filter chips, and per file the highlighted draft and
    the findings, flagged first, each with its explanation, evidence and (for a known hoax) the group reply."""
    from hoaxcheck.report import formats, html, messages, reply

    counts = report.summary()["by_verdict"]
    chips = [chip(v, lang, counts[v]) for v in sorted(counts, key=severity) if v != "not_a_claim"]
    files = []
    for index, f in enumerate(report.files):
        item = {"path": f.path, "error": f.error, "draft": None, "findings": []}
        if not f.error:
            draft, _ = html.html_draft(f, index, lang)
            item["draft"] = Markup(draft)  # escaped by the report serializer
            kind = "docx" if f.path.lower().endswith(".docx") else "txt"
            order = sorted(range(len(f.claims)), key=lambda i: (f.claims[i].suppressed, severity(f.claims[i].verdict), i))
            for i in order:
                c = f.claims[i]
                anchor = f"c{index}-{i}"
                item["findings"].append(
                    {
                        "anchor": anchor,
                        "verdict": c.verdict,
                        "flagged": c.verdict in FLAGGED and not c.suppressed,
                        "chip": chip(c.verdict, lang),
                        "detail": Markup(html.html_detail(c, anchor, kind, lang, with_reply=False)),
                        "reply": reply.for_claim(c, lang),
                    }
                )
        files.append(item)
    return {
        "summary": formats.summary_line(report),
        "chips": chips,
        "files": files,
        "caveat": messages.text("footer", lang).format(newest=report.newest_entry or "-"),
        "ms": f"{ms:.0f}",
        "trained": card.get("trained_at", "?"),
        "failing": len(report.failing()),
    }


# ---------------------------------------------------------------- corpus browsing


def _stamp(data: str):
    root = Path(data)
    out = []
    for p in [root / "verified.csv", root / "hoaxes.csv", *sorted(root.glob("labeled/*.csv"))]:
        try:
            st = p.stat()
            out.append((str(p), st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(p), None, None))
    return tuple(out)


def load_corpus_cached(state):
    """The corpus in --data, read again only when one of its files changed."""
    from hoaxcheck.corpus.ingest import load_corpus

    stamp = _stamp(state.data)
    cached = state.corpus_cache
    if cached is not None and cached[0] == stamp:
        return cached[1]
    corpus = load_corpus(state.data)
    state.corpus_cache = (stamp, corpus)
    return corpus


def _fold(text: str) -> str:
    from hoaxcheck.text.normalise import normalize

    return normalize(text or "").casefold()


def browse(corpus, query) -> dict:
    """Rows of one corpus file filtered by search words, topic, source and year, one page of them."""
    kind = query.get("kind") if query.get("kind") in ("verified", "hoaxes") else "verified"
    rows = getattr(corpus, kind)
    topics = sorted({r.get("topic", "") for r in rows if r.get("topic")})
    sources = sorted({r.get("source", "") for r in rows if r.get("source")})
    years = sorted({r.get("date", "")[:4] for r in rows if re.fullmatch(r"\d{4}-\d\d-\d\d", r.get("date", ""))}, reverse=True)
    q, topic, source, year = (query.get(k, "") for k in ("q", "topic", "source", "year"))
    words = _fold(q).split()
    chosen = []
    for r in rows:
        if topic and r.get("topic", "") != topic or source and r.get("source", "") != source:
            continue
        if year and not r.get("date", "").startswith(year + "-"):
            continue
        if words:
            hay = _fold(" ".join(r.get(k, "") for k in ("id", "text", "title", "clarification", "source")))
            if not all(w in hay for w in words):
                continue
        chosen.append(r)
    chosen.sort(key=lambda r: (r.get("date", ""), r.get("id", "")), reverse=True)
    try:
        page = max(1, int(query.get("page", "1")))
    except ValueError:
        page = 1
    pages = max(1, -(-len(chosen) // PAGE_ROWS))
    page = min(page, pages)
    shown = chosen[(page - 1) * PAGE_ROWS : page * PAGE_ROWS]
    base = {k: v for k, v in (("kind", kind), ("q", q), ("topic", topic), ("source", source), ("year", year)) if v}
    return {
        "kind": kind,
        "rows": shown,
        "total": len(chosen),
        "all": len(rows),
        "topics": topics,
        "sources": sources,
        "years": years,
        "q": q,
        "topic": topic,
        "source": source,
        "year": year,
        "page": page,
        "pages": pages,
        "base": base,
        "counts": {"verified": len(corpus.verified), "hoaxes": len(corpus.hoaxes)},
    }


# ---------------------------------------------------------------- add and import


class _Scratch:
    """A private temporary folder holding one upload under its own (sanitised) name, for the library readers."""

    def __init__(self, name: str, data: bytes):
        self.dir = tempfile.TemporaryDirectory(prefix="hoaxcheck-web-")
        self.path = Path(self.dir.name) / safe_name(name)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)

    def __enter__(self) -> Path:
        return self.path

    def __exit__(self, *exc) -> None:
        self.dir.cleanup()


def release_upload(text: str, upload: tuple[str, bytes] | None) -> tuple[str, bytes]:
    """The release as (file name, bytes) for corpus.ingest.release_rows: an upload, a PDF's text, or the paste."""
    from hoaxcheck.io.documents import MAX_BYTES

    if upload is None:
        data = text.replace("\r\n", "\n").encode("utf-8")
        if len(data) > MAX_BYTES:
            raise InputError(STRINGS["en"]["too_large"].format(mb=MAX_BYTES // 1048576))
        return "tempel-web.md", data
    name, data = upload
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InputError(STRINGS["en"]["unsupported"].format(name=name))
    if suffix == ".pdf":
        from hoaxcheck.io.pdf import read_pdf

        return Path(name).stem + ".txt", read_pdf(data, name).encode("utf-8")
    return name, data


def preview_release(state, text: str, upload, meta: dict):
    """Split a release into rows (as `add` does) and plan them; nothing is written."""
    from hoaxcheck.app import ingest
    from hoaxcheck.corpus import ingest as corpus_ingest

    name, data = release_upload(text, upload)
    with _Scratch(name, data) as path:
        rows = corpus_ingest.release_rows(str(path), meta)
    if not rows:
        raise InputError(f"{name}: no statements found in the release")
    plan = ingest.plan(state.data, "verified", deepcopy(rows))
    return [("verified", rows)], [plan]


def preview_import(state, upload, kind: str | None, lang: str):
    """Read a ClaimReview JSON or corpus CSV (as `import` does) and plan each kind; nothing is written."""
    from hoaxcheck.app import ingest
    from hoaxcheck.corpus import ingest as corpus_ingest
    from hoaxcheck.corpus.ingest import load_corpus

    name, data = upload
    if Path(name).suffix.lower() not in (".json", ".csv"):
        raise InputError(f"{name}: give a ClaimReview .json or a corpus .csv")
    with _Scratch(name, data) as path:
        by_kind, skipped = corpus_ingest.import_rows(str(path), kind)
    corpus = load_corpus(state.data)
    batches = sorted(by_kind.items())
    plans = [ingest.plan(state.data, k, deepcopy(rows), corpus=corpus) for k, rows in batches]
    return batches, plans, ingest.describe_skipped(skipped, lang) if skipped else ""


def plans_view(plans) -> list[dict]:
    out = []
    for p in plans:
        out.append(
            {
                "kind": p.kind,
                "file": p.path.name,
                "entries": [
                    {
                        "status": e.status,
                        "text": e.row.get("text", ""),
                        "id": e.row.get("id", ""),
                        "match": e.match_id or "",
                        "match_verdict": e.match_verdict,
                    }
                    for e in p.entries
                ],
                "new": len(p.rows_to_write()),
            }
        )
    return out


def confirm(state, batches, lang: str):
    """Plan again against the corpus as it is now, and write (the caller holds the lock)."""
    from hoaxcheck.app import ingest
    from hoaxcheck.corpus.ingest import load_corpus

    corpus = load_corpus(state.data)
    plans = [ingest.plan(state.data, kind, deepcopy(rows), corpus=corpus) for kind, rows in batches]
    warnings: list[str] = []
    result = ingest.apply(plans, dry_run=False, lang=lang, warn=warnings.append)
    return result, warnings
