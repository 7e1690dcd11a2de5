"""The CI gate: --fail-on and exit codes, --no-fail, --output, config discovery, suppressions, broken files."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hoaxcheck import config
from hoaxcheck.cli import app
from hoaxcheck.engine import suppression
from hoaxcheck.engine.records import FLAGGED, Claim
from hoaxcheck.errors import ConfigError
from hoaxcheck.report.formats import FileResult, Report

runner = CliRunner()

# One sentence per verdict, as scored by the fixture model with hoax_probability lowered to 0.46 by config.
DRAFTS = {
    "known_hoax": "Vaksin covid mengandung microchip pelacak!",
    "contradicted": "Pendaftaran seleksi CPNS dilakukan melalui portal resmi SSCASN dan dipungut biaya.",
    "likely_hoax": "Air rebusan bawang putih menyembuhkan covid dalam semalam, sebarkan ke keluarga",
    "unverified": "Jembatan baru di Kecamatan Sukamaju diresmikan oleh camat pada pekan lalu.",
    "refutes_hoax": "Tidak benar bahwa vaksin covid mengandung microchip pelacak, itu hoaks.",
    "supported": "Pemungutan suara Pemilu 2024 digelar pada 14 Februari 2024.",
}
STRICT = "known_hoax,likely_hoax,contradicted,unverified"
FAIL_ON = {None: FLAGGED, "known_hoax": {"known_hoax"}, STRICT: set(STRICT.split(",")), "unverified": {"unverified"}}


def run(*args, **kw):
    return runner.invoke(app, [str(a) for a in args], **kw)


@pytest.fixture
def project(tmp_path, monkeypatch, fixture_model_path):
    """A folder with a .hoaxcheck.toml naming the fixture model (relative to the config file), as the cwd."""
    (tmp_path / "m").mkdir()
    for f in fixture_model_path.parent.iterdir():
        (tmp_path / "m" / f.name).write_bytes(f.read_bytes())
    (tmp_path / ".hoaxcheck.toml").write_text('model = "m/hoaxcheck.model"\nthresholds = { hoax_probability = 0.46 }\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("verdict", DRAFTS)
@pytest.mark.parametrize("fail_on", FAIL_ON)
def test_exit_code_for_each_fail_on_choice(project, verdict, fail_on):
    flags = [] if fail_on is None else ["--fail-on", fail_on]
    r = run("score", "--format", "json", "--text", DRAFTS[verdict], *flags)
    claims = json.loads(r.stdout)["files"][0]["claims"]
    assert [c["verdict"] for c in claims] == [verdict]
    assert r.exit_code == (1 if verdict in FAIL_ON[fail_on] else 0), r.stderr


def test_no_fail_exits_0_and_still_reports(project):
    r = run("score", "--no-fail", "--text", DRAFTS["known_hoax"])
    assert r.exit_code == 0 and "HOAKS DIKENAL" in r.stdout


def test_unknown_fail_on_verdict_is_a_usage_error(project):
    r = run("score", "--fail-on", "known_hoax,palsu", "--text", "x")
    assert r.exit_code == 2 and "unknown verdict 'palsu'" in r.stderr
    assert r.exception is None or isinstance(r.exception, SystemExit)


@pytest.mark.parametrize(
    "verdict,suppressed,fail_on,failing",
    [
        ("known_hoax", False, FLAGGED, True),
        ("known_hoax", True, FLAGGED, False),
        ("unverified", False, FLAGGED, False),
        ("unverified", False, frozenset({"unverified"}), True),
        ("invalid_suppression", False, frozenset(), True),  # always fails, whatever --fail-on says
        ("supported", False, frozenset({"known_hoax"}), False),
    ],
)
def test_failing_table(verdict, suppressed, fail_on, failing):
    claim = Claim(text="t", verdict=verdict, suppressed=suppressed, suppression_reason="r" if suppressed else None)
    assert bool(Report(files=[FileResult("a.md", [claim])], fail_on=fail_on).failing()) is failing


def test_output_file_gets_report_and_stderr_the_summary(project):
    r = run("score", "--format", "sarif", "--output", "out/report.sarif", "--text", DRAFTS["known_hoax"])
    assert r.exit_code == 2 and "folder does not exist" in r.stderr
    (project / "out").mkdir()
    r = run("score", "--format", "sarif", "--output", "out/report.sarif", "--text", DRAFTS["known_hoax"])
    assert r.exit_code == 1
    assert r.stdout == ""
    assert "Ringkasan: 1 klaim" in r.stderr
    assert json.loads((project / "out" / "report.sarif").read_text())["version"] == "2.1.0"


def test_folder_with_one_broken_file_exits_2_and_reports_the_rest(project):
    d = project / "drafts"
    (d / "sub").mkdir(parents=True)
    (d / "a.md").write_text(DRAFTS["supported"] + "\n")
    (d / "sub" / "b.txt").write_text(DRAFTS["known_hoax"] + "\n")
    (d / "rusak.txt").write_bytes(b"\x00\x01binary\x00")
    (d / "catatan.csv").write_text("not a draft\n")
    r = run("score", "--format", "json", "drafts")
    assert r.exit_code == 2
    files = {Path(f["path"]).name: f for f in json.loads(r.stdout)["files"]}
    assert set(files) == {"a.md", "b.txt", "rusak.txt"}
    assert "binary" in files["rusak.txt"]["error"]
    assert files["b.txt"]["claims"][0]["verdict"] == "known_hoax"
    assert "rusak.txt" in r.stderr
    sarif = json.loads(run("score", "--format", "sarif", "drafts").stdout)
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is False


# --- config -------------------------------------------------------------------------------------------------


def test_config_discovery_nearest_wins_and_dot_file_beats_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.hoaxcheck]\nlang = "en"\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert config.load(sub).lang == "en"
    assert config.load(sub).path == tmp_path / "pyproject.toml"
    (tmp_path / "a" / "pyproject.toml").write_text('[project]\nname = "x"\n')  # no [tool.hoaxcheck]: skipped
    assert config.load(sub).lang == "en"
    (tmp_path / "a" / ".hoaxcheck.toml").write_text('lang = "id"\n')
    assert config.load(sub).lang == "id"
    (tmp_path / "a" / "pyproject.toml").write_text('[tool.hoaxcheck]\nlang = "en"\n')
    assert config.load(sub).path == tmp_path / "a" / ".hoaxcheck.toml"


def test_config_paths_are_relative_to_the_config_file(tmp_path):
    (tmp_path / ".hoaxcheck.toml").write_text('model = "m/x.model"\nexclude = ["arsip/**"]\n')
    (tmp_path / "deep").mkdir()
    cfg = config.load(tmp_path / "deep")
    assert Path(cfg.model) == tmp_path.resolve() / "m" / "x.model"
    assert cfg.exclude == [(tmp_path.resolve() / "arsip/**").as_posix()]


@pytest.mark.parametrize(
    "body,message",
    [
        ('modle = "x"\n', "unknown key 'modle'"),
        ('fail_on = ["known_hoax", "palsu"]\n', "unknown verdict 'palsu'"),
        ('lang = "jv"\n', "'lang' must be 'id' or 'en'"),
        ("thresholds = { match = 2 }\n", "threshold 'match' must be a number from 0 to 1"),
        ("thresholds = { kecocokan = 0.5 }\n", "unknown threshold 'kecocokan'"),
        ('exclude = "arsip"\n', "'exclude' must be a list"),
        ("lang = \n", "not valid TOML"),
    ],
)
def test_bad_config_is_a_one_line_usage_error(tmp_path, monkeypatch, body, message):
    (tmp_path / ".hoaxcheck.toml").write_text(body)
    monkeypatch.chdir(tmp_path)
    r = run("score", "--text", "x")
    assert r.exit_code == 2 and (r.exception is None or isinstance(r.exception, SystemExit))
    assert message in r.stderr and ".hoaxcheck.toml" in r.stderr
    with pytest.raises(ConfigError):
        config.load(tmp_path)


def test_config_settings_apply_and_flags_win(project, fixture_model_path):
    cfg = project / ".hoaxcheck.toml"
    cfg.write_text(cfg.read_text() + 'lang = "en"\nfail_on = ["unverified"]\nexclude = ["drafts/arsip/*"]\n')
    (project / "drafts" / "arsip").mkdir(parents=True)
    (project / "drafts" / "baru.md").write_text(DRAFTS["unverified"] + "\n")
    (project / "drafts" / "arsip" / "lama.md").write_text(DRAFTS["known_hoax"] + "\n")
    r = run("score", "drafts")
    assert r.exit_code == 1  # fail_on from config: unverified fails
    assert "UNVERIFIED" in r.stdout and "lama.md" not in r.stdout  # lang and exclude from config
    r = run("score", "drafts", "--lang", "id", "--fail-on", "known_hoax")
    assert r.exit_code == 0 and "BELUM TERVERIFIKASI" in r.stdout
    r = run("score", "--model", project / "missing.model", "--text", "x")  # --model beats config
    assert r.exit_code == 2 and str(project / "missing.") in r.stderr


def test_model_from_config_beats_local_models_folder(project):
    (project / "models").mkdir()
    (project / "models" / "hoaxcheck.model").write_bytes(b"not a model")
    assert run("score", "--text", DRAFTS["supported"]).exit_code == 0
    (project / ".hoaxcheck.toml").write_text("")
    r = run("score", "--text", DRAFTS["supported"])
    assert r.exit_code == 2 and "models/hoaxcheck." in r.stderr


# --- suppressions ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ('<!-- hoaxcheck: abaikan alasan="kutipan" -->\nKlaim.\n', [(1, "kutipan", 2)]),
        ('Judul\n<!-- hoaxcheck: abaikan alasan="kutipan" -->\nKlaim.\n', [(2, "kutipan", 3)]),
        ('<!-- hoaxcheck: abaikan alasan="arsip lama" -->\n\nKlaim.\n', [(1, "arsip lama", 0)]),  # top of file
        ("\n<!--hoaxcheck:abaikan alasan='ok'-->\n\nKlaim.\n", [(2, "ok", 0)]),
        ("A.\n<!-- hoaxcheck: abaikan -->\n\nKlaim.\n", [(2, None, 4)]),
        ('A.\n<!-- hoaxcheck: abaikan alasan="  " -->\nKlaim.\n', [(2, None, 3)]),
        ("<!-- catatan biasa -->\nKlaim.\n", []),
    ],
)
def test_find_suppressions(text, expected):
    assert [(s.line, s.reason, s.target) for s in suppression.find(text)] == expected


def test_suppression_with_reason_passes_and_is_kept_for_audit(project):
    draft = project / "draf.md"
    draft.write_text(
        f'# Judul\n\n<!-- hoaxcheck: abaikan alasan="dikutip sebagai contoh hoaks" -->\n'
        f"{DRAFTS['known_hoax']}\n\n{DRAFTS['supported']}\n"
    )
    r = run("score", "--format", "json", "draf.md")
    assert r.exit_code == 0, r.stdout
    claims = json.loads(r.stdout)["files"][0]["claims"]
    hoax = next(c for c in claims if c["verdict"] == "known_hoax")
    assert hoax["suppressed"] is True and hoax["suppression_reason"] == "dikutip sebagai contoh hoaks"
    assert all(not c["suppressed"] for c in claims if c is not hoax)
    assert "diabaikan: dikutip sebagai contoh hoaks" in run("score", "draf.md").stdout
    sarif = json.loads(run("score", "--format", "sarif", "draf.md").stdout)
    result = next(x for x in sarif["runs"][0]["results"] if x["ruleId"] == "known_hoax")
    assert result["suppressions"] == [{"kind": "inSource", "status": "accepted", "justification": "dikutip sebagai contoh hoaks"}]
    assert "known_hoax" not in run("score", "--format", "github", "draf.md").stdout.lower().replace(" ", "_")


def test_suppression_without_reason_always_fails(project):
    (project / "draf.md").write_text(f"Pembuka.\n<!-- hoaxcheck: abaikan -->\n{DRAFTS['supported']}\n")
    r = run("score", "--format", "json", "--fail-on", "known_hoax", "draf.md")
    assert r.exit_code == 1
    claims = json.loads(r.stdout)["files"][0]["claims"]
    bad = [c for c in claims if c["verdict"] == "invalid_suppression"]
    assert len(bad) == 1 and bad[0]["line"] == 2 and bad[0]["column"] == 1
    assert not any(c["suppressed"] for c in claims)  # an invalid suppression suppresses nothing
    assert "::error file=draf.md,line=2" in run("score", "--format", "github", "draf.md").stdout


def test_suppression_at_top_skips_the_file(project):
    (project / "lama.md").write_text(f'<!-- hoaxcheck: abaikan alasan="arsip 2019" -->\n\n{DRAFTS["known_hoax"]}\n')
    r = run("score", "--format", "jsonl", "lama.md")
    assert r.exit_code == 0
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert rows and all(x["suppressed"] and x["suppression_reason"] == "arsip 2019" and x["path"] == "lama.md" for x in rows)


def test_docx_suppression_and_paragraph_numbers(project):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for p in (
        "Siaran Pers",
        DRAFTS["supported"],
        '<!-- hoaxcheck: abaikan alasan="contoh" -->',
        DRAFTS["known_hoax"],
        DRAFTS["contradicted"],
    ):
        d.add_paragraph(p)
    d.save(project / "draf.docx")
    r = run("score", "--format", "json", "draf.docx")
    claims = {c["verdict"]: c for c in json.loads(r.stdout)["files"][0]["claims"]}
    assert claims["known_hoax"]["line"] == 4 and claims["known_hoax"]["suppressed"]
    assert claims["contradicted"]["line"] == 5 and not claims["contradicted"]["suppressed"]
    assert r.exit_code == 1


def test_serve_takes_its_token_from_the_config(tmp_path, monkeypatch):
    pytest.importorskip("starlette")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HOAXCHECK_TOKEN", raising=False)
    r = run("serve", "--host", "0.0.0.0", "--port", "1")
    assert r.exit_code == 2 and "--token" in r.stderr  # no token anywhere: refused
    (tmp_path / ".hoaxcheck.toml").write_text('token = "x"\n')
    r = run("serve", "--host", "0.0.0.0", "--port", "1")
    assert r.exit_code == 2 and "at least 8 characters" in r.stderr  # the config's token is the one checked
