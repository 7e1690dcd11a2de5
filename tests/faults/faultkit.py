"""Shared pieces of the fault suite: the fixture project, one-line error checks, leftovers, dead pids."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_CORPUS = ROOT / "tests" / "fixtures" / "corpus"
RELEASE = (
    "---\nsource: Diskominfo Kabupaten Contoh\ndate: 2024-03-01\ntitle: Rilis Uji\n---\n"
    "Pemerintah Kabupaten Contoh membuka pelatihan pemasaran digital bagi 120 pelaku UMKM di aula kantor bupati.\n"
    "Perbaikan jembatan gantung Desa Sukamaju dijadwalkan selesai sebelum musim hujan tahun ini.\n"
)
# One false-rated and one true-rated ClaimReview: an import that feeds hoaxes.csv and verified.csv together.
CLAIMREVIEW = """[
 {"@type": "ClaimReview", "claimReviewed": "Beredar pesan bahwa jembatan layang Kota Contoh runtuh pagi ini dan menelan korban.",
  "reviewRating": {"alternateName": "Salah"}, "url": "https://cekfakta.example/jembatan", "datePublished": "2024-03-02",
  "author": {"name": "Cek Fakta Contoh"}},
 {"@type": "ClaimReview", "claimReviewed": "Pemerintah Kota Contoh membuka pendaftaran beasiswa pelajar berprestasi hingga akhir Maret.",
  "reviewRating": {"alternateName": "Benar"}, "url": "https://cekfakta.example/beasiswa", "datePublished": "2024-03-03",
  "author": {"name": "Cek Fakta Contoh"}, "itemReviewed": {"author": {"name": "Pemkot Contoh"}}}
]"""


def corpus_copy(folder: Path) -> Path:
    shutil.copytree(FIXTURE_CORPUS, folder)
    return folder


def one_line_error(result, *words: str) -> str:
    """A CliRunner result that is a usage error: exit 2, one stderr line naming `words`, no traceback."""
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    # Progress lines ("[  0.0s] reading corpus ...", from train) may come first; one error line, nothing else.
    lines = [line for line in result.stderr.strip().splitlines() if not re.match(r"\[ *\d+\.\ds\] ", line)]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("hoaxcheck: "), lines
    assert "Traceback" not in result.stderr + result.stdout
    for w in words:
        assert w in lines[0], (w, lines[0])
    return lines[0]


def dead_pid() -> int:
    """The id of a process that has finished (and been reaped)."""
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def leftovers(*folders: Path) -> list[Path]:
    """Temporary files, staging folders and journals left in folders (and their history/, labeled/)."""
    found = []
    for folder in folders:
        for where in (folder, folder / "history", folder / "labeled"):
            if where.is_dir():
                found += [where / n for n in os.listdir(where) if n.endswith(".tmp") or n == ".hoaxcheck-journal.json"]
    return found


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every regular file under folder (lock files aside) and its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".hoaxcheck.lock"
    }
