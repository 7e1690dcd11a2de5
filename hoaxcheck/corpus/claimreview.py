"""ClaimReview JSON (schema.org objects, lists of them, or a Google Fact Check Tools response) as corpus rows."""

import hashlib
import re
from collections import Counter

from hoaxcheck.corpus.schema import valid_date
from hoaxcheck.errors import InputError
from hoaxcheck.text.normalise import normalize

# ClaimReview ratings, compared lower-case with surrounding brackets and punctuation removed.
FALSE_RATINGS = frozenset(
    "salah keliru hoaks hoax disinformasi misinformasi menyesatkan penipuan false fake misleading scam".split()
)
TRUE_RATINGS = frozenset("benar fakta true correct accurate".split())


def _rating_key(rating: str) -> str:
    return re.sub(r"^[\W_]+|[\W_]+$", "", rating or "").casefold()


def rating_family(rating: str) -> str | None:
    """'hoax' for a false-family rating, 'valid' for a true-family one, None for anything else."""
    key = _rating_key(rating)
    if key in FALSE_RATINGS:
        return "hoax"
    if key in TRUE_RATINGS:
        return "valid"
    return None


_JSON_TYPES = {dict: "an object", list: "a list", str: "a string"}


def _get(obj: dict, key: str, want: type, where: str):
    """obj[key] if it has the JSON type `want` (missing or null gives an empty one); else an InputError."""
    value = obj.get(key)
    if value is None:
        return want()
    if not isinstance(value, want):
        got = "a number" if isinstance(value, (int, float)) else _JSON_TYPES.get(type(value), type(value).__name__)
        raise InputError(f"not ClaimReview JSON: {where}{key} must be {_JSON_TYPES[want]}, not {got}")
    return value


def _name(value) -> str:
    """The name of a person or organisation: an object's 'name', the first of a list, or the text itself."""
    while isinstance(value, list) and value:  # a loop, not recursion: a list nested 5,000 deep is just data
        value = value[0]
    if isinstance(value, dict):
        value = value.get("name")
    return "" if isinstance(value, (list, dict)) else str(value or "")


def _day(value) -> str:
    value = str(value or "")[:10]
    return value if valid_date(value) else ""


def claimreview_items(data) -> list[dict]:
    """Flatten the three ClaimReview shapes into {text, rating, url, date, reviewer, claimant}."""
    items = []
    if isinstance(data, dict) and isinstance(data.get("claims"), list):  # Google Fact Check Tools search response
        for i, claim in enumerate(data["claims"]):
            where = f"claims[{i}]"
            if not isinstance(claim, dict):
                raise InputError(f"not ClaimReview JSON: {where} must be an object with 'text' and 'claimReview'")
            reviews = [r for r in _get(claim, "claimReview", list, where + ".") if isinstance(r, dict)]
            ratings = [_get(r, "textualRating", str, f"{where}.claimReview[{j}].") for j, r in enumerate(reviews)]
            # One claim may carry several reviews: the first with a rating we know decides.
            k = next((j for j, rating in enumerate(ratings) if rating_family(rating)), 0)
            review = reviews[k] if reviews else {}
            at = f"{where}.claimReview[{k}]."
            items.append(
                {
                    "text": _get(claim, "text", str, where + "."),
                    "rating": ratings[k] if reviews else "",
                    "url": _get(review, "url", str, at),
                    "date": _day(review.get("reviewDate")) or _day(claim.get("claimDate")),
                    "reviewer": _name(review.get("publisher")),
                    "claimant": _get(claim, "claimant", str, where + "."),
                }
            )
        return items
    reviews = data if isinstance(data, list) else [data]
    for i, r in enumerate(reviews):
        if not isinstance(r, dict) or "claimReviewed" not in r:
            raise InputError(
                "not ClaimReview JSON: expected a ClaimReview object, a list of them, "
                "or a Fact Check Tools response with 'claims'"
            )
        where = f"item {i}: " if isinstance(data, list) else ""
        rating = _get(r, "reviewRating", dict, where)
        items.append(
            {
                "text": _get(r, "claimReviewed", str, where),
                "rating": _get(rating, "alternateName", str, where + "reviewRating."),
                "url": _get(r, "url", str, where),
                "date": _day(r.get("datePublished")),
                "reviewer": _name(r.get("author")),
                "claimant": _name(_get(r, "itemReviewed", dict, where).get("author")),
            }
        )
    return items


def claimreview_rows(data, kind: str | None) -> tuple[dict[str, list[dict]], Counter]:
    """Corpus rows per kind from ClaimReview JSON, and the skipped items counted by rating."""
    out: dict[str, list[dict]] = {}
    skipped: Counter = Counter()
    for item in claimreview_items(data):
        family = rating_family(item["rating"])
        text = normalize(str(item["text"] or ""))
        target = kind or ("hoaxes" if family == "hoax" else "verified")
        if family is None or not text or (kind == "hoaxes" and family != "hoax") or (kind == "verified" and family != "valid"):
            skipped[(item["rating"] or "(no rating)") if text else "(no text)"] += 1
            continue
        note = f"ClaimReview by {item['reviewer'] or 'unknown'}, rating {item['rating']}"
        if item["claimant"]:
            note += f", claimant {item['claimant']}"
        row_id = "cr-" + hashlib.sha1(f"{item['url']}\n{text.casefold()}".encode()).hexdigest()[:12]
        if target == "hoaxes":
            row = {
                "id": row_id,
                "text": text,
                "verdict": _rating_key(item["rating"]).upper(),
                "source": item["reviewer"],
                "date": item["date"],
                "url": item["url"],
                "clarification": "",
                "topic": "",
                "note": note,
            }
        elif target == "verified":
            row = {
                "id": row_id,
                "text": text,
                "source": item["claimant"] or item["reviewer"],
                "date": item["date"],
                "url": item["url"],
                "title": "",
                "topic": "",
                "valid_until": "",
                "note": note,
            }
        else:
            row = {
                "id": row_id,
                "text": text,
                "label": family,
                "date": item["date"],
                "source": item["reviewer"],
                "title": "",
            }
        out.setdefault(target, []).append(row)
    return out, skipped
