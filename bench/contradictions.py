"""Contradiction recall on altered official statements, and false contradictions on unaltered ones.

Each statement of data/verified.csv is altered in the ways a draft gets a detail wrong (a number doubled,
a day moved by three, a month moved by three, a year moved back by two, a province or city swapped, the
name after a title replaced), one alteration per text, with a fixed seed; the shipped model scores the
altered texts, and an altered text should come out `contradicted`. The same statements unaltered, and the
verified paraphrases of tests/data/paraphrases_*.csv, should never be `contradicted`. Our own corpus only:
no ../shared/bench data is needed.

    python bench/contradictions.py [--limit 600] [--model models/hoaxcheck.model]
"""

import argparse
import random
import re
from collections import Counter

from common import ROOT, SHIPPED, read_csv, save_results, scorer_for, table

MONTHS = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split()
_MONTH = "|".join(MONTHS)
PLACES = [
    ("Jakarta", "Surabaya"),
    ("Jawa Tengah", "Jawa Timur"),
    ("Jawa Barat", "Banten"),
    ("Bandung", "Semarang"),
    ("Sulawesi Selatan", "Sulawesi Utara"),
    ("Sumatera Utara", "Sumatera Barat"),
    ("Yogyakarta", "Surakarta"),
    ("Bali", "Lombok"),
    ("Medan", "Palembang"),
    ("Makassar", "Manado"),
]
NAMES = ["Budi Santoso", "Siti Rahmawati", "Agus Salim", "Dewi Lestari"]
_TITLED = re.compile(
    r"\b(?:Presiden|Gubernur|Bupati|Wali Kota|Kapolri|Menteri [A-Z]\w+|Kepala [A-Z]{3,}|Menkes|Mendagri|Menkeu)\s+"
    r"((?!Nomor\b)[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})"
)


def alter_number(text: str, rng: random.Random):
    """A number that is an amount (not a year, a day, or part of an identifier), doubled."""
    found = [
        m
        for m in re.finditer(r"(?<![\w.,/-])(\d{1,3}(?:\.\d{3})*|\d+)(?:,\d+)?(?![\w/.-])", text)
        if not re.match(r"(19|20)\d\d$", m.group(1))
        and not re.search(r"(nomor|no\.?|tahun|pukul|covid|pasal|ayat)\s*$", text[: m.start()], re.I)
        and not re.match(r"\s*(%s)" % _MONTH, text[m.end() :])
    ]
    if not found:
        return None
    m = rng.choice(found)
    n = int(m.group(1).replace(".", ""))
    return text[: m.start()] + str(n * 2 if n > 3 else n + 5) + text[m.end() :]


def alter_day(text: str, rng: random.Random):
    """The day of a "28 November" date moved by three."""
    m = re.search(r"\b([1-2]?\d)\s+(%s)\b" % _MONTH, text)
    if not m:
        return None
    day = int(m.group(1))
    return text[: m.start(1)] + str(day + 3 if day <= 25 else day - 3) + text[m.end(1) :]


def alter_month(text: str, rng: random.Random):
    """The first month name moved by three."""
    month = next((mo for mo in MONTHS if re.search(r"\b%s\b" % mo, text)), None)
    if month is None:
        return None
    return re.sub(r"\b%s\b" % month, MONTHS[(MONTHS.index(month) + 3) % 12], text, count=1)


def alter_year(text: str, rng: random.Random):
    """The first year moved back by two."""
    m = re.search(r"\b(20[0-2]\d)\b", text)
    return None if m is None else text[: m.start()] + str(int(m.group(1)) - 2) + text[m.end() :]


def alter_place(text: str, rng: random.Random):
    """A province or city swapped for another."""
    for a, b in PLACES:
        if re.search(r"\b%s\b" % a, text):
            return re.sub(r"\b%s\b" % a, b, text, count=1)
    return None


def alter_name(text: str, rng: random.Random):
    """The name after a title replaced by another."""
    m = _TITLED.search(text)
    return None if m is None else text[: m.start(1)] + NAMES[len(m.group(1)) % len(NAMES)] + text[m.end(1) :]


ALTERATIONS = {
    "number": alter_number,
    "day": alter_day,
    "month": alter_month,
    "year": alter_year,
    "place": alter_place,
    "name": alter_name,
}


def altered(rows: list[dict], limit: int, seed: int = 3) -> list[tuple[str, str, str]]:
    """(statement id, kind of alteration, altered text) for up to `limit` alterations, in a seeded order."""
    rng = random.Random(seed)
    out = []
    for row in rng.sample(rows, len(rows)):
        for kind, alter in ALTERATIONS.items():
            text = alter(row["text"], rng)
            if text and text != row["text"]:
                out.append((row["id"], kind, text))
    return out[:limit]


def main() -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=600)
    ap.add_argument("--model", default=str(SHIPPED))
    args = ap.parse_args()
    scorer = scorer_for(args.model)
    rows = read_csv(ROOT / "data" / "verified.csv")
    cases = altered(rows, args.limit)
    claims = scorer.score_texts([text for _, _, text in cases])
    total, hits, missed = Counter(), Counter(), Counter()
    for (_, kind, _), claim in zip(cases, claims):
        total[kind] += 1
        hits[kind] += claim.verdict == "contradicted"
        if claim.verdict != "contradicted":
            missed[claim.verdict] += 1
    used = sorted({sid for sid, _, _ in cases})
    by_id = {r["id"]: r["text"] for r in rows}
    unaltered = scorer.score_texts([by_id[i] for i in used])
    paraphrases = [r for f in sorted((ROOT / "tests" / "data").glob("paraphrases_*.csv")) for r in read_csv(f)]
    supported = [r["text"] for r in paraphrases if r["expected_verdict"] == "supported"]
    para = scorer.score_texts(supported)
    result = {
        "model": args.model,
        "altered": len(cases),
        "recall": {k: round(hits[k] / total[k], 3) for k in ALTERATIONS if total[k]},
        "counts": {k: [hits[k], total[k]] for k in ALTERATIONS if total[k]},
        "overall_recall": round(sum(hits.values()) / len(cases), 3),
        "missed_as": dict(missed.most_common()),
        "unaltered": len(used),
        "unaltered_contradicted": sum(c.verdict == "contradicted" for c in unaltered),
        "paraphrases": len(supported),
        "paraphrases_contradicted": sum(c.verdict == "contradicted" for c in para),
    }
    rows_out = [[k, *result["counts"][k], result["recall"][k]] for k in result["counts"]]
    rows_out.append(["all", sum(hits.values()), len(cases), result["overall_recall"]])
    print(f"Contradiction recall on {len(cases)} altered statements of data/verified.csv ({args.model})")
    print(table(["alteration", "contradicted", "altered", "recall"], rows_out))
    print(f"missed as: {result['missed_as']}")
    print(
        f"false contradictions: {result['unaltered_contradicted']} of {len(used)} unaltered statements, "
        f"{result['paraphrases_contradicted']} of {len(supported)} verified paraphrases"
    )
    print(f"results: {save_results('contradictions', result)}")
    return result


if __name__ == "__main__":
    main()
