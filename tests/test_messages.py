"""The message catalogue: every user-facing table has both languages, with the same keys and placeholders."""

import re

import pytest

from hoaxcheck.engine.records import VERDICTS
from hoaxcheck.report import messages

TABLES = {
    name: value
    for name, value in vars(messages).items()
    if name.isupper() and isinstance(value, dict) and set(value) == {"id", "en"}
}


def test_the_catalogue_is_found():
    assert {"VERDICT_LABELS", "TEXT", "VERDICT_HELP", "HTML", "INGEST", "TRAIN", "EVALUATE"} <= set(TABLES)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_key_has_both_languages_with_the_same_placeholders(name):
    table = TABLES[name]
    assert set(table["id"]) == set(table["en"]), name

    def flat(d, prefix=""):
        for k, v in d.items():
            if isinstance(v, dict):
                yield from flat(v, f"{prefix}{k}.")
            else:
                yield f"{prefix}{k}", v

    ids, ens = dict(flat(table["id"])), dict(flat(table["en"]))
    assert set(ids) == set(ens), name
    for key in ids:
        assert ids[key].strip() and ens[key].strip(), (name, key)
        assert sorted(re.findall(r"\{(\w*)", ids[key])) == sorted(re.findall(r"\{(\w*)", ens[key])), (name, key)


def test_every_verdict_has_a_label_and_help_in_both_languages():
    for lang in ("id", "en"):
        assert set(VERDICTS) <= set(messages.VERDICT_LABELS[lang])
        assert set(VERDICTS) <= set(messages.VERDICT_HELP[lang])
