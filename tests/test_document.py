"""Reading drafts: encodings, binary and empty input, .docx paragraphs and HTML."""

import io

import pytest

from hoaxcheck.errors import InputError
from hoaxcheck.io import documents as document


def test_utf8_bom_and_utf16_are_read_without_warning():
    text = "Bupati meresmikan jembatan “Merah Putih” hari ini."
    for data in (b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode("utf-16")):
        doc = document.from_bytes(data, "draf.txt")
        assert doc.text == text and doc.warnings == []


def test_cp1252_falls_back_with_a_warning():
    doc = document.from_bytes("Rapat “koordinasi” digelar – hari ini.".encode("cp1252"), "draf.txt")
    assert "“koordinasi”" in doc.text
    assert doc.warnings and "cp1252" in doc.warnings[0]


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
    ],
)
def test_empty_and_binary_are_refused(data, reason):
    with pytest.raises(InputError, match=reason):
        document.from_bytes(data, "x.txt")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(InputError, match="not found"):
        document.read(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="folder"):
        document.read(tmp_path)


def test_huge_file_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(document, "MAX_BYTES", 100)
    big = tmp_path / "big.txt"
    big.write_text("a" * 200)
    with pytest.raises(InputError, match="too large"):
        document.read(big)


def test_docx_lines_are_paragraph_numbers():
    from docx import Document as Docx

    d = Docx()
    d.add_paragraph("Judul")
    d.add_paragraph("Bupati membuka pameran UMKM di alun-alun kota.")
    d.add_paragraph("Kegiatan berlangsung tiga hari.\nWarga diundang hadir.")
    buf = io.BytesIO()
    d.save(buf)
    doc = document.from_bytes(buf.getvalue(), "draf.docx")
    assert doc.text.split("\n")[1] == "Bupati membuka pameran UMKM di alun-alun kota."
    assert doc.position(doc.text.index("Kegiatan")) == (3, 1)


def test_docx_tables_headings_and_comments():
    from docx import Document as Docx

    from hoaxcheck.text.splitter import display, split

    d = Docx()
    d.add_heading("Rilis Pemkab Hari Ini Tentang Vaksinasi", level=1)
    d.add_paragraph('<!-- hoaxcheck: abaikan alasan="kutipan" -->')
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Vaksin covid mengandung microchip pelacak warga."
    table.cell(0, 1).text = "Bupati membuka pameran UMKM di alun-alun kota."
    buf = io.BytesIO()
    d.save(buf)
    doc = document.from_bytes(buf.getvalue(), "draf.docx")
    kinds = [(s.kind, display(doc, s), doc.position(s.start)[0]) for s in split(doc)]
    assert kinds == [
        ("heading", "Rilis Pemkab Hari Ini Tentang Vaksinasi", 1),
        ("claim", "Vaksin covid mengandung microchip pelacak warga.", 3),
        ("claim", "Bupati membuka pameran UMKM di alun-alun kota.", 4),
    ]


def test_broken_docx_is_an_input_error():
    with pytest.raises(InputError, match="docx"):
        document.from_bytes(b"PK\x03\x04 not really a zip", "draf.docx")
