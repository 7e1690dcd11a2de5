"""`hoaxcheck corpus check`: validate a corpus and summarise it, provenance included.

Provenance is what lets an officer forward a citation: each verified statement and known hoax should carry
the `url` of the page that establishes it and that page's `date`. The summary reports the share of rows
with both, per file and per topic; the checks flag a malformed or repeated URL (within one file), a date in
the future, and a known hoax without a clarification.
"""

import re
from collections import Counter, defaultdict
from datetime import date

from hoaxcheck.corpus import load as corpus_lib
from hoaxcheck.corpus.schema import Problem, valid_date

REPEAT_OVERLAP = 0.3  # word Jaccard of two hoax rows citing one page above which they are the same hoax


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
    return {
        "files": per_file,
        "topics": {k: tuple(v) for k, v in sorted(per_topic.items())},
        "total": total,
        "years": dict(sorted(years.items())),
    }


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def provenance_problems(corpus: corpus_lib.Corpus, today: str | None = None) -> list[Problem]:
    """The same hoax cited twice, dates in the future, and hoaxes without a clarification.

    One page may debunk several claims (a weekly digest), and one release holds many verified statements,
    so a repeated URL alone is no problem; a hoax row whose page another hoax row with much the same words
    (word overlap >= REPEAT_OVERLAP) already cites is the same hoax entered twice.
    """
    today = today or date.today().isoformat()
    problems = []
    seen: dict[str, list[dict]] = defaultdict(list)
    for r in corpus.hoaxes:
        url = r.get("url") or ""
        for other in seen.get(url, []) if url else []:
            a, b = _words(r["text"]), _words(other["text"])
            if len(a & b) / max(1, len(a | b)) >= REPEAT_OVERLAP:
                problems.append(
                    Problem(r["_file"], r["_row"], f"the same hoax as row {other['_row']} (same url {url})", "warning")
                )
                break
        seen[url].append(r)
        if not r.get("clarification"):
            problems.append(Problem(r["_file"], r["_row"], "known hoax without a clarification", "warning"))
    for name, rows in corpus.files.items():
        for r in rows:
            if valid_date(r.get("date", "")) and r["date"] > today:
                problems.append(Problem(name, r["_row"], f"date {r['date']} is in the future", "warning"))
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
    lines.append(
        f"  with url and date: {_share(*prov['total'])}; "
        + ", ".join(f"{name} {_share(*v)}" for name, v in prov["files"].items())
    )
    lines.append("  with url and date by topic: " + ", ".join(f"{k} {_share(*v)}" for k, v in prov["topics"].items()))
    lines.append("  by year: " + (", ".join(f"{y} {n}" for y, n in prov["years"].items()) or "-"))
    lines.extend(f"{p.severity}: {p}" for p in problems)
    lines.append(f"{len(problems)} problem(s)" if problems else "no problems")
    return lines, problems
