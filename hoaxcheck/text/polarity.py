"""Polarity: whether a sentence denies, negates or reports a claim (Indonesian denial frames and negations)."""

import re
from functools import lru_cache

from hoaxcheck.text.normalise import clean_for_retrieval, normalize, stem, words

# Words whose presence frames a sentence as a denial or correction of a claim.
DENIAL_MARKERS = (
    "hoaks",
    "tidak benar",
    "membantah",
    "dibantah",
    "bantah",
    "bantahan",
    "menepis",
    "ditepis",
    "palsu",
    "klarifikasi",
    "mengklarifikasi",
    "disinformasi",
    "misinformasi",
    "berita bohong",
    "kabar bohong",
    "informasi bohong",
    "tidak terbukti",
    "keliru",
    "menyesatkan",
    "penipuan",
    "modus penipuan",
    "tidak pernah mengeluarkan",
    "tidak pernah menerbitkan",
    "tidak pernah membuat",
    "bukan dari",
    "tidak dapat dipertanggungjawabkan",
    "mengatasnamakan",
    "catut",
    "mencatut",
    "dicatut",
)
NEGATIONS = ("tidak", "bukan", "belum", "tiada")
# Words that carry a negation in their meaning: "warga dilarang keluar rumah" says what "warga tidak boleh keluar
# rumah" says, and "gagal mudik" what "tidak bisa mudik" says. They count only when a claim is compared with a
# hoax (`denies`), so that a rumour restated with "tidak boleh" is not read as a denial of "dilarang".
LEXICAL_NEGATIVES = ("dilarang", "larangan", "gagal", "batal")
_MARKERS_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _marker in DENIAL_MARKERS:
    _MARKERS_BY_FIRST.setdefault(_marker.split()[0], []).append(tuple(_marker.split()))
NEGATION_SCOPE = 2  # a negation governs the next few words


@lru_cache(maxsize=8192)
def _polarity_tokens(text: str) -> tuple[bool, tuple[str, ...], frozenset[int]]:
    """Whether a denial frame is present, the tokens, and the negations that belong to denial phrases."""
    tokens = tuple(words(normalize(text)))
    consumed: set[int] = set()
    denial = False
    for i, tok in enumerate(tokens):
        for parts in _MARKERS_BY_FIRST.get(tok, ()):
            if tokens[i : i + len(parts)] != parts:
                continue
            if parts[0] in NEGATIONS:
                consumed.add(i)  # the "tidak" of "tidak benar" is part of the frame, not a negation
                denial = True
            elif i and tokens[i - 1] in NEGATIONS:
                consumed.add(i - 1)  # "bukan hoaks" insists the claim is true: no denial, no negation
            else:
                denial = True
    return denial, tokens, frozenset(consumed)


def is_denial(text: str) -> bool:
    """True when the text frames its content as false: hoaks, tidak benar, membantah, palsu, ..."""
    return _polarity_tokens(text)[0]


def _negations(text: str, about: str | None, lexical: bool = False) -> int:
    """How many negations govern the text, counting only those whose scope reaches a word of `about`.

    With `lexical`, words that mean a negation (LEXICAL_NEGATIVES) count too.
    """
    _, tokens, consumed = _polarity_tokens(text)
    topic = set(clean_for_retrieval(about).split()) if about is not None else None
    negations = NEGATIONS + LEXICAL_NEGATIVES if lexical else NEGATIONS
    count = 0
    for i, tok in enumerate(tokens):
        if tok in negations and i not in consumed:
            scope = tokens[i + 1 : i + 1 + NEGATION_SCOPE]
            if topic is None or any(stem(w) in topic for w in scope):
                count += 1
    return count


def is_negated(text: str, about: str | None = None) -> bool:
    """Polarity of a claim: True when it denies (a denial frame, or an odd number of negations).

    With `about`, only negations whose scope reaches a topic word of `about` count, so that
    "tidak percaya? sebarkan" in a hoax does not flip its claim that vaccines hold a microchip.
    """
    return is_denial(text) or _negations(text, about) % 2 == 1


def same_polarity(a: str, b: str) -> bool:
    """Whether two texts about the same thing both assert it, or both deny it."""
    return is_negated(a, about=b) == is_negated(b, about=a)


def denies(claim: str, hoax: str) -> bool:
    """Whether a claim denies what a known hoax asserts.

    A hoax is an assertion, so a denial frame in the claim decides on its own, even when the hoax's own
    wording holds a negation ("rekening yang tidak dipakai 3 bulan diambil negara"). Without a frame, the
    claim must carry the negation itself: a negation that only the hoax's wording has ("tidak perlu antre",
    "kalau tidak lolos uang kembali") does not make a plainly stated rumour a denial of it. Nor does a
    negation that says what a word of the hoax already means: "tidak boleh keluar rumah" restates "dilarang
    keluar rumah", while "tidak dilarang keluar rumah" denies it.
    """
    if is_denial(claim) and not is_denial(hoax):
        return True
    if _negations(claim, hoax) % 2 == 0:
        return False
    return (_negations(claim, hoax, lexical=True) - _negations(hoax, claim, lexical=True)) % 2 == 1


_SPEECH = (
    r"(?:kata|ujar|ungkap|jelas|terang|imbuh|tutur|tegas|pungkas|sebut|lanjut|tambah|papar|ucap|tandas|"
    r"mengatakan|menjelaskan|menyampaikan|menuturkan|mengungkapkan|menegaskan|menambahkan|menyebutkan)(?:nya)?"
)
_ATTRIBUTED = re.compile(r"[\"”]\s*[,.!?]?\s*" + _SPEECH + r"\b|\b" + _SPEECH + r"\s*[,:]?\s*[\"“]", re.I)
_RUMOUR = re.compile(
    r"\b(beredar|viral|diviralkan|unggahan|postingan|pesan berantai|narasi|isu|kabar|klaim|diklaim|"
    r"mengklaim|disebutkan|menyebutkan|seolah|seakan)\b",
    re.I,
)


def is_attributed(text: str) -> bool:
    """Whether the text is a direct quotation attributed to a speaker: “...,” kata Camat."""
    return bool(_ATTRIBUTED.search(normalize(text)))


def reports_rumour(text: str) -> bool:
    """Whether the text reports that something circulates (beredar, viral, unggahan, narasi, kabar, ...)."""
    return bool(_RUMOUR.search(normalize(text)))


_DENIED_START = re.compile(r"\b(?:bahwa|mengenai|tentang|soal|terkait|berisi|yang menyebutkan|yang menyebut)\s+", re.I)
_DENIED_END = re.compile(
    r"\s*(?:,\s*)?(?:\b(?:itu|tersebut|ini)\s+)?(?:\b(?:adalah|merupakan|ialah)\s+)?"
    r"\b(?:hoaks|hoax|tidak benar|bohong|palsu|keliru|disinformasi|misinformasi)\b",
    re.I,
)


def denied_part(text: str) -> str | None:
    """What a denial denies: "informasi mengenai X adalah hoaks" gives X (None when the shape is not there).

    An official denial names the rumour among the institution's own words; matching that clause alone finds
    the hoax that the whole sentence, diluted by names and titles, is too far from.
    """
    norm = normalize(text)
    end = _DENIED_END.search(norm)
    if end is None:
        return None
    starts = [m.end() for m in _DENIED_START.finditer(norm, 0, end.start())]
    if not starts:
        return None
    part = norm[starts[-1] : end.start()].strip(" ,.;:")
    return part if len(clean_for_retrieval(part).split()) >= 3 else None
