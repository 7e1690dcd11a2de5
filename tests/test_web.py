"""`hoaxcheck serve`: the web app through Starlette's TestClient (no network, no browser)."""

import io
import json
import re
import shutil
import time
import zlib
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("jinja2")
pytest.importorskip("multipart")

from conftest import FIXTURE_CORPUS
from starlette.testclient import TestClient

TOKEN = "test-token-123"
BASE = "http://127.0.0.1:8000"
HOAX = "Vaksin covid mengandung microchip buat melacak kita semua, jangan mau divaksin!! sebarkan"
XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


@pytest.fixture
def workspace(tmp_path, fixture_model_path):
    """A temporary copy of the fixture corpus and of the fixture model."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_CORPUS, data)
    model = tmp_path / "models" / "hoaxcheck.model"
    model.parent.mkdir()
    shutil.copy2(fixture_model_path, model)
    return data, model


@pytest.fixture
def client(workspace):
    from hoaxcheck.web.app import create_app

    data, model = workspace
    app = create_app(data=str(data), model=str(model), token=TOKEN, lang="id")
    with TestClient(app, base_url=BASE) as c:
        yield c


def login(client) -> None:
    r = client.get(f"/?token={TOKEN}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    assert "hoaxcheck_token" in client.cookies


def csrf(client, page: str = "/korpus/tambah") -> str:
    html = client.get(page).text
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def docx_bytes(paragraphs: list[str]) -> bytes:
    from docx import Document

    doc = Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def pdf_bytes(text: str) -> bytes:
    """A one-page PDF with a text layer (hand-built: no PDF writer needed)."""
    stream = zlib.compress(f"BT /F1 12 Tf 50 750 Td ({text}) Tj ET".encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"),
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# ---------------------------------------------------------------- strings and pages


def test_every_ui_string_has_both_languages():
    from hoaxcheck.engine.records import VERDICTS
    from hoaxcheck.web.strings import GLYPHS, STRINGS

    assert set(STRINGS) == {"id", "en"}
    assert set(STRINGS["id"]) == set(STRINGS["en"])
    assert not set(STRINGS["id"]) & set(dir(dict)), "Jinja2 would read t.<key> as the dict method"
    assert all(v.strip() for lang in STRINGS.values() for v in lang.values())

    def placeholders(s):
        return sorted(re.findall(r"\{(\w*)\}", s))

    for key in STRINGS["id"]:
        assert placeholders(STRINGS["id"][key]) == placeholders(STRINGS["en"][key]), key
    assert set(VERDICTS) <= set(GLYPHS)
    assert GLYPHS["contradicted"] != GLYPHS["likely_hoax"]


def test_pages_render_in_both_languages_without_external_resources(client):
    for path in ("/", "/korpus", "/korpus?kind=hoaxes", "/korpus/tambah", "/model"):
        for lang in ("id", "en"):
            r = client.get(f"{path}{'&' if '?' in path else '?'}lang={lang}")
            assert r.status_code == 200, path
            assert f'<html lang="{lang}">' in r.text
            assert not re.search(r'(src|href)="(https?:)?//', r.text), f"{path} loads something from elsewhere"
            assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "Periksa draf" in client.get("/?lang=id").text
    assert "Check a draft" in client.get("/?lang=en").text


def test_language_toggle_sets_a_cookie_and_only_redirects_locally(client):
    r = client.get("/bahasa?lang=en&next=/korpus", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/korpus"
    assert "Corpus: verified statements" in client.get("/korpus").text
    for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        r = client.get("/bahasa", params={"lang": "id", "next": evil}, follow_redirects=False)
        assert r.headers["location"] == "/"


# ---------------------------------------------------------------- checking


def test_check_form_shows_the_known_hoax_with_its_reply(client):
    r = client.post(
        "/periksa",
        data={"text": HOAX + "\n\nPemungutan suara Pemilu serentak 2024 digelar pada Rabu 14 Februari 2024."},
    )
    assert r.status_code == 200
    html = r.text
    assert "HOAKS DIKENAL" in html and "h-microchip" in html
    assert "Balasan untuk grup" in html and 'class="copy"' in html
    assert "Vaksin COVID-19 tidak mengandung microchip." in html  # the clarification, in the reply
    assert "Mohon tidak diteruskan." in html
    assert "Belum terverifikasi" in html or "tidak berarti salah" in html  # the unverified caveat
    findings = re.findall(r'class="finding v-(\w+)', html)
    assert findings[0] == "known_hoax"  # flagged first
    assert 'data-verdict="known_hoax"' in html and 'class="chip v-known_hoax"' in html


def test_check_in_english(client):
    html = client.post("/periksa?lang=en", data={"text": HOAX}).text
    assert "KNOWN HOAX" in html and "Reply for the group" in html and "Please do not forward it." in html


def test_api_score_returns_the_score_json_document(client, workspace):
    from hoaxcheck.app import check, context
    from hoaxcheck.engine.records import FLAGGED

    r = client.post("/api/score", json={"text": HOAX})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    doc = r.json()
    assert doc["schema_version"] == 2
    assert doc["files"][0]["claims"][0]["verdict"] == "known_hoax"
    expected = check.score([], HOAX, context.resolve(str(workspace[1]), "id"), FLAGGED)
    assert [c["verdict"] for c in doc["files"][0]["claims"]] == [c.verdict for c in expected.files[0].claims]
    assert doc["summary"] == expected.summary()


def test_api_score_bad_requests(client):
    assert client.post("/api/score", content=b"{nope", headers={"content-type": "application/json"}).status_code == 400
    r = client.post("/api/score", json={"txt": "x"})
    assert r.status_code == 400 and "text" in r.json()["error"]
    assert client.post("/api/score", content=b"hi", headers={"content-type": "text/plain"}).status_code == 415
    r = client.post("/api/score", json={"text": "   "})
    assert r.status_code == 400 and "empty" in r.json()["files"][0]["error"]


def test_upload_docx_via_form_and_api(client):
    data = docx_bytes(["Siaran Pers", HOAX, "BMKG menegaskan bahwa gempa bumi tidak dapat diprediksi waktu dan lokasinya."])
    files = {"file": ("draf.docx", data, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")}
    html = client.post("/periksa", files=files).text
    assert "draf.docx" in html and "HOAKS DIKENAL" in html
    doc = client.post("/api/score", files=files).json()
    assert doc["files"][0]["path"] == "draf.docx"
    verdicts = [c["verdict"] for c in doc["files"][0]["claims"]]
    assert "known_hoax" in verdicts
    assert next(c for c in doc["files"][0]["claims"] if c["verdict"] == "known_hoax")["line"] == 2  # the paragraph


def test_upload_pdf(client):
    r = client.post(
        "/api/score",
        files={"file": ("rilis.pdf", pdf_bytes("Vaksin covid mengandung microchip untuk melacak kita."), "application/pdf")},
    )
    assert r.status_code == 200, r.text
    assert any(c["verdict"] == "known_hoax" for c in r.json()["files"][0]["claims"])
    r = client.post("/api/score", files={"file": ("scan.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")})
    assert r.status_code == 400 and "PDF" in r.json()["files"][0]["error"]


@pytest.mark.parametrize("payload", XSS)
def test_user_text_comes_back_inert(client, payload):
    text = f"Bupati mengatakan {payload} bantuan disalurkan besok pagi kepada warga."
    html = client.post("/periksa", data={"text": text}).text
    assert payload not in html
    assert "&lt;" in html and ("&lt;script&gt;" in html or "&lt;img" in html)
    # the file name of an upload is user text too
    html = client.post("/periksa", files={"file": (f"{payload}.txt", text.encode(), "text/plain")}).text
    assert payload not in html
    doc = client.post("/api/score", json={"text": text}).json()  # JSON keeps the text as it was
    assert payload in doc["files"][0]["claims"][0]["text"] or payload in json.dumps(doc, ensure_ascii=False)


def test_bad_files_get_one_clear_message(client):
    cases = [
        ("draf.txt", b"\x00\x01\x02binary\x00" * 10, "binary"),
        ("draf.docx", b"PK not a zip", ".docx"),
        ("virus.exe", b"MZ....", "unsupported"),
        ("kosong.md", b"  \n", "empty"),
    ]
    for name, data, words in cases:
        r = client.post("/periksa", files={"file": (name, data, "application/octet-stream")})
        assert r.status_code == 400, name
        assert words in r.text, (name, r.text[-2000:])
        api = client.post("/api/score", files={"file": (name, data, "application/octet-stream")})
        assert api.status_code == 400 and words in api.json()["files"][0]["error"]
    r = client.post("/periksa", data={"text": ""})
    assert r.status_code == 400 and "Tempel teks atau pilih berkas" in r.text


def test_upload_too_large(client):
    from hoaxcheck.io.documents import MAX_BYTES

    just_over = b"a" * (MAX_BYTES + 1)
    r = client.post("/api/score", files={"file": ("besar.txt", just_over, "text/plain")})
    assert r.status_code == 413 and "too large" in r.json()["files"][0]["error"]
    r = client.post("/periksa", files={"file": ("besar.txt", just_over, "text/plain")})
    assert r.status_code == 400 and "too large" in r.text
    way_over = b"a" * (MAX_BYTES + 2 * 1024 * 1024)
    r = client.post("/api/score", files={"file": ("besar.txt", way_over, "text/plain")})
    assert r.status_code == 413 and "10 MB" in r.json()["error"]
    r = client.post("/periksa", files={"file": ("besar.txt", way_over, "text/plain")})
    assert r.status_code == 413 and "10 MB" in r.text


def test_health_returns_the_model_card(client, workspace):
    from hoaxcheck.model import store

    r = client.get("/api/health")
    assert r.status_code == 200
    assert r.json() == json.loads(json.dumps(store.read_card(workspace[1])))


def test_static_files_are_a_fixed_list(client):
    assert client.get("/static/app.js").status_code == 200
    for path in ("/static/../app.py", "/static/%2e%2e%2fapp.py", "/static/templates/base.html", "/static/x"):
        assert client.get(path).status_code == 404, path


# ---------------------------------------------------------------- token, CSRF, host


def test_changes_need_the_token_and_the_csrf_token(client, workspace):
    data, _ = workspace
    before = (data / "verified.csv").read_bytes()
    form = {
        "text": "Pemerintah menyalurkan bantuan beras 10 kilogram kepada 20 juta keluarga mulai Maret 2025.",
        "source": "Bapanas",
        "date": "2025-03-01",
    }
    r = client.post("/korpus/tambah", data={**form, "csrf": csrf(client)})
    assert r.status_code == 403 and "token" in r.text  # no token yet
    assert "butuh token" in client.get("/model").text
    client.get("/?token=wrong-token-x")
    assert "hoaxcheck_token" not in client.cookies
    login(client)
    assert client.post("/korpus/tambah", data=form).status_code == 403  # no CSRF field
    assert client.post("/korpus/tambah", data={**form, "csrf": "forged-value-forged"}).status_code == 403
    r = client.post("/korpus/tambah", data={**form, "csrf": csrf(client)}, headers={"origin": "https://evil.example"})
    assert r.status_code == 403
    assert client.post("/model/latih", data={"csrf": "x"}).status_code == 403
    assert client.post("/model/pulihkan", data={"entry": "x"}).status_code == 403
    assert (data / "verified.csv").read_bytes() == before
    r = client.post("/korpus/tambah", data={**form, "csrf": csrf(client)})
    assert r.status_code == 200 and "baru" in r.text  # a preview


def test_header_token_needs_no_csrf(workspace):
    from hoaxcheck.web.app import create_app

    data, model = workspace
    with TestClient(create_app(str(data), str(model), TOKEN), base_url=BASE) as c:
        form = {
            "text": "Pemerintah menyalurkan bantuan beras 10 kilogram kepada 20 juta keluarga mulai Maret 2025.",
            "source": "Bapanas",
        }
        assert c.post("/korpus/tambah", data=form, headers={"X-Hoaxcheck-Token": "nope-nope"}).status_code == 403
        assert c.post("/korpus/tambah", data=form, headers={"X-Hoaxcheck-Token": TOKEN}).status_code == 200


def test_loopback_server_refuses_other_host_names(client):
    assert client.get("/", headers={"host": "evil.example:8000"}).status_code == 421
    assert client.get("/api/health", headers={"host": "localhost:8000"}).status_code == 200
    assert client.get("/api/health", headers={"host": "[::1]:8000"}).status_code == 200


def test_serve_refuses_a_public_address_without_a_token(monkeypatch):
    from typer.testing import CliRunner

    from hoaxcheck.cli import app

    monkeypatch.delenv("HOAXCHECK_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "--token" in lines[0], result.output
    assert CliRunner().invoke(app, ["serve", "--token", "short"]).exit_code == 2
    assert CliRunner().invoke(app, ["serve", "--port", "70000"]).exit_code == 2


# ---------------------------------------------------------------- corpus


def test_corpus_browse_and_filters(client):
    html = client.get("/korpus").text
    assert html.count('class="corpus-row"') == 8
    assert client.get("/korpus?topic=pemilu").text.count('class="corpus-row"') == 1
    assert client.get("/korpus?source=BMKG").text.count('class="corpus-row"') == 1
    assert client.get("/korpus?year=2022").text.count('class="corpus-row"') == 1
    assert client.get("/korpus?q=microchip").text.count('class="corpus-row"') == 1
    hoaxes = client.get("/korpus?kind=hoaxes&q=cpns").text
    assert hoaxes.count('class="corpus-row"') == 1 and "PENIPUAN" in hoaxes


def test_add_release_preview_then_confirm(client, workspace):
    data, _ = workspace
    login(client)
    before = (data / "verified.csv").read_text(encoding="utf-8")
    release = (
        "Pemerintah menyalurkan bantuan beras 10 kilogram kepada 20 juta keluarga penerima mulai Maret 2025.\n\n"
        "Pendaftaran seleksi CPNS dilakukan melalui portal resmi SSCASN dan tidak dipungut biaya.\n\n"
        f"{HOAX}\n"
    )
    form = {
        "text": release,
        "source": "Badan Pangan <b>Nasional</b>",
        "date": "2025-03-01",
        "url": "https://badanpangan.go.id/rilis/1",
        "title": "Bantuan pangan",
    }
    r = client.post("/korpus/tambah", data={**form, "csrf": csrf(client)})
    assert r.status_code == 200
    statuses = re.findall(r'data-status="(\w+)"', r.text)
    assert statuses == ["new", "duplicate", "refused"], statuses
    assert "<b>Nasional</b>" not in r.text
    assert (data / "verified.csv").read_text(encoding="utf-8") == before  # a preview writes nothing
    key = re.search(r'name="key" value="([^"]+)"', r.text).group(1)
    r = client.post("/korpus/konfirmasi", data={"key": key, "csrf": csrf(client)})
    assert r.status_code == 200 and "1 pernyataan baru" in r.text
    after = (data / "verified.csv").read_text(encoding="utf-8")
    assert after.startswith(before) and "20 juta keluarga" in after and "microchip buat melacak" not in after
    assert after.count("\n") == before.count("\n") + 1
    # the same preview cannot be confirmed twice
    r = client.post("/korpus/konfirmasi", data={"key": key, "csrf": csrf(client)})
    assert r.status_code == 409
    # the corpus page shows the new statement
    assert "20 juta keluarga" in client.get("/korpus?q=beras").text
    # adding it again: a duplicate, nothing to confirm
    r = client.post("/korpus/tambah", data={**form, "csrf": csrf(client)})
    assert re.findall(r'data-status="(\w+)"', r.text)[0] == "duplicate" and 'name="key"' not in r.text


def test_add_release_upload_and_bad_metadata(client, workspace):
    data, _ = workspace
    login(client)
    before = (data / "verified.csv").read_bytes()
    md = (
        b"---\nsource: BPBD\ndate: 2025-01-10\ntitle: Banjir\n---\n"
        b"BPBD mencatat 120 rumah terendam banjir di tiga kecamatan pada Jumat malam.\n"
    )
    r = client.post("/korpus/tambah", data={"csrf": csrf(client)}, files={"file": ("rilis.md", md, "text/markdown")})
    assert r.status_code == 200 and re.findall(r'data-status="(\w+)"', r.text) == ["new"]
    r = client.post("/korpus/tambah", data={"csrf": csrf(client), "text": "Sebuah pernyataan resmi tanpa sumber apapun."})
    assert r.status_code == 400 and "no source" in r.text
    r = client.post(
        "/korpus/tambah",
        data={
            "csrf": csrf(client),
            "source": "X",
            "date": "1 Maret",
            "text": "Sebuah pernyataan resmi dengan tanggal yang salah.",
        },
    )
    assert r.status_code == 400 and "YYYY-MM-DD" in r.text
    assert (data / "verified.csv").read_bytes() == before


def test_import_claimreview_preview_then_confirm(client, workspace):
    data, _ = workspace
    login(client)
    payload = (Path(__file__).parent / "fixtures" / "claimreview" / "list.json").read_bytes()
    r = client.post("/korpus/impor", data={"csrf": csrf(client)}, files={"file": ("cr.json", payload, "application/json")})
    assert r.status_code == 200, r.text
    assert "data-status=" in r.text
    key = re.search(r'name="key" value="([^"]+)"', r.text)
    if key:
        before = sum(len(p.read_bytes()) for p in data.rglob("*.csv"))
        r = client.post("/korpus/konfirmasi", data={"key": key.group(1), "csrf": csrf(client)})
        assert r.status_code == 200
        assert sum(len(p.read_bytes()) for p in data.rglob("*.csv")) > before
    r = client.post("/korpus/impor", data={"csrf": csrf(client)}, files={"file": ("x.json", b"{broken", "application/json")})
    assert r.status_code == 400 and "not valid JSON" in r.text
    r = client.post(
        "/korpus/impor", data={"csrf": csrf(client)}, files={"file": ("x.csv", b"id,text\nx,Sebuah teks\n", "text/csv")}
    )
    assert r.status_code == 400 and "--kind" in r.text


# ---------------------------------------------------------------- model


def wait_for(client, job_id: str) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        info = client.get(f"/api/job/{job_id}").json()
        if info["done"]:
            return info
        time.sleep(0.1)
    raise AssertionError("retraining did not finish")


def test_retrain_reloads_the_model_and_rollback_restores(client, workspace):
    data, model = workspace
    login(client)
    first = client.get("/api/health").json()
    # a new statement, then a guarded retrain: the new model is served without a restart
    statement = "Dinas Kesehatan membuka 45 posko vaksinasi gratis di seluruh kecamatan mulai Senin."
    assert client.post("/api/score", json={"text": statement}).json()["files"][0]["claims"][0]["verdict"] != "supported"
    r = client.post("/korpus/tambah", data={"text": statement, "source": "Dinkes", "date": "2025-02-03", "csrf": csrf(client)})
    key = re.search(r'name="key" value="([^"]+)"', r.text).group(1)
    assert client.post("/korpus/konfirmasi", data={"key": key, "csrf": csrf(client)}).status_code == 200
    time.sleep(1.1)  # history ids are the training time to the second
    r = client.post("/model/latih", data={"csrf": csrf(client, "/model")}, follow_redirects=False)
    assert r.status_code == 303
    job = r.headers["location"].rsplit("/", 1)[1]
    info = wait_for(client, job)
    assert info["error"] is None and info["status"] == 0, info
    assert any("reading corpus" in p for p in info["progress"])
    page = client.get(f"/model/job/{job}").text
    assert "Model baru dipasang" in page and "macro_f1" in page
    second = client.get("/api/health").json()
    assert second["trained_at"] != first["trained_at"] and second["counts"]["verified"] == first["counts"]["verified"] + 1
    claim = client.post("/api/score", json={"text": statement}).json()["files"][0]["claims"][0]
    assert claim["verdict"] == "supported" and claim["evidence"][0]["source"] == "Dinkes"
    assert statement in (data / "verified.csv").read_text(encoding="utf-8")
    assert (model.parent / "history").is_dir()  # the previous model was archived beside it
    # history and rollback
    html = client.get("/model").text
    entries = re.findall(r'name="entry" value="([^"]+)"', html)
    assert entries, html
    r = client.post("/model/pulihkan", data={"entry": entries[0], "csrf": csrf(client, "/model")}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/api/health").json()["trained_at"] == first["trained_at"]
    r = client.post("/model/pulihkan", data={"entry": "../../etc", "csrf": csrf(client, "/model")})
    assert r.status_code == 400 and "no history entry" in r.text


def test_changes_are_serialised(client):
    from hoaxcheck.web import app as web

    login(client)
    state = client.app.state
    assert state.lock.acquire(blocking=False)
    try:
        r = client.post("/model/latih", data={"csrf": csrf(client, "/model")})
        assert r.status_code == 409 and "coba lagi" in r.text
    finally:
        state.lock.release()
    assert web.LOCK_WAIT > 0


def test_model_file_changed_outside_is_picked_up(client, workspace, fixture_model_path):
    """A `hoaxcheck train` in another terminal replaces the file: the next request uses the new model."""
    import os

    from hoaxcheck.corpus import load as corpus
    from hoaxcheck.model import store, train

    data, model = workspace
    first = client.get("/api/health").json()["trained_at"]
    time.sleep(1.1)
    trained, _ = train.train(corpus.load(data))
    tmp = model.with_name(".new.tmp")
    store.save(trained, tmp)
    os.replace(tmp, model)
    assert client.get("/api/health").json()["trained_at"] != first
    tmp.write_bytes(b"damaged")  # a broken file put in its place: the loaded model keeps serving
    os.replace(tmp, model)  # (model files are replaced, never rewritten in place: they are memory-mapped)
    assert client.post("/api/score", json={"text": HOAX}).status_code == 200
