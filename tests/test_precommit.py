"""The pre-commit hook, end to end: `pre-commit try-repo` installs hoaxcheck from git and checks two drafts."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOAX = "Dalam kesempatan itu disampaikan pula bahwa vaksin COVID-19 mengandung microchip untuk melacak warga.\n"
CLEAN = "Sekda M. Dianto membuka pertemuan Bakohumas tingkat Provinsi Jambi Tahun 2019 di ruang pola kantor Gubernur Jambi.\n"

pytestmark = pytest.mark.slow


def git(*args, cwd):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """A clone of this repository's HEAD that ships a model (the fixture model when none is committed yet)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True).returncode != 0:
        pytest.skip("not a git checkout")
    repo = tmp_path_factory.mktemp("hoaxcheck-src")
    git("clone", "-q", str(ROOT), str(repo), cwd=repo.parent)
    if not (repo / "models" / "hoaxcheck.model").is_file():
        from hoaxcheck.corpus import load as corpus
        from hoaxcheck.model import store, train

        trained, _ = train.train(corpus.load(ROOT / "tests" / "fixtures" / "corpus"))
        store.save(trained, repo / "models" / "hoaxcheck.model")
        git("add", "-f", "models/hoaxcheck.model", cwd=repo)
        git("commit", "-q", "-m", "test: ship the fixture model", cwd=repo)
    return repo


def try_repo(hook_repo, drafts, home, *args):
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    env.pop("PRE_COMMIT", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "hoaxcheck", *args],
        cwd=drafts,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )


def test_hook_fails_on_the_hoax_draft_only(hook_repo, tmp_path):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    git("init", "-q", cwd=drafts)
    (drafts / "bersih.md").write_text(CLEAN, encoding="utf-8")
    (drafts / "hoaks.md").write_text(HOAX, encoding="utf-8")
    (drafts / "gambar.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")  # not a draft: the hook must not get it
    git("add", ".", cwd=drafts)
    home = tmp_path / "pre-commit-home"

    r = try_repo(hook_repo, drafts, home, "--all-files")
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert "hoaks.md" in out and "HOAKS DIKENAL" in out and "bersih.md" in out
    assert "gambar.png" not in out

    r = try_repo(hook_repo, drafts, home, "--files", "bersih.md")
    assert r.returncode == 0, r.stdout + r.stderr
