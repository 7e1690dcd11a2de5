"""The "balasan untuk grup": a ready-to-share reply to a WhatsApp group, built from a known hoax's record.

It says what is wrong, gives the official correction and who made it, and the link and date of the page
that an officer can forward. Only what the corpus holds is used: no link is invented, and a row without a
clarification gets no reply.
"""

from hoaxcheck.engine.records import Claim, Evidence

TEMPLATE = {
    "id": (
        'Bapak/Ibu, informasi "{claim}" adalah {verdict} (sudah dibantah {source}). Faktanya: {clarification}'
        "{link} Mohon tidak diteruskan."
    ),
    "en": (
        'Dear all, the message "{claim}" is {verdict} (debunked by {source}). The facts: {clarification}'
        "{link} Please do not forward it."
    ),
}
LINK = {"id": " Sumber: {url}{date}.", "en": " Source: {url}{date}."}
DATE = {"id": " ({date})", "en": " ({date})"}
VERDICT_WORDS = {"id": "hoaks", "en": "a hoax"}
# Fact-checkers' labels in English, for the English reply (the corpus keeps the Indonesian label).
ENGLISH_LABELS = {
    "hoaks": "a hoax",
    "hoax": "a hoax",
    "salah": "false",
    "keliru": "false",
    "disinformasi": "disinformation",
    "misinformasi": "misinformation",
    "penipuan": "a scam",
    "menyesatkan": "misleading",
    "konten menyesatkan": "misleading",
    "fitnah": "a slander",
}
AUTHORITY = {"id": "pihak berwenang", "en": "the authorities"}


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def for_hoax(hoax: Evidence, lang: str = "id") -> str | None:
    """The reply for one known-hoax evidence item, or None when the corpus holds no clarification for it."""
    s = hoax.statement
    if not s.clarification:
        return None
    verdict = s.verdict.lower() if s.verdict else VERDICT_WORDS[lang]
    if lang == "en":
        verdict = ENGLISH_LABELS.get(verdict, VERDICT_WORDS["en"])
    link = LINK[lang].format(url=s.url, date=DATE[lang].format(date=s.date) if s.date else "") if s.url else ""
    clarification = s.clarification.rstrip()
    if not clarification.endswith((".", "!", "?")):
        clarification += "."
    return TEMPLATE[lang].format(
        claim=_short(s.text),
        verdict=verdict,
        source=s.source or AUTHORITY[lang],
        clarification=clarification,
        link=link,
    )


def for_claim(claim: Claim, lang: str = "id") -> str | None:
    """The reply for a claim judged known_hoax (from the hoax it matched), else None."""
    if claim.verdict != "known_hoax":
        return None
    hoax = claim.evidence_of("hoax")
    return for_hoax(hoax, lang) if hoax is not None else None
