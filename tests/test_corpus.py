"""Reading and validating the corpus: separators, encodings, row numbers and malformed files."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hoaxcheck.corpus import load as corpus
from hoaxcheck.errors import CorpusError


def write(path, text, encoding="utf-8"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))


def test_excel_semicolon_cp1252(tmp_path):
    write(tmp_path / "verified.csv", "id;text;source\nv1;Bupati meresmikan “jembatan” baru, kata Humas;Pemkab\n", "cp1252")
    c = corpus.load(tmp_path)
    assert c.verified[0]["text"] == "Bupati meresmikan “jembatan” baru, kata Humas"
    assert c.verified[0]["source"] == "Pemkab" and c.verified[0]["date"] == ""


def test_bom_and_extra_columns(tmp_path):
    write(tmp_path / "hoaxes.csv", "\ufeffid,text,verdict,extra\nh1,Vaksin mengandung microchip pelacak,HOAKS,x\n")
    c = corpus.load(tmp_path)
    assert c.hoaxes[0]["id"] == "h1" and "extra" not in c.hoaxes[0]


def test_missing_required_column(tmp_path):
    write(tmp_path / "verified.csv", "id,teks\nv1,abc\n")
    with pytest.raises(CorpusError, match=r"verified.csv, row 1: missing column\(s\) text"):
        corpus.load(tmp_path)


def test_malformed_quotes_name_the_row(tmp_path):
    write(tmp_path / "verified.csv", 'id,text\nv1,"fine text here ok"\nv2,"broken "quote" text\n')
    with pytest.raises(CorpusError, match="row 3"):
        corpus.load(tmp_path)


def test_too_many_cells_name_the_row(tmp_path):
    write(tmp_path / "verified.csv", "id,text\nv1,one text here\nv2,Rapat digelar, lalu ditutup,sore\n")
    with pytest.raises(CorpusError, match="row 3: 4 cells"):
        corpus.load(tmp_path)


def test_validation_problems_with_spreadsheet_rows(tmp_path):
    write(
        tmp_path / "verified.csv",
        "id,text,date,topic,url\n"
        "v1,Bupati meresmikan jembatan baru di desa itu.,2024-13-01,kesehatan,\n"
        "v1,Teks kedua yang cukup panjang untuk lolos.,,bukan_topik,ftp://x\n"
        ",pendek,,,\n",
    )
    write(tmp_path / "labeled" / "a.csv", "id,text,label\nl1,Teks berlabel yang cukup panjang,hoaks\n")
    problems = {(p.file, p.row, p.message.split(" ")[0]) for p in corpus.load(tmp_path).problems}
    assert ("verified.csv", 2, "date") in problems
    assert ("verified.csv", 3, "duplicate") in problems
    assert ("verified.csv", 3, "unknown") in problems
    assert ("verified.csv", 3, "url") in problems
    assert ("verified.csv", 4, "empty") in problems and ("verified.csv", 4, "text") in problems
    assert ("labeled/a.csv", 2, "label") in problems


def test_no_corpus_files(tmp_path):
    with pytest.raises(CorpusError, match="no corpus files"):
        corpus.load(tmp_path)
    with pytest.raises(CorpusError, match="not found"):
        corpus.load(tmp_path / "missing")


def test_data_hash_ignores_encoding_and_separator(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    write(a / "verified.csv", "id,text\nv1,Rapat koordinasi digelar hari ini\n")
    write(b / "verified.csv", "\ufeffid;text\r\nv1;Rapat koordinasi digelar hari ini\r\n")
    assert corpus.load(a).data_hash() == corpus.load(b).data_hash()
    write(b / "verified.csv", "id,text\nv1,Rapat koordinasi digelar besok\n")
    assert corpus.load(a).data_hash() != corpus.load(b).data_hash()


CELL = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(list(',;"\n')), max_size=40
).map(str.strip)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(CELL, CELL), min_size=1, max_size=10), st.sampled_from([",", ";"]))
def test_csv_round_trip(rows, delimiter):
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow(["id", "text"])
    writer.writerows(rows)
    parsed = corpus.parse_csv(buf.getvalue(), "t.csv", ["id", "text"])
    expected = [(i, t) for i, t in rows if i or t]
    assert [(r["id"], r["text"]) for r in parsed] == expected
