"""The model file is data: round trips, tampering, truncation, malicious members, and no scikit-learn to score."""

import hashlib
import io
import json
import pickle
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from hoaxcheck.cli import app
from hoaxcheck.errors import ModelError
from hoaxcheck.model import store

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
TEXTS = [
    "Vaksin covid mengandung microchip pelacak, sebarkan!",
    "Bupati membuka pameran UMKM di alun-alun.",
    "Pendaftaran CPNS dipungut biaya Rp5 juta, transfer sekarang",
]


def _score(model: Path, text: str = TEXTS[0]):
    return runner.invoke(app, ["score", "--model", str(model), "--text", text, "--format", "json"])


def _one_line(r, needle: str) -> None:
    assert r.exit_code == 2 and isinstance(r.exception, SystemExit), r.output
    assert r.stderr.count("\n") == 1 and needle in r.stderr, r.stderr


class Payload:
    """A pickle whose loading would create a marker file: proof that nothing was unpickled if it is absent."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def _rebuild(src: Path, dst: Path, replace: dict[str, bytes]) -> None:
    """Copy a model, replacing members, with a card whose sha256 values are recomputed: a careful forgery."""
    with zipfile.ZipFile(src) as zf:
        members = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    members.update(replace)
    card = json.loads(members.pop("card.json"))
    card["members"] = {k: hashlib.sha256(v).hexdigest() for k, v in members.items()}
    with zipfile.ZipFile(dst, "w") as zf:
        zf.writestr("card.json", json.dumps(card))
        for k, v in members.items():
            zf.writestr(k, v)


def test_round_trip_gives_the_same_answers(fixture_model_path):
    from hoaxcheck.corpus import load as corpus
    from hoaxcheck.engine.scorer import Scorer
    from hoaxcheck.model import train

    fresh, _ = train.train(corpus.load(ROOT / "tests" / "fixtures" / "corpus"))
    loaded = store.load(fixture_model_path)
    a, b = Scorer(fresh).score_texts(TEXTS), Scorer(loaded).score_texts(TEXTS)
    assert [c.to_dict() for c in a] == [c.to_dict() for c in b]
    assert not loaded.index.verified_matrix.data.flags.writeable  # mapped from the file, not copied


def test_tampered_member_is_refused(fixture_model_path, tmp_path):
    bad = tmp_path / "m.model"
    data = bytearray(fixture_model_path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad.write_bytes(bytes(data))
    _one_line(_score(bad), "does not match the card")


def test_truncated_and_garbage_files_are_refused(fixture_model_path, tmp_path):
    cut = tmp_path / "cut.model"
    cut.write_bytes(fixture_model_path.read_bytes()[:5000])
    _one_line(_score(cut), "not a hoaxcheck model file")
    junk = tmp_path / "junk.model"
    junk.write_bytes(b"this is not a model at all")
    _one_line(_score(junk), "not a hoaxcheck model file")
    empty = tmp_path / "empty.model"
    empty.write_bytes(b"")
    _one_line(_score(empty), "not a hoaxcheck model file")
    _one_line(_score(tmp_path / "none.model"), "model file not found")
    _one_line(_score(tmp_path), "not a model file")


def test_object_array_with_a_recomputed_card_is_refused_and_never_runs(fixture_model_path, tmp_path):
    marker = tmp_path / "payload-ran"
    buf = io.BytesIO()
    np.save(buf, np.array([Payload(marker)], dtype=object), allow_pickle=True)
    forged = tmp_path / "forged.model"
    _rebuild(fixture_model_path, forged, {"clf.coef.npy": buf.getvalue()})
    _one_line(_score(forged), "not a plain array")
    assert not marker.exists()


def test_a_pickle_model_is_refused_with_the_upgrade_command_and_never_runs(tmp_path):
    marker = tmp_path / "payload-ran"
    old = tmp_path / "hoaxcheck.joblib"
    old.write_bytes(pickle.dumps(Payload(marker)))
    (tmp_path / "hoaxcheck.card.json").write_text(json.dumps({"sha256": store.sha256_file(old)}))
    _one_line(_score(old), "hoaxcheck model upgrade")
    assert not marker.exists()


def test_wrong_shapes_in_model_json_are_one_line(fixture_model_path, tmp_path):
    for spec in (b"[]", b'{"format": 2}', b'{"classifier": 3, "index": null, "thresholds": {}}', b"{" * 100):
        forged = tmp_path / "shape.model"
        _rebuild(fixture_model_path, forged, {"model.json": spec})
        _one_line(_score(forged), "model.json")


def test_card_of_another_format_is_refused(fixture_model_path, tmp_path):
    with zipfile.ZipFile(fixture_model_path) as zf:
        card = json.loads(zf.read("card.json"))
    card["format"] = 99
    forged = tmp_path / "f.model"
    _rebuild(fixture_model_path, forged, {})
    with zipfile.ZipFile(forged) as zf:
        members = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    members["card.json"] = json.dumps(card).encode()
    with zipfile.ZipFile(forged, "w") as zf:
        for k, v in members.items():
            zf.writestr(k, v)
    with pytest.raises(ModelError, match="format 99"):
        store.load(forged)


def test_parity_check_refuses_an_export_that_differs():
    from hoaxcheck.corpus import load as corpus
    from hoaxcheck.model import train

    c = corpus.load(ROOT / "tests" / "fixtures" / "corpus")
    retriever = train.build_retriever()
    texts = [r["text"] for r in c.verified + c.hoaxes]
    retriever.fit(texts)
    exported = train.export_features(retriever)
    train.check_parity(retriever, exported, texts)  # the faithful export passes
    exported.parts[1].idf = exported.parts[1].idf * (1 + 1e-12)  # one ulp-sized change in one block
    with pytest.raises(train.ParityError, match="features differ"):
        train.check_parity(retriever, exported, texts)


def test_parity_check_refuses_probabilities_that_differ(monkeypatch, tmp_path):
    from hoaxcheck.corpus import load as corpus
    from hoaxcheck.model import train

    original = train.export_classifier

    def skewed(pipeline):
        clf = original(pipeline)
        clf.intercept = clf.intercept + 1e-6
        return clf

    monkeypatch.setattr(train, "export_classifier", skewed)
    with pytest.raises(train.ParityError, match="probabilities differ"):
        train.train(corpus.load(ROOT / "tests" / "fixtures" / "corpus"))


def test_score_never_imports_scikit_learn(fixture_model_path):
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom hoaxcheck.cli import app\n"
        f"r = CliRunner().invoke(app, ['score', '--model', {str(fixture_model_path)!r}, '--text', "
        "'Vaksin covid mengandung microchip pelacak'])\n"
        "print(r.exit_code, sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'pandas', 'joblib')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split(None, 1)
    assert out[0] == "1" and out[1].strip() == "[]"


def test_upgrade_converts_a_trusted_pickle_model(tmp_path):
    """An old-format model (a pickle of fitted pipelines) converts once, with the same answers."""
    import joblib

    from hoaxcheck.corpus import load as corpus
    from hoaxcheck.engine.scorer import Scorer
    from hoaxcheck.model import train

    c = corpus.load(ROOT / "tests" / "fixtures" / "corpus")
    new, _ = train.train(c)
    pipeline = train.build_classifier(3)
    texts = [r["text"] for r in c.hoaxes + c.verified + c.labeled]
    pipeline.fit(texts, [1] * len(c.hoaxes) + [0] * len(c.verified) + [int(r["label"] == "hoax") for r in c.labeled])
    retriever = train.build_retriever()
    matrix = retriever.fit_transform([r["text"] for r in c.verified + c.hoaxes]).tocsr()
    legacy = {
        "format": 1,
        "classifier": pipeline,
        "retriever": retriever,
        "verified_matrix": matrix[: len(c.verified)],
        "hoax_matrix": matrix[len(c.verified) :],
        "verified": [corpus.public(r) for r in c.verified],
        "hoaxes": [corpus.public(r) for r in c.hoaxes],
        "answers": new.index.answers,
        "thresholds": new.thresholds,
    }
    old = tmp_path / "hoaxcheck.joblib"
    joblib.dump(legacy, old)
    card = {"sha256": store.sha256_file(old), "trained_at": "2026-01-01T00:00:00+00:00", "probes": []}
    (tmp_path / "hoaxcheck.card.json").write_text(json.dumps(card))
    r = runner.invoke(app, ["model", "upgrade", str(old)])
    assert r.exit_code == 0, r.output
    assert "unpickling" in r.stderr and (tmp_path / "hoaxcheck.model").is_file()
    converted = Scorer(store.load(tmp_path / "hoaxcheck.model")).score_texts(TEXTS)
    direct = pipeline.predict_proba(TEXTS)[:, 1].round(4).tolist()
    assert [c.hoax_probability for c in converted] == direct
    old.write_bytes(old.read_bytes() + b"x")  # an altered pickle is not even unpickled
    _one_line(runner.invoke(app, ["model", "upgrade", str(old)]), "does not match its card")
