"""Human-readable words in Indonesian (default) and English. JSON keys and verdict codes stay English."""

VERDICT_LABELS = {
    "id": {
        "known_hoax": "HOAKS DIKENAL", "contradicted": "BERTENTANGAN", "likely_hoax": "BERPOTENSI HOAKS",
        "unverified": "BELUM TERVERIFIKASI", "refutes_hoax": "MEMBANTAH HOAKS", "supported": "DIDUKUNG",
        "not_a_claim": "BUKAN KLAIM", "invalid_suppression": "PENGABAIAN TANPA ALASAN", "error": "GALAT",
    },
    "en": {
        "known_hoax": "KNOWN HOAX", "contradicted": "CONTRADICTED", "likely_hoax": "LIKELY HOAX",
        "unverified": "UNVERIFIED", "refutes_hoax": "REFUTES A HOAX", "supported": "SUPPORTED",
        "not_a_claim": "NOT A CLAIM", "invalid_suppression": "SUPPRESSION WITHOUT REASON", "error": "ERROR",
    },
}

TEXT = {
    "id": {
        "matches_hoax": "Cocok dengan hoaks",
        "evidence": "Bukti terverifikasi",
        "similarity": "kemiripan",
        "clarification": "Klarifikasi",
        "terms": "Istilah pemicu",
        "probability": "peluang hoaks",
        "contradiction": "draf: {draft}; terverifikasi ({source}, {date}): {verified}",
        "summary": "Ringkasan: {n} klaim dalam {files} berkas",
        "footer": "'Belum terverifikasi' tidak berarti salah: korpus belum memuat pernyataan yang cocok. "
                  "Entri korpus terbaru: {newest}.",
        "flagged": "{n} klaim ditandai.",
        "clean": "Tidak ada klaim yang ditandai.",
        "suppressed": "diabaikan",
        "file_error": "GALAT",
        "no_date": "tanpa tanggal",
        "fact": {"number": "angka", "date": "tanggal", "weekday": "hari", "person": "nama", "title": "jabatan",
                 "place": "tempat", "polarity": "pernyataan", "internal": "konsistensi"},
    },
    "en": {
        "matches_hoax": "Matches known hoax",
        "evidence": "Verified evidence",
        "similarity": "similarity",
        "clarification": "Clarification",
        "terms": "Terms behind the score",
        "probability": "hoax probability",
        "contradiction": "draft: {draft}; verified ({source}, {date}): {verified}",
        "summary": "Summary: {n} claims in {files} file(s)",
        "footer": "'Unverified' does not mean false: the corpus holds no close statement. "
                  "Newest corpus entry: {newest}.",
        "flagged": "{n} claim(s) flagged.",
        "clean": "No claim flagged.",
        "suppressed": "suppressed",
        "file_error": "ERROR",
        "no_date": "undated",
        "fact": {"number": "number", "date": "date", "weekday": "weekday", "person": "name", "title": "title",
                 "place": "place", "polarity": "statement", "internal": "consistency"},
    },
}


def label(verdict: str, lang: str) -> str:
    """The human label of a verdict code."""
    return VERDICT_LABELS[lang].get(verdict, verdict)


def text(key: str, lang: str) -> str:
    """A message in the chosen language."""
    return TEXT[lang][key]
