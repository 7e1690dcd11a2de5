"""`hoaxcheck serve` in a real headless Chromium (Playwright, Debian's /usr/bin/chromium): paste, copy, upload,
filter chips, add a release and retrain. Screenshots go to tests/artifacts/ (git-ignored)."""

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

from conftest import FIXTURE_CORPUS  # noqa: E402 (after the skip: nothing to import without playwright)

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
TOKEN = "browser-token-42"
HOAX = "Vaksin covid mengandung microchip buat melacak kita semua, jangan mau divaksin!! sebarkan"
FORWARD = (
    f"Assalamualaikum, info dari grup sebelah:\n\n{HOAX}\n\n"
    "Pemungutan suara Pemilu serentak 2024 digelar pada Kamis 14 Februari 2024.\n\n"
    "Pendaftaran seleksi CPNS dilakukan melalui portal resmi SSCASN dan tidak dipungut biaya.\n\n"
    "Bupati meresmikan jembatan baru sepanjang 120 meter di Desa Sukamaju pada pekan lalu."
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, fixture_model_path):
    """The app on a free port of 127.0.0.1, in a background thread, over a temporary corpus and model."""
    import uvicorn

    from hoaxcheck.web.app import create_app

    root = tmp_path_factory.mktemp("web")
    data = root / "data"
    shutil.copytree(FIXTURE_CORPUS, data)
    model = root / "models" / "hoaxcheck.model"
    model.parent.mkdir()
    shutil.copy2(fixture_model_path, model)
    port = free_port()
    app = create_app(data=str(data), model=str(model), token=TOKEN, lang="id")
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield {"url": f"http://127.0.0.1:{port}", "data": data, "model": model}
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server["url"])
    pg = context.new_page()
    pg.set_default_timeout(15000)
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield pg
    context.close()
    assert not errors, f"browser errors: {errors}"


def shot(pg, name: str, full: bool = True) -> None:
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


def test_paste_a_forward_see_the_known_hoax_and_copy_the_reply(page, server):
    page.goto(server["url"] + "/")
    page.fill("#text", FORWARD)
    page.click("button[type=submit]")
    page.wait_for_selector(".finding")
    first = page.locator(".finding").first
    assert first.get_attribute("data-verdict") == "known_hoax"
    assert "HOAKS DIKENAL" in first.inner_text()
    reply = first.locator("textarea.reply-text").input_value()
    assert "Vaksin COVID-19 tidak mengandung microchip." in reply and "Mohon tidak diteruskan." in reply
    shot(page, "check-result")
    first.locator("button.copy").click()
    sync_api.expect(page.locator(".copy-status").first).to_have_text("Tersalin.")
    assert page.evaluate("navigator.clipboard.readText()") == reply
    # a highlighted claim in the draft selects its finding
    page.locator('a.claim[data-verdict="known_hoax"]').first.click()
    assert "sel" in page.locator(".finding.v-known_hoax").first.get_attribute("class")
    # phone width
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator(".result").scroll_into_view_if_needed()
    shot(page, "check-result-phone", full=False)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the page scrolls sideways at phone width ({width}px)"


def test_copy_falls_back_without_the_clipboard_api(browser, server):
    context = browser.new_context()  # no clipboard permission: navigator.clipboard.writeText is refused
    pg = context.new_page()
    pg.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined});")
    pg.goto(server["url"] + "/")
    pg.fill("#text", HOAX)
    pg.click("button[type=submit]")
    pg.locator("button.copy").first.click()
    sync_api.expect(pg.locator(".copy-status").first).not_to_be_empty()
    selected = pg.evaluate(
        "(() => { const a = document.activeElement; return a.value.substring(a.selectionStart, a.selectionEnd); })()"
    )
    assert "Mohon tidak diteruskan." in selected  # the reply is selected, ready for Ctrl-C
    context.close()


def test_filter_chips(page, server):
    page.goto(server["url"] + "/?lang=en")
    page.fill("#text", FORWARD)
    page.click("button[type=submit]")
    page.wait_for_selector(".chips")
    total = page.locator(".finding").count()
    assert total >= 3
    page.click('.chip[data-verdict="known_hoax"]')
    visible = page.locator(".finding:visible")
    assert visible.count() == page.locator('.finding[data-verdict="known_hoax"]').count() < total
    assert page.locator("a.claim.dim").count() >= 1
    shot(page, "filter-known-hoax")
    page.click(".chip.all")
    assert page.locator(".finding:visible").count() == total
    assert page.locator("a.claim.dim").count() == 0
    # contradicted and likely_hoax do not look alike (colour, border style, glyph)
    styles = page.evaluate("""() => Array.from(document.querySelectorAll('.chip[data-verdict]')).map(c =>
        [c.dataset.verdict, getComputedStyle(c).borderTopColor, getComputedStyle(c).borderTopStyle])""")
    seen = {v: (colour, style) for v, colour, style in styles if v}
    assert len(set(seen.values())) == len(seen)


def test_upload_a_docx(page, server, tmp_path):
    from docx import Document

    doc = Document()
    doc.add_heading("Siaran Pers", 1)
    doc.add_paragraph(HOAX)
    doc.add_paragraph("BMKG menegaskan bahwa gempa bumi tidak dapat diprediksi waktu dan lokasinya secara pasti.")
    path = tmp_path / "draf-rilis.docx"
    doc.save(path)
    page.goto(server["url"] + "/")
    page.set_input_files("input[type=file]", str(path))
    page.click("button[type=submit]")
    page.wait_for_selector(".file-result")
    assert page.locator(".path").inner_text() == "draf-rilis.docx"
    assert page.locator('.finding[data-verdict="known_hoax"]').count() == 1
    assert page.locator('.finding[data-verdict="supported"]').count() >= 1
    shot(page, "upload-docx")


def test_add_a_release_then_retrain_and_see_it_cited(page, server):
    statement = "Dinas Kesehatan membuka 45 posko vaksinasi gratis di seluruh kecamatan mulai Senin."
    page.goto(server["url"] + "/korpus/tambah")
    assert page.locator(".warn").count() == 1  # no token yet: the page says how to get it
    page.goto(server["url"] + f"/?token={TOKEN}")
    page.goto(server["url"] + "/korpus/tambah")
    assert page.locator(".warn").count() == 0
    page.fill("#release-text", f"{statement}\n\n{HOAX}")
    page.fill("input[name=source]", "Dinas Kesehatan Kota")
    page.fill("input[name=date]", "2025-02-03")
    page.fill("input[name=title]", "Posko vaksinasi")
    page.fill("input[name=url]", "https://dinkes.example.go.id/rilis/45")
    page.click("#add button[type=submit]")
    page.wait_for_selector(".plan")
    assert [li.get_attribute("data-status") for li in page.locator(".plan li").all()] == ["new", "refused"]
    shot(page, "add-preview")
    page.click("button.primary")
    page.wait_for_selector("pre.lines")
    assert "1 pernyataan baru" in page.locator("pre.lines").first.inner_text()
    time.sleep(1.1)  # history ids are the training time to the second
    page.click("button.primary")  # "Latih ulang model sekarang"
    page.wait_for_selector("#job[data-done='1']", timeout=60000)
    assert "Model baru dipasang" in page.inner_text("main")
    assert "reading corpus" in page.inner_text("#progress")
    shot(page, "retrain-done")
    page.goto(server["url"] + "/")
    page.fill("#text", "Dinkes membuka 45 posko vaksinasi gratis di seluruh kecamatan mulai hari Senin.")
    page.click("button[type=submit]")
    page.wait_for_selector(".finding")
    finding = page.locator(".finding").first
    assert finding.get_attribute("data-verdict") == "supported"
    text = finding.inner_text()
    assert "Dinas Kesehatan Kota" in text and "2025-02-03" in text
    assert finding.locator('a[href="https://dinkes.example.go.id/rilis/45"]').count() == 1
    shot(page, "cited-after-retrain")
    page.goto(server["url"] + "/model")
    assert page.locator("table.history tbody tr").count() >= 1
    shot(page, "model-page")
    page.goto(server["url"] + "/korpus?q=posko")
    assert page.locator(".corpus-row").count() == 1
    shot(page, "corpus-search")
