"""Human-readable words in Indonesian (default) and English. JSON keys and verdict codes stay English."""

VERDICT_LABELS = {
    "id": {
        "known_hoax": "HOAKS DIKENAL",
        "contradicted": "BERTENTANGAN",
        "likely_hoax": "BERPOTENSI HOAKS",
        "inconsistent": "TIDAK KONSISTEN",
        "unverified": "BELUM TERVERIFIKASI",
        "refutes_hoax": "MEMBANTAH HOAKS",
        "supported": "DIDUKUNG",
        "not_a_claim": "BUKAN KLAIM",
        "invalid_suppression": "PENGABAIAN TANPA ALASAN",
        "error": "GALAT",
    },
    "en": {
        "known_hoax": "KNOWN HOAX",
        "contradicted": "CONTRADICTED",
        "likely_hoax": "LIKELY HOAX",
        "inconsistent": "INCONSISTENT",
        "unverified": "UNVERIFIED",
        "refutes_hoax": "REFUTES A HOAX",
        "supported": "SUPPORTED",
        "not_a_claim": "NOT A CLAIM",
        "invalid_suppression": "SUPPRESSION WITHOUT REASON",
        "error": "ERROR",
    },
}

TEXT = {
    "id": {
        "matches_hoax": "Cocok dengan hoaks",
        "resembles_hoax": "Mirip hoaks yang dikenal",
        "reply": "Balasan untuk grup",
        "evidence": "Bukti terverifikasi",
        "similarity": "kemiripan",
        "clarification": "Klarifikasi",
        "terms": "Istilah pemicu",
        "probability": "peluang hoaks",
        "contradiction": "draf: {draft}; terverifikasi ({source}, {date}): {verified}",
        "internal_contradiction": "draf: {draft}; {reason} ({expected})",
        "reasons": {
            "weekday_date": "hari tidak cocok dengan tanggalnya",
            "percent_over_100": "persentase di atas 100",
            "total_parts": "jumlah tidak sama dengan rinciannya",
        },
        "summary": "Ringkasan: {n} klaim dalam {files} berkas",
        "footer": "'Belum terverifikasi' tidak berarti salah: korpus belum memuat pernyataan yang cocok. "
        "Entri korpus terbaru: {newest}.",
        "flagged": "{n} klaim ditandai.",
        "clean": "Tidak ada klaim yang ditandai.",
        "suppressed": "diabaikan",
        "file_error": "GALAT",
        "no_date": "tanpa tanggal",
        "fact": {
            "number": "angka",
            "date": "tanggal",
            "weekday": "hari",
            "person": "nama",
            "title": "jabatan",
            "place": "tempat",
            "regulation": "peraturan",
            "polarity": "pernyataan",
            "internal": "konsistensi",
        },
    },
    "en": {
        "matches_hoax": "Matches known hoax",
        "resembles_hoax": "Resembles a known hoax",
        "reply": "Reply for the group",
        "evidence": "Verified evidence",
        "similarity": "similarity",
        "clarification": "Clarification",
        "terms": "Terms behind the score",
        "probability": "hoax probability",
        "contradiction": "draft: {draft}; verified ({source}, {date}): {verified}",
        "internal_contradiction": "draft: {draft}; {reason} ({expected})",
        "reasons": {
            "weekday_date": "weekday does not match its date",
            "percent_over_100": "percentage above 100",
            "total_parts": "total does not equal its parts",
        },
        "summary": "Summary: {n} claims in {files} file(s)",
        "footer": "'Unverified' does not mean false: the corpus holds no close statement. Newest corpus entry: {newest}.",
        "flagged": "{n} claim(s) flagged.",
        "clean": "No claim flagged.",
        "suppressed": "suppressed",
        "file_error": "ERROR",
        "no_date": "undated",
        "fact": {
            "number": "number",
            "date": "date",
            "weekday": "weekday",
            "person": "name",
            "title": "title",
            "place": "place",
            "regulation": "regulation",
            "polarity": "statement",
            "internal": "consistency",
        },
    },
}


def label(verdict: str, lang: str) -> str:
    """The human label of a verdict code."""
    return VERDICT_LABELS[lang].get(verdict, verdict)


def text(key: str, lang: str) -> str:
    """A message in the chosen language."""
    return TEXT[lang][key]


# What each verdict means, for SARIF rule help and the html report (both languages in SARIF).
VERDICT_HELP = {
    "id": {
        "known_hoax": "Klaim ini sangat mirip dengan hoaks yang sudah dibantah, dengan polaritas yang sama. "
        "Hapus atau ganti dengan klarifikasi resminya.",
        "contradicted": "Klaim ini membahas hal yang sama dengan pernyataan resmi terverifikasi, tetapi fakta atau "
        "polaritasnya berbeda. Samakan dengan sumber resmi.",
        "likely_hoax": "Model memberi peluang hoaks di atas ambang dan tidak ada bukti pendukung. Periksa sumbernya "
        "sebelum terbit.",
        "inconsistent": "Klaim ini bertentangan dengan dirinya sendiri (hari tidak cocok dengan tanggal, rincian tidak "
        "sama dengan jumlahnya, persentase mustahil). Ini kesalahan draf, bukan hoaks; perbaiki "
        "sebelum terbit.",
        "unverified": "Klaim layak diperiksa, tetapi korpus belum memuat pernyataan yang mirip. Ini tidak berarti "
        "salah; pastikan sumbernya.",
        "refutes_hoax": "Klaim ini membantah atau meluruskan hoaks yang dikenal.",
        "supported": "Klaim ini cocok dengan pernyataan resmi terverifikasi.",
        "not_a_claim": "Judul, salam, atau baris penulis: bukan klaim.",
        "invalid_suppression": "Komentar 'hoaxcheck: abaikan' tanpa alasan. Tambahkan alasan=\"...\" agar "
        "pengabaian bisa diaudit.",
    },
    "en": {
        "known_hoax": "This claim closely matches a debunked hoax, with the same polarity. Remove it or replace "
        "it with the official clarification.",
        "contradicted": "This claim is about the same thing as a verified official statement, but a fact or the "
        "polarity differs. Align it with the official source.",
        "likely_hoax": "The classifier's hoax probability is over the threshold and no evidence supports it. "
        "Check the source before publishing.",
        "inconsistent": "This claim contradicts itself (a weekday that does not fit its date, parts that do not add "
        "up, an impossible percentage). A draft error, not misinformation: fix it before publishing.",
        "unverified": "Check-worthy, but the corpus holds no close statement. This does not mean false; confirm the source.",
        "refutes_hoax": "This claim denies or corrects a known hoax.",
        "supported": "This claim matches a verified official statement.",
        "not_a_claim": "A heading, greeting or byline: not a claim.",
        "invalid_suppression": "A 'hoaxcheck: abaikan' comment without a reason. Add alasan=\"...\" so the "
        "suppression can be audited.",
    },
}

HTML = {
    "id": {
        "title": "Laporan hoaxcheck",
        "hint": "Klik klaim yang disorot untuk melihat bukti, klarifikasi, dan penjelasannya.",
        "legend": "Warna",
        "details": "Rincian klaim",
        "pick": "Pilih klaim pada draf.",
        "line": "baris",
        "paragraph": "paragraf",
        "no_evidence": "Tidak ada bukti yang cukup mirip di korpus.",
        "generated": "Dibuat",
        "fail_on": "Gagal bila",
    },
    "en": {
        "title": "hoaxcheck report",
        "hint": "Click a highlighted claim to see its evidence, clarification and explanation.",
        "legend": "Colours",
        "details": "Claim details",
        "pick": "Pick a claim in the draft.",
        "line": "line",
        "paragraph": "paragraph",
        "no_evidence": "No close enough evidence in the corpus.",
        "generated": "Generated",
        "fail_on": "Fails on",
    },
}


# add / import reports
INGEST = {
    "en": {
        "summary": "{file}: {new} new statements, {dup} duplicates, {near} near-duplicates, {refused} refused",
        "forced": "{file}: {n} statement(s) repeating a known hoax added because of --force",
        "near": "near-duplicate of {id}, skipped",
        "refused": "refused: repeats known hoax {id} ({verdict})",
        "forced_one": "added with --force although it repeats known hoax {id}",
        "new": "new",
        "dry": "dry run: nothing written",
        "skipped": "skipped {n} ClaimReview item(s): {detail}",
        "not_retrained": "nothing new: the model was not retrained",
    },
    "id": {
        "summary": "{file}: {new} pernyataan baru, {dup} duplikat, {near} hampir sama, {refused} ditolak",
        "forced": "{file}: {n} pernyataan yang mengulang hoaks tetap ditambahkan karena --force",
        "near": "hampir sama dengan {id}, dilewati",
        "refused": "ditolak: mengulang hoaks {id} ({verdict})",
        "forced_one": "ditambahkan dengan --force walau mengulang hoaks {id}",
        "new": "baru",
        "dry": "uji coba (--dry-run): tidak ada yang ditulis",
        "skipped": "{n} butir ClaimReview dilewati: {detail}",
        "not_retrained": "tidak ada yang baru: model tidak dilatih ulang",
    },
}

# train / add --retrain / model commands
TRAIN = {
    "en": {
        "rows": "rows",
        "cv": "cross-validated",
        "cv_none": "cross-validated: none (too few rows of each class)",
        "thresholds": "thresholds",
        "no_current": "no current model to compare with",
        "refused": "refused: {reason}",
        "kept": "the current model {model} was kept",
        "written": "model written to {model} in {seconds:.1f}s",
        "archived": "; the previous one is in history as {entry}",
        "restored": "restored {entry} (trained {trained}) to {model}",
        "upgraded": "model written to {model} (format {format}); the old file was left as it was",
    },
    "id": {
        "rows": "baris",
        "cv": "validasi silang",
        "cv_none": "validasi silang: tidak ada (baris tiap kelas terlalu sedikit)",
        "thresholds": "ambang",
        "no_current": "belum ada model untuk dibandingkan",
        "refused": "ditolak: {reason}",
        "kept": "model yang berlaku {model} dipertahankan",
        "written": "model ditulis ke {model} dalam {seconds:.1f} dtk",
        "archived": "; model sebelumnya disimpan di riwayat sebagai {entry}",
        "restored": "{entry} (dilatih {trained}) dipulihkan ke {model}",
        "upgraded": "model ditulis ke {model} (format {format}); berkas lama dibiarkan apa adanya",
    },
}

# evaluate's readable summary
EVALUATE = {
    "id": {
        "n": "baris",
        "accuracy": "akurasi",
        "precision": "presisi (hoaks)",
        "recall": "recall (hoaks)",
        "f1": "F1 (hoaks)",
        "macro_f1": "macro-F1",
        "roc_auc": "ROC-AUC",
        "fpr": "tingkat alarm palsu (valid)",
        "confusion": "matriks kebingungan",
        "by_source": "per sumber",
        "errors": "baris galat",
        "flagged_rate": "ditandai",
    },
    "en": {
        "n": "rows",
        "accuracy": "accuracy",
        "precision": "precision (hoax)",
        "recall": "recall (hoax)",
        "f1": "F1 (hoax)",
        "macro_f1": "macro-F1",
        "roc_auc": "ROC-AUC",
        "fpr": "false-positive rate (valid)",
        "confusion": "confusion matrix",
        "by_source": "by source",
        "errors": "error rows",
        "flagged_rate": "flagged",
    },
}
