"""`hoaxcheck evaluate`: hand-computed metrics on a fixture CSV, and `train` on every corpus layout."""

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_CORPUS, SHARED_BENCH
from typer.testing import CliRunner

from hoaxcheck.app import evaluate as evaluation
from hoaxcheck.cli import app

LABELLED = Path(__file__).parent / "fixtures" / "batch" / "labelled.csv"
runner = CliRunner()


def _evaluate(model: Path, *args: str):
    return runner.invoke(app, ["evaluate", *args, "--model", str(model)])


def test_hand_computed_confusion_matrix(fixture_model_path):
    # e1, e2 hoax and flagged (tp); e3, e4, e7 valid and not flagged (tn);
    # e5 is a known hoax's text labelled valid (fp); e6 is ordinary prose labelled hoax (fn).
    r = _evaluate(fixture_model_path, str(LABELLED), "--format", "json")
    assert r.exit_code == 0, r.stderr
    got = json.loads(r.stdout)
    assert got["confusion"] == {"tp": 2, "fp": 1, "fn": 1, "tn": 3}
    assert (got["n"], got["accuracy"], got["precision"], got["recall"], got["f1"], got["fpr"]) == (
        7,
        round(5 / 7, 4),
        round(2 / 3, 4),
        round(2 / 3, 4),
        round(2 / 3, 4),
        0.25,
    )
    assert got["macro_f1"] == round((2 / 3 + 6 / 8) / 2, 4)
    assert 0.0 <= got["roc_auc"] <= 1.0
    assert got["by_source"]["pesan"] == {
        "n": 3,
        "flagged_rate": round(2 / 3, 4),
        "hoax": 3,
        "valid": 0,
        "accuracy": round(2 / 3, 4),
        "recall": round(2 / 3, 4),
        "fpr": None,
    }
    assert got["by_source"]["rilis"]["flagged_rate"] == 0.25 and got["by_source"]["rilis"]["fpr"] == 0.25
    assert set(got) >= {
        "n",
        "accuracy",
        "precision",
        "recall",
        "f1",
        "macro_f1",
        "roc_auc",
        "fpr",
        "confusion",
        "by_source",
    }


@pytest.mark.parametrize(
    "y, flagged, proba, expected",
    [
        (
            [1, 1, 0, 0],
            [True, False, True, False],
            [0.9, 0.2, 0.8, 0.1],
            {"accuracy": 0.5, "precision": 0.5, "recall": 0.5, "fpr": 0.5, "roc_auc": 0.75, "macro_f1": 0.5},
        ),
        (
            [0, 0, 0],
            [False, True, False],
            [0.1, 0.9, 0.2],
            {"accuracy": round(2 / 3, 4), "recall": None, "fpr": round(1 / 3, 4), "roc_auc": None, "macro_f1": None},
        ),
        ([1, 0], [True, False], [None, None], {"accuracy": 1.0, "roc_auc": None}),  # a retrieval-only model
        # nothing flagged: precision is undefined (null), as README says; recall and f1 are 0
        (
            [1, 0],
            [False, False],
            [0.2, 0.1],
            {"precision": None, "recall": 0.0, "f1": 0.0, "fpr": 0.0, "macro_f1": round(1 / 3, 4), "roc_auc": 1.0},
        ),
        ([0, 0], [False, False], [0.2, 0.1], {"precision": None, "recall": None, "f1": None, "fpr": 0.0}),
    ],
)
def test_metrics_table(y, flagged, proba, expected):
    got = evaluation.metrics(y, flagged, proba)
    assert {k: got[k] for k in expected} == expected


def test_split_counts_a_row_with_one_flagged_claim_as_hoax(fixture_model_path, tmp_path):
    src = tmp_path / "docs.csv"
    src.write_text(
        "text,label\n"
        '"Pemungutan suara Pemilu serentak 2024 digelar pada Rabu 14 Februari 2024. BMKG: gempa besar '
        'magnitudo 9 akan mengguncang Jawa malam ini jam 2, segera mengungsi.",hoax\n'
        '"Pemungutan suara Pemilu serentak 2024 digelar pada Rabu 14 Februari 2024. Pendaftaran seleksi '
        'CPNS dilakukan melalui portal resmi SSCASN dan tidak dipungut biaya.",valid\n',
        encoding="utf-8",
    )
    got = json.loads(_evaluate(fixture_model_path, str(src), "--split", "--format", "json").stdout)
    assert got["confusion"] == {"tp": 1, "fp": 0, "fn": 0, "tn": 1} and got["by_source"] == {}


def test_bad_label_is_reported_and_skipped(fixture_model_path, tmp_path):
    src = tmp_path / "bad.csv"
    src.write_text(
        LABELLED.read_text(encoding="utf-8") + "e8,Teks dengan label yang tidak dikenal sama sekali.,mungkin,x\n",
        encoding="utf-8",
    )
    r = _evaluate(fixture_model_path, str(src), "--format", "json")
    assert f"{src}, row 9: label must be 'hoax' or 'valid'" in r.stderr
    got = json.loads(r.stdout)
    assert got["n"] == 7 and got["errors"] == 1 and r.exit_code == 2


def test_text_report_and_missing_label_column(fixture_model_path, tmp_path):
    r = _evaluate(fixture_model_path, str(LABELLED), "--lang", "en")
    assert "false-positive rate (valid)" in r.stdout and "tp 2  fp 1  fn 1  tn 3" in r.stdout
    src = tmp_path / "nolabel.csv"
    src.write_text("text\nSebuah teks tanpa kolom label sama sekali.\n", encoding="utf-8")
    r = _evaluate(fixture_model_path, str(src))
    assert r.exit_code == 2 and "missing column(s) label" in r.stderr


@pytest.mark.parametrize(
    "keep, verdict",
    [
        (["labeled"], "unverified"),  # classifier only: nothing to cite
        (["verified.csv"], "supported"),  # retrieval only, verified side
        (["hoaxes.csv"], "known_hoax"),  # retrieval only, hoax side
    ],
)
def test_train_works_on_every_corpus_layout(tmp_path, keep, verdict):
    data = tmp_path / "data"
    data.mkdir()
    for name in keep:
        src = FIXTURE_CORPUS / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, data / name)
    model = tmp_path / "m.model"
    r = runner.invoke(app, ["train", "--data", str(data), "--model", str(model)])
    assert r.exit_code == 0 and model.is_file(), r.stderr
    text = {
        "supported": "Pemungutan suara Pemilu serentak 2024 digelar pada Rabu 14 Februari 2024.",
        "known_hoax": "BMKG: gempa besar magnitudo 9 akan mengguncang Jawa malam ini jam 2, segera mengungsi",
        "unverified": "Bupati meresmikan jembatan gantung baru di Desa Sukamaju pada Selasa pagi.",
    }[verdict]
    r = runner.invoke(app, ["score", "--text", text, "--format", "json", "--model", str(model)])
    assert json.loads(r.stdout)["files"][0]["claims"][0]["verdict"] == verdict


@pytest.mark.skipif(not (SHARED_BENCH / "tweets_2020.csv").is_file(), reason="../shared/bench is absent")
def test_real_labelled_file_evaluates(fixture_model_path):
    r = _evaluate(fixture_model_path, str(SHARED_BENCH / "tweets_2020.csv"), "--format", "json")
    got = json.loads(r.stdout)
    assert got["n"] == 300 and got["errors"] == 0 and sum(got["confusion"].values()) == 300
