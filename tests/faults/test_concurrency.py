"""Concurrent writers: two `add` runs at once lose nothing and duplicate nothing (the folder lock)."""

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RELEASES = [
    (
        "Pemerintah Kabupaten Contoh membuka pelatihan pemasaran digital bagi {m} pelaku UMKM di aula kantor bupati.\n"
        "Pelatihan berlangsung tiga hari dan diikuti perwakilan setiap kecamatan.\n"
    ),
    (
        "Dinas Pekerjaan Umum Kabupaten Contoh mulai memperbaiki jalan poros desa sepanjang {m} meter di Kecamatan Timur.\n"
        "Perbaikan jembatan gantung Desa Sukamaju dijadwalkan selesai sebelum musim hujan.\n"
    ),
]
FRONT = "---\nsource: Diskominfo Kabupaten Contoh\ndate: 2024-03-0{n}\ntitle: Rilis {n}\n---\n"


def _add(release: Path, data: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "hoaxcheck", "add", str(release), "--data", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _ids(data: Path) -> list[str]:
    with open(data / "verified.csv", encoding="utf-8", newline="") as fh:
        return [r["id"] for r in csv.DictReader(fh)]


@pytest.mark.slow
@pytest.mark.parametrize("trial", range(3))
def test_overlapping_adds_keep_every_row_once(tmp_path, trial):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "corpus", data)
    before = _ids(data)
    releases = []
    for n in (1, 2):
        path = tmp_path / f"r{n}.md"
        path.write_text(FRONT.format(n=n) + RELEASES[n - 1].format(m=100 * n + trial), encoding="utf-8")
        releases.append(path)
    # Two different releases at once, and the same release twice at once.
    procs = [_add(releases[0], data), _add(releases[1], data), _add(releases[0], data)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    after = _ids(data)
    assert after[: len(before)] == before
    added = after[len(before) :]
    assert len(added) == 4 and len(set(added)) == 4, added  # two statements per release, none twice
