"""Growing the corpus: `add` (releases), `import` (CSV and ClaimReview JSON) and the atomic CSV append."""

import hashlib
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from hoaxcheck.cli import app
from hoaxcheck.corpus import claimreview, ingest
from hoaxcheck.corpus import load as corpus_lib
from hoaxcheck.errors import CorpusError

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
runner = CliRunner()

RELEASE = """---
source: Diskominfo Kabupaten Contoh
date: 2024-03-01
title: "Pemkab Contoh Gelar Vaksinasi Massal"
url: https://example.go.id/rilis/vaksinasi
---
# Pemkab Contoh Gelar Vaksinasi Massal

Pemerintah Kabupaten Contoh menggelar vaksinasi massal di 12 puskesmas pada Jumat (1/3).

Kepala Dinas Kesehatan mengimbau warga membawa KTP saat datang ke lokasi vaksinasi.

Vaksinasi dilayani setiap hari kerja mulai pukul 08.00 sampai 14.00 WIB.

Pewarta: Budi Santoso
Editor: Siti
"""


@pytest.fixture
def data(tmp_path) -> Path:
    """A copy of the fixture corpus that a test may change."""
    shutil.copytree(FIXTURES / "corpus", tmp_path / "corpus")
    return tmp_path / "corpus"


def _release(tmp_path: Path, body: str, name: str = "rilis.md") -> str:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return str(path)


def _add(*args: str):
    return runner.invoke(app, ["add", *args, "--lang", "en"])


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- add


def test_add_release_end_to_end(tmp_path, data):
    before = (data / "verified.csv").read_bytes()
    result = _add(_release(tmp_path, RELEASE), "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "3 new statements, 0 duplicates" in result.stdout
    after = (data / "verified.csv").read_bytes()
    assert after.startswith(before)  # existing rows are untouched, byte for byte
    corpus = corpus_lib.load(data)
    assert not [p for p in corpus.problems if p.severity == "error"]
    added = [r for r in corpus.verified if r["id"].startswith("rel-")]
    assert [r["text"] for r in added] == [
        "Pemerintah Kabupaten Contoh menggelar vaksinasi massal di 12 puskesmas pada Jumat (1/3).",
        "Kepala Dinas Kesehatan mengimbau warga membawa KTP saat datang ke lokasi vaksinasi.",
        "Vaksinasi dilayani setiap hari kerja mulai pukul 08.00 sampai 14.00 WIB.",
    ]
    for r in added:
        assert (r["source"], r["date"], r["url"], r["title"]) == (
            "Diskominfo Kabupaten Contoh",
            "2024-03-01",
            "https://example.go.id/rilis/vaksinasi",
            "Pemkab Contoh Gelar Vaksinasi Massal",
        )
        assert r["note"] == "release rilis.md"


def test_adding_the_same_release_again_adds_nothing(tmp_path, data):
    release = _release(tmp_path, RELEASE)
    assert _add(release, "--data", str(data)).exit_code == 0
    before = (data / "verified.csv").read_bytes()
    result = _add(release, "--data", str(data))
    assert result.exit_code == 0
    assert "0 new statements, 3 duplicates" in result.stdout
    assert (data / "verified.csv").read_bytes() == before


def test_same_text_under_other_metadata_is_still_a_duplicate(tmp_path, data):
    release = _release(tmp_path, RELEASE)
    _add(release, "--data", str(data))
    result = _add(release, "--data", str(data), "--title", "Judul lain")
    assert "0 new statements, 3 duplicates" in result.stdout


def test_ids_are_stable_and_depend_on_release_and_text():
    meta = {"source": "Diskominfo", "date": "2024-03-01", "title": "Judul"}
    a = ingest.statement_id(meta, "Bupati membuka   pameran UMKM.")
    assert a == ingest.statement_id(dict(meta), "Bupati membuka pameran UMKM.")  # whitespace does not count
    assert a != ingest.statement_id({**meta, "date": "2024-03-02"}, "Bupati membuka pameran UMKM.")
    assert a != ingest.statement_id(meta, "Bupati menutup pameran UMKM.")
    assert a.startswith("rel-") and len(a) == 16


def test_near_duplicate_is_reported_and_skipped(tmp_path, data):
    text = "---\nsource: BPOM\n---\nVaksin COVID-19 yang digunakan di Indonesia tidak mengandung microchip atau alat pelacak apa pun.\n"
    result = _add(_release(tmp_path, text), "--data", str(data))
    assert "0 new statements, 0 duplicates, 1 near-duplicates" in result.stdout
    assert "near-duplicate of v-vaksin" in result.stdout


@pytest.mark.parametrize(
    "sentence, refused",
    [
        # repeats the microchip hoax with the same polarity: a release must never say this
        ("Vaksin covid mengandung microchip untuk melacak warga, jangan mau divaksin.", True),
        ("Uang kertas lama tidak berlaku lagi mulai bulan depan, segera tukarkan di bank.", True),
        # denials of the same hoaxes are welcome
        ("Pemerintah Kabupaten menegaskan vaksin COVID-19 tidak mengandung microchip.", False),
        ("Kabar bahwa uang kertas lama tidak berlaku lagi bulan depan adalah hoaks.", False),
    ],
)
def test_repeating_a_known_hoax_is_refused_and_denying_one_is_accepted(tmp_path, data, sentence, refused):
    before = (data / "verified.csv").read_bytes()
    result = _add(_release(tmp_path, f"---\nsource: Diskominfo Kabupaten Contoh\n---\n{sentence}\n"), "--data", str(data))
    if refused:
        assert result.exit_code == 1
        assert "1 refused" in result.stdout and "repeats known hoax" in result.stdout
        assert (data / "verified.csv").read_bytes() == before
    else:
        assert result.exit_code == 0, result.output
        assert "1 new statements" in result.stdout


def test_force_adds_a_hoax_repeat_and_says_so_in_the_note(tmp_path, data):
    release = _release(tmp_path, "---\nsource: Contoh\n---\nVaksin covid mengandung microchip untuk melacak warga.\n")
    result = _add(release, "--data", str(data), "--force")
    assert result.exit_code == 0
    assert "added because of --force" in result.stdout
    row = corpus_lib.load(data).verified[-1]
    assert "added with --force" in row["note"] and "h-microchip" in row["note"]


def test_dry_run_does_not_create_the_data_folder(tmp_path):
    data = tmp_path / "new-office"
    result = _add(_release(tmp_path, RELEASE), "--data", str(data), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "3 new statements" in result.stdout and not data.exists()
    result = _import(str(FIXTURES / "claimreview" / "single.json"), "--data", str(data), "--dry-run")
    assert result.exit_code == 0, result.output
    assert not data.exists()


def test_asserting_the_opposite_of_an_official_denial_is_refused(tmp_path, data):
    # v-vaksin denies h-microchip; this sentence is far from the hoax's wording (similarity under `match`)
    # but says what the denial rules out, so `score` calls it known_hoax and `add` must refuse it.
    sentence = "Vaksin yang digunakan di Indonesia mengandung alat pelacak."
    assert _score_verdict(data, sentence) == "known_hoax"
    before = (data / "verified.csv").read_bytes()
    result = _add(_release(tmp_path, f"---\nsource: Contoh\n---\n{sentence}\n"), "--data", str(data))
    assert result.exit_code == 1, result.output
    assert "1 refused" in result.stdout and "h-microchip" in result.stdout
    assert (data / "verified.csv").read_bytes() == before


def _score_verdict(data: Path, text: str) -> str:
    from hoaxcheck.engine.scorer import Scorer
    from hoaxcheck.model import train as model

    return Scorer(model.train(corpus_lib.load(data))[0]).score_texts([text])[0].verdict


def test_dry_run_writes_nothing(tmp_path, data):
    before = _digest(data / "verified.csv")
    result = _add(_release(tmp_path, RELEASE), "--data", str(data), "--dry-run")
    assert result.exit_code == 0
    assert "3 new statements" in result.stdout and "dry run" in result.stdout
    assert "+ rel-" in result.stdout
    assert _digest(data / "verified.csv") == before


def test_flags_win_over_front_matter(tmp_path, data):
    _add(_release(tmp_path, RELEASE), "--data", str(data), "--source", "Biro Humas", "--date", "2024-03-02")
    row = corpus_lib.load(data).verified[-1]
    assert (row["source"], row["date"], row["title"]) == (
        "Biro Humas",
        "2024-03-02",
        "Pemkab Contoh Gelar Vaksinasi Massal",
    )


@pytest.mark.parametrize(
    "args, message",
    [
        ([], "no source"),
        (["--source", "X", "--date", "1/3/2024"], "not YYYY-MM-DD"),
    ],
)
def test_bad_metadata_is_one_clear_line(tmp_path, data, args, message):
    release = _release(tmp_path, "Bupati membuka pameran UMKM di alun-alun kota pada Senin pagi.\n", "r.txt")
    result = _add(release, "--data", str(data), *args)
    assert result.exit_code == 2
    assert message in result.stderr and (result.exception is None or isinstance(result.exception, SystemExit))
    assert len(result.stderr.strip().splitlines()) == 1


def test_add_reads_stdin_and_creates_a_missing_verified_csv(tmp_path):
    data = tmp_path / "new-office"
    result = runner.invoke(
        app,
        ["add", "-", "--data", str(data), "--source", "Kominfo", "--lang", "en"],
        input="Bupati membuka pameran UMKM di alun-alun kota pada Senin pagi.\n",
    )
    assert result.exit_code == 0, result.output
    text = (data / "verified.csv").read_text(encoding="utf-8")
    assert text.startswith("id,text,source,date,url,title,topic,valid_until,note\n")
    assert "pameran UMKM" in text


def test_report_is_indonesian_by_default(tmp_path, data):
    result = runner.invoke(app, ["add", _release(tmp_path, RELEASE), "--data", str(data)])
    assert "3 pernyataan baru, 0 duplikat" in result.stdout


# ---------------------------------------------------------------- front matter


@pytest.mark.parametrize(
    "text, expected",
    [
        ("---\nsource: Diskominfo\ndate: 2024-01-02\n---\nIsi", {"source": "Diskominfo", "date": "2024-01-02"}),
        (
            "---\r\nSource:  'Biro Humas: Jambi'  \r\nurl: https://a.example/x?y=1\r\n---\r\n",
            {"source": "Biro Humas: Jambi", "url": "https://a.example/x?y=1"},
        ),
        ('\ufeff---\ntitle: "Judul"\ntags: x\n---\n', {"title": "Judul"}),  # unknown keys are ignored
        ("Isi tanpa front matter\n---\nsource: x\n---\n", {}),  # only at the very top
        ("---\nsource: x\n", {}),  # unclosed block
    ],
)
def test_front_matter_table(text, expected):
    assert ingest.parse_front_matter(text) == expected


_value = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters='"\n\r'), max_size=40).map(
    str.strip
)


def _front_matter(meta: dict) -> str:
    return "---\n" + "".join(f'{k}: "{v}"\n' for k, v in meta.items()) + "---\n"


@given(st.dictionaries(st.sampled_from(ingest.META_KEYS), _value))
def test_front_matter_round_trip(meta):
    assert ingest.parse_front_matter(_front_matter(meta) + "Isi rilis.\n") == meta


def test_front_matter_never_becomes_a_statement(tmp_path):
    rows = ingest.release_rows(_release(tmp_path, RELEASE), {})
    assert not any("source" in r["text"].lower() or "---" in r["text"] for r in rows)
    assert not any("Pewarta" in r["text"] or "Editor" in r["text"] for r in rows)


# ---------------------------------------------------------------- atomic append


@pytest.mark.parametrize(
    "original, encoding",
    [
        (
            "\ufeffid;text;source\r\nv1;Bupati membuka pameran UMKM di alun-alun.;Diskominfo\r\n",
            "utf-8",
        ),  # Excel, BOM, ;
        ("id,text\nv1,Kegiatan dibuka pukul 08.00 oleh Sekda.", "utf-8"),  # no final newline
        ("id;text;note\r\nv1;Caf\u00e9 rakyat dibuka oleh Bupati hari ini.;x\r\n", "cp1252"),
    ],
)
def test_append_keeps_bytes_encoding_delimiter_and_columns(tmp_path, original, encoding):
    path = tmp_path / "verified.csv"
    path.write_bytes(original.encode(encoding))
    before = path.read_bytes()
    rows = [{"id": "v2", "text": 'Kepala Dinas; "Kominfo" membuka pelatihan.', "source": "S", "note": "n", "url": "u"}]
    warnings = ingest.append_rows(path, corpus_lib.VERIFIED_COLUMNS, rows)
    after = path.read_bytes()
    assert after.startswith(before)
    parsed = corpus_lib.read_rows(path, corpus_lib.VERIFIED_COLUMNS)
    assert [r["id"] for r in parsed] == ["v1", "v2"]
    assert parsed[1]["text"] == rows[0]["text"]
    assert any("'url'" in w for w in warnings)  # the file has no url column: said, not silently lost
    if b"\r\n" in before:
        assert after.count(b"\n") == after.count(b"\r\n")
    assert not list(tmp_path.glob(".*.tmp"))


def test_cp1252_file_refuses_characters_it_cannot_hold(tmp_path):
    path = tmp_path / "verified.csv"
    path.write_bytes("id;text\r\nv1;Caf\u00e9 rakyat dibuka oleh Bupati hari ini.\r\n".encode("cp1252"))
    before = path.read_bytes()
    with pytest.raises(CorpusError, match="CSV UTF-8"):
        ingest.append_rows(path, corpus_lib.VERIFIED_COLUMNS, [{"id": "v2", "text": "Aksara \u0915 tidak muat di cp1252"}])
    assert path.read_bytes() == before


def test_ctrl_c_during_the_write_leaves_the_file_as_it_was(tmp_path, data, monkeypatch):
    path = data / "verified.csv"
    before = path.read_bytes()

    def interrupted(fh, chunks):
        fh.write(chunks[0])
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest, "_write_chunks", interrupted)
    result = _add(_release(tmp_path, RELEASE), "--data", str(data))
    assert result.exit_code == 130
    assert path.read_bytes() == before
    assert not list(data.glob(".*.tmp"))


# The child appends a large batch of rows and stops at `stage` (half-way through the bytes, or after
# the fsync just before the rename) so that the parent can SIGKILL it there.
_CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from hoaxcheck.corpus import load as corpus
    from hoaxcheck.corpus import ingest

    path, stage = Path(sys.argv[1]), sys.argv[2]
    real_write, real_fsync = ingest._write_chunks, ingest.os.fsync

    def slow_write(fh, chunks):
        data = b"".join(chunks)
        fh.write(data[: len(data) // 2])
        fh.flush()
        if stage == "write":
            print("ready", flush=True)
            time.sleep(60)
        fh.write(data[len(data) // 2:])

    def slow_fsync(fd):
        real_fsync(fd)
        if stage == "fsync":
            print("ready", flush=True)
            time.sleep(60)

    ingest._write_chunks = slow_write
    ingest.os.fsync = slow_fsync
    rows = [{"id": f"big-{i}", "text": f"Pernyataan resmi nomor {i} tentang pembangunan jalan desa."} for i in range(50000)]
    ingest.append_rows(path, corpus.VERIFIED_COLUMNS, rows)
    print("finished", flush=True)
""")


@pytest.mark.parametrize("stage", ["write", "fsync"])
def test_killing_the_process_during_a_write_loses_nothing(tmp_path, data, stage):
    path = data / "verified.csv"
    before = path.read_bytes()
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(path), stage], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        assert list(data.glob(".verified.csv.*.tmp"))  # it really was mid-write
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert path.read_bytes() == before
    # The leftover temporary file does not disturb the next add.
    result = _add(_release(tmp_path, RELEASE), "--data", str(data))
    assert result.exit_code == 0 and "3 new statements" in result.stdout
    assert path.read_bytes().startswith(before)


# ---------------------------------------------------------------- import


@pytest.mark.parametrize(
    "rating, family",
    [
        ("Salah", "hoax"),
        ("KELIRU", "hoax"),
        ("Hoaks", "hoax"),
        ("hoax", "hoax"),
        ("Disinformasi", "hoax"),
        ("Misinformasi", "hoax"),
        ("Menyesatkan", "hoax"),
        ("Penipuan", "hoax"),
        ("False", "hoax"),
        ("fake", "hoax"),
        ("Misleading", "hoax"),
        ("Scam", "hoax"),
        ("[SALAH]", "hoax"),
        ("Benar", "valid"),
        ("FAKTA", "valid"),
        ("True", "valid"),
        ("correct", "valid"),
        ("Accurate", "valid"),
        ("Satire", None),
        ("Unproven", None),
        ("Mixed", None),
        ("Missing context", None),
        ("", None),
        ("Sebagian benar", None),
    ],
)
def test_rating_table(rating, family):
    assert claimreview.rating_family(rating) == family


def _import(*args: str):
    return runner.invoke(app, ["import", *args, "--lang", "en"])


def test_import_one_claimreview_object(data):
    result = _import(str(FIXTURES / "claimreview" / "single.json"), "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "hoaxes.csv: 1 new statements" in result.stdout
    row = corpus_lib.load(data).hoaxes[-1]
    assert row["text"].startswith("Minum air kelapa hijau")
    assert (row["verdict"], row["source"], row["date"]) == ("SALAH", "Contoh Cek Fakta", "2024-01-15")
    assert row["url"] == "https://cekfakta.example.org/2024/01/air-kelapa-obat-demam-berdarah"
    assert row["id"].startswith("cr-")


def test_import_a_list_of_claimreviews_routes_by_rating(data):
    result = _import(str(FIXTURES / "claimreview" / "list.json"), "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "skipped 2 ClaimReview item(s): Missing context 1, Satire 1" in result.stdout
    assert "hoaxes.csv: 2 new statements" in result.stdout
    assert "verified.csv: 1 new statements" in result.stdout
    corpus = corpus_lib.load(data)
    assert [r["verdict"] for r in corpus.hoaxes[-2:]] == ["HOAKS", "PENIPUAN"]
    assert corpus.hoaxes[-2]["date"] == "2024-02-01"  # a datetime keeps its day
    assert corpus.verified[-1]["source"] == "Komisi Pemilihan Umum"  # the claimant issued the true statement


def test_import_a_fact_check_tools_response(data):
    result = _import(str(FIXTURES / "claimreview" / "factcheck_api.json"), "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "skipped 1 ClaimReview item(s): Unproven 1" in result.stdout
    corpus = corpus_lib.load(data)
    hoax, verified = corpus.hoaxes[-1], corpus.verified[-1]
    assert (hoax["verdict"], hoax["date"], hoax["source"]) == ("MISLEADING", "2024-03-04", "Contoh Cek Fakta")
    assert "claimant pesan berantai WhatsApp" in hoax["note"]
    assert (verified["source"], verified["url"]) == (
        "Badan Kepegawaian Negara",
        "https://cekfakta.example.org/2024/03/sscasn",
    )


def test_import_twice_adds_nothing(data):
    path = str(FIXTURES / "claimreview" / "list.json")
    _import(path, "--data", str(data))
    before = {p.name: _digest(p) for p in data.glob("*.csv")}
    result = _import(path, "--data", str(data))
    assert "hoaxes.csv: 0 new statements, 2 duplicates" in result.stdout
    assert {p.name: _digest(p) for p in data.glob("*.csv")} == before


def test_import_with_kind_keeps_only_that_family(data):
    result = _import(str(FIXTURES / "claimreview" / "list.json"), "--data", str(data), "--kind", "hoaxes")
    assert "hoaxes.csv: 2 new statements" in result.stdout and "verified.csv" not in result.stdout
    assert "Benar 1" in result.stdout


def test_import_claimreview_as_labeled_examples(data):
    result = _import(str(FIXTURES / "claimreview" / "list.json"), "--data", str(data), "--kind", "labeled")
    assert result.exit_code == 0, result.output
    labels = [r["label"] for r in corpus_lib.load(data).labeled if r["id"].startswith("cr-")]
    assert labels == ["hoax", "valid", "hoax"]


def test_import_a_corpus_csv(tmp_path, data):
    src = tmp_path / "baru.csv"
    src.write_text(
        "id;text;verdict;source\r\nh-new;Pesan berantai: pemerintah membagikan kuota internet gratis 100 GB lewat tautan ini;HOAKS;Kominfo\r\n"
        "h-microchip;Vaksin covid mengandung microchip buat melacak kita semua, jangan mau divaksin!! sebarkan;HOAKS;Kominfo\r\n",
        encoding="cp1252",
    )
    result = _import(str(src), "--data", str(data), "--kind", "hoaxes")
    assert result.exit_code == 0, result.output
    assert "hoaxes.csv: 1 new statements, 1 duplicates" in result.stdout
    assert corpus_lib.load(data).hoaxes[-1]["id"] == "h-new"


@pytest.mark.parametrize(
    "content, args, message",
    [
        ("id,text\n,Teks tanpa id yang cukup panjang untuk korpus\n", ["--kind", "verified"], "row 2: empty id"),
        ("id,text\nx1,Teks yang cukup panjang untuk korpus\n", [], "needs --kind"),
        (
            "id,text\nv-vaksin,Teks lain dengan id yang sudah dipakai di korpus\n",
            ["--kind", "verified"],
            "different text",
        ),
        ('{"foo": 1}', [], "not ClaimReview JSON"),
        ("{broken", [], "not valid JSON"),
        # well-formed JSON of the wrong shape: one line naming the file and the field
        ('{"claims": [1]}', [], "claims[0] must be an object"),
        (
            '{"claims": [{"text": "Vaksin mengandung microchip pelacak", "claimReview": 5}]}',
            [],
            "claims[0].claimReview must be a list, not a number",
        ),
        (
            '{"claims": [{"text": "Vaksin mengandung microchip pelacak", "claimReview": [{"textualRating": 3}]}]}',
            [],
            "claims[0].claimReview[0].textualRating must be a string, not a number",
        ),
        (
            '{"claims": [{"text": ["x"], "claimReview": [{"textualRating": "Salah"}]}]}',
            [],
            "claims[0].text must be a string, not a list",
        ),
        (
            '{"claimReviewed": "Vaksin mengandung microchip pelacak", "reviewRating": "Salah"}',
            [],
            "reviewRating must be an object, not a string",
        ),
        (
            '{"claimReviewed": "Vaksin mengandung microchip pelacak", "reviewRating": {"alternateName": 1}}',
            [],
            "reviewRating.alternateName must be a string, not a number",
        ),
        (
            '[{"claimReviewed": "Vaksin mengandung microchip pelacak", "reviewRating": {"alternateName": "Salah"}, '
            '"itemReviewed": "x"}]',
            [],
            "item 0: itemReviewed must be an object, not a string",
        ),
    ],
)
def test_bad_imports_write_nothing(tmp_path, data, content, args, message):
    src = tmp_path / ("in.json" if content.startswith(("{", "[")) else "in.csv")
    src.write_text(content, encoding="utf-8")
    before = {p.name: _digest(p) for p in data.glob("*.csv")}
    result = _import(str(src), "--data", str(data), *args)
    assert result.exit_code == 2
    assert message in result.stderr and (result.exception is None or isinstance(result.exception, SystemExit))
    assert len(result.stderr.strip().splitlines()) == 1
    if src.suffix == ".json" and "valid JSON" not in message:
        assert result.stderr.startswith(f"hoaxcheck: {src}: not ClaimReview JSON: ")
    assert {p.name: _digest(p) for p in data.glob("*.csv")} == before


def test_unreadable_import_is_one_line(tmp_path, data, monkeypatch):
    src = tmp_path / "in.json"
    src.write_text("[]", encoding="utf-8")

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    result = _import(str(src), "--data", str(data))
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert result.stderr == f"hoaxcheck: {src}: cannot read (Permission denied); check its permissions\n"


def test_imported_verified_claim_repeating_a_hoax_is_refused(tmp_path, data):
    src = tmp_path / "cr.json"
    src.write_text(
        '{"claimReviewed": "Uang kertas lama tidak berlaku lagi mulai bulan depan, segera tukarkan di bank", '
        '"reviewRating": {"alternateName": "Benar"}, "author": {"name": "X"}}',
        encoding="utf-8",
    )
    result = _import(str(src), "--data", str(data))
    assert result.exit_code == 1
    assert "1 refused" in result.stdout
