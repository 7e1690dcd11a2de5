"""The command line: exit codes, one-line errors for bad input, corrupt models, and README drift."""

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hoaxcheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def run(*args, **kw):
    return runner.invoke(app, [str(a) for a in args], **kw)


def assert_one_line_error(result, pattern):
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("hoaxcheck:") and "warning" not in ln]
    assert lines and re.search(pattern, lines[-1]), result.stderr


def test_exit_0_when_nothing_flagged(fixture_model_path):
    r = run("score", "--model", fixture_model_path, "--text", "Pemungutan suara Pemilu 2024 digelar pada 14 Februari 2024.")
    assert r.exit_code == 0, r.output
    assert "DIDUKUNG" in r.stdout


def test_exit_1_on_known_hoax_with_json(fixture_model_path):
    r = run(
        "score",
        "--model",
        fixture_model_path,
        "--format",
        "json",
        "--text",
        "Vaksin covid mengandung microchip pelacak!",
    )
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    assert doc["schema_version"] == 2
    claim = doc["files"][0]["claims"][0]
    assert claim["verdict"] == "known_hoax" and claim["evidence"][0]["id"] == "h-microchip"
    assert doc["summary"]["by_verdict"] == {"known_hoax": 1}


def test_english_report(fixture_model_path):
    r = run("score", "--model", fixture_model_path, "--lang", "en", "--text", "Vaksin covid mengandung microchip pelacak!")
    assert "KNOWN HOAX" in r.stdout and "does not mean false" in r.stdout


def test_stdin(fixture_model_path):
    r = run("score", "--model", fixture_model_path, "-", input="Vaksin covid mengandung microchip pelacak!")
    assert r.exit_code == 1 and "HOAKS DIKENAL" in r.stdout


def test_input_error_beats_flagged(fixture_model_path, tmp_path):
    r = run("score", "--model", fixture_model_path, tmp_path / "missing.txt", "--text", "Vaksin covid mengandung microchip!")
    assert r.exit_code == 2
    assert "HOAKS DIKENAL" in r.stdout  # the readable input was still checked


@pytest.mark.parametrize(
    "content,pattern",
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00" * 50, "binary"),
    ],
)
def test_bad_input_files(fixture_model_path, tmp_path, content, pattern):
    f = tmp_path / "draf.txt"
    f.write_bytes(content)
    assert_one_line_error(run("score", "--model", fixture_model_path, f), pattern)


def test_missing_file(fixture_model_path, tmp_path):
    assert_one_line_error(run("score", "--model", fixture_model_path, tmp_path / "nope.md"), "not found")


def test_cp1252_draft_is_read_with_warning(fixture_model_path, tmp_path):
    f = tmp_path / "draf.txt"
    f.write_bytes("Pemungutan suara Pemilu 2024 digelar pada 14 Februari 2024 – “resmi”.".encode("cp1252"))
    r = run("score", "--model", fixture_model_path, f)
    assert r.exit_code == 0 and "cp1252" in r.stderr


def test_usage_errors(fixture_model_path):
    assert_one_line_error(run("score", "--model", fixture_model_path), "give a draft")
    assert_one_line_error(run("score", "--model", fixture_model_path, "--lang", "fr", "--text", "x y z w"), "--lang")


def test_train_reads_semicolon_cp1252_and_reports_malformed_csv(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "corpus", data)
    text = (data / "verified.csv").read_text(encoding="utf-8")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    (data / "verified.csv").write_bytes(out.getvalue().encode("cp1252"))
    r = run("train", "--data", data, "--model", tmp_path / "m.model", "--lang", "en")
    assert r.exit_code == 0, r.output
    assert "cross-validated" in r.stdout and (tmp_path / "m.model").is_file()
    (data / "hoaxes.csv").write_text('id,text\nh1,"unclosed quote text\n', encoding="utf-8")
    before = (tmp_path / "m.model").read_bytes()
    assert_one_line_error(run("train", "--data", data, "--model", tmp_path / "m.model"), r"hoaxes.csv, row \d+: malformed CSV")
    assert (tmp_path / "m.model").read_bytes() == before


def test_version_shows_model_date_and_corpus_hash():
    from hoaxcheck.model import store

    card = store.read_card(ROOT / "models" / "hoaxcheck.model")
    r = run("--version")
    assert r.exit_code == 0 and r.stdout.startswith("hoaxcheck 0.")
    assert card["trained_at"] in r.stdout and card["data_hash"][:12] in r.stdout


def test_gate_cannot_pass_on_nothing(fixture_model_path, tmp_path):
    (tmp_path / "empty").mkdir()
    assert_one_line_error(run("score", "--model", fixture_model_path, tmp_path / "empty"), "no drafts")
    assert_one_line_error(
        run("score", "--model", fixture_model_path, "--fail-on", "", "--text", "abc def ghi jkl"),
        "at least one verdict",
    )


def test_undecodable_pasted_text_is_replaced_not_a_crash(fixture_model_path):
    r = run(
        "score",
        "--model",
        fixture_model_path,
        "--format",
        "json",
        "--text",
        "Vaksin covid mengandung microchip \udce9 pelacak",
    )
    assert r.exit_code == 1
    assert "\ufffd" in json.loads(r.stdout)["files"][0]["claims"][0]["text"]


def test_odd_pyproject_tool_value_is_ignored(fixture_model_path, tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("tool = 3\n")
    monkeypatch.chdir(tmp_path)
    r = run("score", "--model", fixture_model_path, "--text", "Pemungutan suara Pemilu 2024 digelar pada 14 Februari 2024.")
    assert r.exit_code == 0, r.output


def test_batch_uses_the_config_thresholds(fixture_model_path, tmp_path, monkeypatch):
    (tmp_path / "in.csv").write_text(
        "id,text\nr1,Pemkab menanam seribu pohon mangrove di pesisir utara pekan lalu.\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    plain = run("batch", "in.csv", "--model", fixture_model_path)
    assert ",unverified," in plain.stdout
    (tmp_path / ".hoaxcheck.toml").write_text("[thresholds]\nhoax_probability = 0.01\n")
    strict = run("batch", "in.csv", "--model", fixture_model_path)
    assert ",likely_hoax," in strict.stdout and strict.exit_code == 1
