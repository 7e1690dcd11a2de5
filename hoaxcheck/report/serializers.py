"""Every output format of `score`, by name: one small serializer each."""

from hoaxcheck.report.formats import to_github, to_json, to_jsonl, to_sarif, to_text
from hoaxcheck.report.html import to_html

SERIALIZERS = {
    "text": to_text,
    "json": to_json,
    "jsonl": to_jsonl,
    "sarif": to_sarif,
    "github": to_github,
    "html": to_html,
}
