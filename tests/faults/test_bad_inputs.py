"""Hostile inputs become one line and exit 2, and nothing is written: deeply nested TOML and JSON, a corpus
file that is a folder or a FIFO, a model outside the project folder (accepted, with one warning)."""

import io
import os

import pytest
from faultkit import CLAIMREVIEW, RELEASE, corpus_copy, one_line_error, snapshot
from typer.testing import CliRunner

from hoaxcheck import config
from hoaxcheck.cli import app

runner = CliRunner()
DEEP = 5000


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.parametrize(
    "body",
    [
        "model = " + "[" * DEEP + "]" * DEEP,
        "model = " + "{a = " * DEEP + "1" + "}" * DEEP,
        "thresholds = " + "{a = " * DEEP + "1" + "}" * DEEP,
    ],
)
def test_deeply_nested_config_is_one_line(tmp_path, monkeypatch, body):
    (tmp_path / ".hoaxcheck.toml").write_text(body + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    one_line_error(run("score", "--text", "Pemilu digelar pada 14 Februari 2024."), ".hoaxcheck.toml", "nested")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    "body",
    [
        "[" * DEEP + "]" * DEEP,
        '{"a": ' * DEEP + "1" + "}" * DEEP,
        '{"claimReviewed": "Vaksin mengandung microchip pelacak", "reviewRating": ' + "[" * DEEP + "]" * DEEP + "}",
    ],
)
def test_deeply_nested_claimreview_is_one_line_and_writes_nothing(tmp_path, body):
    data = corpus_copy(tmp_path / "data")
    (tmp_path / "deep.json").write_text(body, encoding="utf-8")
    before = snapshot(data)
    one_line_error(run("import", tmp_path / "deep.json", "--data", data), "deep.json", "nothing was written")
    assert snapshot(data) == before


def test_deep_but_parseable_claimreview_fields_do_not_recurse(tmp_path):
    """900-deep lists in 'author' parse as JSON; naming the reviewer must not recurse through them."""
    data = corpus_copy(tmp_path / "data")
    body = (
        '{"claimReviewed": "Beredar kabar gedung sekolah Kota Contoh roboh diterjang angin kencang semalam.", '
        '"reviewRating": {"alternateName": "Salah"}, "author": ' + "[" * 900 + '{"name": "Cek"}' + "]" * 900 + "}"
    )
    (tmp_path / "deep.json").write_text(body, encoding="utf-8")
    r = run("import", tmp_path / "deep.json", "--data", data)
    assert r.exit_code == 0, (r.stdout, r.stderr)
    assert "ClaimReview by Cek" in (data / "hoaxes.csv").read_text(encoding="utf-8")


def _special(path, what):
    if what == "folder":
        path.unlink(missing_ok=True)
        path.mkdir()
        (path / "inside.csv").write_text("id,text\n", encoding="utf-8")
    else:
        path.unlink(missing_ok=True)
        os.mkfifo(path)


COMMANDS = {
    "corpus check": lambda tmp, data: ("corpus", "check", "--data", data),
    "train": lambda tmp, data: ("train", "--data", data, "--model", tmp / "m" / "hoaxcheck.model"),
    "add": lambda tmp, data: ("add", tmp / "r.md", "--data", data),
    "import": lambda tmp, data: ("import", tmp / "cr.json", "--data", data),
}


@pytest.mark.parametrize("name", ["verified.csv", "hoaxes.csv"])
@pytest.mark.parametrize("what", ["folder", "fifo"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_corpus_file_that_is_a_folder_or_fifo_is_named(tmp_path, name, what, command):
    if what == "fifo" and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    data = corpus_copy(tmp_path / "data")
    (tmp_path / "r.md").write_text(RELEASE, encoding="utf-8")
    (tmp_path / "cr.json").write_text(CLAIMREVIEW, encoding="utf-8")
    _special(data / name, what)
    before = snapshot(data)
    line = one_line_error(run(*COMMANDS[command](tmp_path, data)), name)
    assert ("a folder" if what == "folder" else "a pipe, device or socket") in line
    assert snapshot(data) == before
    assert (data / name).is_dir() if what == "folder" else (data / name).is_fifo()
    assert not (tmp_path / "m" / "hoaxcheck.model").exists()


def test_labeled_csv_that_is_a_folder_is_named(tmp_path):
    data = corpus_copy(tmp_path / "data")
    (data / "labeled" / "more.csv").mkdir()
    one_line_error(run("corpus", "check", "--data", data), "more.csv", "a folder")


# ---------------------------------------------------------------- model outside the project


def test_model_outside_the_project_is_accepted_with_a_warning(tmp_path):
    project = tmp_path / "a" / "b"
    project.mkdir(parents=True)
    (project / ".hoaxcheck.toml").write_text('model = "../../elsewhere.model"\n', encoding="utf-8")
    cfg = config.load(project)
    assert cfg.model == str(project / "../../elsewhere.model")
    assert len(cfg.warnings) == 1 and "outside the project" in cfg.warnings[0] and "elsewhere.model" in cfg.warnings[0]
    out = io.StringIO()
    config.print_warnings(cfg, out)
    assert out.getvalue().count("\n") == 1 and out.getvalue().startswith("hoaxcheck: warning: ")


@pytest.mark.parametrize("model", ["m/hoaxcheck.model", "./hoaxcheck.model", "m/../hoaxcheck.model"])
def test_model_inside_the_project_gives_no_warning(tmp_path, model):
    (tmp_path / ".hoaxcheck.toml").write_text(f'model = "{model}"\n', encoding="utf-8")
    assert config.load(tmp_path).warnings == []


def test_cli_prints_the_outside_model_warning_once(tmp_path, monkeypatch, fixture_model_path):
    project = tmp_path / "a" / "b"
    project.mkdir(parents=True)
    (tmp_path / "elsewhere.model").write_bytes(fixture_model_path.read_bytes())
    (project / ".hoaxcheck.toml").write_text('model = "../../elsewhere.model"\n', encoding="utf-8")
    monkeypatch.chdir(project)
    r = run("score", "--text", "Pemungutan suara Pemilu 2024 digelar pada 14 Februari 2024.", "--no-fail")
    assert r.exit_code == 0, r.stderr
    warnings = [line for line in r.stderr.splitlines() if "outside the project" in line]
    assert len(warnings) == 1, r.stderr
