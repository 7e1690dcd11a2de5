"""The result of a run and one small serializer per output format."""

import json
from collections import Counter
from dataclasses import dataclass, field

from hoaxcheck import messages
from hoaxcheck.scoring import FLAGGED, Claim

SCHEMA_VERSION = 1


@dataclass
class FileResult:
    """The claims of one input, or the error that stopped it being read."""

    path: str
    claims: list[Claim] = field(default_factory=list)
    error: str | None = None
    text: str = ""  # the draft itself, for the html report


@dataclass
class Report:
    """Everything a serializer needs about one run."""

    files: list[FileResult]
    fail_on: frozenset[str] = FLAGGED
    lang: str = "id"
    newest_entry: str = ""
    started: str = ""
    finished: str = ""

    def failing(self) -> list[Claim]:
        """Claims whose verdict is in the fail set and that are not suppressed."""
        return [c for f in self.files for c in f.claims
                if (c.verdict in self.fail_on or c.verdict == "invalid_suppression") and not c.suppressed]

    def has_errors(self) -> bool:
        """Whether any input could not be read."""
        return any(f.error for f in self.files)

    def summary(self) -> dict:
        """Counts by verdict over all files, and per file."""
        by_file = {f.path: dict(Counter(c.verdict for c in f.claims)) for f in self.files}
        return {"by_verdict": dict(Counter(c.verdict for f in self.files for c in f.claims)), "by_file": by_file}


def to_json(report: Report) -> str:
    """The JSON document: schema_version, files with their claims, and a summary."""
    doc = {
        "schema_version": SCHEMA_VERSION,
        "files": [{"path": f.path, "error": f.error, "claims": [c.to_dict() for c in f.claims]} for f in report.files],
        "summary": report.summary(),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _evidence_line(e: dict, lang: str) -> str:
    when = e.get("date") or messages.text("no_date", lang)
    where = ", ".join(x for x in (e.get("source"), when, e.get("url")) if x)
    return f"[{e['id']}] ({messages.text('similarity', lang)} {e['similarity']:.2f}; {where})"


def _claim_lines(c: Claim, lang: str) -> list[str]:
    t = lambda key: messages.text(key, lang)  # noqa: E731
    head = f"  {c.line}:{c.column}  {messages.label(c.verdict, lang)}"
    if c.hoax_probability is not None and c.verdict != "not_a_claim":
        head += f"  ({t('probability')} {c.hoax_probability:.2f})"
    if c.suppressed:
        head += f"  [{t('suppressed')}: {c.suppression_reason}]"
    lines = [head, f"      \"{c.text}\""]
    if c.verdict == "not_a_claim":
        return lines[:1] + [f"      {c.text}"]
    hoax = next((e for e in c.evidence if e["kind"] == "hoax"), None)
    verified = next((e for e in c.evidence if e["kind"] == "verified"), None)
    if c.contradiction:
        ev = next((e for e in c.evidence if e["id"] == c.contradiction["evidence_id"]), verified or {})
        fact = messages.TEXT[lang]["fact"].get(c.contradiction["fact"], c.contradiction["fact"])
        lines.append(f"      {fact}: " + t("contradiction").format(
            draft=c.contradiction["draft"], verified=c.contradiction["verified"],
            source=ev.get("source") or "-", date=ev.get("date") or t("no_date")))
    if c.verdict in ("known_hoax", "refutes_hoax") and hoax:
        lines.append(f"      {t('matches_hoax')} {_evidence_line(hoax, lang)} {hoax.get('verdict', '')}".rstrip())
        lines.append(f"        \"{hoax['text']}\"")
        if hoax.get("clarification"):
            lines.append(f"      {t('clarification')}: {hoax['clarification']}")
    if verified and c.verdict in ("known_hoax", "contradicted", "refutes_hoax", "supported"):
        lines.append(f"      {t('evidence')} {_evidence_line(verified, lang)}")
        lines.append(f"        \"{verified['text']}\"")
    if c.top_terms and c.verdict in FLAGGED | {"unverified"}:
        lines.append(f"      {t('terms')}: {', '.join(c.top_terms)}")
    return lines


def to_text(report: Report) -> str:
    """The readable report, in Indonesian by default."""
    lang = report.lang
    out: list[str] = []
    for f in report.files:
        out.append(f.path)
        if f.error:
            out.append(f"  {messages.text('file_error', lang)}: {f.error}")
        for c in f.claims:
            out.extend(_claim_lines(c, lang))
        out.append("")
    out.append(summary_line(report))
    out.append(messages.text("footer", lang).format(newest=report.newest_entry or "-"))
    return "\n".join(out) + "\n"


def summary_line(report: Report) -> str:
    """One line: how many claims, by verdict, and how many fail the run."""
    lang = report.lang
    counts = report.summary()["by_verdict"]
    n = sum(v for k, v in counts.items() if k != "not_a_claim")
    parts = ", ".join(f"{messages.label(k, lang).lower()} {counts[k]}" for k in sorted(counts, key=_order) if k != "not_a_claim")
    head = messages.text("summary", lang).format(n=n, files=len(report.files))
    failing = len(report.failing())
    tail = messages.text("flagged", lang).format(n=failing) if failing else messages.text("clean", lang)
    return f"{head}" + (f" ({parts})" if parts else "") + f". {tail}"


def _order(verdict: str) -> int:
    from hoaxcheck.scoring import VERDICTS

    return VERDICTS.index(verdict) if verdict in VERDICTS else -1


SERIALIZERS = {"text": to_text, "json": to_json}
