"""`hoaxcheck batch`: one output row per input row, exact-match ids, --split, chunking, bad rows, formats."""

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import SHARED_BENCH
from typer.testing import CliRunner

from hoaxcheck.app import batch
from hoaxcheck.cli import app
from hoaxcheck.engine.records import Claim

FIXTURES = Path(__file__).parent / "fixtures" / "batch"
MESSAGES = FIXTURES / "messages.csv"
runner = CliRunner()

ANY = object()  # an unverified claim's top_* is merely its closest corpus row, whatever that is


def _same(got, want) -> bool:
    return all(w is ANY or g == w for g, w in zip(got, want))


# (row id, expected verdict, expected top_id, expected top_kind): every text is a corpus row or far from all.
EXPECTED = [
    ("m1", "known_hoax", "h-microchip", "hoax"),
    ("m2", "supported", "v-cpns", "verified"),
    ("m3", "error", None, None),
    ("m4", "known_hoax", "h-bansos", "hoax"),
    ("m5", "supported", "v-pemilu", "verified"),
    ("m6", "known_hoax", "h-cpns", "hoax"),
    ("m7", "unverified", ANY, ANY),
]


def _batch(model: Path, *args: str):
    return runner.invoke(app, ["batch", *args, "--model", str(model)])


def _records(path: Path, scorer, chunk_rows: int, **kw) -> list[dict]:
    with open(path, "rb") as fh:
        chunks = batch.read_chunks(fh, str(path), chunk_rows=chunk_rows, **kw)
        return [r for rows in chunks for r in batch.score_rows(scorer, rows)]


def test_exact_matches_cite_their_ids(fixture_model_path):
    r = _batch(fixture_model_path, str(MESSAGES), "--text-column", "pesan", "--id-column", "no")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    got = [(x["id"], x["verdict"], x["top_id"] or None, x["top_kind"] or None) for x in rows]
    assert len(got) == len(EXPECTED) and all(_same(g, w) for g, w in zip(got, EXPECTED)), got
    assert list(rows[0]) == batch.OUTPUT_COLUMNS
    assert float(rows[0]["top_similarity"]) == pytest.approx(1.0)
    assert not r.stdout.startswith("\ufeff")  # the BOM is for files Excel opens, not for pipes


def test_bad_row_reported_with_row_number_and_run_goes_on(fixture_model_path, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(
        "id,text\na,Pemungutan suara Pemilu serentak 2024 digelar pada Rabu 14 Februari 2024.\n"
        'b,"tanda kutip "rusak" di sini\n'
        "c,Bupati meresmikan jembatan gantung baru di Desa Sukamaju pada Selasa pagi.,extra cell\n"
        "d,Pendaftaran seleksi CPNS dilakukan melalui portal resmi SSCASN dan tidak dipungut biaya.\n",
        encoding="utf-8",
    )
    r = _batch(fixture_model_path, str(src))
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [x["verdict"] for x in rows] == ["supported", "error", "error", "supported"]
    assert rows[1]["error"].startswith("malformed CSV") and "3 cells" in rows[2]["error"]
    assert [x["id"] for x in rows] == ["a", "3", "c", "d"]  # an unreadable row is named by its spreadsheet row
    assert f"{src}, row 3: malformed CSV" in r.stderr and f"{src}, row 4: 3 cells" in r.stderr
    assert r.exit_code == 2 and (r.exception is None or isinstance(r.exception, SystemExit))


def test_empty_text_is_an_error_row(fixture_model_path):
    r = _batch(fixture_model_path, str(MESSAGES), "--text-column", "pesan", "--id-column", "no")
    assert "row 4: empty text" in r.stderr and r.exit_code == 2


@pytest.mark.parametrize("chunk_rows", [1, 2, 3, 1000])
def test_chunked_reading_equals_whole_reading(fixture_scorer, chunk_rows):
    kw = {"text_column": "pesan", "id_column": "no"}
    assert _records(MESSAGES, fixture_scorer, chunk_rows, **kw) == _records(MESSAGES, fixture_scorer, 10_000, **kw)


def test_split_takes_the_most_severe_claim(fixture_model_path, tmp_path):
    src = tmp_path / "docs.csv"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text"])
        w.writerow(
            [
                "mixed",
                "Pemungutan suara Pemilu serentak 2024 digelar pada Rabu 14 Februari 2024. "
                "BMKG: gempa besar magnitudo 9 akan mengguncang Jawa malam ini jam 2, segera mengungsi. "
                "Pendaftaran seleksi CPNS dilakukan melalui portal resmi SSCASN dan tidak dipungut biaya.",
            ]
        )
        w.writerow(
            [
                "clean",
                "Pemungutan suara Pemilu serentak 2024 digelar pada Rabu 14 Februari 2024. "
                "Pendaftaran seleksi CPNS dilakukan melalui portal resmi SSCASN dan tidak dipungut biaya.",
            ]
        )
    out = tmp_path / "out.jsonl"
    r = _batch(fixture_model_path, str(src), "--split", "--output", str(out))
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(x["id"], x["verdict"], x["top_id"], x["top_kind"]) for x in rows] == [
        ("mixed", "known_hoax", "h-gempa", "hoax"),
        ("clean", "supported", "v-pemilu", "verified"),
    ]
    assert r.exit_code == 1


LONG_MESSAGE = (
    "Pemungutan suara Pemilu serentak 2024 digelar pada Rabu 14 Februari 2024 di seluruh TPS di kabupaten kita. "
    "BMKG: gempa besar magnitudo 9 akan mengguncang Jawa malam ini jam 2, segera mengungsi. "
    "Pendaftaran seleksi CPNS dilakukan melalui portal resmi SSCASN dan tidak dipungut biaya apa pun oleh panitia. "
    "Warga diminta membawa KTP elektronik dan undangan memilih ke TPS masing-masing pada hari pemungutan suara."
)


def test_a_row_without_split_is_judged_whole_and_by_its_sentences(fixture_scorer):
    # As one text the message is closest to the election statement (supported); its gempa sentence is the hoax.
    [alone] = fixture_scorer.score_texts([LONG_MESSAGE])
    assert alone.verdict != "known_hoax"
    [record] = batch.score_rows(fixture_scorer, [batch.Row(2, "long", LONG_MESSAGE)])
    assert (record["verdict"], record["top_id"], record["top_similarity"]) == ("known_hoax", "h-gempa", 1.0)


@pytest.mark.parametrize(
    "whole,parts,overrides",
    [
        ("unverified", ["unverified", "known_hoax"], True),  # a flagged sentence outranks the message
        ("supported", ["supported", "inconsistent"], True),  # so does a draft error
        ("refutes_hoax", ["unverified", "unverified"], False),  # a denial stays a denial
        ("unverified", ["supported", "refutes_hoax"], False),  # unflagged parts never override
        ("known_hoax", ["contradicted", "unverified"], False),  # only a more severe part overrides
    ],
)
def test_a_message_part_overrides_the_whole_only_when_flagged_more_severely(whole, parts, overrides):
    assert batch._part_overrides(Claim(text="w", verdict=whole), [Claim(text="p", verdict=v) for v in parts]) is overrides


def test_split_probability_is_the_highest_claim_probability(fixture_scorer):
    a = "Pemungutan suara Pemilu serentak 2024 digelar pada Rabu 14 Februari 2024."
    b = "Klik link ini untuk daftar bansos Rp600 ribu, kirim foto KTP dan KK kamu sekarang."
    single = {c.text: c.hoax_probability for c in fixture_scorer.score_texts([a, b])}
    [record] = batch.score_rows(fixture_scorer, [batch.Row(2, "x", f"{a} {b}")], split=True)
    assert record["hoax_probability"] == max(single.values())


def test_csv_file_has_bom_and_jsonl_is_typed(fixture_model_path, tmp_path):
    out = tmp_path / "out.csv"
    _batch(fixture_model_path, str(MESSAGES), "--text-column", "pesan", "--id-column", "no", "-o", str(out))
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid,verdict,")
    jl = tmp_path / "out.jsonl"
    _batch(fixture_model_path, str(MESSAGES), "--text-column", "pesan", "--id-column", "no", "-o", str(jl))
    first = json.loads(jl.read_text(encoding="utf-8").splitlines()[0])
    assert first["top_similarity"] == pytest.approx(1.0) and first["error"] is None


def test_semicolon_cp1252_input_and_missing_id_column(fixture_model_path, tmp_path):
    src = tmp_path / "excel.csv"
    src.write_bytes(
        "teks;ket\r\nPemungutan suara Pemilu serentak 2024 digelar pada Rabu 14 Februari 2024.;caf\xe9\r\n".encode("cp1252")
    )
    r = _batch(fixture_model_path, str(src), "--text-column", "teks")
    [row] = list(csv.DictReader(io.StringIO(r.stdout)))
    assert (row["id"], row["verdict"]) == ("2", "supported")  # no id column: the spreadsheet row number


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"id,body\n1,abc\n", "no 'text' column"),
        (b"PK\x03\x04\x00\x00binary", "binary data"),
        (b'"text,id\n', "cannot read the header row"),
    ],
)
def test_unusable_input_is_one_line_exit_2_and_writes_no_output(fixture_model_path, tmp_path, content, message):
    src = tmp_path / "in.csv"
    src.write_bytes(content)
    r = _batch(fixture_model_path, str(src))
    assert r.exit_code == 2 and message in r.stderr and r.stderr.count("\n") == 1
    assert r.stdout == ""  # no header row before the refusal
    assert r.exception is None or isinstance(r.exception, SystemExit)


def test_unwritable_output_is_one_line_exit_2(fixture_model_path, tmp_path):
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    for output, message in [(tmp_path, "is a folder"), (tmp_path / "afile" / "out.csv", "cannot write the output")]:
        r = _batch(fixture_model_path, str(MESSAGES), "--text-column", "pesan", "--output", str(output))
        assert r.exit_code == 2 and r.stderr.startswith(f"hoaxcheck: {output}: {message}"), r.stderr
        assert r.stderr.count("\n") == 1 and isinstance(r.exception, SystemExit)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def test_output_write_failure_leaves_no_partial_file(fixture_model_path, tmp_path, monkeypatch):
    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    from hoaxcheck.io import atomic

    monkeypatch.setattr(atomic.os, "replace", full_disk)
    out = tmp_path / "hasil.csv"
    r = _batch(fixture_model_path, str(MESSAGES), "--text-column", "pesan", "--output", str(out))
    assert r.exit_code == 2 and "cannot write the output (No space left on device)" in r.stderr
    assert isinstance(r.exception, SystemExit) and list(tmp_path.iterdir()) == []


def test_output_never_overwrites_input(fixture_model_path):
    before = MESSAGES.read_bytes()
    r = _batch(fixture_model_path, str(MESSAGES), "-o", str(MESSAGES))
    assert r.exit_code == 2 and MESSAGES.read_bytes() == before


def test_two_jobs_give_the_same_rows(fixture_model_path, fixture_scorer, tmp_path):
    chunks = [
        [batch.Row(i + 2, t[0], t[1])]
        for i, t in enumerate(
            [
                ("a", "Pemungutan suara Pemilu serentak 2024 digelar pada Rabu 14 Februari 2024."),
                ("b", "Klik link ini untuk daftar bansos Rp600 ribu, kirim foto KTP dan KK kamu sekarang"),
                ("c", "Bupati meresmikan jembatan gantung baru di Desa Sukamaju pada Selasa pagi."),
            ]
        )
    ]
    one = [r for _, recs in batch.score_chunks(iter(chunks), fixture_scorer) for r in recs]
    two = [
        r
        for _, recs in batch.score_chunks(iter(chunks), fixture_scorer, jobs=2, model_path=str(fixture_model_path))
        for r in recs
    ]
    assert one == two and [r["id"] for r in two] == ["a", "b", "c"]


@pytest.mark.skipif(not (SHARED_BENCH / "tweets_2020.csv").is_file(), reason="../shared/bench is absent")
def test_real_tweets_give_one_row_each(fixture_scorer):
    path = SHARED_BENCH / "tweets_2020.csv"
    records = _records(path, fixture_scorer, 64)
    with open(path, encoding="utf-8", newline="") as fh:
        ids = [r["id"] for r in csv.DictReader(fh)]
    assert [r["id"] for r in records] == ids and not [r for r in records if r["verdict"] == "error"]


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x","klik")', "@SUM(1+1)", "+cmd|' /C calc'!A0", "-2+3"])
def test_formula_cells_are_neutralised_in_csv_output(fixture_model_path, tmp_path, cell):
    src = tmp_path / "in.csv"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["id", "text"], [cell, "Vaksin covid mengandung microchip pelacak"]])
    out = tmp_path / "hasil.csv"
    r = _batch(fixture_model_path, str(src), "-o", str(out))
    assert r.exit_code in (0, 1), r.output
    rows = list(csv.DictReader(open(out, encoding="utf-8-sig", newline="")))
    assert rows[0]["id"] == "'" + cell
    jl = tmp_path / "hasil.jsonl"
    _batch(fixture_model_path, str(src), "-o", str(jl))
    assert json.loads(jl.read_text(encoding="utf-8").splitlines()[0])["id"] == cell  # JSON is data, not a sheet


def test_inert_covers_tab_and_carriage_return():
    assert [batch.inert(v) for v in ("\tx", "\rx", "x", 0.5)] == ["'\tx", "'\rx", "x", 0.5]


def test_a_broken_quote_costs_one_row_not_the_rest(fixture_model_path, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(
        'id,text\na,"Vaksin covid mengandung microchip\nb,Bupati membuka pameran UMKM di alun-alun.\n'
        "c,Pendaftaran CPNS dipungut biaya Rp5 juta\n",
        encoding="utf-8",
    )
    r = _batch(fixture_model_path, str(src))
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [row["id"] for row in rows] == ["2", "b", "c"]  # the broken row keeps its number; the rest is read
    assert rows[0]["verdict"] == "error" and "quote" in rows[0]["error"]
    assert "row 2" in r.stderr and r.exit_code == 2


def test_a_row_of_greetings_only_is_not_a_claim_with_a_probability(fixture_scorer):
    # Nothing check-worthy remains once the formulas are stripped; evaluate still ranks the row by its text.
    [record] = batch.score_rows(fixture_scorer, [batch.Row(2, "salam", "Selamat pagi bapak ibu. Terima kasih.")])
    assert record["verdict"] == "not_a_claim" and record["hoax_probability"] is not None
