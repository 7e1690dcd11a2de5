"""The html report: one self-contained page (no network, no external files) with every claim highlighted."""

from html import escape

from hoaxcheck.engine.records import FLAGGED, Claim
from hoaxcheck.report import messages, reply
from hoaxcheck.report.formats import RULES, FileResult, Report, _hoax_label, contradiction_line, summary_line

COLOURS = {  # verdict: (border, background)
    "known_hoax": ("#c5221f", "#fce8e6"),
    "contradicted": ("#e8710a", "#feefe3"),
    "likely_hoax": ("#b06000", "#fef7e0"),
    "unverified": ("#80868b", "#f1f3f4"),
    "refutes_hoax": ("#1967d2", "#e8f0fe"),
    "supported": ("#188038", "#e6f4ea"),
    "not_a_claim": ("#bdc1c6", "transparent"),
    "invalid_suppression": ("#8430ce", "#f3e8fd"),
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
.reply textarea{width:100%;box-sizing:border-box;font:inherit;margin:.3rem 0}
@media (max-width:800px){.cols{display:block}.panel{position:static;border:0;padding:0}}
"""

COPY = {"id": "Salin balasan", "en": "Copy reply"}

_HTML_SCRIPT = """
document.addEventListener('click', function (e) {
  var b = e.target.closest('button.copy');
  if (b) {
    var box = b.parentNode.querySelector('textarea'); box.select();
    if (navigator.clipboard) { navigator.clipboard.writeText(box.value); } else { document.execCommand('copy'); }
    return;
  }
  var a = e.target.closest('a.claim'); if (!a) return;
  e.preventDefault();
  var file = a.closest('.file');
  file.querySelectorAll('.detail.open').forEach(function (d) { d.classList.remove('open'); });
  file.querySelectorAll('a.claim.sel').forEach(function (d) { d.classList.remove('sel'); });
  var d = document.getElementById(a.getAttribute('href').slice(1));
  if (d) { d.classList.add('open'); a.classList.add('sel'); }
});
"""


def html_detail(c: Claim, anchor: str, kind: str, lang: str, match: float = 0.45, with_reply: bool = True) -> str:
    """The details of one claim: verdict, explanation, contradiction, evidence and (known hoax) the reply."""
    t = messages.HTML[lang]
    border, _ = COLOURS.get(c.verdict, COLOURS["unverified"])
    where = f"{t['paragraph'] if kind == 'docx' else t['line']} {c.line}:{c.column}"
    parts = [
        f'<div class="detail" id="{anchor}" data-verdict="{c.verdict}">',
        f'<h3 style="color:{border}">{escape(messages.label(c.verdict, lang))}</h3>',
        f'<p class="muted">{where}'
        + (
            f"; {messages.text('probability', lang)} {c.hoax_probability:.2f}"
            if c.hoax_probability is not None and c.verdict != "not_a_claim"
            else ""
        )
        + "</p>",
        f"<blockquote>{escape(c.text)}</blockquote>",
        f"<p>{escape(messages.VERDICT_HELP[lang].get(c.verdict, ''))}</p>",
    ]
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
            head = _hoax_label(e, match, lang) if e.kind == "hoax" else messages.text("evidence", lang)
            meta = ", ".join(escape(x) for x in (s.source, s.date or messages.text("no_date", lang)) if x)
            link = (
                f' <a href="{escape(s.url)}" rel="noreferrer">{escape(s.url)}</a>'
                if s.url.startswith(("http://", "https://"))
                else ""
            )
            body = (
                f"<b>{escape(head)}</b> [{escape(e.id)}] ({messages.text('similarity', lang)} {e.similarity:.2f}; "
                f"{meta}){link}<br>{escape(e.text)}"
            )
            if s.clarification:
                body += f"<br><b>{messages.text('clarification', lang)}</b>: {escape(s.clarification)}"
            parts.append(f'<div class="ev" data-kind="{e.kind}">{body}</div>')
    answer = reply.for_claim(c, lang) if with_reply else None
    if answer:
        parts.append(
            f'<div class="reply"><b>{messages.text("reply", lang)}</b>'
            f'<textarea readonly rows="4">{escape(answer)}</textarea>'
            f'<button type="button" class="copy">{COPY[lang]}</button></div>'
        )
    parts.append("</div>")
    return "\n".join(parts)


def html_draft(f: FileResult, index: int, lang: str, match: float = 0.45) -> tuple[str, str]:
    """The draft with each claim wrapped in a link to its details, and the details panel."""
    from hoaxcheck.io.documents import line_starts
    from hoaxcheck.io.documents import offset as text_offset

    starts = line_starts(f.text)

    def offset(line: int, col: int) -> int:
        return min(text_offset(starts, line, col), len(f.text))

    kind = "docx" if f.path.lower().endswith(".docx") else "txt"
    spans = sorted(
        ((offset(c.line, c.column), offset(c.end_line, c.end_column), i, c) for i, c in enumerate(f.claims)),
        key=lambda s: (s[0], s[2]),
    )
    out, pos, details = [], 0, []
    for start, end, i, c in spans:
        anchor = f"c{index}-{i}"
        details.append(html_detail(c, anchor, kind, lang, match))
        if start < pos:  # overlapping spans: the claim stays in the panel only
            continue
        border, background = COLOURS.get(c.verdict, COLOURS["unverified"])
        cls = "claim suppressed" if c.suppressed else "claim"
        out.append(escape(f.text[pos:start]))
        out.append(
            f'<a class="{cls}" href="#{anchor}" data-verdict="{c.verdict}" data-line="{c.line}" '
            f'title="{escape(messages.label(c.verdict, lang))}" '
            f'style="border-color:{border};background:{background}">{escape(f.text[start:end])}</a>'
        )
        pos = end
    out.append(escape(f.text[pos:]))
    return "".join(out), "\n".join(details)


def to_html(report: Report) -> str:
    """One self-contained html page: a summary, then each draft with its claims highlighted by verdict."""
    lang = report.lang
    t = messages.HTML[lang]
    counts = report.summary()["by_verdict"]
    legend = "".join(
        f'<span style="border-bottom:2px solid {COLOURS[v][0]};background:{COLOURS[v][1]}">'
        f"{escape(messages.label(v, lang))} {counts.get(v, 0)}</span>"
        for v in RULES
        if v != "not_a_claim"
    )
    body = [
        f"<header><h1>{t['title']}</h1><p><b>{escape(summary_line(report))}</b></p>",
        f'<p class="legend">{legend}</p>',
        f'<p class="muted">{t["fail_on"]}: {", ".join(escape(messages.label(v, lang)) for v in RULES if v in report.fail_on)}. '
        f"{t['generated']}: {escape(report.finished or report.started)}. "
        f"{escape(messages.text('footer', lang).format(newest=report.newest_entry or '-'))}</p>",
        f"<p>{t['hint']}</p></header>",
    ]
    for i, f in enumerate(report.shown()):
        body.append(f'<section class="file" data-path="{escape(f.path)}"><h2>{escape(f.path)}</h2>')
        if f.error:
            body.append(f'<p class="error">{messages.text("file_error", lang)}: {escape(f.error)}</p></section>')
            continue
        draft, details = html_draft(f, i, lang, report.match)
        body.append(
            f'<div class="cols"><pre class="draft">{draft}</pre>'
            f'<aside class="panel"><p class="muted pick">{t["pick"]}</p>{details}</aside></div></section>'
        )
    return (
        f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{t['title']}</title><style>{_HTML_STYLE}</style></head>\n<body>\n"
        + "\n".join(body)
        + f"\n<script>{_HTML_SCRIPT}</script>\n</body></html>\n"
    )
