"""`hoaxcheck corpus check`: summary, duplicates, conflicts, and the shipped corpus passing."""

from pathlib import Path

from typer.testing import CliRunner

from hoaxcheck.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def test_shipped_corpus_is_clean():
    r = runner.invoke(app, ["corpus", "check", "--data", str(ROOT / "data")])
    assert r.exit_code == 0, r.stdout[-3000:]
    assert "no problems" in r.stdout and "topics:" in r.stdout


def test_problems_are_reported_with_rows(tmp_path):
    (tmp_path / "verified.csv").write_text(
        "id,text,source,date,topic\n"
        "v1,Vaksin COVID-19 tidak mengandung microchip atau alat pelacak apa pun.,BPOM,2021-01-11,kesehatan\n"
        "v2,Vaksin COVID-19 tidak mengandung microchip atau alat pelacak apa pun!,BPOM,,kesehatan\n"
        "v3,Vaksin COVID-19 mengandung microchip atau alat pelacak apa pun.,Tim,,kesehatan\n"
        "v4,Pemilu serentak 2024 digelar pada 14 Februari 2024.,KPU,14-02-2024,pemilu\n",
        encoding="utf-8",
    )
    (tmp_path / "hoaxes.csv").write_text(
        "id,text,verdict,topic\n"
        "h1,Vaksin COVID-19 mengandung microchip atau alat pelacak apa pun.,HOAKS,kesehatan\n"
        "h2,Vaksin COVID-19 tidak mengandung microchip atau alat pelacak apa pun.,HOAKS,cuaca\n",
        encoding="utf-8",
    )
    r = runner.invoke(app, ["corpus", "check", "--data", str(tmp_path)])
    assert r.exit_code == 1
    out = r.stdout
    assert "verified.csv, row 3: same text as row 2" in out or "verified.csv, row 3: near-duplicate" in out
    assert "verified.csv, row 4: near-duplicate" not in out  # opposite polarity is not a duplicate
    assert "verified.csv, row 5: date '14-02-2024'" in out
    assert "hoaxes.csv, row 2: conflict" in out and "verified.csv row 4" in out
    assert "hoaxes.csv, row 3: conflict" in out  # a hoax worded like a verified denial is a conflict too
    assert "unknown topic 'cuaca'" in out
    assert "dates: 2021-01-11 .. 2021-01-11" in out


def test_the_shipped_corpus_meets_the_provenance_bar():
    """Issue 13: >= 1,000 known hoaxes, >= 800 verified statements, >= 90% with url and date, every hoax corrected."""
    from hoaxcheck.corpus import check
    from hoaxcheck.corpus import load as corpus_load

    root = Path(__file__).resolve().parent.parent / "data"
    c = corpus_load.load(root)
    sourced, total = check.provenance(c)["total"]
    assert len(c.hoaxes) >= 1000 and len(c.verified) >= 800
    assert sourced / total >= 0.9, f"{sourced}/{total} rows with url and date"
    assert all(r["clarification"] for r in c.hoaxes)
    lines, problems = check.report(str(root))
    assert not problems, problems[:5]
    assert any(line.startswith("  with url and date:") for line in lines)
