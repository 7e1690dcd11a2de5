"""In-draft suppressions: `<!-- hoaxcheck: abaikan alasan="..." -->` accepts a finding, with a reason.

The comment on the line before a claim suppresses the claims that start on the next non-blank line. As the
first non-blank line of a file, followed by a blank line, it suppresses the whole file. A suppression without
a reason is a finding of its own, `invalid_suppression`, which always fails the run: accepting a finding must
say why, so an audit can see who accepted what.
"""

import re
from dataclasses import dataclass

from hoaxcheck.engine.records import INVALID_SUPPRESSION, Claim
from hoaxcheck.io import documents as document

INVALID = INVALID_SUPPRESSION
# Document readers blank HTML comments out of the mask, so these are parsed from the raw text.
# A suppression comment is short: its body is bounded (and cannot hold another "<!--"), so a draft of a
# million unclosed comments is read in linear time.
PATTERN = re.compile(r"<!--\s*hoaxcheck\s*:\s*abaikan\b(?P<rest>(?:(?!<!--)[^>]|>(?<!-->)){0,2000}?)-->", re.I)
REASON = re.compile(r"""\balasan\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""", re.I)


@dataclass
class Suppression:
    """One suppression comment: where it is, its reason, and the line it covers (0 = the whole file)."""

    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    reason: str | None
    target: int


def find(text: str) -> list[Suppression]:
    """Every suppression comment of a draft, with the line it applies to."""
    lines = text.split("\n")
    line_starts = document.line_starts(text)
    first_text = next((i + 1 for i, ln in enumerate(lines) if ln.strip()), 0)
    out = []
    for m in PATTERN.finditer(text):
        line, col = document.position(line_starts, m.start())
        end_line, end_col = document.position(line_starts, m.end())
        reason_match = REASON.search(m.group("rest"))
        reason = None
        if reason_match:
            reason = (reason_match.group("dq") if reason_match.group("dq") is not None else reason_match.group("sq")).strip()
        following = next((i for i in range(end_line + 1, len(lines) + 1) if lines[i - 1].strip()), 0)
        blank_after = end_line == len(lines) or not lines[end_line].strip()
        whole_file = line == first_text and text[line_starts[line - 1] : m.start()].strip() == "" and blank_after
        out.append(Suppression(line, col, end_line, end_col, m.group(0), reason or None, 0 if whole_file else following))
    return out


def apply(text: str, claims: list[Claim]) -> list[Claim]:
    """Mark suppressed claims; add an `invalid_suppression` finding for each comment without a reason."""
    marks = find(text)
    invalid = []
    for s in marks:
        if s.reason is None:
            invalid.append(
                Claim(
                    text=s.text,
                    line=s.line,
                    column=s.column,
                    end_line=s.end_line,
                    end_column=s.end_column,
                    verdict=INVALID,
                )
            )
            continue
        for c in claims:
            if s.target == 0 or c.line == s.target:
                c.suppressed, c.suppression_reason = True, s.reason
    return sorted(claims + invalid, key=lambda c: (c.line, c.column))
