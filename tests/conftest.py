"""Shared fixtures: a model trained once per session on the small fixture corpus."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CORPUS = ROOT / "tests" / "fixtures" / "corpus"
SHARED_BENCH = ROOT.parent / "shared" / "bench"


@pytest.fixture(scope="session")
def fixture_model_path(tmp_path_factory) -> Path:
    """A model trained on tests/fixtures/corpus, written to a temporary folder."""
    from hoaxcheck.corpus import load as corpus
    from hoaxcheck.model import train as model

    path = tmp_path_factory.mktemp("model") / "hoaxcheck.joblib"
    trained, _ = model.train(corpus.load(FIXTURE_CORPUS))
    model.save(trained, path)
    return path


@pytest.fixture(scope="session")
def fixture_scorer(fixture_model_path):
    """A Scorer over the fixture model."""
    from hoaxcheck.model import train as model
    from hoaxcheck.engine.scorer import Scorer

    return Scorer(model.load(fixture_model_path)[0])


@pytest.fixture(scope="session")
def shipped_scorer():
    """A Scorer over the shipped model in models/."""
    from hoaxcheck.model import train as model
    from hoaxcheck.engine.scorer import Scorer

    return Scorer(model.load(ROOT / "models" / "hoaxcheck.joblib")[0])
