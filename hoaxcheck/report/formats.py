"""The result of a run and one small serializer per output format."""

import json
from collections import Counter
from dataclasses import dataclass, field

from hoaxcheck.engine.records import DEFAULT_FAIL_ON, FLAGGED, VERDICTS, Claim, Evidence, severity
from hoaxcheck.report import messages, reply

SCHEMA_VERSION = 2  # 2: the `inconsistent` verdict (internal contradictions were `contradicted`)


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
    fail_on: frozenset[str] = DEFAULT_FAIL_ON
    lang: str = "id"
    newest_entry: str = ""
    started: str = ""
    finished: str = ""
    match: float = 0.45  # the model's `match` threshold: hoax evidence at or above it "matches", below "resembles"
    flagged_only: bool = False  # text and html: only the claims that fail the run, files most severe first

    def failing(self) -> list[Claim]:
        """Claims whose verdict is in the fail set and that are not suppressed."""
        return [
            c
            for f in self.files
            for c in f.claims
            if (c.verdict in self.fail_on or c.verdict == "invalid_suppression") and not c.suppressed
        ]

    def shown(self) -> list[FileResult]:
        """The files to render: all of them, or (flagged only) the failing ones, most severe first."""
        if not self.flagged_only:
            return self.files

        def fails(c: Claim) -> bool:
            return (c.verdict in self.fail_on or c.verdict == "invalid_suppression") and not c.suppressed

        picked = [FileResult(f.path, [c for c in f.claims if fails(c)], f.error, f.text) for f in self.files]
        picked = [f for f in picked if f.claims or f.error]
        return sorted(picked, key=lambda f: (min((severity(c.verdict) for c in f.claims), default=99), f.path))

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


def _evidence_line(e: Evidence, lang: str) -> str:
    s = e.statement
    where = ", ".join(x for x in (s.source, s.date or messages.text("no_date", lang), s.url) if x)
    return f"[{e.id}] ({messages.text('similarity', lang)} {e.similarity:.2f}; {where})"


def _hoax_label(e: Evidence, match: float, lang: str) -> str:
    """ "Cocok dengan hoaks" for a match at or above `match`, else "Mirip hoaks yang dikenal"."""
    return messages.text("matches_hoax" if e.similarity >= match else "resembles_hoax", lang)


def _claim_lines(c: Claim, lang: str, match: float = 0.45) -> list[str]:
    t = lambda key: messages.text(key, lang)  # noqa: E731
    head = f"  {c.line}:{c.column}  {messages.label(c.verdict, lang)}"
    if c.hoax_probability is not None and c.verdict != "not_a_claim":
        head += f"  ({t('probability')} {c.hoax_probability:.2f})"
    if c.suppressed:
        head += f"  [{t('suppressed')}: {c.suppression_reason}]"
    lines = [head, f'      "{c.text}"']
    if c.verdict == "not_a_claim":
        return lines[:1] + [f"      {c.text}"]
    hoax, verified = c.evidence_of("hoax"), c.evidence_of("verified")
    if c.contradiction:
        lines.append(f"      {contradiction_line(c, lang)}")
        # Cite the statement it was compared against (the newest close one), not merely the most similar.
        verified = c.cited() or verified
    if hoax and c.verdict not in ("not_a_claim", "invalid_suppression"):
        # Any known hoax near the claim is shown with its correction: an officer can reply with it, whatever
        # the verdict; its label says how strong the match is.
        lines.append(f"      {_hoax_label(hoax, match, lang)} {_evidence_line(hoax, lang)} {hoax.statement.verdict}".rstrip())
        lines.append(f'        "{hoax.text}"')
        if hoax.statement.clarification:
            lines.append(f"      {t('clarification')}: {hoax.statement.clarification}")
    answer = reply.for_claim(c, lang)
    if answer:
        lines.append(f"      {t('reply')}: {answer}")
    if verified and c.verdict in ("known_hoax", "contradicted", "refutes_hoax", "supported"):
        lines.append(f"      {t('evidence')} {_evidence_line(verified, lang)}")
        lines.append(f'        "{verified.text}"')
    if c.top_terms and c.verdict in FLAGGED | {"unverified"}:
        lines.append(f"      {t('terms')}: {', '.join(c.top_terms)}")
    return lines


def contradiction_line(c: Claim, lang: str) -> str:
    """What differs between a contradicted claim and its verified statement, in one line."""
    t = lambda key: messages.text(key, lang)  # noqa: E731
    k = c.contradiction
    fact = messages.TEXT[lang]["fact"].get(k.fact, k.fact)
    if k.internal:  # the claim contradicts itself
        reason = messages.TEXT[lang]["reasons"].get(k.reason, k.reason or "")
        return f"{fact}: " + t("internal_contradiction").format(draft=k.draft, reason=reason, expected=k.expected)
    ev = c.cited() or c.evidence_of("verified")
    source, when = (ev.statement.source, ev.statement.date) if ev else ("", "")
    return f"{fact}: " + t("contradiction").format(
        draft=k.draft, verified=k.verified, source=source or "-", date=when or t("no_date")
    )


def to_text(report: Report) -> str:
    """The readable report, in Indonesian by default."""
    lang = report.lang
    out: list[str] = []
    for f in report.shown():
        counts = Counter(c.verdict for c in f.claims)
        line = f.path
        if report.flagged_only and counts:  # one summary line per file: what fails in it
            line += ": " + ", ".join(f"{messages.label(k, lang).lower()} {counts[k]}" for k in sorted(counts, key=severity))
        out.append(line)
        if f.error:
            out.append(f"  {messages.text('file_error', lang)}: {f.error}")
        for c in f.claims:
            out.extend(_claim_lines(c, lang, report.match))
        out.append("")
    out.append(summary_line(report))
    out.append(messages.text("footer", lang).format(newest=report.newest_entry or "-"))
    return "\n".join(out) + "\n"


def summary_line(report: Report) -> str:
    """One line: how many claims, by verdict, and how many fail the run."""
    lang = report.lang
    counts = report.summary()["by_verdict"]
    n = sum(v for k, v in counts.items() if k != "not_a_claim")
    parts = ", ".join(
        f"{messages.label(k, lang).lower()} {counts[k]}" for k in sorted(counts, key=severity) if k != "not_a_claim"
    )
    head = messages.text("summary", lang).format(n=n, files=len(report.files))
    failing = len(report.failing())
    tail = messages.text("flagged", lang).format(n=failing) if failing else messages.text("clean", lang)
    return f"{head}" + (f" ({parts})" if parts else "") + f". {tail}"


def to_jsonl(report: Report) -> str:
    """One JSON object per line: each claim with its `path`, and a line with `error` for an unreadable input."""
    lines = []
    for f in report.files:
        if f.error:
            lines.append({"path": f.path, "error": f.error})
        lines.extend({"path": f.path, **c.to_dict()} for c in f.claims)
    return "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)


def level(report: Report, verdict: str) -> str | None:
    """How loud a finding is: error (fails the run), warning (flagged), note (unverified), or None (no finding)."""
    if verdict in report.fail_on or verdict == "invalid_suppression":
        return "error"
    if verdict in FLAGGED or verdict == "inconsistent":
        return "warning"
    return "note" if verdict == "unverified" else None


def _message(c: Claim, lang: str) -> str:
    """A finding's message: the claim and its evidence, as in the readable report."""
    return "\n".join(line.strip() for line in _claim_lines(c, lang)[1:])


RULES = (*VERDICTS, "invalid_suppression")


def _utc(stamp: str) -> str:
    return stamp.replace("+00:00", "Z")


def _sarif_rules(report: Report) -> list[dict]:
    """One SARIF rule per verdict, with its help text in Indonesian and English."""
    lang = report.lang
    rules = []
    for code in RULES:
        rule_level = level(report, code) or "none"
        help_id, help_en = messages.VERDICT_HELP["id"][code], messages.VERDICT_HELP["en"][code]
        rules.append(
            {
                "id": code,
                "name": "".join(w.title() for w in code.split("_")),
                "shortDescription": {"text": f"{messages.label(code, 'id')} / {messages.label(code, 'en')}"},
                "fullDescription": {"text": messages.VERDICT_HELP[lang][code]},
                "help": {
                    "text": f"{help_id}\n\n{help_en}",
                    "markdown": f"**{messages.label(code, 'id')}**: {help_id}\n\n**{messages.label(code, 'en')}**: {help_en}",
                },
                "defaultConfiguration": {"level": rule_level, "enabled": rule_level != "none"},
            }
        )
    return rules


def _sarif_result(report: Report, c: Claim, uri: str, lvl: str) -> dict:
    """The SARIF result of one finding."""
    lang = report.lang
    result = {
        "ruleId": c.verdict,
        "ruleIndex": RULES.index(c.verdict),
        "level": lvl,
        "message": {"text": f"{messages.label(c.verdict, lang)}: {_message(c, lang)}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {
                        "startLine": c.line,
                        "startColumn": c.column,
                        "endLine": c.end_line,
                        "endColumn": c.end_column,
                        "snippet": {"text": c.text},
                    },
                }
            }
        ],
        "partialFingerprints": {"claimText/v1": _fingerprint(c.text)},
        "properties": {"hoaxProbability": c.hoax_probability, "evidenceIds": [e.id for e in c.evidence]},
    }
    if c.suppressed:
        result["suppressions"] = [{"kind": "inSource", "status": "accepted", "justification": c.suppression_reason or ""}]
    return result


def to_sarif(report: Report) -> str:
    """SARIF 2.1.0: a rule per verdict, a result per finding (suppressed ones marked), one invocation."""
    from urllib.parse import quote

    from hoaxcheck import __version__

    rules = _sarif_rules(report)
    results, notifications = [], []
    for f in report.files:
        uri = quote(f.path.replace("\\", "/"))
        if f.error:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": f.error},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
                }
            )
        for c in f.claims:
            lvl = level(report, c.verdict)
            if lvl is not None:
                results.append(_sarif_result(report, c, uri, lvl))
    run = {
        "tool": {"driver": {"name": "hoaxcheck", "version": __version__, "semanticVersion": __version__, "rules": rules}},
        "invocations": [
            {
                "executionSuccessful": not report.has_errors(),
                "startTimeUtc": _utc(report.started),
                "endTimeUtc": _utc(report.finished),
                "toolExecutionNotifications": notifications,
            }
        ],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _fingerprint(text: str) -> str:
    import hashlib

    return hashlib.sha256(" ".join(text.split()).lower().encode("utf-8")).hexdigest()[:32]


def _gh_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def to_github(report: Report) -> str:
    """GitHub workflow commands, one per unsuppressed finding, so findings become pull-request annotations."""
    command = {"error": "error", "warning": "warning", "note": "notice"}
    out = []
    for f in report.files:
        if f.error:
            out.append(
                f"::error file={_gh_prop(f.path)},title={_gh_prop(messages.label('error', report.lang))}::{_gh_data(f.error)}"
            )
        for c in f.claims:
            lvl = level(report, c.verdict)
            if lvl is None or c.suppressed:
                continue
            props = (
                f"file={_gh_prop(f.path)},line={c.line},col={c.column},endLine={c.end_line},"
                f"endColumn={c.end_column},title={_gh_prop('hoaxcheck: ' + messages.label(c.verdict, report.lang))}"
            )
            out.append(f"::{command[lvl]} {props}::{_gh_data(_message(c, report.lang))}")
    return "".join(line + "\n" for line in out)
