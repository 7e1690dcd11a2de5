"""`hoaxcheck batch --scheduler`: a Dask cluster gives, row for row, the output of local batch, even when a
worker dies mid-run. Skipped when dask/distributed are not installed (pip install -e '.[cluster]')."""

import contextlib
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
# Two clusters in one run: the second scheduler's HTTP server takes another port, harmlessly.
pytestmark = pytest.mark.filterwarnings("ignore:Port 8787 is already in use")

from hoaxcheck.app import batch, cluster  # noqa: E402
from hoaxcheck.errors import ConfigError  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "batch"
# (file, text column, id column) of every batch fixture
INPUTS = [(FIXTURES / "messages.csv", "pesan", "no"), (FIXTURES / "labelled.csv", "text", "id")]
TIMEOUT = 60  # seconds: a hang fails the test instead of blocking CI


def _local(path: Path, scorer, text_column: str, id_column: str, chunk_rows: int, split: bool = False) -> list[dict]:
    with open(path, "rb") as fh:
        chunks = batch.read_chunks(fh, str(path), text_column, id_column, chunk_rows=chunk_rows)
        return [r for rows in chunks for r in batch.score_rows(scorer, rows, split)]


def _on_cluster(
    path: Path, client, model_path, text_column: str, id_column: str, chunk_rows: int, split: bool = False, **kw
) -> list[dict]:
    with open(path, "rb") as fh:
        chunks = batch.read_chunks(fh, str(path), text_column, id_column, chunk_rows=chunk_rows)
        scored = cluster.score_chunks(chunks, client, str(model_path), None, split, score=batch.score_rows, timeout=TIMEOUT, **kw)
        return [r for _, records in scored for r in records]


@contextlib.contextmanager
def local_cluster():
    """A LocalCluster of 2 worker processes (1 thread each) and a client on it, both closed afterwards."""
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, timeout=TIMEOUT
        ) as lc,
        distributed.Client(lc, timeout=TIMEOUT) as c,
    ):
        c.wait_for_workers(2, timeout=TIMEOUT)
        yield c


@pytest.fixture(scope="module")
def client():
    with local_cluster() as c:
        yield c


@pytest.mark.parametrize("split", [False, True])
@pytest.mark.parametrize("path,text_column,id_column", INPUTS, ids=lambda v: getattr(v, "name", v))
def test_cluster_gives_local_output_row_for_row(client, fixture_model_path, fixture_scorer, path, text_column, id_column, split):
    want = _local(path, fixture_scorer, text_column, id_column, chunk_rows=2, split=split)
    got = _on_cluster(path, client, fixture_model_path, text_column, id_column, chunk_rows=2, split=split, wave_chunks=2)
    assert got == want
    assert len(got) == sum(1 for line in path.read_text(encoding="utf-8").splitlines()[1:] if line.strip())


def test_workers_load_the_model_once_each(client, fixture_model_path):
    _on_cluster(INPUTS[0][0], client, fixture_model_path, "pesan", "no", chunk_rows=1)
    cached = client.run(lambda: len(cluster._SCORERS))
    assert set(cached.values()) <= {0, 1}  # at most one model per worker, whatever the number of tasks


def test_missing_model_on_a_worker_is_refused_early(client, tmp_path):
    with pytest.raises(ConfigError, match="not at this path on worker"):
        cluster.check_workers(client, str(tmp_path / "nowhere.model"), timeout=TIMEOUT)


def test_bad_scheduler_is_a_config_error():
    with pytest.raises(ConfigError, match="--scheduler"):
        cluster.check_scheduler("somehost:8786")
    assert cluster.check_scheduler("tcp://10.0.0.5:8786") == "tcp://10.0.0.5:8786"


def test_a_killed_worker_loses_no_row(fixture_model_path, fixture_scorer, tmp_path):
    src = tmp_path / "many.csv"
    lines = (FIXTURES / "messages.csv").read_text(encoding="utf-8").splitlines()
    body = [line.replace("m", f"r{k}-m", 1) for k in range(12) for line in lines[1:]]
    src.write_text("\n".join([lines[0], *body]) + "\n", encoding="utf-8")
    want = _local(src, fixture_scorer, "pesan", "no", chunk_rows=3)

    def slow_down():  # defined here so that it is pickled by value, not imported by the workers
        import time

        from hoaxcheck.app import cluster as worker_side

        original = worker_side.score_partition

        def slowed(*args):
            time.sleep(0.15)
            return original(*args)

        worker_side.score_partition = slowed

    # A cluster of its own: workers that never ran a task, so the slowed task function is the one they load.
    with local_cluster() as c:
        c.run(slow_down)
        pids = c.run(os.getpid)
        victim = sorted(pids.items())[0][1]
        got, killed = [], threading.Event()
        with open(src, "rb") as fh:
            chunks = batch.read_chunks(fh, str(src), "pesan", "no", chunk_rows=3)
            for _, records in cluster.score_chunks(
                chunks, c, str(fixture_model_path), score=batch.score_rows, timeout=TIMEOUT, wave_chunks=4
            ):
                got.extend(records)
                if not killed.is_set():
                    os.kill(victim, signal.SIGKILL)  # mid-run: the other chunks are queued or running
                    killed.set()
        assert victim not in c.run(os.getpid).values()  # the worker did die (its nanny started a new one)
    assert len(want) == 84 and got == want


def test_cli_scheduler_local_matches_local_batch(fixture_model_path, tmp_path):
    path, text_column, id_column = INPUTS[0]
    outputs = {}
    for name, extra in (("local", []), ("dask", ["--scheduler", "local"])):
        for suffix in (".csv", ".jsonl"):
            out = tmp_path / f"{name}{suffix}"
            cmd = [
                sys.executable,
                "-m",
                "hoaxcheck",
                "batch",
                str(path),
                "--text-column",
                text_column,
                "--id-column",
                id_column,
                "--model",
                str(fixture_model_path),
                "-o",
                str(out),
                *extra,
            ]
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
            assert r.returncode == 2, r.stderr  # the fixture has one bad row: exit code USAGE, as local batch
            assert "row 4: empty text" in r.stderr
            outputs[name, suffix] = out.read_bytes()
    assert outputs["local", ".csv"] == outputs["dask", ".csv"]
    assert outputs["local", ".jsonl"] == outputs["dask", ".jsonl"]


def test_a_bad_scheduler_writes_no_output(fixture_model_path, tmp_path):
    out = tmp_path / "out.csv"
    cmd = [
        sys.executable,
        "-m",
        "hoaxcheck",
        "batch",
        str(INPUTS[1][0]),
        "--model",
        str(fixture_model_path),
        "--scheduler",
        "10.0.0.5:8786",
    ]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and r.stdout == "" and "--scheduler must be" in r.stderr
    r = subprocess.run([*cmd, "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and not out.exists()


# ---------------------------------------------------------------- sharded corpus (--shards)


@pytest.fixture(scope="module")
def sharded_input(tmp_path_factory, shipped_scorer):
    """A copy of the shipped model and a CSV of its denials (whose hoaxes sit in later shards) and paraphrases."""
    import csv

    folder = tmp_path_factory.mktemp("sharded")
    model = folder / "hoaxcheck.model"
    model.write_bytes((Path(__file__).resolve().parent.parent / "models" / "hoaxcheck.model").read_bytes())
    index = shipped_scorer.model.index
    data = Path(__file__).parent / "data"
    texts = [v.text for v in index.verified if v.id in index.answers][:60]
    texts += [r["text"] for r in csv.DictReader(open(data / "paraphrases_a.csv", encoding="utf-8"))][:40]
    src = folder / "in.csv"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "text"])
        w.writerows([f"r{i}", t] for i, t in enumerate(texts + ["", "Informasi mengenai vaksin berisi microchip adalah hoaks."]))
    return model, src


def _sharded_records(client, model, src, shards: int, **kw) -> list[dict]:
    from hoaxcheck.app import shards as sharded
    from hoaxcheck.model import shards as shard_files

    scorer = sharded.sharded_scorer(client, shard_files.prepare(model, shards), timeout=TIMEOUT, **kw)
    with open(src, "rb") as fh:
        chunks = batch.read_chunks(fh, str(src), chunk_rows=25)
        return [r for _, records in sharded.score_chunks(chunks, scorer, False, score=batch.score_rows) for r in records]


@pytest.mark.parametrize("shards", [1, 3])
def test_sharded_cluster_gives_local_output_row_for_row(client, sharded_input, shipped_scorer, shards):
    from hoaxcheck.app import shards as sharded

    model, src = sharded_input
    want = _local(src, shipped_scorer, "text", "id", chunk_rows=25)
    assert _sharded_records(client, model, src, shards) == want
    assert sum(r["verdict"] == "refutes_hoax" for r in want) > 10  # denials: their answered hoaxes are cited
    # Each worker holds only the shards placed on it (shard K on worker K mod 2).
    held = client.run(lambda: sorted(k[0] for k in sharded._SHARDS if f".shards-{shards}" in k[0]))
    names = [sorted(Path(p).name for p in paths) for _, paths in sorted(held.items())]
    expected = [[f"shard-{k}.model" for k in range(shards) if k % 2 == w] for w in range(2)]
    assert names == expected


def test_sharded_cluster_survives_a_dead_shard_holder(sharded_input, shipped_scorer):
    """The tasks of a dead worker's shards run on the other worker (loose restrictions): same records."""
    model, src = sharded_input
    want = _local(src, shipped_scorer, "text", "id", chunk_rows=25)
    with local_cluster() as c:
        from hoaxcheck.app import shards as sharded
        from hoaxcheck.model import shards as shard_files

        scorer = sharded.sharded_scorer(c, shard_files.prepare(model, 2), timeout=TIMEOUT)
        victim = sorted(c.run(os.getpid).items())[0][1]
        os.kill(victim, signal.SIGKILL)
        with open(src, "rb") as fh:
            chunks = batch.read_chunks(fh, str(src), chunk_rows=25)
            got = [r for _, records in sharded.score_chunks(chunks, scorer, False, score=batch.score_rows) for r in records]
    assert got == want


def test_cli_shards_match_local_batch(sharded_input, tmp_path):
    model, src = sharded_input
    outputs = {}
    for name, extra in (("local", []), ("sharded", ["--scheduler", "local", "--shards", "2"])):
        out = tmp_path / f"{name}.csv"
        cmd = [sys.executable, "-m", "hoaxcheck", "batch", str(src), "--model", str(model), "-o", str(out), *extra]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        assert r.returncode == 2 and "empty text" in r.stderr, r.stderr  # one empty row, as local batch
        outputs[name] = out.read_bytes()
    assert outputs["local"] == outputs["sharded"]
    r = subprocess.run([*cmd[:-4], "--shards", "2"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "--shards needs --scheduler" in r.stderr
