"""Guarded training, model history and rollback, and deterministic training."""

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hoaxcheck.cli import app
from hoaxcheck.corpus import load as corpus_lib
from hoaxcheck.engine.scorer import Model
from hoaxcheck.errors import ModelError
from hoaxcheck.model import history, store
from hoaxcheck.model import retrain as guard
from hoaxcheck.model import train as model_lib

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

SEED = "Pemerintah Kabupaten Contoh meresmikan jembatan gantung di Desa Sukamaju yang menghubungkan dua kecamatan.\n"
DRAFT = (
    "Pemerintah Kabupaten Contoh meresmikan jembatan gantung baru.\n\n"
    "Vaksin covid mengandung microchip buat melacak kita semua, jangan mau divaksin.\n"
)


@pytest.fixture
def project(tmp_path) -> Path:
    """A project folder: corpus/ (the fixture corpus), seeds/, examples/official/ and examples/draf-rilis.md."""
    shutil.copytree(ROOT / "tests" / "fixtures" / "corpus", tmp_path / "corpus")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "README.md").write_text("# Seeds\n\nVaksin covid mengandung microchip (a readme, never checked).\n")
    (tmp_path / "seeds" / "jembatan.txt").write_text(SEED, encoding="utf-8")
    (tmp_path / "examples" / "official").mkdir(parents=True)
    (tmp_path / "examples" / "draf-rilis.md").write_text(DRAFT, encoding="utf-8")
    return tmp_path


@pytest.fixture
def trained(project, fixture_model_path) -> Path:
    """The project with a current model: the session's fixture model, trained from the same corpus."""
    (project / "m").mkdir()
    shutil.copy2(fixture_model_path, project / "m" / "hoaxcheck.model")
    return project


def _train(project: Path, *args: str):
    return runner.invoke(
        app, ["train", "--data", str(project / "corpus"), "--model", str(project / "m" / "hoaxcheck.model"), *args]
    )


def _sha(project: Path) -> str:
    return store.sha256_file(project / "m" / "hoaxcheck.model")


def test_training_is_deterministic(fixture_model_path):
    texts = [
        "Vaksin covid mengandung microchip, sebarkan!",
        "Bupati membuka pameran UMKM di alun-alun.",
        "Transfer biaya pendaftaran CPNS ke rekening panitia sekarang juga.",
    ]
    answers = []
    earlier = store.load(fixture_model_path)  # trained earlier in this session from the same corpus
    again = model_lib.train(corpus_lib.load(ROOT / "tests" / "fixtures" / "corpus"))[0]
    for m in (earlier, again):
        proba = m.classifier.probabilities(texts)
        answers.append(
            (
                proba.round(10).tolist(),
                m.thresholds,
                m.card["metrics"],
                m.card["data_hash"],
                [(p["verdict"], p["hoax_probability"]) for p in m.card["probes"]],
            )
        )
    assert answers[0] == answers[1]


def test_guard_refusal_keeps_the_old_model(trained):
    project = trained
    old = _sha(project)
    # Someone imports the seed release's statement as a "hoax": the seed would now be flagged.
    (project / "corpus" / "hoaxes.csv").open("a", encoding="utf-8").write(
        "h-bad,Pemerintah Kabupaten Contoh meresmikan jembatan gantung di Desa Sukamaju,HOAKS,X,,,,,\n"
    )
    result = _train(project, "--guard", "--lang", "en")
    assert result.exit_code == 1, result.output
    assert "refused: regression: seeds/jembatan.txt line 1: now known_hoax" in result.stdout
    assert "was kept" in result.stdout
    assert _sha(project) == old
    assert store.load(project / "m" / "hoaxcheck.model")  # still loads: every member matches the card
    assert history.entries(project / "m" / "hoaxcheck.model") == []
    assert [p.name for p in (project / "m").glob(".*")] == [".hoaxcheck.lock"]  # no candidate or temp file left
    # Without --guard the same training replaces the model and only warns.
    unguarded = _train(project)
    assert unguarded.exit_code == 0 and "warning: regression" in unguarded.output
    assert _sha(project) != old


def test_guard_fails_when_the_known_hoax_is_no_longer_caught(project):
    (project / "examples" / "draf-rilis.md").write_text("Bupati membuka pameran UMKM di alun-alun kota.\n")
    result = _train(project, "--guard", "--lang", "en")
    assert result.exit_code == 1
    assert "known hoax is no longer caught" in result.stdout
    assert not (project / "m" / "hoaxcheck.model").exists()


@pytest.mark.parametrize(
    "before, after, max_drop, refused",
    [
        (0.80, 0.79, 0.02, False),
        (0.80, 0.78, 0.02, False),  # exactly the allowed drop
        (0.80, 0.77, 0.02, True),
        (0.80, 0.90, 0.02, False),
        (0.80, 0.75, 0.10, False),
        (None, 0.50, 0.02, False),  # nothing to compare with
        (0.80, None, 0.02, True),  # the new model lost its classifier metrics
    ],
)
def test_macro_f1_drop_table(before, after, max_drop, refused):
    old = {"metrics": {"macro_f1": before}} if before is not None else {"metrics": None}
    new = {"metrics": {"macro_f1": after} if after is not None else None}
    assert (guard.macro_drop(old, new, max_drop) is not None) == refused


def test_add_retrain_runs_the_guarded_train(trained):
    project = trained
    release = project / "rilis.md"
    release.write_text(
        "---\nsource: Diskominfo Kabupaten Contoh\ndate: 2024-03-01\n---\n"
        "Pemerintah Kabupaten Contoh membuka pelatihan digital bagi 200 pelaku UMKM.\n",
        encoding="utf-8",
    )
    args = [
        "add",
        str(release),
        "--data",
        str(project / "corpus"),
        "--model",
        str(project / "m" / "hoaxcheck.model"),
        "--retrain",
        "--lang",
        "en",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "model written to" in result.stdout
    assert store.read_card(project / "m" / "hoaxcheck.model")["counts"]["verified"] == 9
    again = runner.invoke(app, args)
    assert "nothing new: the model was not retrained" in again.stdout


# ---------------------------------------------------------------- history and rollback (fake models: fast)


def _fake_model(path: Path, trained_at: str, content: bytes) -> None:
    """A small real model file (no classifier, no index) whose card names `content`, so tests can tell models apart."""
    path.parent.mkdir(parents=True, exist_ok=True)
    card = {
        "trained_at": trained_at,
        "data_hash": content.hex() * 4,
        "content": content.decode(),
        "counts": {"verified": 1, "hoaxes": 1, "labeled": 0},
        "metrics": {"macro_f1": 0.5},
    }
    store.save(Model(None, None, {}, card), path)


def _content(path: Path) -> bytes:
    return store.read_card(path)["content"].encode()


def _replace(model: Path, trained_at: str, content: bytes) -> str | None:
    candidate = model.parent / "staging" / model.name
    _fake_model(candidate, trained_at, content)
    return history.install(candidate, model)


def test_history_keeps_the_last_five(tmp_path):
    model = tmp_path / "hoaxcheck.model"
    _fake_model(model, "2026-01-01T00:00:00+00:00", b"m0")
    for i in range(1, 8):
        archived = _replace(model, f"2026-01-0{i + 1}T00:00:00+00:00", f"m{i}".encode())
        assert archived == f"2026010{i}T000000Z"
    ids = [e.id for e in history.entries(model)]
    assert ids == [f"2026010{i}T000000Z" for i in range(3, 8)]
    assert _content(model) == b"m7"


def test_rollback_restores_the_newest_older_model_atomically(tmp_path):
    model = tmp_path / "hoaxcheck.model"
    _fake_model(model, "2026-01-01T00:00:00+00:00", b"A")
    _replace(model, "2026-01-02T00:00:00+00:00", b"B")
    _replace(model, "2026-01-03T00:00:00+00:00", b"C")
    assert history.rollback(model).id == "20260102T000000Z"
    assert _content(model) == b"B"
    assert store.load(model)  # every member checks out
    assert [e.id for e in history.entries(model)] == ["20260101T000000Z", "20260102T000000Z", "20260103T000000Z"]
    assert history.rollback(model).id == "20260101T000000Z"  # back again, never forward
    assert _content(model) == b"A"
    with pytest.raises(ModelError, match="no older model"):
        history.rollback(model)
    assert history.rollback(model, "20260103T000000Z").id == "20260103T000000Z"  # an ID goes anywhere
    assert _content(model) == b"C"
    assert not list(tmp_path.glob(".*"))


def test_rollback_refuses_a_corrupt_entry(tmp_path):
    model = tmp_path / "hoaxcheck.model"
    _fake_model(model, "2026-01-01T00:00:00+00:00", b"A")
    _replace(model, "2026-01-02T00:00:00+00:00", b"B")
    entry = tmp_path / "history" / "20260101T000000Z" / "hoaxcheck.model"
    data = bytearray(entry.read_bytes())
    data[data.index(b'"thresholds"') + 2] ^= 0x01  # a byte of model.json, whose sha256 the card holds
    entry.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="damaged"):
        history.rollback(model)
    assert _content(model) == b"B"


def test_guarded_train_archives_then_model_list_rollback_info(trained):
    project = trained
    model = str(project / "m" / "hoaxcheck.model")
    first_sha = _sha(project)
    (project / "corpus" / "verified.csv").open("a", encoding="utf-8").write(
        "v-pasar,Pemerintah Kabupaten Contoh merenovasi pasar tradisional di pusat kota.,Diskominfo,2024-01-01,,,daerah,,\n"
    )
    result = _train(project, "--guard", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "regression: 2 file(s) checked, 0 failure(s)" in result.output  # the seeds README is not checked
    assert "n 18 -> 19 (+1)" in result.stdout  # the diff against the current card
    assert [store.sha256_file(e.path) for e in history.entries(Path(model))] == [first_sha]
    assert _sha(project) != first_sha
    listing = runner.invoke(app, ["model", "list", "--model", model])
    assert listing.exit_code == 0
    lines = listing.stdout.splitlines()
    assert lines[0].startswith("* current") and "verified 9" in lines[0]
    assert len(lines) == 2 and "verified 8" in lines[1] and "macro_f1" in lines[1]
    rolled = runner.invoke(app, ["model", "rollback", "--model", model, "--lang", "en"])
    assert rolled.exit_code == 0 and "restored" in rolled.stdout, rolled.output
    assert _sha(project) == first_sha
    info = runner.invoke(app, ["model", "info", "--model", model])
    assert json.loads(info.stdout)["members"] == store.read_card(Path(model))["members"]
    missing = runner.invoke(app, ["model", "rollback", "nope", "--model", model])
    assert missing.exit_code == 2 and "no history entry 'nope'" in missing.stderr


@pytest.mark.parametrize(
    "card_text, message", [(b"{not json", "model card unreadable"), (b"[1]", "not a hoaxcheck card"), (None, "missing")]
)
def test_model_list_reports_a_bad_card_instead_of_no_model(tmp_path, card_text, message):
    import zipfile

    model = tmp_path / "hoaxcheck.model"
    with zipfile.ZipFile(model, "w") as zf:
        if card_text is not None:
            zf.writestr("card.json", card_text)
        zf.writestr("model.json", b"{}")
    r = runner.invoke(app, ["model", "list", "--model", str(model)])
    assert r.exit_code == 2 and isinstance(r.exception, SystemExit)
    assert r.stderr.startswith(f"hoaxcheck: {model}: ") and message in r.stderr and r.stderr.count("\n") == 1
    assert "no model at" not in r.output


def test_model_list_without_a_model_says_so(tmp_path):
    r = runner.invoke(app, ["model", "list", "--model", str(tmp_path / "hoaxcheck.model")])
    assert r.exit_code == 0 and f"no model at {tmp_path / 'hoaxcheck.model'}" in r.stdout
