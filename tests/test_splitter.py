"""Claim splitting: a behaviour table of tricky Indonesian text, and properties of the spans."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hoaxcheck.io import documents as document
from hoaxcheck.text.splitter import display, split


def claims(text: str, kind: str = "txt") -> list[str]:
    doc = document.from_text(text, kind=kind)
    return [display(doc, s) for s in split(doc) if s.kind == "claim"]


SPLIT_TABLE = [
    # (text, expected claims)
    (
        "Sekda M. Dianto membuka acara. Acara dihadiri 300 peserta.",
        ["Sekda M. Dianto membuka acara.", "Acara dihadiri 300 peserta."],
    ),
    (
        "Kegiatan dipimpin Dr. H. Ahmad, S.Sos. di Kab. Muaro Jambi. Peserta pulang sore hari.",
        ["Kegiatan dipimpin Dr. H. Ahmad, S.Sos. di Kab. Muaro Jambi.", "Peserta pulang sore hari."],
    ),
    (
        "Acara digelar Kamis (28/11) di ruang pola. Tamu datang dari 11 kabupaten/kota.",
        ["Acara digelar Kamis (28/11) di ruang pola.", "Tamu datang dari 11 kabupaten/kota."],
    ),
    (
        "Anggaran mencapai Rp1,5 miliar untuk 1.500 rumah. Progres fisik 2,5 persen.",
        ["Anggaran mencapai Rp1,5 miliar untuk 1.500 rumah.", "Progres fisik 2,5 persen."],
    ),
    (
        '"Humas harus terbuka. Humas harus cepat," kata Sekda. Acara selesai pukul 12.00.',
        ['"Humas harus terbuka. Humas harus cepat," kata Sekda.', "Acara selesai pukul 12.00."],
    ),
    (
        "Surat No. 45 tahun 2024 ditandatangani a.n. Bupati. Isinya tentang jam kerja.",
        ["Surat No. 45 tahun 2024 ditandatangani a.n. Bupati.", "Isinya tentang jam kerja."],
    ),
    (
        "Bantuan berupa beras, minyak, gula, dll. diserahkan langsung kepada warga terdampak banjir.",
        ["Bantuan berupa beras, minyak, gula, dll. diserahkan langsung kepada warga terdampak banjir."],
    ),
    (
        "INFO PENTING!!! Besok listrik padam total se-Jawa. Sebarkan ke grup lain ya",
        ["Besok listrik padam total se-Jawa.", "Sebarkan ke grup lain ya"],
    ),  # a 2-word shout is not a claim
    (
        "Baris pertama yang dibungkus\nmenyambung ke baris kedua dalam satu kalimat.",
        ["Baris pertama yang dibungkus menyambung ke baris kedua dalam satu kalimat."],
    ),
    ("*PENTING* _Vaksin_ berbahaya bagi anak-anak kita semua", ["PENTING Vaksin berbahaya bagi anak-anak kita semua"]),
    # Forwards (issue 11): the opening and closing formulas are stripped and what remains is judged.
    (
        "Selamat pagi bapak ibu, pendaftaran CPNS 2025 dibuka tanpa tes, cukup transfer Rp 2 juta.",
        ["pendaftaran CPNS 2025 dibuka tanpa tes, cukup transfer Rp 2 juta."],
    ),
    (
        "Assalamualaikum bapak ibu warga RT 03, mohon maaf mengganggu.\nSaya dapat kabar dari saudara.",
        ["Saya dapat kabar dari saudara."],
    ),
    (
        "Selamat malam warga RT 03/RW 05, info dari grup sebelah: besok listrik padam total se-Jawa. Sebarkan!",
        ["besok listrik padam total se-Jawa."],
    ),
    ("Warga RT 03 gotong royong membersihkan selokan.", ["Warga RT 03 gotong royong membersihkan selokan."]),
    ("Mohon maaf mengganggu. Terima kasih. Selamat pagi bapak ibu.", []),
    # A short sentence with a subject and a predicate is a claim; two words are a fragment.
    ("Vaksin bikin mandul.", ["Vaksin bikin mandul."]),
    ("WhatsApp bakal berbayar.", ["WhatsApp bakal berbayar."]),
    ("Waspada semuanya!", []),
]


@pytest.mark.parametrize("text,expected", SPLIT_TABLE)
def test_split_table(text, expected):
    assert claims(text) == expected


def test_boilerplate_and_headings_are_not_claims():
    text = "# Judul Rilis Hari Ini\n\nBupati meresmikan jembatan baru di desa itu.\n\nPewarta: Dodi\nEditor : Ani\n\nCOPYRIGHT © ANTARA 2019"
    doc = document.from_text(text, kind="txt")
    kinds = [(s.kind, display(doc, s)) for s in split(doc)]
    assert kinds == [
        ("heading", "Judul Rilis Hari Ini"),
        ("claim", "Bupati meresmikan jembatan baru di desa itu."),
        ("boilerplate", "Pewarta: Dodi"),
        ("boilerplate", "Editor : Ani"),
        ("boilerplate", "COPYRIGHT © ANTARA 2019"),
    ]


def test_markdown_markup_is_not_a_claim():
    text = "---\ntitle: Rilis\n---\n- Bupati membuka [pameran UMKM](https://example.org/a) hari ini.\n\n```\nkode\n```\n<!-- catatan -->\n"
    assert claims(text) == ["Bupati membuka pameran UMKM hari ini."]


def test_html_tags_are_blanked_and_blocks_split():
    html = "<html><head><title>x</title><style>p{}</style></head><body><h1>Judul</h1><p>Bupati membuka pameran &amp; bazar.</p><p>Warga datang ramai sekali.</p></body></html>"
    assert claims(html, kind="html") == ["Bupati membuka pameran & bazar.", "Warga datang ramai sekali."]


def test_positions_are_one_based_code_points():
    doc = document.from_text("Halo.\nÉé Bupati meresmikan jembatan baru.", kind="txt")
    seg = [s for s in split(doc) if s.kind == "claim"][-1]
    assert doc.position(seg.start) == (2, 1)
    assert doc.position(seg.end) == (2, len("Éé Bupati meresmikan jembatan baru.") + 1)


PIECES = st.sampled_from(
    list(' .!?"\n,()/-*_#')
    + ["M. ", "Dr. ", "1.500", "2,5", "(28/11)", "\n\n", "Pewarta: X\n", "Bupati", "hoaks", "<!-- x -->", "[a](b)"]
)
SENTENCE = st.lists(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8) | PIECES, max_size=40
).map("".join)


@settings(max_examples=300, deadline=None)
@given(SENTENCE)
def test_spans_map_back_to_the_original_text(text):
    doc = document.Document(path="x", text=text, mask=document.mask_markdown(text)[0])
    for seg in split(doc):
        assert 0 <= seg.start < seg.end <= len(text)
        shown = display(doc, seg)
        assert shown, "no claim is empty"
        # every visible character of the claim comes from the original span, in order
        original = text[seg.start : seg.end]
        it = iter(original)
        assert all(ch in it for ch in shown.replace(" ", ""))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Bupati membuka acara pagi ini.",
                "Sekda M. Dianto hadir di sana.",
                "Dana Rp1,5 miliar cair.",
                "Warga senang sekali hari ini!",
                "Apakah benar begitu adanya?",
                '"Kami siap. Kami hadir," kata Dr. Ani.',
            ]
        ),
        min_size=1,
        max_size=8,
    )
)
def test_joined_sentences_split_back(sentences):
    assert claims(" ".join(sentences)) == sentences
