"""The result of a run and one small serializer per output format."""

import json
from collections import Counter
from dataclasses import dataclass, field

from hoaxcheck.report import messages
from hoaxcheck.engine.records import DEFAULT_FAIL_ON, FLAGGED, VERDICTS, Claim, Evidence, severity

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


def _evidence_line(e: Evidence, lang: str) -> str:
    s = e.statement
    where = ", ".join(x for x in (s.source, s.date or messages.text("no_date", lang), s.url) if x)
    return f"[{e.id}] ({messages.text('similarity', lang)} {e.similarity:.2f}; {where})"


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
    hoax, verified = c.evidence_of("hoax"), c.evidence_of("verified")
    if c.contradiction:
        lines.append(f"      {contradiction_line(c, lang)}")
        # Cite the statement it was compared against (the newest close one), not merely the most similar.
        verified = c.cited() or verified
    if c.verdict in ("known_hoax", "refutes_hoax") and hoax:
        lines.append(f"      {t('matches_hoax')} {_evidence_line(hoax, lang)} {hoax.statement.verdict}".rstrip())
        lines.append(f"        \"{hoax.text}\"")
        if hoax.statement.clarification:
            lines.append(f"      {t('clarification')}: {hoax.statement.clarification}")
    if verified and c.verdict in ("known_hoax", "contradicted", "refutes_hoax", "supported"):
        lines.append(f"      {t('evidence')} {_evidence_line(verified, lang)}")
        lines.append(f"        \"{verified.text}\"")
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
    return f"{fact}: " + t("contradiction").format(draft=k.draft, verified=k.verified, source=source or "-",
                                                   date=when or t("no_date"))


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
    parts = ", ".join(f"{messages.label(k, lang).lower()} {counts[k]}" for k in sorted(counts, key=severity) if k != "not_a_claim")
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


def to_sarif(report: Report) -> str:
    """SARIF 2.1.0: a rule per verdict, a result per finding (suppressed ones marked), one invocation."""
    from urllib.parse import quote

    from hoaxcheck import __version__

    lang = report.lang
    rules = []
    for code in RULES:
        rule_level = level(report, code) or "none"
        help_id, help_en = messages.VERDICT_HELP["id"][code], messages.VERDICT_HELP["en"][code]
        rules.append({
            "id": code,
            "name": "".join(w.title() for w in code.split("_")),
            "shortDescription": {"text": f"{messages.label(code, 'id')} / {messages.label(code, 'en')}"},
            "fullDescription": {"text": messages.VERDICT_HELP[lang][code]},
            "help": {"text": f"{help_id}\n\n{help_en}",
                     "markdown": f"**{messages.label(code, 'id')}**: {help_id}\n\n**{messages.label(code, 'en')}**: {help_en}"},
            "defaultConfiguration": {"level": rule_level, "enabled": rule_level != "none"},
        })
    results, notifications = [], []
    for f in report.files:
        uri = quote(f.path.replace("\\", "/"))
        if f.error:
            notifications.append({"level": "error", "message": {"text": f.error},
                                  "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}]})
        for c in f.claims:
            lvl = level(report, c.verdict)
            if lvl is None:
                continue
            result = {
                "ruleId": c.verdict,
                "ruleIndex": RULES.index(c.verdict),
                "level": lvl,
                "message": {"text": f"{messages.label(c.verdict, lang)}: {_message(c, lang)}"},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {"startLine": c.line, "startColumn": c.column, "endLine": c.end_line,
                               "endColumn": c.end_column, "snippet": {"text": c.text}},
                }}],
                "partialFingerprints": {"claimText/v1": _fingerprint(c.text)},
                "properties": {"hoaxProbability": c.hoax_probability,
                               "evidenceIds": [e.id for e in c.evidence]},
            }
            if c.suppressed:
                result["suppressions"] = [{"kind": "inSource", "status": "accepted",
                                           "justification": c.suppression_reason or ""}]
            results.append(result)
    run = {
        "tool": {"driver": {"name": "hoaxcheck", "version": __version__, "semanticVersion": __version__,
                            "rules": rules}},
        "invocations": [{"executionSuccessful": not report.has_errors(), "startTimeUtc": _utc(report.started),
                         "endTimeUtc": _utc(report.finished), "toolExecutionNotifications": notifications}],
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
            out.append(f"::error file={_gh_prop(f.path)},title={_gh_prop(messages.label('error', report.lang))}::{_gh_data(f.error)}")
        for c in f.claims:
            lvl = level(report, c.verdict)
            if lvl is None or c.suppressed:
                continue
            props = (f"file={_gh_prop(f.path)},line={c.line},col={c.column},endLine={c.end_line},"
                     f"endColumn={c.end_column},title={_gh_prop('hoaxcheck: ' + messages.label(c.verdict, report.lang))}")
            out.append(f"::{command[lvl]} {props}::{_gh_data(_message(c, report.lang))}")
    return "".join(line + "\n" for line in out)


COLOURS = {  # verdict: (border, background)
    "known_hoax": ("#c5221f", "#fce8e6"), "contradicted": ("#e8710a", "#feefe3"),
    "likely_hoax": ("#b06000", "#fef7e0"), "unverified": ("#80868b", "#f1f3f4"),
    "refutes_hoax": ("#1967d2", "#e8f0fe"), "supported": ("#188038", "#e6f4ea"),
    "not_a_claim": ("#bdc1c6", "transparent"), "invalid_suppression": ("#8430ce", "#f3e8fd"),
    "inconsistent": ("#6d4c41", "#efebe9"),
}

_HTML_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#202124;background:#fafafa}
header{padding:1rem 1.5rem;background:#fff;border-bottom:1px solid #dadce0}
h1{font-size:1.3rem;margin:0 0 .3rem}h2{font-size:1.05rem;margin:0 0 .5rem;word-break:break-all}
.legend span{display:inline-block;margin:.15rem .5rem .15rem 0;padding:0 .4rem;border-radius:3px}
.file{margin:1rem 1.5rem;padding:1rem;background:#fff;border:1px solid #dadce0;border-radius:6px}
.cols{display:flex;gap:1rem;align-items:flex-start}
.draft{flex:3;white-space:pre-wrap;word-wrap:break-word;font:15px/1.7 Georgia,serif;margin:0}
.panel{flex:2;position:sticky;top:.5rem;max-height:95vh;overflow:auto;border-left:3px solid #dadce0;padding-left:1rem}
a.claim{color:inherit;text-decoration:none;border-bottom:2px solid;border-radius:2px;cursor:pointer}
a.claim.sel{outline:2px solid #202124}
a.claim.suppressed{border-bottom-style:dashed;opacity:.7}
.detail{display:none}.detail:target,.detail.open{display:block}
.panel:has(.detail:target,.detail.open)>.pick{display:none}
.detail h3{font-size:1rem;margin:.2rem 0}.ev{margin:.5rem 0;padding:.4rem .6rem;background:#f8f9fa;border-radius:4px}
.error{color:#c5221f;font-weight:bold}.muted{color:#5f6368;font-size:.9em}
@media (max-width:800px){.cols{display:block}.panel{position:static;border:0;padding:0}}
"""

_HTML_SCRIPT = """
document.addEventListener('click', function (e) {
  var a = e.target.closest('a.claim'); if (!a) return;
  e.preventDefault();
  var file = a.closest('.file');
  file.querySelectorAll('.detail.open').forEach(function (d) { d.classList.remove('open'); });
  file.querySelectorAll('a.claim.sel').forEach(function (d) { d.classList.remove('sel'); });
  var d = document.getElementById(a.getAttribute('href').slice(1));
  if (d) { d.classList.add('open'); a.classList.add('sel'); }
});
"""


def _html_detail(c: Claim, anchor: str, kind: str, lang: str) -> str:
    from html import escape

    t = messages.HTML[lang]
    border, _ = COLOURS.get(c.verdict, COLOURS["unverified"])
    where = f"{t['paragraph'] if kind == 'docx' else t['line']} {c.line}:{c.column}"
    parts = [f'<div class="detail" id="{anchor}" data-verdict="{c.verdict}">',
             f'<h3 style="color:{border}">{escape(messages.label(c.verdict, lang))}</h3>',
             f'<p class="muted">{where}' + (f"; {messages.text('probability', lang)} {c.hoax_probability:.2f}"
                                            if c.hoax_probability is not None and c.verdict != "not_a_claim" else "") + "</p>",
             f"<blockquote>{escape(c.text)}</blockquote>",
             f"<p>{escape(messages.VERDICT_HELP[lang].get(c.verdict, ''))}</p>"]
    if c.suppressed:
        parts.append(f"<p><b>{messages.text('suppressed', lang)}</b>: {escape(c.suppression_reason or '')}</p>")
    if c.contradiction:
        parts.append(f"<p>{escape(contradiction_line(c, lang))}</p>")
    if c.top_terms and c.verdict in FLAGGED | {"unverified"}:
        parts.append(f"<p><b>{messages.text('terms', lang)}</b>: {escape(', '.join(c.top_terms))}</p>")
    if c.verdict not in ("not_a_claim", "invalid_suppression"):
        if not c.evidence:
            parts.append(f'<p class="muted">{messages.HTML[lang]["no_evidence"]}</p>')
        first = "hoax" if c.verdict in ("known_hoax", "refutes_hoax") else "verified"
        for e in sorted(c.evidence, key=lambda e: e.kind != first):
            s = e.statement
            head = messages.text("matches_hoax" if e.kind == "hoax" else "evidence", lang)
            meta = ", ".join(escape(x) for x in (s.source, s.date or messages.text("no_date", lang)) if x)
            link = f' <a href="{escape(s.url)}" rel="noreferrer">{escape(s.url)}</a>' if s.url.startswith(("http://", "https://")) else ""
            body = (f"<b>{escape(head)}</b> [{escape(e.id)}] ({messages.text('similarity', lang)} {e.similarity:.2f}; "
                    f"{meta}){link}<br>{escape(e.text)}")
            if s.clarification:
                body += f"<br><b>{messages.text('clarification', lang)}</b>: {escape(s.clarification)}"
            parts.append(f'<div class="ev" data-kind="{e.kind}">{body}</div>')
    parts.append("</div>")
    return "\n".join(parts)


def _html_draft(f: FileResult, index: int, lang: str) -> tuple[str, str]:
    """The draft with each claim wrapped in a link to its details, and the details panel."""
    from html import escape

    from hoaxcheck.io.documents import line_starts
    from hoaxcheck.io.documents import offset as text_offset

    starts = line_starts(f.text)

    def offset(line: int, col: int) -> int:
        return min(text_offset(starts, line, col), len(f.text))

    kind = "docx" if f.path.lower().endswith(".docx") else "txt"
    spans = sorted(((offset(c.line, c.column), offset(c.end_line, c.end_column), i, c) for i, c in enumerate(f.claims)),
                   key=lambda s: (s[0], s[2]))
    out, pos, details = [], 0, []
    for start, end, i, c in spans:
        anchor = f"c{index}-{i}"
        details.append(_html_detail(c, anchor, kind, lang))
        if start < pos:  # overlapping spans: the claim stays in the panel only
            continue
        border, background = COLOURS.get(c.verdict, COLOURS["unverified"])
        cls = "claim suppressed" if c.suppressed else "claim"
        out.append(escape(f.text[pos:start]))
        out.append(f'<a class="{cls}" href="#{anchor}" data-verdict="{c.verdict}" data-line="{c.line}" '
                   f'title="{escape(messages.label(c.verdict, lang))}" '
                   f'style="border-color:{border};background:{background}">{escape(f.text[start:end])}</a>')
        pos = end
    out.append(escape(f.text[pos:]))
    return "".join(out), "\n".join(details)


def to_html(report: Report) -> str:
    """One self-contained html page: a summary, then each draft with its claims highlighted by verdict."""
    from html import escape

    lang = report.lang
    t = messages.HTML[lang]
    counts = report.summary()["by_verdict"]
    legend = "".join(
        f'<span style="border-bottom:2px solid {COLOURS[v][0]};background:{COLOURS[v][1]}">'
        f"{escape(messages.label(v, lang))} {counts.get(v, 0)}</span>" for v in RULES if v != "not_a_claim")
    body = [f'<header><h1>{t["title"]}</h1><p><b>{escape(summary_line(report))}</b></p>',
            f'<p class="legend">{legend}</p>',
            f'<p class="muted">{t["fail_on"]}: {", ".join(escape(messages.label(v, lang)) for v in RULES if v in report.fail_on)}. '
            f'{t["generated"]}: {escape(report.finished or report.started)}. '
            f'{escape(messages.text("footer", lang).format(newest=report.newest_entry or "-"))}</p>',
            f'<p>{t["hint"]}</p></header>']
    for i, f in enumerate(report.files):
        body.append(f'<section class="file" data-path="{escape(f.path)}"><h2>{escape(f.path)}</h2>')
        if f.error:
            body.append(f'<p class="error">{messages.text("file_error", lang)}: {escape(f.error)}</p></section>')
            continue
        draft, details = _html_draft(f, i, lang)
        body.append(f'<div class="cols"><pre class="draft">{draft}</pre>'
                    f'<aside class="panel"><p class="muted pick">{t["pick"]}</p>{details}</aside></div></section>')
    return (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{t['title']}</title><style>{_HTML_STYLE}</style></head>\n<body>\n"
            + "\n".join(body) + f"\n<script>{_HTML_SCRIPT}</script>\n</body></html>\n")


SERIALIZERS = {"text": to_text, "json": to_json, "jsonl": to_jsonl, "sarif": to_sarif, "github": to_github,
               "html": to_html}
