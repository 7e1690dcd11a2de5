"""Shared fixtures: a model trained once per session on the small fixture corpus."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CORPUS = ROOT / "tests" / "fixtures" / "corpus"
SHARED_BENCH = ROOT.parent / "shared" / "bench"
SHIPPED_MODEL = ROOT / "models" / "hoaxcheck.model"


@pytest.fixture(scope="session")
def fixture_model_path(tmp_path_factory) -> Path:
    """A model trained on tests/fixtures/corpus, written to a temporary folder."""
    from hoaxcheck.corpus import load as corpus
    from hoaxcheck.model import store, train

    path = tmp_path_factory.mktemp("model") / "hoaxcheck.model"
    trained, _ = train.train(corpus.load(FIXTURE_CORPUS))
    store.save(trained, path)
    return path


@pytest.fixture(scope="session")
def fixture_scorer(fixture_model_path):
    """A Scorer over the fixture model."""
    from hoaxcheck.engine.scorer import Scorer
    from hoaxcheck.model import store

    return Scorer(store.load(fixture_model_path))


@pytest.fixture(scope="session")
def shipped_scorer():
    """A Scorer over the shipped model in models/."""
    from hoaxcheck.engine.scorer import Scorer
    from hoaxcheck.model import store

    return Scorer(store.load(SHIPPED_MODEL))
