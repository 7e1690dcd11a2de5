"""What killed runs leave behind is cleaned or completed by the next writer: stale temporary files and
history staging folders of dead processes, and the journal of a two-file ClaimReview import."""

import csv
import json
import os
import subprocess
import sys
import textwrap

import pytest
from faultkit import CLAIMREVIEW, RELEASE, corpus_copy, dead_pid, leftovers
from typer.testing import CliRunner

from hoaxcheck.cli import app
from hoaxcheck.corpus import ingest
from hoaxcheck.corpus import load as corpus_lib
from hoaxcheck.errors import CorpusError
from hoaxcheck.io import recovery
from hoaxcheck.model import history, store

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def _stale(folder, pid):
    """The temporary files a run with `pid` leaves when killed mid-train, mid-rollback or mid-archive."""
    made = [
        folder / f".candidate-{pid}.tmp",
        folder / f".rollback-{pid}.tmp",
        folder / f".hoaxcheck.model.{pid}.tmp",
        folder / f"..candidate-{pid}.tmp.{pid}.tmp",
    ]
    for p in made:
        p.write_bytes(b"half a model")
    staging = folder / "history" / f".20240101T000000Z.{pid}.tmp"
    staging.mkdir(parents=True)
    (staging / "hoaxcheck.model").write_bytes(b"half a copy")
    return made + [staging]


def test_clean_leftovers_removes_dead_runs_files_and_keeps_live_ones(tmp_path):
    dead = dead_pid()
    stale = _stale(tmp_path, dead)
    live = [tmp_path / f".candidate-{os.getpid()}.tmp", tmp_path / f".verified.csv.{os.getppid()}.tmp"]
    for p in live:
        p.write_bytes(b"in progress")
    keep = [tmp_path / "hoaxcheck.model", tmp_path / ".hoaxcheck.lock", tmp_path / "notes.tmp", tmp_path / ".x.tmp"]
    for p in keep:
        p.write_bytes(b"mine")
    removed = store.clean_leftovers(tmp_path)
    assert sorted(removed) == sorted(stale)
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in live + keep)


@pytest.mark.parametrize("action", ["install", "rollback", "archive"])
def test_history_writers_clean_leftovers(tmp_path, fixture_model_path, action):
    model = tmp_path / "hoaxcheck.model"
    older = store.load(fixture_model_path)
    older.card = dict(older.card, trained_at="2024-01-01T00:00:00+00:00")
    store.save(older, model)
    history.archive(model)  # history: the older model
    (tmp_path / "new.model").write_bytes(fixture_model_path.read_bytes())
    os.replace(tmp_path / "new.model", model)  # current: the fixture model (replaced: the entry is a hard link)
    stale = _stale(tmp_path, dead_pid())
    if action == "install":
        candidate = tmp_path / f".candidate-{os.getpid()}.tmp"
        candidate.write_bytes(fixture_model_path.read_bytes())
        history.install(candidate, model)
    elif action == "rollback":
        assert history.rollback(model).card["trained_at"].startswith("2024")
    else:
        history.archive(model)
    assert not any(p.exists() for p in stale)
    assert leftovers(tmp_path) == []
    for e in history.entries(model):
        store.load(e.path)


def test_append_rows_cleans_the_corpus_folders_leftovers(tmp_path):
    data = corpus_copy(tmp_path / "data")
    pid = dead_pid()
    stale = [
        data / f".verified.csv.{pid}.tmp",
        data / f".hoaxes.csv.{pid}.tmp",
        data / "labeled" / f".imported.csv.{pid}.tmp",
    ]
    for p in stale:
        p.write_bytes(b"id,text\nhalf")
    (tmp_path / "r.md").write_text(RELEASE, encoding="utf-8")
    r = run("add", tmp_path / "r.md", "--data", data)
    assert r.exit_code == 0, r.stderr
    assert leftovers(data) == []


# ---------------------------------------------------------------- the journal of a two-file import


def _ids(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return [row["id"] for row in csv.DictReader(fh)]


# The child imports CLAIMREVIEW (hoaxes.csv and verified.csv) and SIGKILLs itself at its n-th os.replace:
# 1 is the journal's own rename, 2 the first corpus file, 3 the second.
_CHILD = textwrap.dedent("""
    import os, signal, sys
    n, calls, real = int(sys.argv[3]), [0], os.replace

    def replace(src, dst, *a, **k):
        calls[0] += 1
        if calls[0] == n:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(src, dst, *a, **k)

    os.replace = replace
    from hoaxcheck.app import ingest as app_ingest
    from hoaxcheck.corpus import ingest
    from hoaxcheck.io.lock import folder_lock

    # What `import` does once app/ingest.py:apply writes through append_many (one call for every plan).
    by_kind, _ = ingest.import_rows(sys.argv[1], None)
    with folder_lock(sys.argv[2]):
        corpus = ingest.load_corpus(sys.argv[2])
        plans = [app_ingest.plan(sys.argv[2], k, rows, corpus=corpus) for k, rows in sorted(by_kind.items())]
        ingest.append_many([(p.path, ingest.KINDS[p.kind][1], p.rows_to_write()) for p in plans])
""")


def _killed_import(tmp_path, data, n):
    cr = tmp_path / "cr.json"
    cr.write_text(CLAIMREVIEW, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-c", _CHILD, str(cr), str(data), str(n)],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
    )


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The corpus after an uninterrupted import of CLAIMREVIEW."""
    tmp = tmp_path_factory.mktemp("ref")
    data = corpus_copy(tmp / "data")
    done = _killed_import(tmp, data, 0)
    assert done.returncode == 0, done.stderr
    return {name: (data / name).read_bytes() for name in ("verified.csv", "hoaxes.csv")}


@pytest.mark.slow
@pytest.mark.parametrize(
    "n, next_command",
    [
        (1, "corpus check"),
        (2, "corpus check"),
        (3, "corpus check"),
        (1, "import"),
        (3, "import"),
        (2, "add"),
        (3, "add"),
        (3, "train"),
    ],
)
def test_import_killed_between_renames_is_completed_by_the_next_command(tmp_path, reference, n, next_command):
    data = corpus_copy(tmp_path / "data")
    before = {name: (data / name).read_bytes() for name in ("verified.csv", "hoaxes.csv")}
    killed = _killed_import(tmp_path, data, n)
    assert killed.returncode == -9, (killed.returncode, killed.stderr)
    state = {name: (data / name).read_bytes() for name in before}
    journal = data / recovery.JOURNAL
    if n == 1:  # killed before the journal existed: nothing changed
        assert state == before and not journal.exists()
    else:  # the journal lists both renames; n == 3 has done the first one
        assert json.loads(journal.read_text())["renames"]
        assert sum(state[k] == reference[k] for k in state) == n - 2
    (tmp_path / "r.md").write_text(RELEASE, encoding="utf-8")
    args = {
        "corpus check": ("corpus", "check", "--data", data),
        "import": ("import", tmp_path / "cr.json", "--data", data),
        "add": ("add", tmp_path / "r.md", "--data", data),
        "train": ("train", "--data", data, "--model", tmp_path / "m" / "hoaxcheck.model"),
    }[next_command]
    r = run(*args)
    assert r.exit_code in (0, 1), (r.exit_code, r.stderr)
    after = {name: (data / name).read_bytes() for name in before}
    expected = before if n == 1 and next_command != "import" else reference  # a new import writes its rows
    assert after["hoaxes.csv"] == expected["hoaxes.csv"]
    if next_command == "add":  # add appended its own rows after the completed import
        assert after["verified.csv"].startswith(expected["verified.csv"])
    else:
        assert after["verified.csv"] == expected["verified.csv"]
    assert not journal.exists()
    if next_command in ("add", "import"):  # writers also remove the killed run's temporary files
        assert leftovers(data) == []


def test_append_many_writes_nothing_when_one_file_is_refused(tmp_path):
    data = corpus_copy(tmp_path / "data")
    (data / "hoaxes.csv").write_bytes("id,text\n".encode("utf-16"))
    before = (data / "verified.csv").read_bytes(), (data / "hoaxes.csv").read_bytes()
    row = {"id": "n1", "text": "Pemerintah Kota Contoh membuka pendaftaran beasiswa pelajar berprestasi."}
    with pytest.raises(CorpusError, match="UTF-16"):
        ingest.append_many(
            [
                (data / "verified.csv", corpus_lib.VERIFIED_COLUMNS, [row]),
                (data / "hoaxes.csv", corpus_lib.HOAX_COLUMNS, [dict(row, id="n2")]),
            ]
        )
    assert ((data / "verified.csv").read_bytes(), (data / "hoaxes.csv").read_bytes()) == before
    assert leftovers(data) == []


def test_append_many_appends_to_both_files(tmp_path):
    data = corpus_copy(tmp_path / "data")
    old_v, old_h = _ids(data / "verified.csv"), _ids(data / "hoaxes.csv")
    row = {"id": "n1", "text": "Pemerintah Kota Contoh membuka pendaftaran beasiswa pelajar berprestasi."}
    ingest.append_many(
        [
            (data / "verified.csv", corpus_lib.VERIFIED_COLUMNS, [row]),
            (data / "hoaxes.csv", corpus_lib.HOAX_COLUMNS, [dict(row, id="n2")]),
        ]
    )
    assert _ids(data / "verified.csv") == old_v + ["n1"] and _ids(data / "hoaxes.csv") == old_h + ["n2"]
    assert leftovers(data) == []


def test_a_journal_of_a_live_writer_is_left_alone_and_a_planted_one_stays_inside(tmp_path):
    (tmp_path / "a.tmp").write_text("new")
    (tmp_path / "a").write_text("old")
    journal = tmp_path / recovery.JOURNAL
    journal.write_text(json.dumps({"pid": os.getppid(), "renames": [["a.tmp", "a"]]}))
    assert recovery.recover(tmp_path) is False and (tmp_path / "a").read_text() == "old"
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    journal.write_text(json.dumps({"pid": dead_pid(), "renames": [["a.tmp", f"../{outside.name}"], ["a.tmp", "a"]]}))
    assert recovery.recover(tmp_path) is True
    assert not outside.exists() and (tmp_path / "a").read_text() == "new" and not journal.exists()
    journal.write_text("{not json")
    assert recovery.recover(tmp_path) is True and not journal.exists()
