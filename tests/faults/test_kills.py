"""SIGKILL at random points (fixed seed) of `add`, `train` and `model rollback`, and, with strace, at each
rename of `train`: afterwards the corpus file is the old one or the complete new one, the model loads and is
the old or the new one, every history entry loads, and the next command leaves no temporary files."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from faultkit import RELEASE, corpus_copy, leftovers

from hoaxcheck.corpus import load as corpus_lib
from hoaxcheck.model import history, store

SEED = 20240301
ENV = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")  # no .pyc renames: strace's rename count is the code's
# (command, trials, latest kill in seconds): the delays cover start-up, the reading, the training and the writes.
CAMPAIGN = [("add", 4, 1.6), ("train", 4, 3.0), ("rollback", 4, 0.8)]
TRIALS = [(cmd, i, random.Random(f"{SEED}-{cmd}-{i}").uniform(0.15, latest)) for cmd, n, latest in CAMPAIGN for i in range(n)]


def hoaxcheck(*args) -> list[str]:
    return [sys.executable, "-m", "hoaxcheck", *map(str, args)]


@pytest.fixture(scope="module")
def template(tmp_path_factory, fixture_model_path):
    """A project: the fixture corpus, a release to add, the fixture model with an older model in its history,
    and the corpus file as a completed `add` leaves it."""
    root = tmp_path_factory.mktemp("kills")
    corpus_copy(root / "data")
    (root / "r.md").write_text(RELEASE, encoding="utf-8")
    model = root / "m" / "hoaxcheck.model"
    model.parent.mkdir()
    older = store.load(fixture_model_path)
    older.card = dict(older.card, trained_at="2024-01-01T00:00:00+00:00")
    store.save(older, model)
    history.archive(model)
    shutil.copyfile(fixture_model_path, root / "m" / "new.tmp")
    os.replace(root / "m" / "new.tmp", model)
    ref = root.parent / "kills-ref"
    shutil.copytree(root, ref)
    done = subprocess.run(hoaxcheck("add", ref / "r.md", "--data", ref / "data"), capture_output=True, env=ENV)
    assert done.returncode == 0, done.stderr
    return root, (ref / "data" / "verified.csv").read_bytes()


def _project(template, tmp_path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(template[0], root)
    return root


def _command(cmd: str, root: Path) -> list[str]:
    model = root / "m" / "hoaxcheck.model"
    return {
        "add": hoaxcheck("add", root / "r.md", "--data", root / "data"),
        "train": hoaxcheck("train", "--data", root / "data", "--model", model),
        "rollback": hoaxcheck("model", "rollback", "--model", model),
    }[cmd]


def _check(root: Path, before: dict, completed_corpus: bytes) -> None:
    """The invariant after a kill."""
    corpus = (root / "data" / "verified.csv").read_bytes()
    assert corpus in (before["corpus"], completed_corpus)
    rows = corpus_lib.parse_csv(corpus.decode("utf-8"), "verified.csv", corpus_lib.VERIFIED_COLUMNS)
    old = corpus_lib.parse_csv(before["corpus"].decode("utf-8"), "verified.csv", corpus_lib.VERIFIED_COLUMNS)
    assert [r["id"] for r in rows[: len(old)]] == [r["id"] for r in old]
    model = root / "m" / "hoaxcheck.model"
    card = store.load(model).card  # loads, every member checked
    if store.sha256_file(model) not in before["models"]:  # else a new model, trained on this corpus
        assert card["trained_at"] > before["trained_at"] and card["data_hash"] == corpus_lib.load(root / "data").data_hash()
    for e in history.entries(model):
        store.load(e.path)


def _before(root: Path) -> dict:
    model = root / "m" / "hoaxcheck.model"
    models = {store.sha256_file(model)} | {store.sha256_file(e.path) for e in history.entries(model)}
    return {
        "corpus": (root / "data" / "verified.csv").read_bytes(),
        "models": models,
        "trained_at": store.read_card(model)["trained_at"],
    }


def _next_command(cmd: str, root: Path) -> None:
    """Run the next writer of the folder the killed command wrote: it cleans what the kill left."""
    follow = _command("add" if cmd == "add" else "rollback", root)
    done = subprocess.run(follow, capture_output=True, text=True, env=ENV, timeout=120)
    assert done.returncode in (0, 2), done.stderr  # a rollback may find no older model: it still cleans first
    assert "Traceback" not in done.stderr
    assert leftovers(root / "data", root / "m") == []


@pytest.mark.slow
@pytest.mark.parametrize("cmd, trial, delay", TRIALS, ids=[f"{c}-{i}-{d:.2f}s" for c, i, d in TRIALS])
def test_kill_at_a_random_point(template, tmp_path, cmd, trial, delay):
    root = _project(template, tmp_path)
    before = _before(root)
    proc = subprocess.Popen(_command(cmd, root), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()  # reaped: its pid is no longer running
    _check(root, before, template[1])
    _next_command(cmd, root)
    _check(root, before, template[1])


# train renames three times (the candidate's temporary file, the history entry, the install): N >= 4 runs through.
RENAMES = [("train", n) for n in range(1, 7)] + [("add", 1), ("add", 2)]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
@pytest.mark.parametrize("cmd, n", RENAMES)
def test_killed_at_each_rename(template, tmp_path, cmd, n):
    root = _project(template, tmp_path)
    before = _before(root)
    inject = [
        "strace",
        "-f",
        "-o",
        os.devnull,
        "-e",
        "trace=rename,renameat,renameat2",
        "-e",
        f"inject=rename,renameat,renameat2:signal=SIGKILL:when={n}",
    ]
    done = subprocess.run(inject + _command(cmd, root), capture_output=True, text=True, env=ENV, timeout=120)
    if "ptrace" in done.stderr.lower() and "operation not permitted" in done.stderr.lower():
        pytest.skip("strace cannot trace here (ptrace not permitted)")
    _check(root, before, template[1])
    _next_command(cmd, root)
    _check(root, before, template[1])
