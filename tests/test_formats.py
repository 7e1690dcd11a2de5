"""Output formats: golden files for every format, SARIF structure, GitHub escaping, and the html report."""

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hoaxcheck import __version__
from hoaxcheck.engine.records import Claim, Contradiction, Evidence, Statement
from hoaxcheck.report import formats as report
from hoaxcheck.report import html as html_report
from hoaxcheck.report.formats import FileResult, Report
from hoaxcheck.report.serializers import SERIALIZERS

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("HOAXCHECK_UPDATE_GOLDEN") == "1"  # set it to rewrite the golden files

DRAFT = """# Vaksinasi Tahap Dua Dimulai

Pemungutan suara Pemilu serentak 2024 digelar pada Rabu 14 Februari 2024. Vaksin COVID-19 mengandung microchip untuk melacak warga.
Pendaftaran CPNS dipungut biaya melalui portal SSCASN. Air rebusan bawang putih menyembuhkan covid dalam semalam.
Jembatan Sukamaju diresmikan pekan lalu. Tidak benar bahwa vaksin mengandung microchip, itu hoaks.
<!-- hoaxcheck: abaikan alasan="kutipan, bukan klaim kami: 100% dikutip" -->
Vaksin membuat orang menjadi magnet.
<!-- hoaxcheck: abaikan -->
"""

HOAX = {
    "id": "h-microchip",
    "kind": "hoax",
    "text": "Vaksin covid mengandung microchip buat melacak kita semua",
    "similarity": 0.71,
    "source": "Kementerian Kominfo",
    "date": "2021-01-20",
    "url": "",
    "verdict": "HOAKS",
    "clarification": "Vaksin COVID-19 tidak mengandung microchip.",
}
VAKSIN = {
    "id": "v-vaksin",
    "kind": "verified",
    "text": "Vaksin COVID-19 tidak mengandung microchip atau alat pelacak.",
    "similarity": 0.62,
    "source": "BPOM",
    "date": "",
    "url": "https://example.org/siaran-pers",
}
CPNS = {
    "id": "v-cpns",
    "kind": "verified",
    "text": "Pendaftaran CPNS melalui SSCASN tidak dipungut biaya.",
    "similarity": 0.58,
    "source": "BKN",
    "date": "2023-09-01",
    "url": "",
}
PEMILU = {
    "id": "v-pemilu",
    "kind": "verified",
    "text": "Pemungutan suara Pemilu serentak 2024 digelar pada Rabu 14 Februari 2024.",
    "similarity": 0.93,
    "source": "KPU",
    "date": "2022-06-06",
    "url": "",
}
MAGNET = {
    **HOAX,
    "id": "h-magnet",
    "text": "Vaksin bikin tubuh jadi magnet",
    "similarity": 0.66,
    "clarification": "Vaksin tidak mengandung logam yang bersifat magnet.",
}


def _ev(item: dict) -> Evidence:
    """An evidence record from its JSON shape."""
    fields = {k: v for k, v in item.items() if k != "similarity"}
    return Evidence(Statement(**fields), item["similarity"])


HOAX, VAKSIN, CPNS, PEMILU, MAGNET = (_ev(x) for x in (HOAX, VAKSIN, CPNS, PEMILU, MAGNET))


def _claim(text: str, snippet: str, verdict: str, **kw) -> Claim:
    """A claim at the span of `snippet` in `text` (1-based lines and code-point columns, end exclusive)."""
    start = text.index(snippet)
    end = start + len(snippet)

    def pos(offset):
        line = text.count("\n", 0, offset) + 1
        return line, offset - (text.rfind("\n", 0, offset) + 1) + 1

    (line, col), (end_line, end_col) = pos(start), pos(end)
    return Claim(text=snippet, line=line, column=col, end_line=end_line, end_column=end_col, verdict=verdict, **kw)


def sample_report(lang: str = "id") -> Report:
    """A run covering every verdict, a suppression with and without a reason, and an unreadable file."""
    t = DRAFT
    claims = [
        _claim(t, "Vaksinasi Tahap Dua Dimulai", "not_a_claim"),
        _claim(
            t,
            "Pemungutan suara Pemilu serentak 2024 digelar pada Rabu 14 Februari 2024.",
            "supported",
            hoax_probability=0.12,
            evidence=[PEMILU],
        ),
        _claim(
            t,
            "Vaksin COVID-19 mengandung microchip untuk melacak warga.",
            "known_hoax",
            hoax_probability=0.81,
            top_terms=["microchip", "melacak"],
            evidence=[HOAX, VAKSIN],
        ),
        _claim(
            t,
            "Pendaftaran CPNS dipungut biaya melalui portal SSCASN.",
            "contradicted",
            hoax_probability=0.44,
            evidence=[CPNS],
            contradiction=Contradiction("polarity", "menegaskan", "menyangkal", "v-cpns"),
        ),
        _claim(
            t,
            "Air rebusan bawang putih menyembuhkan covid dalam semalam.",
            "likely_hoax",
            hoax_probability=0.93,
            top_terms=["menyembuhkan", "semalam"],
        ),
        _claim(t, "Jembatan Sukamaju diresmikan pekan lalu.", "unverified", hoax_probability=0.31),
        _claim(
            t,
            "Tidak benar bahwa vaksin mengandung microchip, itu hoaks.",
            "refutes_hoax",
            hoax_probability=0.2,
            evidence=[HOAX],
        ),
        _claim(
            t,
            "Vaksin membuat orang menjadi magnet.",
            "known_hoax",
            hoax_probability=0.77,
            evidence=[MAGNET],
            suppressed=True,
            suppression_reason="kutipan, bukan klaim kami: 100% dikutip",
        ),
        _claim(t, "<!-- hoaxcheck: abaikan -->", "invalid_suppression"),
    ]
    files = [
        FileResult("rilis/draf vaksin.md", claims, text=t),
        FileResult("rilis/rusak.txt", error="rilis/rusak.txt: looks like a binary file, not text"),
    ]
    return Report(
        files=files,
        lang=lang,
        newest_entry="2023-09-01",
        started="2026-01-05T03:00:00+00:00",
        finished="2026-01-05T03:00:02+00:00",
    )


def mask(text: str) -> str:
    """Mask what changes between runs and machines: times, the version, temporary paths."""
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)", "<TIME>", text)
    text = text.replace(f'"{__version__}"', '"<VERSION>"')
    return re.sub(r"(/tmp|/private/var|[A-Z]:\\\\)[^\s\"',]*", "<PATH>", text)


@pytest.mark.parametrize("fmt", sorted(SERIALIZERS))
def test_golden(fmt):
    got = mask(SERIALIZERS[fmt](sample_report()))
    path = GOLDEN / f"report.{fmt}"
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8"), (
        f"{fmt} output changed; rerun with HOAXCHECK_UPDATE_GOLDEN=1 and review the diff"
    )


def test_every_format_is_registered():
    assert set(SERIALIZERS) == {"text", "json", "jsonl", "sarif", "github", "html"}


def test_jsonl_has_one_claim_per_line_with_its_path():
    rows = [json.loads(line) for line in report.to_jsonl(sample_report()).splitlines()]
    assert rows[0] == {"path": "rilis/draf vaksin.md", **sample_report().files[0].claims[0].to_dict()}
    assert len(rows) == 9 + 1 and rows[-1] == {"path": "rilis/rusak.txt", "error": sample_report().files[1].error}
    suppressed = [r for r in rows if r.get("suppressed")]
    assert [r["suppression_reason"] for r in suppressed] == ["kutipan, bukan klaim kami: 100% dikutip"]


# --- SARIF -------------------------------------------------------------------------------------------------


def _installed_sarif_schema() -> Path | None:
    """The SARIF 2.1.0 JSON schema, if some installed package ships it (none is required)."""
    from importlib.metadata import distributions

    for dist in distributions():
        for f in dist.files or []:
            if re.fullmatch(r"sarif-(schema-)?2\.1\.0(-rtm\.\d)?\.json", f.name):
                return Path(dist.locate_file(f))
    return None


# The parts of SARIF 2.1.0 that consumers (GitHub code scanning among them) rely on, checked explicitly.
REQUIRED = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["tool", "results", "invocations", "columnKind"],
                "properties": {
                    "columnKind": {"const": "unicodeCodePoints"},
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name", "rules"],
                                "properties": {
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": ["id", "shortDescription", "help"],
                                            "properties": {
                                                "help": {"type": "object", "required": ["text"]},
                                                "defaultConfiguration": {
                                                    "properties": {"level": {"enum": ["none", "note", "warning", "error"]}}
                                                },
                                            },
                                        },
                                    }
                                },
                            }
                        },
                    },
                    "invocations": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["executionSuccessful"],
                            "properties": {
                                "startTimeUtc": {"type": "string", "pattern": "Z$"},
                                "endTimeUtc": {"type": "string", "pattern": "Z$"},
                            },
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["ruleId", "message", "locations", "level"],
                            "properties": {
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "message": {"type": "object", "required": ["text"]},
                                "suppressions": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["kind"],
                                        "properties": {"kind": {"enum": ["inSource", "external"]}},
                                    },
                                },
                                "locations": {
                                    "type": "array",
                                    "minItems": 1,
                                    "items": {
                                        "type": "object",
                                        "required": ["physicalLocation"],
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "required": ["artifactLocation", "region"],
                                                "properties": {
                                                    "region": {
                                                        "type": "object",
                                                        "required": [
                                                            "startLine",
                                                            "startColumn",
                                                            "endLine",
                                                            "endColumn",
                                                        ],
                                                        "properties": {
                                                            "startLine": {"type": "integer", "minimum": 1},
                                                            "startColumn": {"type": "integer", "minimum": 1},
                                                        },
                                                    }
                                                },
                                            }
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def test_sarif_is_valid_and_complete():
    import jsonschema

    doc = json.loads(report.to_sarif(sample_report()))
    schema_file = _installed_sarif_schema()
    if schema_file is not None:
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        jsonschema.validators.validator_for(schema)(schema).validate(doc)
    jsonschema.Draft202012Validator(REQUIRED).validate(doc)
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [*report.VERDICTS, "invalid_suppression"]
    for r in rules:  # help in Indonesian and in English
        assert "\n\n" in r["help"]["text"] and r["help"]["text"].split("\n\n")[0] != r["help"]["text"].split("\n\n")[1]
    inv = run["invocations"][0]
    assert (inv["startTimeUtc"], inv["endTimeUtc"]) == ("2026-01-05T03:00:00Z", "2026-01-05T03:00:02Z")
    assert inv["executionSuccessful"] is False and "binary" in inv["toolExecutionNotifications"][0]["message"]["text"]
    by_rule = {}
    for res in run["results"]:
        by_rule.setdefault(res["ruleId"], []).append(res)
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    assert sorted(by_rule) == ["contradicted", "invalid_suppression", "known_hoax", "likely_hoax", "unverified"]
    assert [r["level"] for r in by_rule["known_hoax"]] == ["error", "error"]
    assert by_rule["unverified"][0]["level"] == "note"
    region = by_rule["likely_hoax"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"]) == (4, 56, 4)
    assert by_rule["likely_hoax"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "rilis/draf%20vaksin.md"
    suppressed = [r for r in by_rule["known_hoax"] if "suppressions" in r]
    assert suppressed[0]["suppressions"][0]["justification"] == "kutipan, bukan klaim kami: 100% dikutip"


def test_sarif_execution_successful_without_errors():
    rep = sample_report()
    rep.files = rep.files[:1]
    assert json.loads(report.to_sarif(rep))["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_sarif_columns_count_code_points():
    text = "Ibu kota “Nusantara” 🇮🇩 diresmikan. Vaksin mengandung microchip."
    c = _claim(text, "Vaksin mengandung microchip.", "known_hoax")
    doc = json.loads(report.to_sarif(Report(files=[FileResult("a.md", [c], text=text)])))
    region = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startColumn"] == text.index("Vaksin") + 1 == 37


# --- GitHub ------------------------------------------------------------------------------------------------


def test_github_commands_levels_and_escaping():
    lines = report.to_github(sample_report()).splitlines()
    kinds = [ln.split(" ", 1)[0] for ln in lines]
    # known_hoax, contradicted, likely_hoax (fail set), unverified, invalid_suppression, then the file error;
    # the suppressed hoax, supported, refutes_hoax and not_a_claim give nothing
    assert kinds == ["::error", "::error", "::error", "::notice", "::error", "::error"]
    assert lines[0].startswith(
        "::error file=rilis/draf vaksin.md,line=3,col=75,endLine=3,endColumn=132,title=hoaxcheck%3A HOAKS DIKENAL::"
    )
    assert "%0A" in lines[0] and lines[-1].startswith("::error file=rilis/rusak.txt,title=GALAT::")
    rep = sample_report()
    rep.fail_on = frozenset({"known_hoax"})
    kinds = [ln.split(" ", 1)[0] for ln in report.to_github(rep).splitlines()]
    assert kinds == ["::error", "::warning", "::warning", "::notice", "::error", "::error"]


def test_github_escapes_properties_and_data():
    assert report._gh_prop("a,b:c%d\ne\r") == "a%2Cb%3Ac%25d%0Ae%0D"
    assert report._gh_data("a,b:c%d\ne\r") == "a,b:c%25d%0Ae%0D"
    c = _claim("Klaim 100%:\nbaru.", "Klaim 100%:\nbaru.", "known_hoax")
    out = report.to_github(Report(files=[FileResult("dir,1/a:b.md", [c])]))
    assert out.startswith("::error file=dir%2C1/a%3Ab.md,line=1,col=1,endLine=2,endColumn=6,")
    assert out.count("\n") == 1 and "Klaim 100%25:%0Abaru." in out


# --- html ----------------------------------------------------------------------------------------------------


class _Claims(HTMLParser):
    """Collects the highlighted claims (verdict, text, href) and the detail panels (id -> verdict)."""

    def __init__(self):
        super().__init__()
        self.claims, self.details, self.tags, self._open = [], {}, set(), None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.add(tag)
        if tag == "a" and "claim" in (a.get("class") or "").split():
            self._open = [a["data-verdict"], "", a["href"], "suppressed" in a["class"]]
        if tag == "div" and a.get("class") == "detail":
            self.details[a["id"]] = a["data-verdict"]

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            self.claims.append(tuple(self._open))
            self._open = None


def test_html_shows_every_claim_with_its_verdict():
    rep = sample_report()
    page = html_report.to_html(rep)
    parser = _Claims()
    parser.feed(page)
    expected = [(c.verdict, c.text, c.suppressed) for c in rep.files[0].claims]
    assert [(v, t, s) for v, t, _, s in parser.claims] == expected
    for verdict, _, href, _ in parser.claims:
        assert parser.details[href.lstrip("#")] == verdict
    assert '<html lang="id">' in page and "Laporan hoaxcheck" in page and "Klarifikasi" in page
    assert "rusak.txt" in page and "binary" in page
    assert page.index("Ringkasan:") < page.index("Pemungutan suara")  # the summary is above the draft


def test_html_is_self_contained():
    page = html_report.to_html(sample_report())
    assert not re.search(r"<(link|img|iframe|object|embed)\b|\bsrc\s*=|url\(|@import", page, re.I)
    assert "<script>" in page and "<script src" not in page
    # The only outward links are evidence sources, shown as plain links.
    assert re.findall(r'href="(https?://[^"]*)"', page) == [VAKSIN.statement.url]


def test_html_in_english_and_escaped():
    text = 'Kata <b>tebal</b> & "kutip" di sini.'
    c = _claim(text, text, "unverified")
    page = html_report.to_html(Report(files=[FileResult("a<1>.md", [c], text=text)], lang="en"))
    assert '<html lang="en">' in page and "hoaxcheck report" in page
    assert "<b>tebal</b>" not in page and "&lt;b&gt;tebal&lt;/b&gt;" in page and "a&lt;1&gt;.md" in page
