"""A full disk (RLIMIT_FSIZE in the child, SIGXFSZ ignored so a write fails with EFBIG instead of killing
it): `batch -o`, `score -o` and `add` say so in one line, exit 2, and leave the previous files unchanged."""

import os
import re
import signal
import subprocess
import sys

import pytest
from faultkit import RELEASE, corpus_copy, leftovers

resource = pytest.importorskip("resource")


def _limited(limit: int):
    def preexec() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


def _run(args, limit, cwd):
    return subprocess.run(
        [sys.executable, "-m", "hoaxcheck", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        preexec_fn=_limited(limit),
        env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"),
    )


def _one_error_line(done) -> str:
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if not re.match(r"\[ *\d+\.\ds\] ", line)]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("hoaxcheck: ")
    return lines[0]


@pytest.mark.slow
@pytest.mark.parametrize("command", ["batch", "score", "add"])
def test_full_disk_is_one_line_and_keeps_the_old_files(tmp_path, fixture_model_path, command):
    data = corpus_copy(tmp_path / "data")
    (tmp_path / "r.md").write_text(RELEASE, encoding="utf-8")
    (tmp_path / "in.csv").write_text(
        "id,text\n"
        + "".join(
            f"{i},Pemerintah Kabupaten Contoh membuka pelatihan pemasaran digital bagi {i} pelaku UMKM.\n" for i in range(40)
        ),
        encoding="utf-8",
    )
    old_output = b"previous report\n"
    (tmp_path / "out.csv").write_bytes(old_output)
    (tmp_path / "out.json").write_bytes(old_output)
    corpus_before = (data / "verified.csv").read_bytes()
    args, limit = {
        "batch": (("batch", "in.csv", "-o", "out.csv", "--model", fixture_model_path), 512),
        "score": (("score", "r.md", "--format", "json", "-o", "out.json", "--model", fixture_model_path), 512),
        # Room for a copy of the old corpus but not for the new rows after it.
        "add": (("add", "r.md", "--data", data), len(corpus_before) + 16),
    }[command]
    line = _one_error_line(_run(args, limit, tmp_path))
    assert "cannot write" in line, line
    assert (tmp_path / "out.csv").read_bytes() == old_output
    assert (tmp_path / "out.json").read_bytes() == old_output
    assert (data / "verified.csv").read_bytes() == corpus_before
    assert leftovers(tmp_path, data) == []
