"""`hoaxcheck corpus check`: validate a corpus and summarise it, provenance included.

Provenance is what lets an officer forward a citation: each verified statement and known hoax should carry
the `url` of the page that establishes it and that page's `date`. The summary reports the share of rows
with both, per file and per topic; the checks flag a malformed or repeated URL (within one file), a date in
the future, and a known hoax without a clarification.
"""

from collections import Counter, defaultdict
from datetime import date

from hoaxcheck.corpus import load as corpus_lib
from hoaxcheck.corpus.schema import Problem, valid_date


def sourced(row: dict) -> bool:
    """Whether a row has both a url and a valid date."""
    return bool(row.get("url")) and valid_date(row.get("date", ""))


def provenance(corpus: corpus_lib.Corpus) -> dict:
    """Rows with url and date, per file and per topic, over verified statements and known hoaxes."""
    per_file, per_topic = {}, defaultdict(lambda: [0, 0])
    for name, rows in (("verified.csv", corpus.verified), ("hoaxes.csv", corpus.hoaxes)):
        if not rows:
            continue
        per_file[name] = (sum(sourced(r) for r in rows), len(rows))
        for r in rows:
            per_topic[r.get("topic") or "-"][0] += sourced(r)
            per_topic[r.get("topic") or "-"][1] += 1
    rows = corpus.verified + corpus.hoaxes
    total = (sum(sourced(r) for r in rows), len(rows))
    years = Counter(r["date"][:4] for r in rows if valid_date(r.get("date", "")))
    return {"files": per_file, "topics": {k: tuple(v) for k, v in sorted(per_topic.items())}, "total": total,
            "years": dict(sorted(years.items()))}


def provenance_problems(corpus: corpus_lib.Corpus, today: str | None = None) -> list[Problem]:
    """Repeated URLs within a file, dates in the future, and hoaxes without a clarification."""
    today = today or date.today().isoformat()
    problems = []
    for name, rows in corpus.files.items():
        first: dict[str, int] = {}
        for r in rows:
            url = r.get("url") or ""
            if url and url in first:
                problems.append(Problem(name, r["_row"], f"url repeats row {first[url]} ({url})", "warning"))
            first.setdefault(url, r["_row"]) if url else None
            if valid_date(r.get("date", "")) and r["date"] > today:
                problems.append(Problem(name, r["_row"], f"date {r['date']} is in the future", "warning"))
    for r in corpus.hoaxes:
        if not r.get("clarification"):
            problems.append(Problem(r["_file"], r["_row"], "known hoax without a clarification", "warning"))
    return problems


def _share(n: int, total: int) -> str:
    return f"{n}/{total} ({100 * n / total:.1f}%)" if total else "0/0"


def report(data_dir: str) -> tuple[list[str], list[Problem]]:
    """The lines `corpus check` prints, and the problems found (deep checks included)."""
    loaded = corpus_lib.load(data_dir)
    problems = corpus_lib.validate(loaded, deep=True) + provenance_problems(loaded)
    summary = corpus_lib.summarize(loaded)
    lines = [f"corpus {data_dir}"]
    for title, key in (("files", "files"), ("sources", "sources"), ("topics", "topics")):
        lines.append(f"  {title}: " + ", ".join(f"{k} {v}" for k, v in summary[key].items()))
    d = summary["dates"]
    lines.append(f"  dates: {d['first'] or '-'} .. {d['last'] or '-'} ({d['dated_rows']} of {d['rows']} rows dated)")
    prov = provenance(loaded)
    lines.append(f"  with url and date: {_share(*prov['total'])}; "
                 + ", ".join(f"{name} {_share(*v)}" for name, v in prov["files"].items()))
    lines.append("  with url and date by topic: " + ", ".join(f"{k} {_share(*v)}" for k, v in prov["topics"].items()))
    lines.append("  by year: " + (", ".join(f"{y} {n}" for y, n in prov["years"].items()) or "-"))
    lines.extend(f"{p.severity}: {p}" for p in problems)
    lines.append(f"{len(problems)} problem(s)" if problems else "no problems")
    return lines, problems
