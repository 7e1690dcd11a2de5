"""Indonesian claim splitting with exact spans: sentences, headings and boilerplate."""

import re
from dataclasses import dataclass

from hoaxcheck.io.documents import BREAK, Document

# Tokens that end with a period without ending a sentence (compared lower-case, without the period).
ABBREVIATIONS = frozenset(
    """dr drs dra h hj ir prof kab kec kel ds no nomor dll dsb dst dkk tsb yth jl jln bpk sdr sdri pt tbk rp
    st kol brigjen kombes akbp kompol ipda iptu aiptu aipda bripka brigadir mayjen letjen jend kapt lettu
    serka s.sos s.h s.e s.pd s.kom s.ip s.t s.ag m.si m.m m.h m.pd m.kes m.sc ph.d a.n u.p u.b an up ub
    mr mrs ms vs etc jan feb mar apr agu agt sep okt nov des ttd hal lamp sk tgl ket kep perda pergub
    perbup inpres keppres ref lt""".split()
)
BOILERPLATE = re.compile(
    r"^\W*(pewarta|editor|penulis|reporter|fotografer|foto|sumber|penyunting|redaktur|copyright|hak cipta"
    r"|baca juga|dibaca|©|\(c\)|tags?|kata kunci|share|bagikan)\b|©|copyright",
    re.I,
)
GREETING = re.compile(
    r"^\W*(assalamu.?alaikum|wa.?alaikumsalam|wassalam|salam sejahtera|salam sehat|selamat (pagi|siang|sore|malam)"
    r"|terima ?kasih|hormat kami|om swastiastu|shalom|salam kebajikan|namo buddhaya)\b",
    re.I,
)
# Formulas that open or close a forwarded message. They are stripped and what remains is judged: a greeting
# must not hide the claim that follows it ("Selamat pagi bapak ibu, pendaftaran CPNS dibuka tanpa tes ...").
_ADDRESS = (
    r"(?:[ ,]*(?:bapak|ibu|bpk|bu|pak|bapak/ibu|bapak-ibu|semua|semuanya|sekalian|grup|group|teman|teman2|"
    r"teman-teman|rekan|rekan-rekan|saudara|saudaraku|sahabat|kawan|warga|yth\.?|yang terhormat|"
    r"wr\.?|wb\.?|warahmatullahi|wabarakatuh|(?:rt|rw)\s*\.?\s*\d{1,3}(?:\s*/\s*(?:rw\s*\.?\s*)?\d{1,3})?))*"
)
LEADING_FORMULA = re.compile(
    r"^\W*(?:(?:assalamu.?alaikum|selamat (?:pagi|siang|sore|malam)|salam sejahtera|salam sehat|halo|hai|"
    r"om swastiastu|shalom|salam kebajikan|namo buddhaya|permisi|mohon maaf mengganggu|maaf mengganggu|"
    r"(?:info|informasi|kiriman|copas|copy ?paste|forward(?:ed)?|diteruskan|terusan) dari (?:grup|group|wag|"
    r"sebelah|grup sebelah|teman)(?: sebelah)?)" + _ADDRESS + r"[\s,.:;!-]*)+",
    re.I,
)
TRAILING_FORMULA = re.compile(
    r"(?:[\s,.;:-]*(?:(?:mohon|tolong|segera|harap|ayo|yuk)\s+)?(?:sebarkan|viralkan|share|bagikan|teruskan|"
    r"sebar(?:kan)?luaskan)(?:\s+(?:ke|kepada)\s+(?:semua\s+)?(?:grup|group|keluarga|teman|saudara|kerabat)\S*)?"
    r"|[\s,.;:-]*semoga bermanfaat|[\s,.;:-]*terima ?kasih)[\s!.,🙏]*$",
    re.I,
)
MIN_CLAIM_WORDS = 3  # "Vaksin bikin mandul." is a claim; two words are a fragment (a heading, a sign-off)
_CANDIDATE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")
_BULLET = re.compile(r"^(?:[-•*+]|\d{1,3}[.)])\s+")


@dataclass
class Segment:
    """One piece of a draft: a claim, a heading or boilerplate, with its character span."""

    start: int
    end: int
    kind: str  # "claim" | "heading" | "boilerplate"


def _hard_newline(mask: str, pos: int) -> bool:
    """Whether the newline at pos ends a block: yes, unless a sentence is plainly wrapped over it."""
    prev_start = mask.rfind("\n", 0, pos) + 1
    prev = mask[prev_start:pos].strip()
    nxt_end = mask.find("\n", pos + 1)
    nxt = mask[pos + 1 : nxt_end if nxt_end >= 0 else len(mask)].strip()
    if not prev or not nxt or BREAK in prev[:1] or BREAK in nxt[:1]:
        return True
    return not (prev[-1] not in ".!?:;\"'”)" and (nxt[0].islower() or prev[-1] == ","))


def blocks(mask: str) -> list[tuple[int, int]]:
    """Paragraph-like blocks of a mask, split at blank lines, hard breaks and unwrapped newlines."""
    cuts = [m.start() for m in re.finditer(BREAK, mask)]
    cuts += [m.start() for m in re.finditer("\n", mask) if _hard_newline(mask, m.start())]
    out, start = [], 0
    for cut in sorted(set(cuts)) + [len(mask)]:
        if cut > start:
            out.append((start, cut))
        start = cut + 1
    return out


def _is_boundary(block: str, end: int, punct_start: int) -> bool:
    rest = block[end:].lstrip()
    if not rest:
        return True
    if rest[0].islower() or rest[0] in ",;":
        return False
    if block[punct_start] == "." and block[punct_start:end].strip("\"'”’)]") == ".":
        word = re.search(r"([\w.]+)$", block[:punct_start])
        token = word.group(1).lower() if word else ""
        if token in ABBREVIATIONS or token.rstrip(".") in ABBREVIATIONS:
            return False
        if len(token) == 1 and token.isalpha():  # an initial, as in "M. Dianto"
            return False
        if re.fullmatch(r"(?:[a-z]\.)+[a-z]", token):  # "a.n", "s.sos" written without the last period
            return False
    return True


def _sentences(block: str) -> list[tuple[int, int]]:
    """Sentence spans of one block, not breaking inside quotes that close within the block."""
    quotes = [m.start() for m in re.finditer(r"[\"“”]", block)]
    use_quotes = len(quotes) % 2 == 0

    def inside_quote(pos: int) -> bool:
        return use_quotes and sum(1 for q in quotes if q < pos) % 2 == 1

    spans, start = [], 0
    for m in _CANDIDATE.finditer(block):
        if inside_quote(m.end()):
            continue
        if _is_boundary(block, m.end(), m.start()):
            spans.append((start, m.end()))
            start = m.end()
    spans.append((start, len(block)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] == BREAK):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == BREAK):
        end -= 1
    bullet = _BULLET.match(text[start:end])
    if bullet and not re.match(r"\d", text[start + bullet.end() : start + bullet.end() + 1] or "x"):
        start += bullet.end()
    return start, end


def kind_of(text: str) -> str:
    """Whether a piece of text is a claim, or boilerplate (bylines, copyright, greetings, fragments)."""
    flat = " ".join(text.split())
    if BOILERPLATE.search(flat) or GREETING.search(flat):
        return "boilerplate"
    words = re.findall(r"\w+", flat)
    if (
        len(words) <= 6
        and re.match(r"^\W*(humas|biro humas|bagian humas|diskominfo|tim humas|sumber)\b", flat, re.I)
        and not re.search(r"[.!?]$", flat)
    ):
        return "boilerplate"  # a sign-off such as "Humas Pemkab Lembah Hijau"
    if len(words) < MIN_CLAIM_WORDS and not re.search(r"\d", flat):
        return "boilerplate"
    if not re.search(r"[A-Za-z]", flat):
        return "boilerplate"
    return "claim"


def strip_formulas(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of a sentence without the greetings and sign-offs of a forward around it."""
    piece = text[start:end]
    lead = LEADING_FORMULA.match(piece)
    if lead and lead.end() < len(piece):
        start += lead.end()
    elif lead:
        return start, start  # nothing but a greeting
    trail = TRAILING_FORMULA.search(text[start:end])
    if trail and trail.start() > 0:
        end = start + trail.start()
    elif trail:
        return start, start
    return start, end


def split(doc: Document) -> list[Segment]:
    """Split a document into segments whose spans index doc.text exactly."""
    headings = doc.headings
    segments = []
    for b_start, b_end in blocks(doc.mask):
        block = doc.mask[b_start:b_end]
        for s, e in _sentences(block):
            start, end = _trim(doc.mask, b_start + s, b_start + e)
            if start >= end or not doc.mask[start:end].strip():
                continue
            if any(h0 <= start < h1 for h0, h1 in headings):
                segments.append(Segment(start, end, "heading"))
                continue
            inner = strip_formulas(doc.mask, start, end)
            if inner[0] < inner[1] and kind_of(doc.mask[inner[0] : inner[1]]) == "claim":
                segments.append(Segment(*_trim(doc.mask, *inner), "claim"))
            else:
                segments.append(Segment(start, end, "boilerplate"))
    return segments


def display(doc: Document, seg: Segment) -> str:
    """The claim as shown to the user: the span without markup, whitespace collapsed."""
    text = " ".join(doc.mask[seg.start : seg.end].replace(BREAK, " ").split())
    if doc.kind == "html":
        import html

        text = html.unescape(text)
    return text
