"""Issue 14's bounded resources and one-line failures, each as a row: the input, and what must happen."""

import codecs
import csv
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hoaxcheck.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
HOAX = "Vaksin covid mengandung microchip pelacak, jangan mau divaksin!"


def _one_line(r, needle: str) -> None:
    assert r.exit_code == 2 and isinstance(r.exception, SystemExit), r.output
    assert r.stderr.count("\n") == 1 and needle in r.stderr, r.stderr


def _cli(*args: str, stdin=None, timeout: float = 60) -> subprocess.CompletedProcess:
    """A whole hoaxcheck process (for real devices, pipes and closed descriptors)."""
    return subprocess.run(
        [sys.executable, "-m", "hoaxcheck", *args], capture_output=True, text=True, stdin=stdin, timeout=timeout, cwd=ROOT
    )


def test_dev_zero_and_a_fifo_are_refused_without_reading(fixture_model_path, tmp_path):
    _one_line(runner.invoke(app, ["score", "--model", str(fixture_model_path), "/dev/zero"]), "not a regular file")
    fifo = tmp_path / "draf.txt"
    os.mkfifo(fifo)
    _one_line(runner.invoke(app, ["score", "--model", str(fixture_model_path), str(fifo)]), "not a regular file")


def test_output_to_a_device_or_a_symlink_is_refused(fixture_model_path, tmp_path):
    _one_line(runner.invoke(app, ["score", "--model", str(fixture_model_path), "--text", HOAX, "-o", "/dev/full"]), "device")
    target = tmp_path / "real.txt"
    target.write_text("keep", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    _one_line(runner.invoke(app, ["score", "--model", str(fixture_model_path), "--text", HOAX, "-o", str(link)]), "symlink")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep"


@pytest.mark.slow
def test_closed_stdin_and_full_stdout_are_one_line(fixture_model_path):
    closed = subprocess.run(
        f'{sys.executable} -m hoaxcheck score - --model "{fixture_model_path}" <&-', shell=True, capture_output=True, text=True
    )
    assert closed.returncode == 2 and "standard input is closed" in closed.stderr and "Traceback" not in closed.stderr
    closed = subprocess.run(
        f'{sys.executable} -m hoaxcheck batch - --model "{fixture_model_path}" <&-', shell=True, capture_output=True, text=True
    )
    assert closed.returncode == 2 and "standard input is closed" in closed.stderr and "Traceback" not in closed.stderr
    full = subprocess.run(
        f'{sys.executable} -m hoaxcheck score --model "{fixture_model_path}" --text "{HOAX}" > /dev/full',
        shell=True,
        capture_output=True,
        text=True,
    )
    assert full.returncode == 2 and "No space left" in full.stderr and "Traceback" not in full.stderr


@pytest.mark.slow
@pytest.mark.parametrize("unit", ["<!--", "<script ", "<", "![", "](", "[", "```\n", "<!-- hoaxcheck: abaikan "])
def test_a_megabyte_of_markup_is_read_in_bounded_time(tmp_path, unit, fixture_model_path):
    draft = tmp_path / "draf.html"
    draft.write_text(unit * (1_000_000 // len(unit)) + "\nVaksin bikin mandul.\n", encoding="utf-8")
    r = _cli("score", "--model", str(fixture_model_path), "--format", "json", str(draft), timeout=60)
    assert r.returncode in (0, 1, 2) and "Traceback" not in r.stderr


def test_utf16_without_bom_and_a_doubled_bom_are_read(fixture_model_path, tmp_path):
    draft = tmp_path / "draf.txt"
    draft.write_bytes(HOAX.encode("utf-16-le"))
    r = runner.invoke(app, ["score", "--model", str(fixture_model_path), "--format", "json", str(draft)])
    assert json.loads(r.stdout)["files"][0]["claims"][0]["text"].startswith("Vaksin")
    data = tmp_path / "data"
    (data).mkdir()
    (data / "verified.csv").write_bytes(codecs.BOM_UTF8 * 2 + b"id,text\nv1,Bupati membuka pameran UMKM di alun-alun.\n")
    r = runner.invoke(app, ["corpus", "check", "--data", str(data)])
    assert "missing column" not in r.output and r.exit_code == 0, r.output


def test_a_field_larger_than_the_csv_default_limit_is_read(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    with open(data / "verified.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["id", "text"], ["v1", "Bupati membuka pameran UMKM. " * 6000]])
    r = runner.invoke(app, ["corpus", "check", "--data", str(data)])
    assert "malformed" not in r.output and r.exit_code in (0, 1), r.output


def test_a_docx_that_unpacks_too_large_is_refused_before_parsing(tmp_path, fixture_model_path):
    bomb = tmp_path / "bom.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<" + b" " * (60 * 1024 * 1024))
    _one_line(runner.invoke(app, ["score", "--model", str(fixture_model_path), str(bomb)]), "unpacks to more than")


def test_a_threshold_edited_in_the_card_is_refused(fixture_model_path, tmp_path):
    with zipfile.ZipFile(fixture_model_path) as zf:
        members = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    card = json.loads(members["card.json"])
    card["thresholds"]["match"] = 0.1
    members["card.json"] = json.dumps(card).encode()
    edited = tmp_path / "edited.model"
    with zipfile.ZipFile(edited, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    _one_line(runner.invoke(app, ["score", "--model", str(edited), "--text", HOAX]), "set thresholds in .hoaxcheck.toml")
