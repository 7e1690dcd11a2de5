"""Matching spans larger than a sentence: adjacent sentences and a whole short message.

A scam spread over four short sentences ("Ada program bantuan. Daftar lewat tautan ini. Isi NIK dan KK.
Kuota terbatas!") matches its known hoax as a whole, while no single sentence is close enough. So runs of
2-4 adjacent claims of one paragraph, and a whole message of at most MAX_MESSAGE_CLAIMS claims, are matched
too. When such a window is a known hoax that matches better than every sentence inside it, one finding
covers the window (from its first character to its last) and governs the sentences in it.
"""

from hoaxcheck.engine.records import Claim
from hoaxcheck.io.documents import BREAK

MAX_WINDOW = 4
MAX_MESSAGE_CLAIMS = 8


def _same_block(doc, a, b) -> bool:
    gap = doc.text[a.end : b.start]
    return "\n\n" not in gap and BREAK not in doc.mask[a.end : b.start]


def candidates(doc, segments) -> list[tuple[int, int]]:
    """Index ranges [i, j) over the claim segments worth matching as one text, without duplicates."""
    claims = [i for i, s in enumerate(segments) if s.kind == "claim"]
    out: set[tuple[int, int]] = set()
    for k, i in enumerate(claims):
        run = [i]
        for nxt in claims[k + 1 : k + MAX_WINDOW]:
            if not _same_block(doc, segments[run[-1]], segments[nxt]):
                break
            run.append(nxt)
            out.add((run[0], run[-1] + 1))
    if 2 <= len(claims) <= MAX_MESSAGE_CLAIMS:
        out.add((claims[0], claims[-1] + 1))
    return sorted(out)


def _best_hoax(claim: Claim) -> tuple[str | None, float]:
    hoax = claim.evidence_of("hoax")
    return (hoax.id, hoax.similarity) if hoax else (None, 0.0)


def apply(claims: list[Claim], segments, ranges: list[tuple[int, int]], scored: list[Claim], doc) -> list[Claim]:
    """Replace the sentences of each winning window by the window's finding; return the document's claims."""
    wins = []
    for (i, j), window in zip(ranges, scored):
        if window.verdict != "known_hoax":
            continue
        hoax_id, sim = _best_hoax(window)
        inside = [c for c, s in zip(claims[i:j], segments[i:j]) if s.kind == "claim"]
        if all(c.verdict != "known_hoax" or _best_hoax(c)[1] < sim for c in inside):
            wins.append((sim, i, j, window))
    taken: set[int] = set()
    chosen = []
    for _sim, i, j, window in sorted(wins, key=lambda w: (-w[0], w[1])):
        if taken & set(range(i, j)):
            continue
        taken |= set(range(i, j))
        window.line, window.column = doc.position(segments[i].start)
        window.end_line, window.end_column = doc.position(segments[j - 1].end)
        window.rule = (window.rule or "") + "+window"
        chosen.append((i, j, window))
    if not chosen:
        return claims
    out, k = [], 0
    for i, j, window in sorted(chosen, key=lambda c: c[0]):
        out.extend(claims[k:i])
        out.append(window)
        k = j
    out.extend(claims[k:])
    return out
